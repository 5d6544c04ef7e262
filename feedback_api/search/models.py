"""Search analytics tables: what people search for and which results they open.

No personal data: no IP, visitor token or user agent; the query is normalized and scrubbed of
e-mail addresses and long numbers (order ids, phone numbers) before it is stored.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from feedback_api.storage.base import Base


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


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
