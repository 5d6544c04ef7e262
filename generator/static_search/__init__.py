"""Static (serverless) search for statically hosted help centers: a chunked Pagefind index."""

from .pagefind import PagefindError, build_pagefind, pagefind_executable

__all__ = ["PagefindError", "build_pagefind", "pagefind_executable"]
