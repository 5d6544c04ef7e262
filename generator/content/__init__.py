"""Content model, loading and validation — plain Python, no MkDocs imports."""

from .diagnostics import Diagnostic, Diagnostics
from .loader import load
from .model import CONTENT_TYPES, Category, ContentSet, Page, Tag, Taxonomy

__all__ = ["CONTENT_TYPES", "Category", "ContentSet", "Diagnostic", "Diagnostics", "Page", "Tag", "Taxonomy", "load"]
