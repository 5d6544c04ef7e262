"""Synonyms staff propose from the search report's content gaps, on their way into ``kb/synonyms.yml``.

A reviewer adds words to a zero-result or weak-answer query on ``/admin/search``; the group waits in
``search_synonyms`` until ``kb synonyms export`` appends it to the content folder's ``synonyms.yml``,
where it is reviewed and committed like exported contributions, and a build makes it live.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from feedback_api.i18n import msg
from generator.search.synonyms import SYNONYMS_FILE

from .models import SearchSynonym

synonyms_t = SearchSynonym.__table__
MAX_WORDS = 10
MAX_WORD = 100
_SPLIT = re.compile(r"[,，、;；\n]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ProposalError(ValueError):
    """The words cannot become a synonym group; the message is for the reviewer."""


def group_of(query: str, words: str) -> list[str]:
    """The query and the comma-separated ``words`` as one group (case-insensitively unique)."""
    out: list[str] = []
    for w in [query, *_SPLIT.split(words or "")]:
        w = " ".join(_CONTROL.sub(" ", w).split())
        if w and w.lower() not in {o.lower() for o in out}:
            if len(w) > MAX_WORD:
                raise ProposalError(msg("search_report.synonym_too_long", word=w[:20] + "…", max=MAX_WORD))
            out.append(w)
    if len(out) < 2:
        raise ProposalError(msg("search_report.synonyms_too_few"))
    if len(out) > MAX_WORDS:
        raise ProposalError(msg("search_report.synonyms_too_many", max=MAX_WORDS))
    return out


def propose(conn: Connection, query: str, words: str, by: str | None) -> list[str]:
    group = group_of(query, words)
    conn.execute(synonyms_t.insert().values(created_at=dt.datetime.now(dt.UTC), query=group[0][:200],
                                            words="\n".join(group), proposed_by=by))
    return group


@dataclass(frozen=True)
class Proposal:
    id: int
    query: str
    words: list[str]
    proposed_by: str | None
    created_at: dt.datetime


def pending(conn: Connection) -> list[Proposal]:
    rows = conn.execute(select(synonyms_t).where(synonyms_t.c.exported_at.is_(None)).order_by(synonyms_t.c.id))
    return [Proposal(r.id, r.query, r.words.split("\n"), r.proposed_by, r.created_at) for r in rows]


def line(group: list[str]) -> str:
    """One YAML line, ``- [SSO, single sign-on, 单点登录]``, quoted where YAML needs it."""
    return "- " + yaml.safe_dump(group, default_flow_style=True, allow_unicode=True, width=1 << 20).strip()


def export(conn: Connection, root: Path) -> list[Proposal]:
    """Append every pending group to ``<root>/synonyms.yml`` and mark it exported."""
    todo = pending(conn)
    if not todo:
        return []
    path = Path(root) / SYNONYMS_FILE
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if text and not text.endswith("\n"):
        text += "\n"
    text += "".join(f"{line(p.words)}  # proposed from the search report\n" for p in todo)
    yaml.safe_load(text)  # never write a file the build cannot read
    path.write_text(text, encoding="utf-8")
    conn.execute(update(synonyms_t).where(synonyms_t.c.id.in_([p.id for p in todo]))
                 .values(exported_at=dt.datetime.now(dt.UTC)))
    return todo
