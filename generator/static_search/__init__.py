"""Static (serverless) search for statically hosted help centers: a chunked Pagefind index."""

from .pagefind import IndexedPage, PagefindBuild, PagefindError, build_pagefind, pagefind_executable

__all__ = ["IndexedPage", "PagefindBuild", "PagefindError", "build_pagefind", "pagefind_executable"]
