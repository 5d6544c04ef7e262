"""Render `kb --help` and every subcommand's help as Markdown (docs/cli.md).

Run ``python -m generator.cli.reference > docs/cli.md``; a test fails when the file is stale, so
the reference can never drift from the commands.
"""

from __future__ import annotations

import click


def _walk(cmd: click.Command, path: list[str]):
    yield path, cmd
    if isinstance(cmd, click.Group):
        ctx = click.Context(cmd)
        for name in cmd.list_commands(ctx):  # includes the entry-point commands
            yield from _walk(cmd.get_command(ctx, name), path + [name])


def render() -> str:
    from . import main

    out = ["# Command line", "", "Generated from the commands themselves (`python -m generator.cli.reference > docs/cli.md`).", ""]
    from click.testing import CliRunner

    runner = CliRunner()
    for path, _ in _walk(main, ["kb"]):
        name = " ".join(path)
        text = runner.invoke(main, [*path[1:], "--help"], prog_name="kb", terminal_width=100).output
        out += [f"## `{name}`", "", "```text", text.rstrip(), "```", ""]
    return "\n".join(out)


if __name__ == "__main__":
    print(render())
