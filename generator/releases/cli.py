"""`kb changelog`: the delta between two versions as Markdown, for customer emails."""

from __future__ import annotations

import re
from pathlib import Path

import click

from ..content import load
from ..content.dates import to_date
from ..content.model import ContentSet
from ..settings import Settings
from .delta import between, grouped
from .links import final_link
from .model import Release, find, releases

_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\((<[^>]*>|[^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _for_email(markdown: str, src_path: str, content: ContentSet, site_url: str | None) -> str:
    """Links between help-center pages become absolute (with --site-url) or plain text: a mail has no base."""
    def sub(m: re.Match[str]) -> str:
        target = m.group(2).strip("<>")
        if re.match(r"^[a-z][a-z0-9+.\-]*:", target, re.I):
            return m.group(0)
        url = final_link(src_path, target, content, Settings())
        if site_url and url != target:
            return f"[{m.group(1)}]({site_url.rstrip('/')}/{url})"
        return m.group(1)

    return _LINK.sub(sub, markdown)


def changelog_markdown(root: Path, since: str, to: str | None = None, content_type: str | None = None, site_url: str | None = None) -> str:
    forced = content_type if content_type else (None if (root / "releases").is_dir() else "release")
    content = load(root, content_type=forced)
    items = releases(content)
    if not items:
        raise click.ClickException(f"no release notes found in {root}")
    for option, text in (("--since", since), ("--to", to)):
        _require_known(items, option, text)
    changes = between(items, since, to)
    target = to or items[-1].label
    lines = [f"# What changed from {since} to {target}", ""]
    if not changes:
        lines.append("No changes between these versions.")
    for title, group in grouped(changes):
        lines += [f"## {title}", ""]
        lines += [f"- {_for_email(c.entry.markdown, c.entry.src_path, content, site_url)} ({c.release.label})" for c in group]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _require_known(items: list[Release], option: str, text: str | None) -> None:
    """A version nobody released is a typo far more often than a request: '9.9' would print nothing.

    Dated notes (no versions) still take any date: "what changed since I last looked" is a date.
    """
    if text is None or find(items, text) is not None:
        return
    if not any(r.version is not None for r in items) and to_date(text) is not None:
        return
    known = ", ".join(r.label for r in items)
    raise click.ClickException(f"{option} '{text}' is not a released version; known versions: {known}")


@click.command("changelog")
@click.option("--since", required=True, help="The version (or, for dated notes, the date) the reader has now.")
@click.option("--to", "to", default=None, help="The version to upgrade to; default: the newest release.")
@click.option("--kb", "kb_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("kb"), show_default=True)
@click.option("--type", "content_type", type=click.Choice(["release"]), default=None, help="Read the folder as release notes only (foreign content).")
@click.option("--site-url", default=None, help="Make links to help-center pages absolute (else they become plain text).")
def changelog(since: str, to: str | None, kb_dir: Path, content_type: str | None, site_url: str | None) -> None:
    """Print every New/Improved/Fixed/Breaking item between two versions, breaking changes first."""
    try:
        click.echo(changelog_markdown(kb_dir, since, to, content_type, site_url), nl=False)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
