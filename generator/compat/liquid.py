"""Jekyll's Liquid: tags and variables that a Jekyll site expands before Markdown runs.

We cannot run the templates (the site's includes and data are not part of the content), so the tags
that carry meaning are translated: ``{% link %}`` becomes a relative link, note callouts built with
``{% capture %}`` + ``{% include alert--note.html %}`` become admonitions, ``{% mermaid_diagram %}``
becomes a mermaid fence. Tags that only a template can expand are dropped with a warning, keeping
whatever readable text surrounds them; ``{% raw %}`` keeps its content literal, as Jekyll does.
"""

from __future__ import annotations

import re

from ._doc import TEXT, Context, Doc, Out, code_mask, leading_ws
from .liquid_capture import end_capture, include
from .paths import relative_link, resolve_source

_TOKEN = re.compile(r"(?<!\{)\{%-?\s*(\w+)(.*?)-?%\}|\{\{-?\s*(.*?)\s*-?\}\}", re.S)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_RAW_TAG = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")
_RAW_OPEN = re.compile(r"\{%-?\s*raw\s*-?%\}")
_RAW_CLOSE = re.compile(r"\{%-?\s*endraw\s*-?%\}")
_END_TAG = re.compile(r"\{%-?\s*(end\w+)\s*-?%\}")
_LITERAL = re.compile(r"^(['\"])(.*)\1$")
_PLACEHOLDER = re.compile("\ue002([^\ue003]*)\ue003")
_SPAN_REF = re.compile("\ue000(\\d+)\ue001")
_LINK_WITH_PLACEHOLDER = re.compile(r"(!?)\[([^\[\]]*)\]\(([^()\s]*\ue002[^()]*)\)")

# Tags that open a block closed by 'end<tag>': needed to find where a dropped block ends.
_BLOCKS = {"for", "if", "unless", "case", "capture", "comment", "tablerow", "raw", "highlight"}
_SKIPPED = {"for": "liquid-loop", "tablerow": "liquid-loop", "comment": None}
_CONDITIONS = {"if", "unless", "case"}
_QUIET = {"elsif", "else", "when", "assign", "increment", "decrement", "endraw", "endcapture"}
_DIAGRAMS = {"mermaid_diagram": "mermaid", "mermaid": "mermaid"}
_BASE = {"site.baseurl", "site.url", "site.github.url"}

def wanted(text: str) -> bool:
    return "{%" in text or "{{" in text


class _State:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.out = Out()
        self.raw = False
        self.skip = 0  # depth inside a dropped block ({% for %}, {% comment %})
        self.capture: tuple[str, list[tuple[str, int]]] | None = None
        self.captures: dict[str, tuple[int, int]] = {}  # name -> [start, end) in out
        self.verbatim: tuple[str, str, str] | None = None  # (end tag, fence, indent)
        self.pieces: list[str] = []

    def emit(self, line: str, src: int) -> None:
        if self.capture is not None:
            self.capture[1].append((line, src))
        else:
            self.out.add(line, src)


def run(doc: Doc, ctx: Context) -> Doc:
    st = _State(ctx)
    lines, src = doc.lines, doc.src
    mask = code_mask(lines)
    i, n = 0, len(lines)
    while i < n:
        line, s = lines[i], src[i]
        if st.verbatim is not None:
            _verbatim_line(st, line, s)
            i += 1
            continue
        if mask[i] != TEXT:
            if not st.skip:
                st.emit(line, s)
            i += 1
            continue
        if "{" not in line or ("{%" not in line and "{{" not in line):
            if not st.skip:
                st.emit(line, s)
            i += 1
            continue
        chunk = line
        # A tag may run over several lines ({% include x\n  a=1\n  b=2 %}); take it whole.
        while chunk.count("{%") > chunk.count("%}") and i + 1 < n and mask[i + 1] == TEXT:
            i += 1
            chunk += "\n" + lines[i]
        _chunk(st, chunk, s)
        i += 1
    if st.capture is not None:
        ctx.warn(st.capture[1][0][1] if st.capture[1] else 0, "liquid-unclosed", f"'{{% capture {st.capture[0]} %}}' is never closed")
        end_capture(st)
    if st.verbatim is not None:
        st.out.add(st.verbatim[2] + st.verbatim[1], src[-1] if src else 0)
    return st.out.doc()


def _verbatim_line(st: _State, line: str, s: int) -> None:
    end, fence, indent = st.verbatim  # type: ignore[misc]
    m = next((t for t in _END_TAG.finditer(line) if t.group(1) == end), None) if "{%" in line else None
    if m is None:
        st.emit(line, s)
        return
    if line[: m.start()].strip():
        st.emit(line[: m.start()], s)
    st.emit(indent + fence, s)
    st.verbatim = None
    rest = line[m.end() :]
    if rest.strip():
        st.emit(rest, s)


def _chunk(st: _State, chunk: str, s: int) -> None:
    spans: list[str] = []
    if not st.skip and "`" in chunk:
        chunk = _CODE_SPAN.sub(lambda m: _protect(m, spans), chunk)
    started_in_skip = st.skip > 0
    st.pieces = []
    had_tag = False
    pos = 0
    for m in _TOKEN.finditer(chunk):
        _text(st, chunk[pos : m.start()])
        pos = m.end()
        had_tag = True
        if m.group(1) is not None:
            _tag(st, m, chunk, s)
            if st.verbatim is not None:  # the rest of the line is diagram/code text
                rest = chunk[pos:]
                if rest.strip():
                    st.emit(rest, s)
                return
        else:
            _variable(st, m, s)
    _text(st, chunk[pos:])
    text = "".join(st.pieces)
    if started_in_skip and st.skip and not text.strip():
        return
    for part in _finish(text, spans).split("\n"):
        if had_tag and not part.strip():
            # Jekyll leaves a blank line where a tag stood; inside HTML or after a blank line that
            # blank line would only split the HTML block, so there the line goes.
            prev = _last_line(st)
            if prev is None or not prev.strip() or prev.lstrip().startswith("<"):
                continue
            part = ""
        st.emit(part, s)


