"""The `kb` command: author, check, build and serve a help center.

Each command lives in its own module; this file only assembles the group. Commands of other
packages (the service's) come from the ``kb.commands`` entry points (see group.py).
"""

from __future__ import annotations

import logging
import os
import sys

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


def run() -> None:
    """The `kb` program (the console script; tests and other Python callers use ``main``).

    A `kb build` process ends holding everything the build made (some 800 MB of objects at 5,000
    pages); the interpreter's teardown freed it object by object, ~0.2 s of every build. Once the
    build has finished and its output is flushed nothing is left to do, so the process ends there.
    Other commands (the server, the preview) end the ordinary way, with their exit handlers."""
    if sys.argv[1:2] != ["build"]:
        main()
        return
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if not isinstance(exc.code, (int, type(None))):
            print(exc.code, file=sys.stderr)  # as the interpreter prints a SystemExit message
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
