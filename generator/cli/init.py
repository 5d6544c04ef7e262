"""`kb init DIR`: a new help center to start from, instead of picking the sample apart.

It writes mkdocs.yml and a kb/ folder with categories, tags, search synonyms and one example of each
kind of page (article, FAQ, runbook, post-incident review, release note) in the chosen language,
all of which pass `kb check --strict` and build with `kb build`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
import jinja2

from ..content.ids import new_id
from ..site.templates import yaml_string
from .common import UserError

FILES = Path(__file__).with_name("init_files")
NAMES = {"en": ("Help Center", "Answers, how-tos, release notes and runbooks."),
         "zh": ("帮助中心", "使用指南、常见问题、发布说明和处理手册。")}
# template -> where it goes (under DIR); the incident's file name carries its date.
PAGES = {
    "index.md.j2": "kb/index.md",
    "article.md.j2": "kb/articles/getting-started/first-steps.md",
    "faq.md.j2": "kb/articles/faq/account-questions.md",
    "runbook.md.j2": "kb/runbooks/web/HighErrorRate.md",
    "incident.md.j2": "kb/incidents/{incident_day}-web-errors-after-deployment.md",
    "release.md.j2": "kb/releases/1.0.0.md",
}
SHARED = ("categories.yml", "tags.yml", "synonyms.yml", "dictionary.txt")


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="The help center's default language, and the language of the examples.")
@click.option("--name", help="Site name [default: 'Help Center', or '帮助中心' with --lang zh].")
@click.option("--owner", default="docs-team", show_default=True, help="Owner written on the example pages.")
def init(directory: Path, lang: str, name: str | None, owner: str) -> None:
    """Create a new help center in DIRECTORY: mkdocs.yml and kb/ with one example of each page type.

    \b
    Example:
      kb init acme-help --name "Acme Help Center"
      cd acme-help && kb check --strict && kb preview
    """
    if directory.exists() and any(directory.iterdir()):
        raise UserError(f"'{directory}' is not empty; kb init only writes into a new or empty folder")
    today = dt.date.today()
    values = {
        "name": name or NAMES[lang][0], "description": NAMES[lang][1], "lang": lang,
        "other_lang": "zh" if lang == "en" else "en", "owner": owner, "today": today.isoformat(),
        "incident_day": (today - dt.timedelta(days=7)).isoformat(),
        "action_due": (today + dt.timedelta(days=60)).isoformat(),
        "ids": {kind: new_id(kind if kind != "faq" else "article") for kind in ("article", "faq", "runbook", "incident", "release")},
    }
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(FILES), keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined, autoescape=False)  # YAML and Markdown, not HTML
    env.filters["q"] = yaml_string
    # site/ and site-internal/ are built output, .kb-cache/ the build cache and var/ holds the service's
    # SQLite database: none belongs in git.
    out = {"mkdocs.yml": env.get_template("mkdocs.yml.j2").render(values),
           ".gitignore": "site/\nsite-internal/\n.kb-cache/\nvar/\n"}
    for template, dest in PAGES.items():
        out[dest.format(**values)] = env.get_template(f"{lang}/{template}").render(values)
    for name_ in SHARED:
        out[f"kb/{name_}"] = (FILES / "shared" / name_).read_text(encoding="utf-8")
    for rel, text in out.items():
        path = directory / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    click.echo(f"created a help center in {directory.as_posix()}/ ({len(out)} files, default language {lang})")
    click.echo(f"next: cd {directory.as_posix()} && kb check --strict && kb preview")
