"""Stable page ids. Feedback and submissions are keyed on them, so a moved file keeps its history."""

from __future__ import annotations

import re
import secrets

PREFIXES = {"article": "kb", "runbook": "rb", "incident": "inc", "release": "rel", "page": "pg"}
_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/1/i/l/o: ids get read aloud and typed
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._/\-]{1,199}$")


def new_id(content_type: str) -> str:
    suffix = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"{PREFIXES[content_type]}-{suffix}"


def id_from_path(src_path: str) -> str:
    """Content without ids (written for another tool) gets one from its path, lowercased and slugged."""
    stem = re.sub(r"\.(md|markdown|mdx)$", "", src_path, flags=re.I)
    if stem.endswith("/index") or stem.endswith("/_index"):
        stem = stem.rsplit("/", 1)[0]
    slug = re.sub(r"[^\w/.\-]+", "-", stem.lower(), flags=re.UNICODE).strip("-/")
    slug = re.sub(r"-{2,}", "-", slug)
    return slug or "index"
