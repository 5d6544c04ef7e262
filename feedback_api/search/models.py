"""Search analytics tables: what people search for and which results they open; and what the
ranking learns from readers (``search_signals``).

No personal data: no IP, visitor token or user agent; the query is normalized and scrubbed of
e-mail addresses and long numbers (order ids, phone numbers) before it is stored. A learning signal
holds a keyed hash of the visitor token *and the query*, so it counts a visitor once per query and
page without linking one visitor's searches to each other.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from feedback_api.storage.base import Base


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SearchQuery(Base):
    __tablename__ = "search_queries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    query: Mapped[str] = mapped_column(String(200), index=True)  # normalized
    lang: Mapped[str | None] = mapped_column(String(16))
    filters: Mapped[str | None] = mapped_column(String(200))  # "type=article,tag=sso"
    result_count: Mapped[int] = mapped_column(Integer)
    page: Mapped[int] = mapped_column(Integer, default=1)
    suggestion: Mapped[str | None] = mapped_column(String(200))
    build_id: Mapped[str | None] = mapped_column(String(80))
    answer: Mapped[str | None] = mapped_column(String(8))  # "good" | "weak" | "none" (generator.search.confidence)


class SearchClick(Base):
    __tablename__ = "search_clicks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    query: Mapped[str] = mapped_column(String(200), index=True)  # normalized
    result_id: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer)
    lang: Mapped[str | None] = mapped_column(String(16))


class SearchSignal(Base):
    """One visitor's click on, or helpful vote for, a page reached from a query (see
    ``feedback_api.search.learning``): one row per query key, page, visitor and kind."""

    __tablename__ = "search_signals"
    __table_args__ = (UniqueConstraint("query_key", "result_id", "visitor", "kind", name="uq_search_signals_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    query_key: Mapped[str] = mapped_column(String(200), index=True)  # generator.search.learned.query_key
    query: Mapped[str] = mapped_column(String(200))  # normalized, as last typed (shown to staff)
    result_id: Mapped[str] = mapped_column(String(300))
    visitor: Mapped[str] = mapped_column(String(64))  # HMAC(secret key, query key + visitor token)
    kind: Mapped[str] = mapped_column(String(8))  # "click" | "helpful"
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)  # latest


class SearchSynonym(Base):
    """A synonym group staff proposed from a content gap on the search report; ``kb synonyms
    export`` writes the unexported ones into ``kb/synonyms.yml`` for review in git."""

    __tablename__ = "search_synonyms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    query: Mapped[str] = mapped_column(String(200))  # the gap query it came from
    words: Mapped[str] = mapped_column(String(1000))  # the group, one member a line
    proposed_by: Mapped[str | None] = mapped_column(String(320))  # the staff account's e-mail
    exported_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
