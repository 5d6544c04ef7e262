"""Options and error handling shared by every `kb` command."""

from __future__ import annotations

from pathlib import Path

import click

from ..content.model import CONTENT_TYPES
from ..content.untrusted_text import escape_log_message


class UserError(click.ClickException):
    """A mistake the user can fix: printed as 'error: ...' with exit code 1, never a traceback."""

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:
        click.echo(f"error: {escape_log_message(self.format_message())}", err=True)


def default_kb() -> Path:
    return Path("kb")


kb_option = click.option(
    "--kb",
    "kb_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Content folder [default: the docs_dir of ./mkdocs.yml, or ./kb].",
)
type_option = click.option(
    "--type",
    "content_type",
    type=click.Choice(CONTENT_TYPES),
    default=None,
    help="Treat every file in a foreign content folder as this type.",
)


def resolve_kb(kb_dir: Path | None) -> Path:
    path = kb_dir or _docs_dir_from_mkdocs_yml() or default_kb()
    if not path.is_dir():
        raise UserError(f"content folder '{path}' does not exist (use --kb DIR)")
    return path


def _docs_dir_from_mkdocs_yml() -> Path | None:
    cfg = Path("mkdocs.yml")
    if not cfg.exists():
        return None
    import re

    m = re.search(r"^docs_dir:\s*(\S+)", cfg.read_text(encoding="utf-8"), re.M)
    return Path(m.group(1)) if m else Path("docs")
