"""Recording searches and clicks, with queries normalized and scrubbed first.

Clicks are written at once (``log_click`` in the beacon's own transaction). Searches go through a
``SearchLog``: rows wait in memory and are written in batches, one transaction per
second (or per ``MAX_BATCH`` rows) on a thread, so a search costs no commit and no thread hop,
and several workers do not queue for SQLite's write lock once per search. The app's lifespan
shutdown writes what is left (``lifespan.search_lifespan``), so a clean stop loses nothing; a crash or
kill -9 loses at most the last second of search analytics (never votes, feedback or clicks).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
import threading
import time
from itertools import chain

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from feedback_api.bodies import UNSTORABLE
from feedback_api.db_unavailable import is_unavailable
from feedback_api.storage import raw

from .models import SearchClick, SearchQuery

log = logging.getLogger("feedback_api.search")

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_LONG_NUMBER = re.compile(r"\d[\d\s-]{5,}\d")
_SPACE = re.compile(r"\s+")

FLUSH_EVERY = 1.0  # seconds a search row may wait in memory
MAX_BATCH = 500  # rows that are written at once without waiting for the second to pass
MAX_BUFFERED = 50_000  # rows kept while the database refuses them; older ones are dropped
RECENT = 50_000  # the searches ``recent_queries`` counts: the latest, whatever the traffic (a bounded read)


def normalize(query: str) -> str:
    """Lowercase, single spaces, no e-mail addresses or long numbers: groups equal searches and
    keeps personal data a user pasted into the box out of the table."""
    q = _EMAIL.sub("<email>", query or "")
    q = _LONG_NUMBER.sub("<number>", q)
    return _SPACE.sub(" ", q).strip().lower()[:200]


_LENGTHS = {c.name: c.type.length for c in SearchQuery.__table__.columns if getattr(c.type, "length", None)}


def fit(row: dict) -> dict:
    """The row with its text made storable: no NUL or lone surrogate, cut to its column's length.
    The API refuses such values already; this keeps one odd row from ever failing a batch."""
    out = dict(row)
    for name, length in _LENGTHS.items():
        value = out.get(name)
        if isinstance(value, str):
            out[name] = UNSTORABLE.sub("", value)[:length]
    return out


# created_at first: the one value converted to the column's stored form (raw.stored_timestamp).
_COLUMNS = ("created_at", *(c.name for c in SearchQuery.__table__.columns if c.name not in ("id", "created_at")))
# What SQLAlchemy fills in for a key a row leaves out (page=1); the rest default to NULL.
_DEFAULTS = {c.name: c.default.arg for c in SearchQuery.__table__.columns if c.default is not None and c.default.is_scalar}


def prepare(row: dict, sqlite: bool) -> tuple:
    """A search row as ``log_searches`` writes it: its values, made storable (``fit``), in
    ``_COLUMNS`` order, the time converted for the engine (``sqlite`` or not)."""
    row = fit(row)
    when = raw.stored_timestamp(sqlite, row.get("created_at") or dt.datetime.now(dt.UTC))
    return (when, *(row[name] if name in row else _DEFAULTS.get(name) for name in _COLUMNS[1:]))


def log_searches(conn: Connection, rows: list[tuple]) -> None:
    """The rows (``prepare``'s tuples) in multi-row INSERTs straight on the DBAPI cursor,
    ``raw.CHUNK`` rows a statement.

    It runs on a thread beside the busy event loop. One statement a chunk rather than an
    executemany: sqlite3 releases the GIL around every row it steps, and each time this thread
    then waits for the loop to hand the GIL back (up to the 5 ms switch interval) while forcing
    the loop to stop for it; 500 such hand-offs a second stalled searches in flight. One
    statement lets SQLite do the whole chunk with the GIL released, beside the loop. The rows
    come prepared (``SearchLog.add``), so this thread holds the GIL for little more than the
    statement's parameters."""
    # Positional parameters: SQLite looks each named one up in a list, quadratic in a 4,500-parameter statement.
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    row_marks = "(" + ", ".join([mark] * len(_COLUMNS)) + ")"
    for chunk in raw.chunks(rows):
        conn.exec_driver_sql(f"INSERT INTO {SearchQuery.__tablename__} ({', '.join(_COLUMNS)}) VALUES "
                             + ", ".join([row_marks] * len(chunk)), tuple(chain.from_iterable(chunk)))


def recent_queries(conn: Connection, limit: int, window: int = RECENT) -> list[str]:
    """The ``limit`` queries searched most often among the last ``window`` searches logged, most
    first (ties alphabetically): what a worker warms its search caches with (``Searcher.recent``).
    A search is its first page, as the staff search report counts them."""
    t = SearchQuery.__table__
    last = select(t.c.query).where(t.c.page == 1).order_by(t.c.id.desc()).limit(window).subquery()
    n = func.count().label("n")
    rows = conn.execute(select(last.c.query, n).group_by(last.c.query).order_by(n.desc(), last.c.query).limit(limit))
    return [q for q, _ in rows if q]


def log_click(conn: Connection, row: dict) -> None:
    conn.execute(insert(SearchClick), [row])


class SearchLog:
    """Search rows buffered in memory and written in batches (see the module docstring).

    ``add`` runs on the event loop and only appends; ``flush`` writes every buffered row in one
    transaction and may run on any thread (tests call it to see their rows at once)."""

    def __init__(self, db, flush_every: float = FLUSH_EVERY, max_batch: int = MAX_BATCH):
        self.db = db
        self.flush_every = flush_every
        self.max_batch = max_batch
        self._rows: list[tuple] = []  # prepare()'d
        self._lock = threading.Lock()  # guards _rows; held for a list swap, never for the write
        self._write_lock = threading.Lock()  # one batch at a time, so shutdown waits for a batch in flight
        self._oldest = 0.0  # time.monotonic() of the oldest buffered row
        self._timer: asyncio.TimerHandle | None = None
        self._writing: asyncio.Future | None = None

    def add(self, row: dict) -> None:
        row.setdefault("created_at", dt.datetime.now(dt.UTC))  # when searched, not when written
        # Made ready for the INSERT here, a few microseconds of each search, rather than on the
        # writer's thread: there, 500 rows' worth of Python took the GIL from the event loop
        # in slices of up to 5 ms and stalled the searches in flight.
        prepared = prepare(row, self.db.is_sqlite)
        now = time.monotonic()
        with self._lock:
            if not self._rows:
                self._oldest = now
            self._rows.append(prepared)
            pending = len(self._rows)
        loop = asyncio.get_running_loop()
        if pending >= self.max_batch or now - self._oldest >= self.flush_every:
            self._write_soon(loop)
        elif self._timer is None or self._timer.when() < loop.time() - 1.0:
            # (a timer that should long have fired belonged to an event loop that has stopped)
            self._timer = loop.call_later(self.flush_every, self._write_soon, loop)

    def pending(self) -> int:
        with self._lock:
            return len(self._rows)

    def _write_soon(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._writing is not None and not self._writing.done():
            # One batch at a time: look again once the one being written is done.
            self._timer = loop.call_later(self.flush_every, self._write_soon, loop)
            return
        self._writing = loop.run_in_executor(None, self.flush)

    def flush(self) -> int:
        """Write every buffered row now, in one transaction. Returns how many were written."""
        with self._write_lock:
            with self._lock:
                rows, self._rows = self._rows, []
            if not rows:
                return 0
            try:
                self.db.write_sync(log_searches, rows)
                return len(rows)
            except Exception as exc:  # noqa: BLE001 - analytics must never break searching
                if is_unavailable(exc):
                    self._keep(rows, exc)
                    return 0
            # The database refused the batch itself: write the rows one by one, so that a row it
            # refuses is dropped alone instead of blocking every later batch.
            written = 0
            for i, row in enumerate(rows):
                try:
                    self.db.write_sync(log_searches, [row])
                    written += 1
                except Exception as exc:  # noqa: BLE001
                    if is_unavailable(exc):
                        self._keep(rows[i:], exc)
                        break
                    log.warning("dropped a search log row the database refused: %s", str(exc).splitlines()[0][:200])
            return written

    def _keep(self, rows: list[tuple], exc: BaseException) -> None:
        log.warning("could not write %d search log rows (%s); keeping them for the next try", len(rows),
                    str(exc).splitlines()[0][:200])
        with self._lock:
            self._rows[:0] = rows
            del self._rows[:-MAX_BUFFERED]

    async def close(self) -> None:
        """At shutdown: write every row still buffered (after the batch in flight, if any)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        await asyncio.get_running_loop().run_in_executor(None, self.flush)
