"""Server-side search: whoosh index build with atomic swap, queries, related articles. No MkDocs."""

from .build import BuildResult, build_index
from .related import related, related_map
from .searcher import NoIndexError, Searcher

__all__ = ["BuildResult", "NoIndexError", "Searcher", "build_index", "related", "related_map"]
