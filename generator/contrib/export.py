"""Write one approved submission as a Markdown file with valid front matter.

* An edit overwrites the article at its source path: its front matter is kept (id, owner, dates
  ...), the body is replaced, the contributor is added to ``contributors`` and ``submission``
  names the submission, which is how the service later sees it published.
* The body goes through ``generator.safety.contributed.neutralise`` (raw HTML, attribute lists,
  snippets and script URLs become text), the title, tags and contributor name through
  ``plain_text``; ``submission`` marks the page as contributed, so the build renders it with the
  contributed-Markdown rules again.
* A new article gets a file under ``articles/<category>/`` (``zh/`` inside it for Chinese, as
  the sample content does) and a fresh id from ``generator.content.ids.new_id``.

The service decides *what* to export and records that it did (feedback_api/contrib/cli.py);
this module only knows files, so it is usable and testable without a database.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from ..content.frontmatter import FrontMatterError, split
from ..content.ids import new_id
from ..safety.contributed import neutralise
from ..safety.text import plain_text

_KEY_ORDER = ("id", "title", "summary", "category", "tags", "owner", "lang", "contributors", "submission")


class ExportError(ValueError):
    pass


@dataclass
class SubmissionFile:
    submission_id: str
    kind: str  # "edit" or "article"
    title: str
    body: str
    contributor: str  # the name credited in `contributors`
    lang: str = "en"
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    source_path: str | None = None  # edits: relative to the content folder; new articles: chosen by new_article_path
    article_id: str | None = None  # edits: the existing id; new articles: assigned before writing
    owner: str = "community"  # new articles only: `kb check` wants someone responsible for the page


@dataclass(frozen=True)
class Exported:
    path: str  # relative to the content folder
    article_id: str


def _slug(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-")


def new_article_path(root: Path, title: str, category: str, lang: str, article_id: str,
                     taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A free path for a new article (not on disk, not in ``taken``: paths given out but not yet
    written); the id stands in for titles with no Latin letters."""
    folder = f"articles/{category}/" + ("zh/" if lang == "zh" else "")
    stem = _slug(title) or article_id
    candidate, n = f"{folder}{stem}.md", 2
    while (root / candidate).exists() or candidate in taken:
        candidate, n = f"{folder}{stem}-{n}.md", n + 1
    return candidate


def summary_of(body: str, limit: int = 200) -> str | None:
    """The first paragraph of prose, without Markdown marks: listings and search show it."""
    for block in re.split(r"\n\s*\n", body):
        text = block.strip()
        if not text or text[0] in "#>|<`-*!:" or text[:2].isdigit() or re.match(r"\d+\.", text):
            continue
        text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
        text = re.sub(r"[*_`~]+", "", " ".join(text.split()))
        return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return None


def new_article_id() -> str:
    return new_id("article")


def _inside(root: Path, relative: str) -> Path:
    path = (root / relative).resolve()
    if root.resolve() not in path.parents:
        raise ExportError(f"{relative!r} is outside the content folder")
    return path


def _dump(meta: dict[str, Any], *, reorder: bool) -> str:
    # Edits keep the file's key order (a small git diff); new files get the conventional order.
    ordered = {k: meta[k] for k in _KEY_ORDER if k in meta} if reorder else {}
    ordered.update({k: v for k, v in meta.items() if k not in ordered})
    return yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, default_flow_style=None, width=1000)


def _atomic_write(path: Path, text: str) -> None:
    # A half-written article would break the next `kb build`; replace the file in one step.
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".kb-export-", suffix=".md")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _credit(meta: dict[str, Any], sub: SubmissionFile) -> None:
    names = meta.get("contributors") or []
    if isinstance(names, str):
        names = [n.strip() for n in names.split(",") if n.strip()]
    if sub.contributor not in names:
        names.append(sub.contributor)
    meta["contributors"] = names
    meta["submission"] = sub.submission_id


def write(root: Path, sub: SubmissionFile) -> Exported:
    # The preview the reviewer approved rendered neutralise(body); the file holds exactly that.
    body = neutralise(sub.body.replace("\r\n", "\n").strip("\n")) + "\n"
    sub = replace(sub, title=plain_text(sub.title), contributor=plain_text(sub.contributor),
                  tags=[plain_text(t) for t in sub.tags])
    if sub.kind == "edit":
        if not sub.source_path:
            raise ExportError(f"{sub.submission_id}: an edit needs the article's source path")
        path = _inside(root, sub.source_path)
        if not path.is_file():
            raise ExportError(f"{sub.submission_id}: {sub.source_path} is not in the content folder any more")
        try:
            meta = dict(split(path.read_text(encoding="utf-8")).data)
        except FrontMatterError as exc:
            raise ExportError(f"{sub.source_path}: {exc.message}") from None
        _credit(meta, sub)
        article_id = str(meta.get("id") or sub.article_id or "")
        relative = sub.source_path
    else:
        if not (sub.article_id and sub.source_path and sub.category):
            raise ExportError(f"{sub.submission_id}: a new article needs an id, a path and a category")
        meta = {"id": sub.article_id, "title": sub.title, "category": sub.category, "tags": list(sub.tags),
                "owner": sub.owner, "lang": sub.lang}
        summary = plain_text(summary_of(sub.body) or "")
        if summary:
            meta["summary"] = summary
        _credit(meta, sub)
        path, article_id, relative = _inside(root, sub.source_path), sub.article_id, sub.source_path
    _atomic_write(path, f"---\n{_dump(meta, reorder=sub.kind != 'edit')}---\n\n{body}")
    return Exported(relative, article_id)
