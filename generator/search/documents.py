"""Page -> the analyzed document the index stores: term counts per field plus display data."""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from generator.content.model import ContentSet, Page

from .analysis import terms
from .plaintext import to_plain


@dataclass
class Doc:
    page: Page
    fields: dict[str, Any] = field(default_factory=dict)  # what writer.add_document() gets
    counts: dict[str, Counter[str]] = field(default_factory=dict)  # analyzed text fields


def tag_text(content: ContentSet, page: Page) -> str:
    """Tags as searchable text: key, titles in every language and the taxonomy's synonyms, plus the
    ``keywords`` foreign front matter (DocFX, Docusaurus) uses for the same purpose."""
    parts: list[str] = []
    keywords = page.meta.get("keywords") if isinstance(page.meta, dict) else None
    if isinstance(keywords, str):
        parts.append(keywords)
    elif isinstance(keywords, list):
        parts.extend(str(k) for k in keywords)
    for name in page.tags:
        key = content.taxonomy.resolve_tag(name) or name
        parts.append(str(key).replace("-", " "))
        tag = content.taxonomy.tags.get(key)
        if tag:
            parts.extend(tag.title.values())
            parts.extend(tag.synonyms)
    return " \n".join(parts)


def versions_of(page: Page) -> list[str]:
    out = []
    if page.version is not None:
        out.append(f"={page.version}")
    if page.applies_to is not None:
        out.append(str(page.applies_to))
    return out


def translation_map(content: ContentSet) -> dict[str, list[str]]:
    """page id -> ids of its translations, both directions, in one pass (ContentSet.translations()
    scans every page per call, quadratic over a build)."""
    out: dict[str, list[str]] = {}
    for p in content.pages:
        if p.translation_of:
            out.setdefault(p.id, []).append(p.translation_of)
            out.setdefault(p.translation_of, []).append(p.id)
    return out


def analyze(content: ContentSet, page: Page, translations: dict[str, list[str]] | None = None,
            tag_terms: list[str] | None = None) -> Doc:
    """The page as the index holds it. ``tag_terms``: ``terms`` of its tag text, when known already."""
    plain = to_plain(page.body, page.headings, page.body_line)
    title = page.title
    # The summary says what the whole page is about: it weighs like a heading (and counts as body).
    heads = "\n".join([page.summary, *(s.title for s in plain.sections)])
    tags = tag_text(content, page)
    counts = {
        "title": Counter(terms(title)),
        "tags": Counter(terms(tags) if tag_terms is None else tag_terms),
        "headings": Counter(terms(heads)),
        # The summary is prose about the page, so it counts as body text.
        "body": Counter(terms(page.summary + "\n" + plain.text if page.summary else plain.text)),
    }
    tag_keys = [content.taxonomy.resolve_tag(t) or str(t) for t in page.tags]
    fields = {
        "id": page.id,
        "type": page.type,
        "lang": page.lang,
        "category": page.category or "",
        "tag": ",".join(t.replace(",", " ") for t in tag_keys),
        "versions": versions_of(page),
        "date": page.date.isoformat() if page.date else "",
        "url": page.url,
        "source": page.src_path,
        "translation": (translations.get(page.id, []) if translations is not None else [p.id for p in content.translations(page)]),
        "sections": [(s.title, s.anchor, s.level, s.start) for s in plain.sections],
        "title": dict(counts["title"]),
        "_stored_title": title,
        "tags": dict(counts["tags"]),
        "_stored_tags": tags,
        "headings": dict(counts["headings"]),
        "body": dict(counts["body"]),
        "_stored_body": plain.text,
    }
    if not fields["category"]:
        del fields["category"]
    if not fields["tag"]:
        del fields["tag"]
    return Doc(page, fields, counts)


KEYTERM_FIELDS = ("body", "title", "headings")  # the fields key terms are weighed from


def document_frequencies(docs: list[Doc]) -> Counter[str]:
    """How many pages use each term in a key-term field."""
    df: Counter[str] = Counter()
    for d in docs:
        seen = set(d.counts["body"]) | set(d.counts["title"]) | set(d.counts["headings"])
        df.update(seen)
    return df


def add_keyterms(docs: list[Doc], limit: int = 15, df: Counter[str] | None = None,
                 kept: list[list[tuple[str, float]] | None] | None = None) -> None:
    """Each page's most distinctive terms by tf-idf, stored for more-like-this at build and query time.
    ``df``: ``document_frequencies(docs)`` when the caller has it; ``kept``: by position, key terms
    that are known to be these pages' (``None`` where not), which are taken as they are."""
    if df is None:
        df = document_frequencies(docs)
    n = max(len(docs), 1)
    # log(n / df) of each term that can relate pages, once per term rather than once per page using it
    # (a term no other page has cannot relate pages; nor can numbers and single Latin letters)
    idf = {t: math.log(n / f) for t, f in df.items() if not (f < 2 or t.isdigit() or len(t) < 2 and t.isascii())}
    log = math.log
    for position, d in enumerate(docs):
        if kept is not None and kept[position] is not None:
            d.fields["keyterms"] = kept[position]
            continue
        # title x3 + headings x1.5 + body. Counts are whole numbers, so every partial sum is exact
        # and the order of adding does not matter: start from the body (most of the terms) as is.
        weights: dict[str, float] = dict(d.counts["body"])
        for name, mult in (("title", 3.0), ("headings", 1.5)):
            for t, c in d.counts[name].items():
                weights[t] = weights.get(t, 0) + mult * c
        scored = [(log(1 + w) * i, t) for t, w in weights.items() if (i := idf.get(t)) is not None]
        # The terms differ, so no two pairs tie: the same as sorting all and keeping the first.
        d.fields["keyterms"] = [(t, round(s, 3)) for s, t in heapq.nlargest(limit, scored)]
