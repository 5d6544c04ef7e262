"""The `kb` command: author, check, build and serve a help center.

Each command lives in its own module; this file only assembles the group.
"""

from __future__ import annotations

import click

from feedback_api.cli import db, serve
from feedback_api.contrib.cli import submissions
from feedback_api.staff.cli import admin

from .. import __version__
from ..checks.stale_cli import stale
from ..releases.cli import changelog
from ..search.cli import search
from .build import build, preview
from .check import check
from .init import init
from .new import new

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, prog_name="kb")
def main() -> None:
    """Keep a help center as Markdown in git: write it, check it, build it, serve it.

    \b
    Authoring:  init, new, check, stale, preview
    Publishing: build, changelog, search
    Service:    serve, db, admin, submissions
    """


# Commands live beside the code they drive (service, search, release notes ...).
for command in (init, new, check, stale, preview, build, changelog, search, serve, db, admin, submissions):
    main.add_command(command)


def _same_help_everywhere(cmd: click.Command) -> None:
    # Commands are also run on their own (tests, `python -m`); click then builds -h/--help from the
    # command's own settings, so give every command the group's.
    for key, value in CONTEXT.items():
        cmd.context_settings.setdefault(key, value)
    if getattr(cmd, "_help_option", None) is not None:
        cmd._help_option = None  # click caches the option built on first use; rebuild it with ours
    for sub in getattr(cmd, "commands", {}).values():
        _same_help_everywhere(sub)


_same_help_everywhere(main)
