"""+1 point per "helpful" vote on an article a contributor wrote, capped per day, never for
votes cast by the contributor's own browsers.

Votes belong to the core (``storage/votes.py``) and arrive without telling anyone, so points are
swept in: on every manifest reload and, at most once a minute, when profiles or the leaderboard
are read. Each vote pays at most once (ledger key ``vote:<id>``); the ledger row carries the
vote's time, so the daily cap and the leaderboard windows follow when people voted.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback_api.contrib import ledger, rules
from feedback_api.contrib.models import PUBLISHED, LedgerEntry, Submission, VisitorLink
from feedback_api.staff.clock import aware
from feedback_api.staff.models import Account
from feedback_api.storage.votes import votes


def sweep(db: Session) -> int:
    written = 0
    authored = db.execute(
        select(Submission.account_id, Submission.article_id, Submission.published_at, Submission.title)
        .where(Submission.state == PUBLISHED, Submission.kind == "article", Submission.article_id.is_not(None))
        .order_by(Submission.account_id, Submission.id)  # accounts locked in one order by every worker
    ).all()
    for account_id, article_id, published_at, title in authored:
        written += _sweep_one(db, account_id, article_id, aware(published_at), title)
    return written


def _sweep_one(db: Session, account_id: int, article_id: str, since: dt.datetime | None, title: str) -> int:
    # Another worker may be sweeping the same votes: lock the contributor's account row (PostgreSQL;
    # SQLite's write transaction holds the whole database) so that what is already paid is read
    # after the other sweep committed, and the daily cap is counted once.
    db.execute(select(Account.id).where(Account.id == account_id).with_for_update())
    own = select(VisitorLink.visitor_hash).where(VisitorLink.account_id == account_id)
    query = (select(votes.c.id, votes.c.created_at).where(
        votes.c.article_id == article_id, votes.c.helpful.is_(True), votes.c.visitor_hash.not_in(own))
        .order_by(votes.c.created_at, votes.c.id))
    if since is not None:
        query = query.where(votes.c.created_at >= since)
    candidates = db.execute(query).all()
    if not candidates:
        return 0
    paid = db.execute(select(LedgerEntry.idempotency_key, LedgerEntry.created_at).where(
        LedgerEntry.account_id == account_id, LedgerEntry.rule == rules.HELPFUL_VOTE.name)).all()
    paid_keys = {key for key, _ in paid}
    per_day = Counter(aware(at).date() for _, at in paid)
    written = 0
    for vote_id, created_at in candidates:
        key, at = f"vote:{vote_id}", aware(created_at)
        if key in paid_keys or per_day[at.date()] >= rules.HELPFUL_VOTE_DAILY_CAP:
            continue
        if ledger.award(db, account_id=account_id, points=rules.HELPFUL_VOTE.points, rule=rules.HELPFUL_VOTE.name,
                        reason=f"Helpful vote on “{title}”", key=key, source=f"article:{article_id}", at=at):
            per_day[at.date()] += 1
            written += 1
    return written


def link_visitor(db: Session, account_id: int, visitor_hash: str) -> None:
    """Remember a browser token of this contributor; a token already linked stays with its first owner."""
    if db.get(VisitorLink, visitor_hash) is None:
        db.add(VisitorLink(visitor_hash=visitor_hash, account_id=account_id))
