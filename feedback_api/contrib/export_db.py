"""The database half of ``kb submissions export``: what to export, and recording that it was.

Three steps so a crash at any point is safe to rerun: (1) new articles get their id and path
in the database first, (2) files are written, (3) each written submission is marked exported.
A rerun after a crash between (2) and (3) rewrites the same file with the same id; it never
makes a second copy of a new article.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback_api.contrib import profile
from feedback_api.contrib.models import APPROVED, Submission, SubmissionEvent
from feedback_api.staff.clock import utcnow
from feedback_api.staff.models import Account
from generator.contrib import SubmissionFile, new_article_path
from generator.contrib.export import new_article_id


def unexported(db: Session) -> list[Submission]:
    return list(db.scalars(select(Submission).where(Submission.state == APPROVED, Submission.exported_at.is_(None))
                           .order_by(Submission.decided_at, Submission.id)))


def assign_paths(db: Session, root: Path) -> None:
    rows = unexported(db)
    taken = {r.exported_path for r in rows if r.exported_path}
    for row in rows:
        if row.kind == "article" and not row.exported_path:
            row.article_id = row.article_id or new_article_id()
            row.exported_path = new_article_path(root, row.title, row.category or "", row.lang, row.article_id, taken)
            taken.add(row.exported_path)


def files(db: Session, owner: str = "community") -> list[SubmissionFile]:
    out = []
    for row in unexported(db):
        author = db.get(Account, row.account_id)
        # "Name (@handle)": the published page links the name to the public profile.
        name = profile.credit(author.id, author.display_name) if author else "contributor"
        out.append(SubmissionFile(
            submission_id=row.id, kind=row.kind, title=row.title, body=row.body, contributor=name, lang=row.lang,
            category=row.category, tags=list(row.tags or []),
            source_path=row.source_path if row.kind == "edit" else row.exported_path, article_id=row.article_id,
            owner=owner,
        ))
    return out


def mark_exported(db: Session, submission_id: str, path: str, article_id: str) -> None:
    row = db.get(Submission, submission_id)
    now = utcnow()
    row.exported_at, row.exported_path = now, path
    row.article_id = row.article_id or article_id
    db.add(SubmissionEvent(submission_id=row.id, kind="exported", revision=row.revision, note=path, created_at=now))
