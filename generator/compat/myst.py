"""MyST (Sphinx) Markdown: ``(label)=`` targets and ```` ```{directive} ```` fences.

Directive fences look like code to every other pass, so this pass runs first and turns the ones with a
Material equivalent (admonitions, code, figures, mermaid) into that, drops navigation-only ones
(toctree) and shows the rest as plain code so the text stays readable.
"""

from __future__ import annotations

import re

from ._doc import Context, Doc, Out, fence_open, indent_lines, is_fence_close, leading_ws, quote_title

_LABEL = re.compile(r"^[ \t]*\(([^()\s]+)\)=[ \t]*$")
_DIRECTIVE = re.compile(r"^\{([\w:.-]+)\}[ \t]*(.*)$")
_COLON_FENCE = re.compile(r"^(?P<prefix>[ \t]*)(?P<fence>:{3,})\{(?P<name>[\w:.-]+)\}[ \t]*(?P<arg>.*)$")
_OPTION = re.compile(r"^[ \t]*:([\w-]+):[ \t]*(.*)$")

# MyST admonition -> (Material type, default title or None for Material's own)
ADMONITIONS = {
    "note": ("note", None), "tip": ("tip", None), "hint": ("tip", "Hint"), "important": ("info", "Important"),
    "warning": ("warning", None), "caution": ("warning", "Caution"), "attention": ("warning", "Attention"),
    "danger": ("danger", None), "error": ("failure", "Error"), "seealso": ("info", "See also"),
    "admonition": ("note", None), "versionadded": ("info", "New"), "versionchanged": ("info", "Changed"),
    "deprecated": ("warning", "Deprecated"),
}
_CODE = {"code", "code-block", "sourcecode", "code-cell"}
_DROPPED = {"toctree", "contents", "tableofcontents"}


def wanted(text: str) -> bool:
    return ")=" in text or "```{" in text or "~~~{" in text or ":::{" in text


def run(doc: Doc, ctx: Context) -> Doc:
    out = Out()
    lines, src = doc.lines, doc.src
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        m = fence_open(line) if ("`" in line or "~" in line) else None
        c = _COLON_FENCE.match(line) if m is None and ":::{" in line else None
        fm = m or c
        if fm is not None:
            prefix, fence = fm.group("prefix"), fm.group("fence")
            if m is not None:
                d = _DIRECTIVE.match(m.group("info").strip()) if ">" not in prefix else None
                name, arg = (d.group(1), d.group(2)) if d else (None, "")
            else:
                name, arg = fm.group("name"), fm.group("arg")
            j = i + 1
            while j < n and not _closes(lines[j], fence):
                j += 1
            if name is None:  # ordinary code: copy it untouched
                for k in range(i, min(j + 1, n)):
                    out.add(lines[k], src[k])
                i = j + 1
                continue
            cut = leading_ws(prefix)
            body = [b[min(leading_ws(b), cut):] for b in lines[i + 1 : j]]
            _directive(name.lower(), arg.strip(), body, src[i + 1 : j] or [src[i]], src[i], prefix, fence, ctx, out)
            i = j + 1
            continue
        if ")=" in line and _LABEL.match(line):
            i += 1  # a cross-reference target; headings keep their own anchors
            continue
        out.add(line, src[i])
        i += 1
    return out.doc()


def _closes(line: str, fence: str) -> bool:
    if fence[0] == ":":
        s = line.strip()
        return s.startswith(fence) and not s.strip(":")
    return is_fence_close(line, fence)


def _directive(name: str, arg: str, body: list[str], body_src: list[int], at: int, prefix: str, fence: str, ctx: Context, out: Out) -> None:
    options, k = _options(body)
    body, body_src = body[k:], body_src[k:] or [at]
    pad = " " * leading_ws(prefix)

    def emit(line: str, s: int) -> None:
        out.add(pad + line if line else "", s)

    if name in _DROPPED:
        ctx.warn(at, "myst-toctree", f"MyST '{{{name}}}' directive removed: navigation comes from the generator, not from the page")
        return
    if name in ADMONITIONS:
        kind, default = ADMONITIONS[name]
        title = arg if arg else default
        emit(f'!!! {kind} "{quote_title(title)}"' if title else f"!!! {kind}", at)
        inner = run(Doc(body, body_src), ctx)  # directives nest
        for line, s in zip(indent_lines(inner.lines), inner.src):
            emit(line, s)
        emit("", at)
        return
    if name in _CODE or name == "mermaid":
        lang = "mermaid" if name == "mermaid" else arg.split()[0] if arg else ""
        ticks = "`" * max(3, len(fence)) if fence[0] != "~" else fence
        emit(ticks + lang, at)
        for line, s in zip(body, body_src):
            out.add(pad + line if line else "", s)
        emit(ticks, at)
        return
    if name in ("image", "figure"):
        alt = options.get("alt", "")
        emit(f"![{alt}]({arg})", at)
        caption = " ".join(b.strip() for b in body if b.strip())
        if name == "figure" and caption:
            emit("", at)
            emit(f"*{caption}*", at)
        return
    ctx.warn(at, "myst-directive", f"MyST directive '{{{name}}}' has no equivalent here; its text is shown as a code block")
    emit("```text", at)
    emit(f"{{{name}}} {arg}".rstrip(), at)
    for line, s in zip(body, body_src):
        out.add(pad + line if line else "", s)
    emit("```", at)


def _options(body: list[str]) -> tuple[dict[str, str], int]:
    """Directive options: ':key: value' lines or a '---' YAML block at the top of the body."""
    opts: dict[str, str] = {}
    k = 0
    if body and body[0].strip() == "---":
        for k in range(1, len(body)):
            if body[k].strip() == "---":
                for line in body[1:k]:
                    key, _, value = line.partition(":")
                    opts[key.strip()] = value.strip()
                return opts, k + 1
        return {}, 0
    while k < len(body):
        m = _OPTION.match(body[k])
        if not m:
            break
        opts[m.group(1)] = m.group(2)
        k += 1
    return opts, k
