"""Container blocks written as open/close lines (Docusaurus ``:::note`` … ``:::``, MDX ``<TabItem>`` …
``</TabItem>``, Hugo ``{{< hint >}}`` … ``{{< /hint >}}``) -> Material blocks whose body is indented.

One engine serves every dialect so that containers nest across dialects (an admonition inside a tab
inside a tab) and a body line's indentation is computed in one place. Each open container remembers
how many columns of the source to cut from its body lines (the opener's own indentation) and the
prefix to put in front instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from ._doc import TEXT, Context, Doc, Out, block_indent, code_mask, leading_ws


@dataclass
class Open:
    line: str | None  # the Material line replacing the opener; None drops it
    kind: str | None  # closers name the kind they close; None: a one-line construct, nothing to close
    indent: bool = True  # body indented by four spaces (admonition, tab)
    consumed: int = 1  # source lines the opener spans (MDX '<Tabs' may run over several)
    verbatim: bool = False  # body is code (Hugo '{{< highlight >}}'): no recognisers inside
    close_line: str | None = None  # emitted where the block closes (the end of a fence)
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Frame:
    kind: str
    cut: int
    prefix: str
    src: int
    name: str
    verbatim: bool = False
    close_line: str | None = None
    opener_prefix: str = ""
    data: dict[str, Any] = field(default_factory=dict)


class Dialect(Protocol):
    def opener(self, lines: list[str], i: int, stripped: str, stack: list[Frame], ctx: Context, s: int) -> Open | None: ...
    def closer(self, stripped: str) -> str | None: ...


_ROOT = Frame(kind="", cut=0, prefix="", src=0, name="")


def run(doc: Doc, ctx: Context, dialects: list[Dialect], starts: tuple[str, ...]) -> Doc:
    """``starts``: the first characters an opener or closer can have; other lines skip the recognisers."""
    out = Out()
    lines, src = doc.lines, doc.src
    mask = code_mask(lines)
    stack: list[Frame] = []
    i, n = 0, len(lines)
    while i < n:
        line, s = lines[i], src[i]
        top = stack[-1] if stack else _ROOT
        stripped = line.strip()
        if not stripped:
            out.add("", s)
            i += 1
            continue
        if top.verbatim or mask[i] != TEXT or not stripped.startswith(starts):
            if top.verbatim and _closes(dialects, stripped) == top.kind:
                _close(stack, len(stack) - 1, out, s, ctx)
            else:
                out.add(_body(top, line), s)
            i += 1
            continue
        kind = _closes(dialects, stripped)
        if kind is not None:
            at = next((k for k in range(len(stack) - 1, -1, -1) if stack[k].kind == kind), None)
            if at is None:
                ctx.warn(s, "unmatched-close", f"'{stripped}' closes nothing that is open; it was removed")
            else:
                _close(stack, at, out, s, ctx)
            i += 1
            continue
        opened = None
        for dialect in dialects:
            opened = dialect.opener(lines, i, stripped, stack, ctx, s)
            if opened is not None:
                break
        if opened is None:
            out.add(_body(top, line), s)
            i += 1
            continue
        ws = leading_ws(line)
        here = top.prefix + " " * (ws - min(ws, top.cut)) if stack else " " * block_indent(lines, i, ws)
        if opened.line is not None:
            if out.lines and out.lines[-1].strip() and opened.line:
                out.add("", s)  # Material blocks must start a block of their own
            out.add(here + opened.line if opened.line else "", s)
        if opened.kind is not None:
            stack.append(Frame(
                kind=opened.kind,
                cut=ws if opened.indent else top.cut,
                prefix=here + "    " if opened.indent else top.prefix,
                src=s, name=stripped[:60], verbatim=opened.verbatim, close_line=opened.close_line,
                opener_prefix=here, data=opened.data,
            ))
        i += opened.consumed
    while stack:
        f = stack[-1]
        ctx.warn(f.src, "unclosed-block", f"'{f.name}' is never closed; it was closed at the end of the page")
        _close(stack, len(stack) - 1, out, src[-1] if src else 0, ctx, quiet=True)
    return out.doc()


def _closes(dialects: list[Dialect], stripped: str) -> str | None:
    for dialect in dialects:
        kind = dialect.closer(stripped)
        if kind is not None:
            return kind
    return None


def _body(top: Frame, line: str) -> str:
    if not top.prefix and not top.cut:
        return line
    ws = leading_ws(line)
    return top.prefix + line[min(ws, top.cut):]


def _close(stack: list[Frame], at: int, out: Out, s: int, ctx: Context, quiet: bool = False) -> None:
    while len(stack) > at:
        f = stack.pop()
        if len(stack) >= at + 1 and not quiet:
            ctx.warn(f.src, "unclosed-block", f"'{f.name}' is never closed; it was closed with its enclosing block")
        if f.close_line is not None:
            out.add(f.opener_prefix + f.close_line, s)
    if out.lines and out.lines[-1]:
        out.add("", s)  # ends the indented body: an unindented line right after would continue it

