"""Compare two built sites: an incremental `kb build` must equal a cold one (bench/build.py --incremental, tests).

Byte for byte, every file, except what differs between any two cold builds of the same content:

* ``manifest.json``: ``build_id`` and ``generated_at`` (every build has its own);
* ``.search/``: one directory per build id. Compared decoded instead: every stored document (by id,
  all fields), the index's term postings per field, ``meta.json`` minus build id and time, and the
  other files byte for byte. The static index (``static-search/``) is compared byte for byte: the
  same pages give the same files.

    differences(site_a, site_b) -> ["path: what differs", ...]   (empty when equal)
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

VOLATILE_MANIFEST = ("build_id", "generated_at")
VOLATILE_META = ("build_id", "built_at")


def differences(a: Path, b: Path, limit: int = 20) -> list[str]:
    a, b = Path(a), Path(b)
    out: list[str] = []
    files_a, files_b = _files(a), _files(b)
    for rel in sorted(files_a.keys() ^ files_b.keys()):
        out.append(f"{rel}: only in {'the first' if rel in files_a else 'the second'} site")
    for rel in sorted(files_a.keys() & files_b.keys()):
        if files_a[rel] != files_b[rel]:
            out.append(f"{rel}: content differs")
    if (a / "manifest.json").exists() or (b / "manifest.json").exists():
        if _manifest(a) != _manifest(b):
            out.append("manifest.json: differs beyond build id and time")
    for what, fn in (("search index", _search_index),):
        da, db = fn(a), fn(b)
        for key in sorted(set(da) | set(db)):
            if da.get(key) != db.get(key):
                out.append(f"{what}: {key} differs")
    return out[:limit] + ([f"... and {len(out) - limit} more"] if len(out) > limit else [])


def _files(site: Path) -> dict[str, str]:
    """Every file but the volatile ones, by content hash."""
    found = {}
    for p in site.rglob("*"):
        rel = p.relative_to(site).as_posix()
        if not p.is_file() or rel == "manifest.json" or rel.startswith(".search/"):
            continue
        found[rel] = hashlib.blake2b(p.read_bytes(), digest_size=16).hexdigest()
    return found


def _manifest(site: Path) -> dict:
    path = site / "manifest.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    for key in VOLATILE_MANIFEST:
        data.pop(key, None)
    return data


def _search_index(site: Path) -> dict:
    root = site / ".search"
    current = root / "CURRENT"
    if not current.exists():
        return {}
    index_dir = root / current.read_text(encoding="utf-8").strip()
    from whoosh import index as whoosh_index

    out = {}
    meta = json.loads((index_dir / "meta.json").read_text(encoding="utf-8"))
    for key in VOLATILE_META:
        meta.pop(key, None)
    out["meta.json"] = meta
    for p in index_dir.iterdir():
        if p.suffix == ".txt":
            out[p.name] = p.read_bytes()
    ix = whoosh_index.open_dir(str(index_dir))
    with ix.searcher() as s:
        for fields in s.all_stored_fields():
            out[f"document {fields['id']}"] = repr(sorted(fields.items()))
        reader = s.reader()
        for field in ("title", "tags", "headings", "body", "lang", "type", "category", "tag", "id"):
            if field not in ix.schema.names():
                continue
            postings = {}
            for term in reader.lexicon(field):
                m = reader.postings(field, term)
                ids = sorted((s.stored_fields(d)["id"], w) for d, w in zip(m.all_ids(), _weights(reader, field, term)))
                postings[term] = ids
            out[f"postings of {field}"] = hashlib.blake2b(repr(sorted(postings.items())).encode(), digest_size=16).hexdigest()
    return out


def _weights(reader, field: str, term) -> list:
    m = reader.postings(field, term)
    weights = []
    while m.is_active():
        weights.append(m.weight())
        m.next()
    return weights
