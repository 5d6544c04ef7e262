"""The `kb` command: author, check, build and serve a help center.

Each command lives in its own module; this file only assembles the group. Commands of other
packages (the service's) come from the ``kb.commands`` entry points (see group.py).
"""

from __future__ import annotations

import click

from .. import __version__
from ..checks.stale_cli import stale
from ..releases.cli import changelog
from ..search.cli import search
from .build import build, preview
from .check import check
from .group import CONTEXT, CommandGroup, same_help_everywhere
from .init import init
from .new import new


@click.group(cls=CommandGroup, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="kb")
def main() -> None:
    """Keep a help center as Markdown in git: write it, check it, build it, serve it.

    \b
    Authoring:  init, new, check, stale, preview
    Publishing: build, changelog, search
    Service:    serve, db, admin, submissions
    """


# Commands live beside the code they drive (search, release notes ...).
for command in (init, new, check, stale, preview, build, changelog, search):
    main.add_command(command)

same_help_everywhere(main)