def _last_line(st: _State) -> str | None:
    if st.capture is not None:
        return st.capture[1][-1][0] if st.capture[1] else None
    return st.out.lines[-1] if st.out.lines else None


def _protect(m: re.Match[str], spans: list[str]) -> str:
    code = m.group(0)
    if "raw" in code and _RAW_TAG.search(code):
        # `{% raw %}{{ x }}{% endraw %}` in inline code: Jekyll strips the tags before Markdown sees
        # the code span, so the reader is meant to see only what is between them.
        opened = _RAW_OPEN.search(code)
        closed = _RAW_CLOSE.search(code)
        if opened and closed and opened.start() < closed.start():
            code = _RAW_TAG.sub("", code)
    spans.append(code)
    return f"\ue000{len(spans) - 1}\ue001"


def _text(st: _State, text: str) -> None:
    if text and not st.skip:
        st.pieces.append(text)


def _flush(st: _State, s: int) -> None:
    text = "".join(st.pieces)
    st.pieces = []
    if text.strip():
        for part in text.split("\n"):
            st.emit(part, s)


def _tag(st: _State, m: re.Match[str], chunk: str, s: int) -> None:
    tag, args = m.group(1), m.group(2).strip()
    ctx = st.ctx
    if st.raw:
        if tag == "endraw":
            st.raw = False
        else:
            st.pieces.append(m.group(0))
        return
    if st.skip:
        if tag in _BLOCKS:
            st.skip += 1
        elif tag.startswith("end") and tag[3:] in _BLOCKS:
            st.skip -= 1
        return
    if tag == "raw":
        st.raw = True
    elif tag in _SKIPPED:
        st.skip = 1
        code = _SKIPPED[tag]
        if code:
            ctx.warn(s, code, f"'{{% {tag} {args} %}}' loops over site data that is not part of the content; the block was removed")
    elif tag in _CONDITIONS:
        ctx.warn(s, "liquid-condition", f"'{{% {tag} {args} %}}' cannot be evaluated here; the text of every branch is kept")
    elif tag == "capture":
        _flush(st, s)
        st.capture = (args.split()[0] if args else "", [])
    elif tag == "endcapture":
        _flush(st, s)
        end_capture(st)
    elif tag in ("include", "include_relative", "render"):
        include(st, tag, args, s)
    elif tag == "link":
        st.pieces.append(_link(ctx, args.strip("'\"")))
    elif tag == "post_url":
        st.pieces.append(_link(ctx, f"_posts/{args.strip()}.md"))
    elif tag in _DIAGRAMS or tag == "highlight":
        _flush(st, s)
        lang = _DIAGRAMS.get(tag) or (args.split()[0] if args else "")
        indent = " " * leading_ws(chunk)
        st.emit(indent + "```" + lang, s)
        st.verbatim = ("end" + tag, "```", indent)
    elif tag in _QUIET or tag.startswith("end"):
        pass
    else:
        ctx.warn(s, "liquid-tag", f"Liquid tag '{{% {tag} %}}' needs the Jekyll site to expand; it was removed")


def _link(ctx: Context, path: str) -> str:
    target = resolve_source(path, ctx.known_paths)
    return relative_link(target or path, ctx.src_path)


def _variable(st: _State, m: re.Match[str], s: int) -> None:
    if st.skip:
        return
    if st.raw:
        st.pieces.append(m.group(0))
        return
    expr = m.group(3)
    head, _, filters = expr.partition("|")
    head = head.strip()
    if head in _BASE:
        return  # links become site-relative; the generator decides the base URL
    lit = _LITERAL.match(head)
    if lit and ("relative_url" in filters or "absolute_url" in filters):
        st.pieces.append(lit.group(2))
        return
    for scope in ("site.", "page."):
        if head.startswith(scope) and re.fullmatch(r"[\w.\-\[\]]+", head):
            key = head[len(scope):] if scope == "site." else head
            value = st.ctx.variables.get(key)
            if value is not None:
                st.pieces.append(str(value))
            else:
                st.ctx.warn(s, "liquid-variable", f"'{{{{ {head} }}}}' has no value here; shown as '{key}' (give it a value in the site variables)")
                st.pieces.append(f"\ue002{key}\ue003")
            return
    st.pieces.append(m.group(0))  # not Jekyll's ({{ summary }} in a template, Go templates): leave it


def _finish(text: str, spans: list[str]) -> str:
    if "\ue002" in text:
        # A link whose target is an unknown variable would point nowhere: keep only its text.
        text = _LINK_WITH_PLACEHOLDER.sub(lambda m: f"*{m.group(2)}*" if m.group(1) else m.group(2), text)
        text = _PLACEHOLDER.sub(lambda m: _placeholder(m, text), text)
    if spans:
        text = _SPAN_REF.sub(lambda m: spans[int(m.group(1))], text)
    return text


def _placeholder(m: re.Match[str], text: str) -> str:
    before = text[: m.start()]
    if before.rfind("<") > before.rfind(">"):
        return m.group(1)  # inside an HTML tag: backticks would be literal
    return f"`{m.group(1)}`"
