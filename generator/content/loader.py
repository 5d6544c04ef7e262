"""Read a content folder into a ContentSet: front matter, derived titles, dates, versions, languages.

Our own kb/ is "managed" (it has categories.yml or the four type folders) and held to the full
schema. Anything else is foreign content written for another tool: it is read leniently, ids come
from paths and ``content_type`` says what the whole folder holds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any, Protocol
from urllib.parse import quote

from . import audience as audiences_
from . import dates, schema, stored_pages
from .containment import RefusedLink, walk
from .diagnostics import Diagnostic, Diagnostics
from .frontmatter import FrontMatter, FrontMatterError, split
from .ids import ID_PATTERN, id_from_path
from .markdown_scan import plain_text, scan_headings, scan_links
from .model import TYPE_FOLDERS, ContentSet, Page
from .nesting import too_deep
from .safe_yaml import shorten
from .taxonomy import CATEGORIES_FILE, load_taxonomy
from .untrusted_text import first_stray_control, is_invisible
from .versions import Version, VersionRange, find_version

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".mkdn"}
_CJK = re.compile(r"[\u3400-\u9fff]")
_WORDISH = re.compile(r"[A-Za-z]+|[\u3400-\u9fff]")

Progress = Callable[[int, int, str], None]
class EntryStore(Protocol):
    """Where ``load`` keeps pages between builds (generator.build.cache.BuildCache)."""

    def get(self, key: str) -> Any: ...
    def put(self, key: str, value: Any) -> None: ...


# (path, managed, type, lang) -> ((mtime_ns, size), Page, its diagnostics); kept by `kb preview`.
PageCache = dict[tuple[str, bool, str | None, str], tuple[tuple[int, int], Page | None, list[Diagnostic]]]


def is_managed(root: Path) -> bool:
    return (root / CATEGORIES_FILE).exists() or any((root / d).is_dir() for d in TYPE_FOLDERS)


def find_sources(root: Path) -> tuple[list[str], list[str], list[RefusedLink]]:
    """Pages under ``root`` (posix, relative), the other files, and the links not followed.

    Pages are Markdown files, extension-less files that are clearly Markdown, and DocFX FAQ
    documents (``### YamlMime:FAQ`` YAML), which become Markdown pages.
    """
    pages, assets = [], []
    found, refused = walk(root)
    for path in found:
        rel = path.relative_to(root)
        suffix = path.suffix.lower()
        if suffix in MARKDOWN_SUFFIXES or (suffix == "" and _looks_like_markdown(path)) or (suffix in (".yml", ".yaml") and _is_faq(path)):
            pages.append(rel.as_posix())
        else:
            assets.append(rel.as_posix())
    return pages, assets, refused


def _is_faq(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(64).lstrip(b"\xef\xbb\xbf").startswith(b"### YamlMime:FAQ")


def _looks_like_markdown(path: Path) -> bool:
    if path.name.isupper() or path.stat().st_size > 2_000_000:  # LICENSE, NOTICE, ...
        return False
    try:
        head = path.read_bytes()[:512].decode("utf-8")
    except UnicodeDecodeError:
        return False
    first = next((line for line in head.splitlines() if line.strip()), "")
    return first.startswith("# ") or first.strip() in ("---", "+++")


def url_for(src_path: str, use_directory_urls: bool = True) -> str:
    """The page URL MkDocs gives a source path (README counts as index), relative to the site root."""
    p = PurePosixPath(src_path)
    stem = p.stem if p.suffix.lower() in MARKDOWN_SUFFIXES else p.name
    stem = "index" if stem == "README" else stem
    parent = "" if str(p.parent) == "." else str(p.parent) + "/"
    if stem == "index":
        url = parent
    elif use_directory_urls:
        url = f"{parent}{stem}/"
    else:
        url = f"{parent}{stem}.html"
    return quote(url)


def page_src_uri(rel: str) -> str:
    """The Markdown path a page is published from: FAQ YAML and extension-less files get '.md'."""
    p = PurePosixPath(rel)
    if p.suffix.lower() in MARKDOWN_SUFFIXES:
        return rel
    if p.suffix.lower() in (".yml", ".yaml"):
        return str(p.with_suffix(".md"))
    return rel + ".md"


def detect_lang(src_path: str, body: str, default: str) -> str:
    parts = re.split(r"[/.]", src_path.lower())
    if "zh" in parts or "zh-cn" in parts or "zh_cn" in parts or any(p.endswith(".zh") for p in src_path.split("/")):
        return "zh"
    if "en" in parts:
        return "en"
    sample = body[:4000]
    tokens = _WORDISH.findall(sample)
    if tokens and sum(1 for t in tokens if _CJK.match(t)) / len(tokens) > 0.3:
        return "zh"
    return default


def content_type_for(src_path: str, managed: bool, forced: str | None) -> str:
    if forced:
        return forced
    if managed:
        return TYPE_FOLDERS.get(src_path.split("/", 1)[0], "page")
    return "article"


def humanize(stem: str) -> str:
    text = re.sub(r"[_]+", " ", stem)
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text) if " " not in text else text
    return text.strip().capitalize() if text.islower() else text.strip()


def load(
    root: Path,
    *,
    content_type: str | None = None,
    default_lang: str = "en",
    collection: str | None = None,
    progress: Progress | None = None,
    cache: PageCache | None = None,
    audiences: Mapping[str, str] | None = None,
    store: EntryStore | None = None,
) -> ContentSet:
    """Read every page under ``root``.

    ``cache`` (a dict the caller keeps between calls, as ``kb preview`` does) skips re-reading files
    whose size and modification time did not change: on a 5,000-page help center a save must not
    cost a full read. ``store`` (the build cache) keeps each file's page between builds, found by
    the file's bytes. ``audiences``: each content type's default audience (built-in defaults if None).
    """
    root = Path(root)
    diags = Diagnostics()
    managed = is_managed(root) and content_type is None
    taxonomy = load_taxonomy(root, diags) if managed else load_taxonomy(Path("/nonexistent"), diags)
    sources, assets, refused = find_sources(root)
    for link in refused:
        diags.error(link.path, 1, "link-outside", link.message())
    pages: list[Page] = []
    read: dict[str, bytes] = {}  # (only when reading through ``store``: a build's)
    for n, rel in enumerate(sources, start=1):
        if progress:
            progress(n, len(sources), rel)
        page = _read_cached(root, rel, managed, content_type, default_lang, diags, cache, store, read)
        if page is not None:
            page.collection = collection
            pages.append(page)
    audiences_.assign(pages, audiences)
    content = ContentSet(
        root=root, pages=pages, taxonomy=taxonomy, diagnostics=diags, managed=managed, assets=frozenset(assets),
        refused=frozenset(link.path for link in refused), sources=read,
    )
    _check_ids(content)
    return content


def _read_cached(root: Path, rel: str, managed: bool, content_type: str | None, default_lang: str, diags: Diagnostics,
                 cache: PageCache | None, store: EntryStore | None = None, sources: dict[str, bytes] | None = None) -> Page | None:
    if store is not None:
        return _read_stored(root, rel, managed, content_type, default_lang, diags, store, sources)
    if cache is None:
        return read_page(root, rel, managed, content_type, default_lang, diags)
    st = (root / rel).stat()
    key = (rel, managed, content_type, default_lang)
    stamp = (st.st_mtime_ns, st.st_size)
    hit = cache.get(key)
    if hit is not None and hit[0] == stamp:
        diags.extend(hit[2])
        return hit[1]
    own = Diagnostics()
    page = read_page(root, rel, managed, content_type, default_lang, own)
    cache[key] = (stamp, page, list(own.items))
    diags.extend(own.items)
    return page


def _read_stored(root: Path, rel: str, managed: bool, content_type: str | None, default_lang: str, diags: Diagnostics,
                 store: EntryStore, sources: dict[str, bytes] | None = None) -> Page | None:
    path = root / rel
    raw = path.read_bytes()
    if sources is not None:
        sources[os.path.abspath(path)] = raw
    key = "page:" + hashlib.blake2b(repr((rel, managed, content_type, default_lang)).encode("utf-8") + b"\0" + raw,
                                    digest_size=20).hexdigest()
    hit = store.get(key)
    if hit is not None:
        try:
            page, found = stored_pages.from_json(hit)
        except (KeyError, TypeError, ValueError):  # not as this code writes it: read the file instead
            pass
        else:
            diags.extend(found)
            return page
    own = Diagnostics()
    read = read_page(root, rel, managed, content_type, default_lang, own, raw)
    if read is not None:
        try:
            store.put(key, stored_pages.to_json(read, own.items))
        except stored_pages.Unstorable:
            pass
    diags.extend(own.items)
    return read


def read_page(root: Path, rel: str, managed: bool, forced_type: str | None, default_lang: str, diags: Diagnostics,
              raw: bytes | None = None) -> Page | None:
    if raw is None:
        raw = (root / rel).read_bytes()
    not_utf8 = False
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # An error, not a warning: MkDocs reads the file again itself and cannot publish it.
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
        diags.error(
            rel, line, "encoding",
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} in column {column})"
            + ("; it looks like UTF-16" if utf16 else "") + "; save it as UTF-8",
        )
        text = raw.decode("utf-8", errors="replace")
        not_utf8 = True
    text = text.replace("\r\n", "\n")
    if rel.lower().endswith((".yml", ".yaml")):
        text = _faq_page(rel, text, diags)
    ctype = content_type_for(rel, managed, forced_type)
    broken = False
    try:
        fm = split(text)
    except FrontMatterError as exc:
        diags.error(rel, exc.line, "front-matter", exc.message)
        fm = split("")
        fm.body = text
        broken = True  # one precise error beats a cascade of "missing key" ones
    data = dict(fm.data)
    for key in ("date", "reviewed"):
        # Authors write "October 12, 2023" or a timestamp; accept any unambiguous date.
        if key in data and data[key] is not None and not _is_plain_date(data[key]):
            data[key] = dates.to_date(data[key]) or data[key]
    meta, problems = schema.validate(ctype, data)
    for problem in problems:
        report = diags.error if managed else diags.warning
        report(rel, fm.line_of(problem.key), "front-matter", problem.message)
    if managed:
        for key, close in schema.unknown_keys(ctype, fm.data):
            hint = f"; did you mean '{close}'?" if close else ""
            diags.warning(rel, fm.line_of(key), "unknown-key", f"unknown front-matter key '{shorten(key, 60)}'{hint}")
    if meta.title is not None and is_invisible(meta.title):
        diags.error(rel, fm.line_of("title"), "front-matter", "front matter 'title' is empty: it holds only invisible characters")
        meta.title = None
    body = fm.body
    headings = scan_headings(body, fm.body_line)
    h1 = next(((h.text, h.line) for h in headings if h.level == 1 and not is_invisible(h.text)), None)
    stem = PurePosixPath(rel).stem if PurePosixPath(rel).suffix.lower() in MARKDOWN_SUFFIXES else PurePosixPath(rel).name
    if stem in ("index", "_index", "README") and PurePosixPath(rel).parent != PurePosixPath("."):
        stem = PurePosixPath(rel).parent.name
    title = meta.title or (h1[0] if h1 else None) or humanize(stem)
    if managed and not meta.title and not h1 and ctype != "page":
        diags.error(rel, 1, "no-title", "page has no title: add 'title:' to the front matter or start the body with '# Title'")

    lang = meta.lang or detect_lang(rel, body, default_lang)
    page_id = meta.id or id_from_path(rel)
    if managed and not meta.id and ctype != "page" and not broken:
        diags.error(rel, 1 if fm.fmt != "none" else 0, "front-matter", "missing required key 'id'; run 'kb new' to get a fresh one, or add 'id: <unique id>'")
    if meta.id and not ID_PATTERN.match(meta.id):
        diags.error(rel, fm.line_of("id"), "front-matter", f"front matter 'id': '{shorten(meta.id, 60)}' may use only a-z, 0-9, '-', '_', '.' and '/'")

    page = Page(
        id=page_id,
        type=ctype,
        src_path=rel,
        title=plain_text(str(title)),
        lang=lang,
        url=url_for(page_src_uri(rel)),
        body=body,
        body_line=fm.body_line,
        meta=fm.data,
        meta_lines=fm.key_lines,
        headings=headings,
        links=scan_links(body, fm.body_line),
        summary=meta.summary or str(fm.data.get("description") or fm.data.get("excerpt") or ""),
        tags=list(meta.tags),
        owner=meta.owner or _first(fm.data.get("author") or fm.data.get("authors")),
        reviewed=meta.reviewed,
        review_every=meta.review_every,
        aliases=list(meta.aliases),
        contributors=list(meta.contributors),
        submission=meta.submission,
        # A value that is not public/internal is an error above; until it is fixed the page stays internal.
        audience=meta.audience or (audiences_.INTERNAL if fm.data.get("audience") is not None else None),
        date=_page_date(meta.date, fm.data, rel, managed),
        not_utf8=not_utf8,
    )
    page.translation_of = getattr(meta, "translation_of", None)  # articles, runbooks, release notes
    if ctype in ("article", "page"):
        page.category = getattr(meta, "category", None)
        applies_to = getattr(meta, "applies_to", None)
        if applies_to:
            page.applies_to = VersionRange.parse(applies_to)
    elif ctype == "runbook":
        assert isinstance(meta, schema.RunbookMeta)  # schema.SCHEMAS[ctype]
        # Raw values; generator.runbooks decides which foreign pages are runbooks and their alert names.
        page.service = meta.service
        page.alert = meta.alert or (h1[0] if h1 else stem)
        page.severity = meta.severity
    elif ctype == "incident":
        assert isinstance(meta, schema.IncidentMeta)
        page.severity = meta.severity
        page.started, page.detected, page.resolved = (dates.to_datetime_utc(v) for v in (meta.started, meta.detected, meta.resolved))
        page.services = list(meta.services)
        page.status = meta.status
        page.runbooks = list(meta.runbooks)
        page.date = page.date or (page.started.date() if page.started else None)
    elif ctype == "release":
        assert isinstance(meta, schema.ReleaseMeta)
        page.affects = list(meta.affects)
        page.version = Version.parse(meta.version) if meta.version else (find_version(stem) or find_version(page.title))
        if page.version is None and managed:
            diags.error(rel, fm.line_of("version"), "front-matter", "release has no version: add 'version: 3.2.0' or name the file like '3.2.0.md'")

    if not not_utf8:  # undecodable text (UTF-16's NULs) is reported once, as an encoding error
        _report_controls(rel, fm, diags.error if managed else diags.warning)
    deep = too_deep(body, fm.body_line)
    if deep is not None:
        # A warning, not an error: the rest of the site still builds (--strict stops it).
        diags.warning(rel, deep.line, "too-deep", deep.message())
        page.unconvertible = deep.message()
    if managed and not broken:
        for key in schema.REQUIRED.get(ctype, ()):
            if key == "id":
                continue
            if key not in fm.data and not (key == "lang" and page.lang) and not (key == "date" and page.date):
                diags.error(rel, 1 if fm.fmt != "none" else 0, "front-matter", f"missing required key '{key}'")
    return page


def _report_controls(rel: str, fm: FrontMatter, report: Callable[[str, int, str, str], None]) -> None:
    """NUL, ESC, BEL... in a text file are a paste accident or an attack on whoever reads the output."""
    for key, value in fm.data.items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and (at := first_stray_control(text)) is not None:
                report(rel, fm.line_of(key), "control-character",
                            f"front matter '{shorten(key, 60)}' holds the control character U+{ord(text[at]):04X}; remove it")
                break
    at = first_stray_control(fm.body)
    if at is not None:
        line = fm.body_line + fm.body.count("\n", 0, at)
        report(rel, line, "control-character", f"the text holds the control character U+{ord(fm.body[at]):04X}; remove it")


def _page_date(front: dt.date | None, data: dict[str, Any], rel: str, managed: bool) -> dt.date | None:
    """Front matter wins in our kb; in Jekyll/Hugo folders the file-name date is what the site used
    (front-matter dates there are free text and sometimes disagree with it)."""
    from_path = dates.date_from_path(str(data.get("path") or "")) or dates.date_from_path(rel)
    if managed:
        return front or from_path
    return from_path or front or dates.to_date(data.get("ms.date"))


def _faq_page(rel: str, text: str, diags: Diagnostics) -> str:
    from ..compat import faq_to_markdown  # DocFX FAQ documents are YAML holding Markdown answers

    try:
        title, markdown = faq_to_markdown(text)
    except ValueError as exc:
        diags.warning(rel, 1, "faq-yaml", f"could not read the FAQ document: {exc}")
        return f"# {humanize(PurePosixPath(rel).stem)}\n"
    return markdown if markdown.lstrip().startswith("# ") else f"# {title}\n\n{markdown}"


def _is_plain_date(value: object) -> bool:
    import datetime as dt

    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _first(value: object) -> str | None:
    if isinstance(value, list):
        return str(value[0]) if value else None
    return str(value) if value else None


def _check_ids(content: ContentSet) -> None:
    first: dict[str, Page] = {}
    for page in content.pages:
        other = first.setdefault(page.id, page)
        if other is page:
            continue
        if content.managed:
            content.diagnostics.error(
                page.src_path, page.line_of("id"), "duplicate-id",
                f"id '{page.id}' is already used by {other.src_path}; ids must be unique (run 'kb new' for a fresh one)",
            )
        else:
            # Foreign content: two files with one slug (Hugo's 'X' beside 'X.md'); keep both reachable.
            n = 2
            while f"{page.id}~{n}" in first:
                n += 1
            content.diagnostics.warning(page.src_path, 0, "duplicate-id", f"derived id '{page.id}' is also {other.src_path}'s; using '{page.id}~{n}'")
            page.id = f"{page.id}~{n}"
            first[page.id] = page
    content.reindex()
