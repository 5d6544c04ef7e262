"""The contributions feature's own settings, declared like the core's (``feedback_api.settings``).

They are read from ``Settings.environ`` (the ``KB_*`` variables the service started with), so the
core settings module does not have to know about this feature. Documented in docs/contributions.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from feedback_api.settings import Setting


def _positive(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise ValueError
    return value


CONTRIB_SETTINGS: tuple[Setting, ...] = (
    Setting("KB_CONTENT_DIR", "content_dir", Path, "kb", "The content folder the site is built from; \"Suggest an edit\" reads an article's Markdown from it (the manifest's `source` is relative to it).", "a folder path"),
    Setting("KB_CONTRIB_OWNER", "owner", str, "community", "`owner` written into new articles exported from submissions (`kb check` requires one); edits keep the article's owner.", "a person or team name"),
    Setting("KB_CONTRIB_MAX_BODY", "max_body", _positive, "60000", "Largest Markdown body of one submission, in characters.", "a positive whole number"),
    Setting("KB_CONTRIB_DAILY_LIMIT", "daily_limit", _positive, "10", "Submissions (new ones and revisions) one contributor may send per 24 hours.", "a positive whole number"),
    Setting("KB_CONTRIB_COOLDOWN_REJECTIONS", "cooldown_rejections", _positive, "3", "Rejections within 7 days that start a cool-down.", "a positive whole number"),
    Setting("KB_CONTRIB_COOLDOWN_HOURS", "cooldown_hours", _positive, "24", "Length of the cool-down after the last of those rejections, in hours.", "a positive whole number"),
)


@dataclass(frozen=True)
class ContribSettings:
    content_dir: Path = Path("kb")
    owner: str = "community"
    max_body: int = 60_000
    daily_limit: int = 10
    cooldown_rejections: int = 3
    cooldown_hours: int = 24

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None) -> ContribSettings:
        return cls(**{s.attr: s.read(environ or {}) for s in CONTRIB_SETTINGS})
