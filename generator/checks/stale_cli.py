"""`kb stale`: articles, runbooks and reviews past their review date, grouped by owner.

``--format json`` is for a scheduled job that files reminders; ``--today`` makes runs reproducible.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from ..content import load
from ..content.model import ContentSet, Page
from ..settings import Settings
from .runbooks import review_due

TYPES = ("article", "runbook", "incident")
NO_OWNER = "(no owner)"


def stale_pages(content: ContentSet, settings: Settings) -> dict[str, list[tuple[Page, dt.date]]]:
    """Owner -> [(page, due date)], most overdue first; owners sorted, pages without one last."""
    groups: dict[str, list[tuple[Page, dt.date]]] = {}
    for page in content.pages:
        if page.type not in TYPES:
            continue
        due = review_due(page, settings)
        if due is not None and due < settings.today:
            groups.setdefault(page.owner or NO_OWNER, []).append((page, due))
    ordered = sorted(groups, key=lambda o: (o == NO_OWNER, o.lower()))
    return {o: sorted(groups[o], key=lambda pd: (pd[1], pd[0].src_path)) for o in ordered}


def as_json(groups: dict[str, list[tuple[Page, dt.date]]], today: dt.date) -> str:
    return json.dumps(
        {
            "today": today.isoformat(),
            "owners": [
                {
                    "owner": None if owner == NO_OWNER else owner,
                    "pages": [
                        {"id": p.id, "type": p.type, "title": p.title, "source": p.src_path, "url": p.url,
                         "reviewed": p.reviewed.isoformat() if p.reviewed else None,
                         "review_due": due.isoformat(), "days_overdue": (today - due).days}
                        for p, due in pages
                    ],
                }
                for owner, pages in groups.items()
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def as_text(groups: dict[str, list[tuple[Page, dt.date]]], today: dt.date) -> str:
    if not groups:
        return f"Nothing is past its review date (as of {today.isoformat()}).\n"
    total = sum(map(len, groups.values()))
    lines = [f"{total} pages past their review date (as of {today.isoformat()}):", ""]
    for owner, pages in groups.items():
        lines.append(f"{owner} ({len(pages)})")
        for p, due in pages:
            lines.append(f"  {p.src_path}  [{p.type}]  due {due.isoformat()}, {(today - due).days} days overdue  — {p.title}")
        lines.append("")
    return "\n".join(lines)


@click.command("stale")
@click.option("--kb", "kb_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("kb"), show_default=True)
@click.option("--today", "today", default=None, help="Pretend today is YYYY-MM-DD (reproducible runs).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stale(kb_dir: Path, today: str | None, fmt: str) -> None:
    """List articles, runbooks and reviews past their review date, grouped by owner."""
    try:
        day = dt.date.fromisoformat(today) if today else dt.date.today()
    except ValueError:
        raise click.BadParameter(f"'{today}' is not a date like 2026-03-31", param_hint="--today") from None
    settings = Settings(today=day)
    groups = stale_pages(load(kb_dir), settings)
    click.echo(as_json(groups, day) if fmt == "json" else as_text(groups, day), nl=fmt == "json")
