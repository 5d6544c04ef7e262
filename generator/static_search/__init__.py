"""Static (serverless) search for statically hosted help centers: the sharded index in ``site/static-search/``."""

from .bundle import Document, document, write_index

__all__ = ["Document", "document", "write_index"]
