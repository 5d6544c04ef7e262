"""The build cache: per-page work from earlier builds, content-addressed, in one SQLite file.

Every entry is found by a key that hashes *everything* its value was computed from: the page's
own input and a fingerprint of whatever else can change the result (configuration, theme,
navigation, the pages it links to or lists). A changed input is a different key, so an entry is
never invalidated, only not found; entries no build used in the last run are pruned at its end.

The file as a whole is tied to the code that wrote it (``code_fingerprint``: the generator's and
the theme's sources, the versions of the packages that shape output). Another version, a file
SQLite cannot read, or an entry that does not decode, and the whole file is discarded: the build
goes on as a cold one. Deleting the file is always safe.

Forked processes (Markdown helpers, the search index) open their own connection on first use.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

import orjson
import zstandard

log = logging.getLogger("mkdocs.plugins.helpcenter")

# 2: which build last used an entry is kept apart from it (``generations``); values in zstd, not zlib
# (a third of zlib's time to unpack 350 MB of entries after a one-page edit at 5,000 pages)
FORMAT = 2
# Distributions whose version changes what a page becomes (Markdown, templates, indexes).
PACKAGES = ("kb-helpcenter", "mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Pygments",
            "whoosh-reloaded", "jieba", "PyYAML", "Jinja2", "MarkupSafe")
_GENERATOR_DIR = Path(__file__).resolve().parents[1]


def digest(*parts: object) -> str:
    """A stable hash of JSON-able parts (the cache's keys and fingerprints)."""
    try:
        text = orjson.dumps(parts, default=str, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS
                            | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS)
    except TypeError:  # an int beyond 64 bits or nesting past orjson's limits: the standard library's
        text = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")
    return hashlib.blake2b(text, digest_size=20).hexdigest()


def file_signature(path: Path | str) -> list[int] | None:
    """A site file's inode, size and change time (of a link, the link's own), or None when it cannot
    be read: a file whose three are as a build noted them was not written since (writing sets the
    change time, and no program can set it back), so it still holds what that build wrote. Reading
    and hashing every page's or document's file instead was most of a rebuild that changed few."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return [st.st_ino, st.st_size, st.st_ctime_ns]


def tree_digest(*dirs: Path | str) -> str:
    """The content (not the mtimes: a fresh CI checkout has new ones) of every file under ``dirs``."""
    h = hashlib.blake2b(digest_size=20)
    for root in dirs:
        root = Path(root)
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
            h.update(hashlib.blake2b(path.read_bytes(), digest_size=20).digest())
    return h.hexdigest()


def default_path(site_dir: Path | str) -> Path:
    """Beside the site: ``<parent>/.kb-cache/<site folder name>.sqlite`` (one CI cache path for every site)."""
    site_dir = Path(site_dir).resolve()
    return site_dir.parent / ".kb-cache" / f"{site_dir.name}.sqlite"


def code_fingerprint(extra: str = "") -> str:
    """What the cache file is tied to: the generator's source, package versions, ``extra`` (theme)."""
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return digest(FORMAT, sys.version_info[:2], versions, tree_digest(_GENERATOR_DIR), extra)


class BuildCache:
    """``get``/``put`` JSON-able values by key; ``close`` prunes what this build did not use."""

    def __init__(self, path: Path | str, fingerprint: str) -> None:
        self.path = Path(path)
        self.fingerprint = fingerprint
        self.generation = 0
        self.hits = self.misses = 0
        self._conn: sqlite3.Connection | None = None
        self._pid = 0
        self._used: list[str] = []
        self._pending: list[tuple[str, bytes]] = []
        self.distrusted = False
        # One (de)compression context for every entry: a new one per entry (the standard library's
        # zstd module has no other way) was 40 % of the time to read 5,000 entries back.
        self._unpack = zstandard.ZstdDecompressor().decompress
        self._pack = zstandard.ZstdCompressor(level=1).compress

    # -- opening ----------------------------------------------------------------------------------
    def open(self) -> BuildCache:
        """Open (or create) the file; discard it whole if it cannot be trusted. Starts a generation."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        existed = self.path.exists()
        try:
            conn = self._connect()
            row = dict(conn.execute("SELECT name, value FROM meta").fetchall())
            if row.get("format") != str(FORMAT) or row.get("fingerprint") != self.fingerprint:
                raise _Untrusted("written by another version" if row else "empty")
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise _Untrusted("corrupt")
            self.generation = int(row["generation"]) + 1
        except (sqlite3.DatabaseError, _Untrusted, KeyError, ValueError) as exc:
            if existed:
                log.info("build cache %s: starting afresh (%s)", self.path, exc)
            self._discard()
            conn = self._connect()
            self._create(conn)
            self.generation = 1
        conn.execute("UPDATE meta SET value = ? WHERE name = 'generation'", (str(self.generation),))
        return self

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=60, isolation_level=None)  # transactions are explicit
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        self._conn, self._pid = conn, os.getpid()
        return conn

    def _create(self, conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        conn.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB)")
        # Apart from the values: marking 20,000 entries used rewrote every row with its value (90 MB of
        # write-ahead log at 5,000 pages, 0.4 s of a one-page rebuild); this narrow table takes 1 MB.
        conn.execute("CREATE TABLE IF NOT EXISTS generations (key TEXT PRIMARY KEY, gen INTEGER) WITHOUT ROWID")
        conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                         [("format", str(FORMAT)), ("fingerprint", self.fingerprint), ("generation", "0"),
                          ("created", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))])

    def _discard(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        for suffix in ("", "-wal", "-shm"):
            try:
                Path(str(self.path) + suffix).unlink(missing_ok=True)
            except OSError:  # a directory in its place: opening it again reports that
                pass

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None or self._pid != os.getpid():  # a forked process: a connection of its own
            self._used, self._pending = [], []
            return self._connect()
        return self._conn

    # -- entries ----------------------------------------------------------------------------------
    def get(self, key: str) -> Any:
        """The value stored under ``key``, or None."""
        return self._read(key, orjson.loads)

    def put(self, key: str, value: Any) -> None:
        """Store ``value`` (JSON: an int beyond 64 bits or a NaN would not read back equal; the callers
        that hold a reader's values, stored_pages, refuse those before they get here)."""
        try:
            data = orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
                                | orjson.OPT_PASSTHROUGH_DATACLASS)
        except TypeError as exc:  # not JSON: worked out again next build
            log.debug("build cache: %s not stored (%s)", key, exc)
            return
        self._write(key, data)

    def keep(self, keys: Iterable[str]) -> None:
        """Mark entries as used by this build without reading them: they stay for the next build."""
        if self.distrusted:
            return
        self.conn  # noqa: B018 - in a forked process, starts its own connection and lists
        self._used.extend(keys)

    # A page's HTML is most of the file: kept as UTF-8, not as a JSON string to unescape on every read.
    # Its keys are apart from JSON entries', so neither kind is ever read as the other.
    def get_text(self, key: str) -> str | None:
        text: str | None = self._read("text:" + key, lambda data: data.decode("utf-8"))
        return text

    def put_text(self, key: str, text: str) -> None:
        self._write("text:" + key, text.encode("utf-8"))

    def keep_text(self, key: str) -> None:
        """``keep`` for the entry ``put_text`` stored under ``key``."""
        self.keep(("text:" + key,))

    def _read(self, key: str, decode: Callable[[bytes], Any]) -> Any:
        if self.distrusted:
            return None
        try:
            row = self.conn.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            self._give_up(exc)
            return None
        if row is None:
            self.misses += 1
            return None
        try:
            value = decode(self._unpack(row[0]))
        except (zstandard.ZstdError, ValueError, TypeError) as exc:  # orjson's and UTF-8's errors are ValueErrors
            self._give_up(f"an entry does not decode ({exc})")
            return None
        self.hits += 1
        self._used.append(key)
        return value

    def _write(self, key: str, data: bytes) -> None:
        self.conn  # noqa: B018 - in a forked process, starts its own connection and lists
        self._pending.append((key, self._pack(data)))
        if len(self._pending) >= 500:
            self.flush()

    def flush(self) -> None:
        """Write pending entries and mark the ones read as used by this generation."""
        if self.distrusted or not (self._pending or self._used):
            return
        try:
            conn = self.conn
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", self._pending)
            conn.executemany("INSERT OR REPLACE INTO generations VALUES (?, ?)",
                             [(k, self.generation) for k in (*(k for k, _ in self._pending), *self._used)])
            conn.execute("COMMIT")
        except sqlite3.Error as exc:  # a full disk, a file another process broke: the build goes on without
            self._give_up(exc)
        self._pending, self._used = [], []

    def _give_up(self, why: object) -> None:
        if not self.distrusted:
            log.warning("build cache %s: %s; this build goes on without it and discards it", self.path, why)
        self.distrusted = True

    def close(self, prune: bool = False) -> None:
        """Flush; with ``prune`` (the end of a whole build) drop what this build did not use."""
        if self._conn is None:
            return
        if self._pid != os.getpid():  # a forked process that never used it: the connection is its parent's
            self._conn = None
            return
        if self.distrusted:
            self._discard()
            return
        self.flush()
        if prune and self._pid == os.getpid():
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("DELETE FROM entries WHERE key IN (SELECT key FROM generations WHERE gen < ?)", (self.generation,))
            conn.execute("DELETE FROM generations WHERE gen < ?", (self.generation,))
            conn.execute("COMMIT")
        self._conn.close()
        self._conn = None


class _Untrusted(Exception):
    pass
