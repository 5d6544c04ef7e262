"""The `kb` command: author, check, build and serve a help center.

Each command lives in its own module; this file only assembles the group.
"""

from __future__ import annotations

import importlib

import click

from .. import __version__
from .build import build, preview
from .check import check
from .new import new

# Commands that live beside the code they drive (service, search, release notes ...).
_EXTERNAL = [
    ("feedback_api.cli", "serve"),
    ("feedback_api.cli", "db"),
    ("feedback_api.staff.cli", "admin"),
    ("generator.search.cli", "search"),
    ("generator.releases.cli", "changelog"),
    ("generator.checks.stale_cli", "stale"),
    ("feedback_api.contrib.cli", "submissions"),
]


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, prog_name="kb")
def main() -> None:
    """Keep a help center as Markdown in git: write it, check it, build it, serve it.

    \b
    Authoring:  new, check, stale, preview
    Publishing: build, changelog, search
    Service:    serve, db, admin, submissions
    """


for command in (new, check, build, preview):
    main.add_command(command)

for module_name, attr in _EXTERNAL:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            continue  # that part of the product is not installed in this checkout
        raise
    main.add_command(getattr(module, attr))


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
