"""The `kb` group: its own commands plus those other packages register under ``kb.commands``.

The service (``feedback_api``) adds ``serve``, ``db``, ``admin`` and ``submissions`` through the
entry-point group ``kb.commands`` in pyproject.toml, so the generator never imports the service.
An entry point is loaded only when its command is run or listed: ``kb check`` does not pay for
the service's imports (SQLAlchemy, Starlette).
"""

from __future__ import annotations

from importlib.metadata import entry_points

import click

ENTRY_POINT_GROUP = "kb.commands"
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class CommandGroup(click.Group):
    """A click group whose commands are its own plus the installed ``kb.commands`` entry points."""

    def _entry_points(self) -> dict:
        # Our own commands win a name clash: an installed package cannot replace `kb build`.
        return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name not in self.commands}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self._entry_points()})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = self.commands.get(cmd_name)
        if command is None:
            ep = self._entry_points().get(cmd_name)
            if ep is None:
                return None
            command = ep.load()
            same_help_everywhere(command)
            self.add_command(command, cmd_name)
        return command


def same_help_everywhere(cmd: click.Command) -> None:
    # Commands are also run on their own (tests, `python -m`); click then builds -h/--help from the
    # command's own settings, so give every command the group's.
    for key, value in CONTEXT.items():
        cmd.context_settings.setdefault(key, value)
    if getattr(cmd, "_help_option", None) is not None:
        cmd._help_option = None  # click caches the option built on first use; rebuild it with ours
    for sub in getattr(cmd, "commands", {}).values():
        same_help_everywhere(sub)
