"""What search learns from readers: clicks on results and helpful votes on the page reached.

Each signal is one row per (query key, page, visitor, kind) in ``search_signals``: a visitor who
clicks a result a hundred times, or votes again, still counts once; the row keeps the latest time.
The visitor column is HMAC(secret key, query key + visitor token): no raw token is stored, and one
visitor's rows for two queries cannot be linked. Rows older than ``HORIZON_DAYS`` are deleted.

Each worker keeps a snapshot ``{query key: {page id: score factor}}`` (``Learned``), looked at
most every ``REFRESH_SECONDS``, so a search costs a dict lookup and the service needs no rebuild;
page ids survive builds, so a new build keeps what was learned for the pages it still has.
The factors (``generator.search.learned``): decayed weights summed over distinct visitors, nothing
below ``MIN_VISITORS`` visitors, bounded by ``MAX_BOOST``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import time
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from generator.search import learned

from .analytics import normalize
from .models import SearchSignal

signals_t = SearchSignal.__table__
HORIZON_DAYS = 6 * learned.HALF_LIFE_DAYS  # a signal then weighs under 2%: deleted
REFRESH_SECONDS = 60.0
# How long a snapshot of an unchanged table is kept: with a 30-day half-life, an hour moves a
# signal's decayed weight by 0.1%.
REDECAY_SECONDS = 3600.0


def visitor_key(secret: bytes, qkey: str, token: str) -> str:
    return hmac.new(secret, b"search:" + qkey.encode() + b"\0" + token.encode(), hashlib.sha256).hexdigest()


def record(conn: Connection, secret: bytes, query: str, result_id: str, token: str, kind: str, now: dt.datetime | None = None) -> None:
    """Count ``token``'s visitor once for ``result_id`` on ``query`` (``kind``: click or helpful)."""
    qkey = learned.query_key(query)
    if not qkey or not token or kind not in learned.WEIGHTS:
        return
    now = now or dt.datetime.now(dt.UTC)
    values = {"query_key": qkey, "query": normalize(query), "result_id": result_id[:300],
              "visitor": visitor_key(secret, qkey, token), "kind": kind, "at": now}
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(signals_t).values(**values)
    conn.execute(stmt.on_conflict_do_update(index_elements=["query_key", "result_id", "visitor", "kind"],
                                            set_={"at": now, "query": values["query"]}))
    conn.execute(delete(signals_t).where(signals_t.c.at < now - dt.timedelta(days=HORIZON_DAYS)))


def forget(conn: Connection, secret: bytes, query: str, result_id: str, token: str, kind: str) -> None:
    """Take back ``token``'s signal (a helpful vote changed to not helpful)."""
    qkey = learned.query_key(query)
    if qkey and token:
        conn.execute(delete(signals_t).where(signals_t.c.query_key == qkey, signals_t.c.result_id == result_id[:300],
                                             signals_t.c.visitor == visitor_key(secret, qkey, token), signals_t.c.kind == kind))


@dataclass
class PageSignal:
    result_id: str
    visitors: int
    clicks: int
    helpful: int
    weight: float

    @property
    def factor(self) -> float:
        return learned.multiplier(self.weight, self.visitors)


@dataclass
class QuerySignals:
    query_key: str
    query: str  # as last typed
    pages: list[PageSignal] = field(default_factory=list)


def load(conn: Connection, now: dt.datetime | None = None) -> list[QuerySignals]:
    """Every query key's pages with their distinct visitors, counts and decayed weight."""
    now = now or dt.datetime.now(dt.UTC)
    rows = conn.execute(select(signals_t.c.query_key, signals_t.c.query, signals_t.c.result_id, signals_t.c.visitor,
                               signals_t.c.kind, signals_t.c.at)
                        .where(signals_t.c.at >= now - dt.timedelta(days=HORIZON_DAYS))
                        .order_by(signals_t.c.query_key, signals_t.c.at))
    acc: dict[tuple[str, str], dict] = {}
    shown: dict[str, str] = {}
    for qkey, query, result_id, visitor, kind, at in rows:
        shown[qkey] = query  # ordered by time: the latest wording wins
        a = acc.setdefault((qkey, result_id), {"visitors": set(), "click": 0, "helpful": 0, "weight": 0.0})
        a["visitors"].add(visitor)
        a[kind] += 1
        if at.tzinfo is None:  # SQLite returns naive UTC
            at = at.replace(tzinfo=dt.UTC)
        a["weight"] += learned.WEIGHTS[kind] * learned.decay((now - at).total_seconds() / 86400)
    out: dict[str, QuerySignals] = {}
    for (qkey, result_id), a in acc.items():
        q = out.setdefault(qkey, QuerySignals(qkey, shown[qkey]))
        q.pages.append(PageSignal(result_id, len(a["visitors"]), a["click"], a["helpful"], a["weight"]))
    for q in out.values():
        q.pages.sort(key=lambda p: (-p.weight, p.result_id))
    return sorted(out.values(), key=lambda q: (-sum(p.visitors for p in q.pages), q.query_key))


def reset(conn: Connection, qkey: str) -> int:
    """Forget everything learned for one query key; returns the rows deleted."""
    return conn.execute(delete(signals_t).where(signals_t.c.query_key == qkey)).rowcount


def stamp(conn: Connection) -> tuple:
    """Changes whenever a signal is recorded, renewed or deleted: the row count, the newest id and
    the latest time (a renewed signal takes the current time)."""
    return tuple(conn.execute(select(func.count(), func.max(signals_t.c.id), func.max(signals_t.c.at))).one())


class Learned:
    """One worker's snapshot of the factors, looked at every ``every`` seconds at most.

    Looking costs one small aggregate query (``stamp``); the whole table is read again only when
    that changed, or after ``REDECAY_SECONDS`` for the decay. On SQLite reads run on the event
    loop (db.py), and reading every signal is some 40 ms of Python per 7,000 rows: each worker
    stalled every search in flight for that long, once a minute, even with nothing new."""

    def __init__(self, every: float = REFRESH_SECONDS):
        self.every = every
        self.version = 0  # part of the result cache's key: a reload makes cached pages stale
        self._factors: dict[str, dict[str, float]] = {}
        self._loaded = -float("inf")  # when the table was last looked at
        self._read = -float("inf")  # when it was last read whole
        self._stamp: tuple | None = None
        self._busy = False

    def stale(self) -> bool:
        return not self._busy and time.monotonic() - self._loaded >= self.every

    async def refresh(self, db) -> None:
        self._busy = True
        try:
            # Taken before the read: a signal recorded in between changes the next stamp.
            now_stamp = await db.read(stamp)
            if now_stamp == self._stamp and time.monotonic() - self._read < REDECAY_SECONDS:
                self._loaded = time.monotonic()
                return
            queries = await db.read(load)
        finally:
            self._busy = False
        self._loaded = self._read = time.monotonic()
        self._stamp = now_stamp
        factors = {}
        for q in queries:
            lifted = {p.result_id: p.factor for p in q.pages if p.factor > 1.0}
            if lifted:
                factors[q.query_key] = lifted
        if factors != self._factors:
            self._factors = factors
            self.version += 1

    def factors(self, query: str) -> dict[str, float] | None:
        return self._factors.get(learned.query_key(query)) if self._factors else None
