"""The reward queue: awards that wait until approved content is in a built site.

Approval queues pending rewards (one row per submission and rule, UNIQUE). When the service
loads a manifest whose pages name a submission id, that submission is published and its pending
rewards are granted: the reward row moves pending -> granted with a conditional UPDATE and the
ledger row is keyed ``reward:<id>``, so a second reload, a second worker or a retry pays nothing.
A published submission whose page disappears or loses its ``submission`` key (the file was
reverted in git) has each grant reversed, again keyed, so that happens once too.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from feedback_api.contrib import ledger, notices, rules
from feedback_api.contrib.models import APPROVED, PUBLISHED, Reward, Submission, SubmissionEvent
from feedback_api.i18n import msg
from feedback_api.manifest import Manifest
from feedback_api.staff import audit
from feedback_api.staff.clock import utcnow
from feedback_api.staff.models import Account

_rewards = Reward.__table__
_subs = Submission.__table__


def queue_for(db: Session, row: Submission, *, accepted_bounty: int | None) -> list[str]:
    rule = rules.APPROVED_EDIT if row.kind == "edit" else rules.APPROVED_ANSWER
    wanted = [(rule.name, rule.points)]
    if accepted_bounty:
        wanted.append((rules.BOUNTY.name, accepted_bounty))
    existing = set(db.scalars(select(Reward.rule).where(Reward.submission_id == row.id)))
    for name, points in wanted:
        if name not in existing:  # approving a second time queues nothing new
            db.add(Reward(account_id=row.account_id, submission_id=row.id, rule=name, points=points, state="pending"))
    db.flush()
    return [name for name, _ in wanted]


def grant(db: Session, reward: Reward, reason: str, actor_id: int | None = None) -> bool:
    """pending -> granted, exactly once; True when this call did it."""
    now = utcnow()
    moved = db.execute(update(_rewards).where(_rewards.c.id == reward.id, _rewards.c.state == "pending")
                       .values(state="granted", settled_at=now)).rowcount == 1
    if moved:
        ledger.award(db, account_id=reward.account_id, points=reward.points, rule=reward.rule, reason=reason,
                     key=f"reward:{reward.id}", source=f"submission:{reward.submission_id}", actor_id=actor_id, at=now)
    return moved


def revoke_pending(db: Session, reward: Reward, note: str) -> bool:
    return db.execute(update(_rewards).where(_rewards.c.id == reward.id, _rewards.c.state == "pending")
                      .values(state="revoked", settled_at=utcnow(), note=note[:500])).rowcount == 1


def on_manifest(db: Session, manifest: Manifest) -> dict[str, int]:
    """Publish what the build contains; reverse what it lost. Safe to run any number of times."""
    in_build = {str(p["submission"]): p for p in manifest.pages if p.get("submission")}
    published = reverted = 0
    if in_build:
        for row in db.scalars(select(Submission).where(Submission.id.in_(in_build), Submission.state == APPROVED)):
            published += _publish(db, row, in_build[row.id], manifest.build_id)
    # Only reversals need the full list of published submissions; a build without a manifest
    # (no pages at all) is an empty store, not a mass revert.
    if manifest.pages:
        for row in db.scalars(select(Submission).where(Submission.state == PUBLISHED)):
            if row.id not in in_build and _reverted(row, manifest):
                reverted += _reverse(db, row)
    return {"published": published, "reverted": reverted}


def _publish(db: Session, row: Submission, page: dict, build_id: str | None) -> int:
    now = utcnow()
    if db.execute(update(_subs).where(_subs.c.id == row.id, _subs.c.state == APPROVED)
                  .values(state=PUBLISHED, published_at=now)).rowcount != 1:
        return 0
    if row.kind == "article" and not row.article_id:
        row.article_id = page["id"]  # the id export gave the new article, for helpful-vote points
    db.add(SubmissionEvent(submission_id=row.id, kind="published", revision=row.revision, note=f"build {build_id}", created_at=now))
    earned = 0
    for reward in db.scalars(select(Reward).where(Reward.submission_id == row.id, Reward.state == "pending")):
        if grant(db, reward, f"{rules.BY_NAME[reward.rule].description} ({row.title})"):
            earned += reward.points
    db.add(notices.new("notice.published", {"title": row.title, "n": earned},
                       account_id=row.account_id, submission_id=row.id, created_at=now, points=earned))
    return 1


def _reverted(row: Submission, manifest: Manifest) -> bool:
    # A later submission replacing this one keeps the page (with another submission id): not a revert.
    page = manifest.get(row.article_id) if row.article_id else None
    return page is None or not page.get("submission")


def _reverse(db: Session, row: Submission) -> int:
    count = lost = 0
    for reward in db.scalars(select(Reward).where(Reward.submission_id == row.id, Reward.state == "granted")):
        if ledger.award(db, account_id=reward.account_id, points=-reward.points, rule=rules.REVERTED.name,
                        reason=f"Content reverted: {row.title}", key=f"revert:reward:{reward.id}",
                        source=f"{reward.rule}:{row.id}"):
            count, lost = count + 1, lost + reward.points
    if count:
        db.add(notices.new("notice.reverted", {"title": row.title, "n": lost},
                           account_id=row.account_id, submission_id=row.id, points=-lost))
    return 1 if count else 0


def manual(db: Session, *, account: Account, points: int, reason: str, actor: Account, key: str,
           client: str | None = None) -> bool:
    """A hand-made grant (points > 0) or revocation (< 0), with a reason, audited."""
    reason = reason.strip()
    if not reason:
        raise ValueError(msg("review.reason_missing"))
    if points == 0:
        raise ValueError(msg("review.zero_points"))
    written = ledger.award(db, account_id=account.id, points=points, rule=rules.MANUAL.name, reason=reason,
                           key=f"manual:{key}", source=f"staff:{actor.id}", actor_id=actor.id)
    if written:
        audit.record(db, "contrib.points", actor=actor, target=account.email,
                     details={"points": points, "reason": reason[:500]}, client=client)
        db.add(notices.new("notice.granted" if points > 0 else "notice.removed", {"n": abs(points), "reason": reason},
                           account_id=account.id, points=points))
    return written


def pending(db: Session, limit: int = 200) -> list[Reward]:
    return list(db.scalars(select(Reward).where(Reward.state == "pending").order_by(Reward.id).limit(limit)))
