"""Contributions back into git: write approved submissions into the content folder (no MkDocs)."""

from .export import Exported, ExportError, SubmissionFile, new_article_path, write

__all__ = ["Exported", "ExportError", "SubmissionFile", "new_article_path", "write"]
