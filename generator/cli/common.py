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


def configured_audiences(root: Path) -> dict[str, str]:
    """Each content type's default audience as `kb build` sees it: the helpcenter plugin's
    `audiences` in ./mkdocs.yml (when its docs_dir is ``root``) over the built-in defaults.
    Read without loading MkDocs, so `kb check` stays fast."""
    from ..content.audience import DEFAULT_AUDIENCES, defaults_problems

    audiences = _helpcenter_options(root).get("audiences") or {}
    problems = defaults_problems(audiences, CONTENT_TYPES) if isinstance(audiences, dict) else ["audiences: expected a mapping"]
    if problems:
        raise UserError(f"mkdocs.yml: helpcenter: {problems[0]}")
    return {**DEFAULT_AUDIENCES, **audiences}


def configured_default_lang(root: Path) -> str:
    """The helpcenter plugin's `default_lang` in ./mkdocs.yml (when its docs_dir is ``root``), as `kb build` sees it."""
    lang = _helpcenter_options(root).get("default_lang")
    return lang if isinstance(lang, str) else "en"


def _helpcenter_options(root: Path) -> dict:
    """The helpcenter plugin's options in ./mkdocs.yml when its docs_dir is ``root``, else {}."""
    import yaml

    cfg = Path("mkdocs.yml")
    docs = _docs_dir_from_mkdocs_yml()
    if docs is None or docs.resolve() != root.resolve():
        return {}

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # MkDocs' !ENV and !!python tags
    try:
        data = yaml.load(cfg.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except yaml.YAMLError:
        return {}  # MkDocs says what is wrong when the site is built
    plugins = data.get("plugins") if isinstance(data, dict) else None
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(p.items())) for p in plugins or [] if isinstance(p, dict) and len(p) == 1)
    return next((opts for name, opts in entries if name == "helpcenter" and isinstance(opts, dict)), {})
