"""The static search index the build writes (generator/static_search: terms.py, text.py, bundle.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from generator.static_search.bundle import document, write_index
from generator.static_search.terms import count_terms, fnv1a, shard_of
from generator.static_search.text import page_text, page_text_and_sections


def test_words_are_lower_cased_and_chinese_is_cut_into_characters_and_pairs():
    counts, length = count_terms("Set a Baseline: 关键路径 and the baseline_v2")
    assert counts["baseline"] == 2 and counts["set"] == 1 and counts["v2"] == 1
    assert {t for t in counts if not t.isascii()} == {"关", "键", "路", "径", "关键", "键路", "路径"}
    assert length == 11  # 7 words and 4 characters
    # Full-width letters read as their ASCII forms (NFKC), as search.js normalises a query.
    assert count_terms("ＡＰＩ")[0] == {"api": 1}


def test_shards_match_search_js():
    # search.js computes the same numbers (fnv1a over code points, the term's first three characters).
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C
    assert shard_of("configure", 97) == shard_of("config", 97) == shard_of("con", 97)
    assert shard_of("路径", 97) == fnv1a("路径") % 97


def test_page_text_drops_tags_scripts_and_permalinks_and_decodes_entities():
    html = ('<h2 id="x">Set <em>up</em><a class="headerlink" href="#x">¶</a></h2><p>a&lt;script&gt;b</p>'
            "<script>secret()</script><pre><code>x = 1</code></pre>")
    assert page_text(html) == "Set up a<script>b x = 1"


def test_every_kind_of_whitespace_becomes_one_space_and_other_characters_stay():
    """Runs of any character Unicode calls whitespace (an ideographic space, a no-break space from
    &nbsp;, a line separator, the ASCII separators) become one space and the ends go; a zero-width
    space or joiner is not whitespace and stays."""
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert {"\u3000", "\xa0", "\u2028", "\x1f", "\x85"} <= set(spaces)
    inner = "".join(f"w{i}{ch}{ch}" for i, ch in enumerate(spaces)) + "zero\u200bwidth\u200djoin"
    assert page_text(f"<p>{spaces[0]}{inner}&nbsp; end{spaces[-1]}</p>") == " ".join(
        [f"w{i}" for i in range(len(spaces))] + ["zero\u200bwidth\u200djoin", "end"])


def test_sections_start_where_their_heading_does_in_the_text():
    text, sections = page_text_and_sections('<p>Intro</p><h2 id="set-up">Set <em>up</em><a class="headerlink" href="#set-up">¶</a></h2>'
                                            '<p>Body</p><h3 id="a&amp;b">A &amp; B</h3><h2 id="empty"></h2><p>End</p>')
    assert text == "Intro Set up Body A & B End"
    assert sections == [[6, "set-up", "Set up"], [18, "a&b", "A & B"]]
    assert all(text[at:].startswith(title) for at, _, title in sections)


def _docs():
    return [
        document("articles/zh/b/", "zh", "关键路径", "<p>关键路径 说明</p>", {"id": "b", "type": "article", "category": "gantt"}),
        document("articles/a/", "en", "Baselines", "<p>Set a baseline. " + "word " * 50 + "</p>",
                 {"id": "a", "type": "article", "category": "gantt"}),
        document("articles/c/", "en", "Other", "<p>baseline once among many other words " + "filler " * 200 + "</p>",
                 {"id": "c", "type": "runbook", "category": ""}),
    ]


def _read(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_same_pages_give_the_same_bytes_in_any_order(tmp_path):
    write_index(tmp_path / "a", _docs())
    write_index(tmp_path / "b", list(reversed(_docs())))
    first = _read(tmp_path / "a" / "static-search")
    assert first == _read(tmp_path / "b" / "static-search")
    assert "meta.json" in first and "facets.json" in first and "docs/0.json" in first


def test_layout_scores_and_facets(tmp_path):
    stats = write_index(tmp_path, _docs())
    root = tmp_path / "static-search"
    meta = json.loads((root / "meta.json").read_text(encoding="utf-8"))
    assert stats["pages"] == meta["docs"] == 3
    assert meta["langs"] == {"en": [0, 2], "zh": [2, 3]}  # numbered by language, then URL
    assert meta["facets"] == {"category": ["", "gantt"], "type": ["article", "runbook"]}
    facets = json.loads((root / "facets.json").read_text(encoding="utf-8"))
    assert facets == {"category": [1, 0, 1], "type": [0, 1, 0]}
    docs = [json.loads((root / "docs" / f"{i}.json").read_text(encoding="utf-8")) for i in range(3)]
    assert [d["url"] for d in docs] == ["articles/a/", "articles/c/", "articles/zh/b/"]
    assert docs[2]["text"] == "关键路径 说明" and docs[2]["title"] == "关键路径"

    shard = json.loads((root / "terms" / f"{shard_of('baseline', meta['shards'])}.json").read_text(encoding="utf-8"))
    postings = shard["baseline"]
    # Gaps from the previous document; in the title and short, doc 0 outranks doc 1.
    assert postings[0::2] == [0, 1]
    assert postings[1] > postings[3] > 0
    pairs = json.loads((root / "terms" / f"{shard_of('路径', meta['shards'])}.json").read_text(encoding="utf-8"))
    assert pairs["路径"][0::2] == [2]


def test_a_rebuild_replaces_the_old_index_whole(tmp_path):
    write_index(tmp_path, _docs())
    write_index(tmp_path, _docs()[:1])
    root = tmp_path / "static-search"
    assert sorted(p.name for p in (root / "docs").iterdir()) == ["0.json"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_hostile_text_is_stored_as_data(tmp_path):
    """Markup in a title or body is text to the index: it reaches the browser as a JSON string,
    which search.js puts in the page as text (tests/browser/test_static_index.py)."""
    write_index(tmp_path, [document("x/", "en", '<img src=x onerror="alert(1)">', "<p>&lt;script&gt;alert(2)&lt;/script&gt;</p>",
                                    {"id": "x", "type": "article", "category": '"><b>'})])
    doc = json.loads((tmp_path / "static-search" / "docs" / "0.json").read_text(encoding="utf-8"))
    assert doc["title"] == '<img src=x onerror="alert(1)">'
    assert doc["text"] == "<script>alert(2)</script>"


def test_the_option_reads_the_former_pagefind_value_as_the_index():
    from mkdocs.config.base import ValidationError

    from generator.mkdocs_plugin.config import StaticSearch

    option = StaticSearch()
    assert option.validate("pagefind") == "index" and "static_search: index" in option.warnings[0]
    assert option.validate("material") == "material"
    with pytest.raises(ValidationError):
        option.validate("lunr")


def test_a_rebuild_writes_only_what_changed_and_removes_what_is_gone(tmp_path):
    write_index(tmp_path, _docs())
    root = tmp_path / "static-search"
    before = {rel: (root / rel).stat().st_mtime_ns for rel in _read(root)}
    (root / "docs" / "7.json").write_text("{}", encoding="utf-8")  # left by a larger index
    (root / "stray.txt").write_text("x", encoding="utf-8")
    (root / "old" / "shard").mkdir(parents=True)
    (root / "old" / "shard" / "0.json").write_text("{}", encoding="utf-8")

    stats = write_index(tmp_path, _docs())  # the same pages again
    assert stats["written"] == 0
    assert {rel: (root / rel).stat().st_mtime_ns for rel in _read(root)} == before  # nothing rewritten, nothing extra

    fewer = [d for d in _docs() if d.url != "articles/c/"]
    write_index(tmp_path, fewer)
    write_index(tmp_path / "fresh", fewer)
    assert _read(root) == _read(tmp_path / "fresh" / "static-search")  # as if written into an empty folder


def test_files_in_the_way_of_the_index_are_replaced(tmp_path):
    (tmp_path / "static-search").mkdir()
    (tmp_path / "static-search" / "terms").write_text("not a folder", encoding="utf-8")
    (tmp_path / "static-search" / "docs" / "0.json").mkdir(parents=True)
    write_index(tmp_path, _docs())
    write_index(tmp_path / "fresh", _docs())
    assert _read(tmp_path / "static-search") == _read(tmp_path / "fresh" / "static-search")


def test_links_in_the_index_folder_are_replaced_never_written_through(tmp_path):
    outside = tmp_path / "outside"
    (outside / "docs").mkdir(parents=True)
    (outside / "docs" / "0.json").write_text("keep me", encoding="utf-8")
    (outside / "meta.json").write_text("keep me too", encoding="utf-8")
    site = tmp_path / "site"
    (site / "static-search" / "terms").mkdir(parents=True)
    (site / "static-search" / "docs").symlink_to(outside / "docs")
    (site / "static-search" / "meta.json").symlink_to(outside / "meta.json")
    write_index(site, _docs())
    assert (outside / "docs" / "0.json").read_text(encoding="utf-8") == "keep me"
    assert (outside / "meta.json").read_text(encoding="utf-8") == "keep me too"
    write_index(tmp_path / "fresh", _docs())
    assert _read(site / "static-search") == _read(tmp_path / "fresh" / "static-search")
    site2 = tmp_path / "site2"
    site2.mkdir()
    (site2 / "static-search").symlink_to(outside)  # the whole folder a link
    write_index(site2, _docs())
    assert (outside / "meta.json").read_text(encoding="utf-8") == "keep me too"
    assert _read(site2 / "static-search") == _read(tmp_path / "fresh" / "static-search")


@pytest.mark.parametrize("seed", range(4))
def test_postings_are_scored_exactly_as_bm25_per_posting_gives_them(seed):
    """The scores computed all at once (numpy) are the numbers the per-posting BM25 expression
    gives, halves rounded to even, a zero raised to one: the static index's bytes do not depend on
    how they were computed."""
    import math
    import random

    from generator.static_search.bundle import K1, B, scored_postings

    rng = random.Random(seed)
    n = rng.randint(1, 300)
    doc_lengths = [rng.choice([0, 1, 7, 50, 400, 5000]) + rng.randint(0, 9) for _ in range(n)]
    avg = sum(doc_lengths) / n or 1.0
    lengths = [K1 * (1 - B + B * d / avg) for d in doc_lengths]
    postings = {}
    for t in range(rng.randint(1, 80)):
        ids = sorted(rng.sample(range(n), rng.randint(1, n)))
        postings[f"t{t}"] = [ids, [rng.choice([1, 1, 2, 3, 10, 500]) for _ in ids]]
    got = dict(scored_postings(postings, n, lengths))
    for term, (ids, tfs) in postings.items():
        weight = math.log(1 + (n - len(ids) + 0.5) / (len(ids) + 0.5)) * (K1 + 1) * 10
        want = []
        for prev, doc, tf in zip([0, *ids], ids, tfs):
            want += [doc - prev, round(weight * tf / (tf + lengths[doc])) or 1]
        assert got[term] == want, term
    assert list(got) == sorted(postings)


# -- the last build's index, patched (generator/static_search/reuse.py) ---------------------------

def _random_doc(rng, url: str, lang: str):
    words = ["baseline", "gantt", "task", "sync", "export", "calendar", "report", "关键", "路径", "日历", "导出"]
    body = " ".join(rng.choice(words) for _ in range(rng.randint(0, 60)))
    return document(url, lang, rng.choice(["Set up", "Export", "同步", "Sync a calendar"]), f"<h2 id='a'>Part</h2><p>{body}</p>",
                    {"id": url, "type": rng.choice(["article", "faq"]), "category": rng.choice(["", "gantt", "tasks"])})


def _build_with_cache(site: Path, cache_path: Path, docs: list, made: list) -> dict:
    """As a build does: every page a source whose entry the cache keeps, the cache pruned after."""
    import dataclasses

    from generator.build.cache import BuildCache, digest
    from generator.static_search.bundle import Document
    from generator.static_search.reuse import Source, write_index_reusing

    cache = BuildCache(cache_path, "test").open()

    def entry(key, doc):
        hit = cache.get(key)
        if hit is not None:
            return Document(**hit)
        made.append(doc.url)
        cache.put(key, dataclasses.asdict(doc))
        return doc

    sources = [Source(k, d.lang, d.url, lambda k=k, d=d: entry(k, d)) for d in docs for k in [digest("doc", dataclasses.asdict(d))]]
    result = write_index_reusing(site, sources, cache)
    cache.close(prune=True)
    return result


@pytest.mark.parametrize("seed", range(3))
def test_a_patched_index_is_the_index_made_from_every_page(tmp_path, seed):
    import random

    rng = random.Random(seed)
    docs = {f"p{i}/": _random_doc(rng, f"p{i}/", rng.choice(["en", "zh"])) for i in range(30)}
    cache_path, site = tmp_path / "cache.sqlite", tmp_path / "site"
    for round_ in range(12):
        edit = rng.choice(["body", "body", "two", "add", "remove", "none"]) if round_ else "first"
        before = dict(docs)
        if edit in ("body", "two"):
            for url in rng.sample(sorted(docs), 1 if edit == "body" else 2):
                docs[url] = _random_doc(rng, url, docs[url].lang)
        elif edit == "add":
            url = f"p{100 + round_}/"
            docs[url] = _random_doc(rng, url, rng.choice(["en", "zh"]))
        elif edit == "remove":
            del docs[rng.choice(sorted(docs))]
        made: list[str] = []
        result = _build_with_cache(site, cache_path, list(docs.values()), made)
        fresh = tmp_path / f"fresh-{round_}"
        write_index(fresh, list(docs.values()))
        assert _read(site / "static-search") == _read(fresh / "static-search"), (round_, edit)
        if edit in ("body", "two", "none"):  # every page where it was: only the changed pages' entries are made
            assert result["patched"], edit
            assert sorted(made) == sorted(u for u in docs if docs[u] != before[u])
        if edit in ("add", "remove", "first"):  # documents renumbered: made from every page
            assert not result["patched"]


def test_a_patched_build_rewrites_a_document_file_changed_since(tmp_path):
    import random

    rng = random.Random(7)
    docs = [_random_doc(rng, f"p{i}/", "en") for i in range(5)]
    cache_path, site = tmp_path / "cache.sqlite", tmp_path / "site"
    _build_with_cache(site, cache_path, docs, [])
    want = _read(site / "static-search")
    (site / "static-search" / "docs" / "3.json").write_text('{"title": "<script>alert(1)</script>"}', encoding="utf-8")
    (site / "static-search" / "docs" / "4.json").unlink()
    (site / "static-search" / "docs" / "9.json").write_text("{}", encoding="utf-8")
    result = _build_with_cache(site, cache_path, docs, [])
    assert result["patched"] and result["written"] == 2
    assert _read(site / "static-search") == want


def test_a_patched_build_reads_only_the_document_files_it_cannot_vouch_for(tmp_path, monkeypatch):
    """A document file untouched since the last build (inode, size, change time as noted) is not
    read again; the replaced page's file and one written over by hand are."""
    import random

    from generator.static_search import bundle

    rng = random.Random(11)
    docs = [_random_doc(rng, f"p{i}/", "en") for i in range(6)]
    cache_path, site = tmp_path / "cache.sqlite", tmp_path / "site"
    _build_with_cache(site, cache_path, docs, [])
    read: list[str] = []
    holds = bundle._holds
    monkeypatch.setattr(bundle, "_holds", lambda path, digest: read.append(path.name) or holds(path, digest))
    _build_with_cache(site, cache_path, docs, [])
    assert read == []
    docs[1] = _random_doc(rng, "p1/", "en")
    (site / "static-search" / "docs" / "4.json").write_text("{}", encoding="utf-8")
    result = _build_with_cache(site, cache_path, docs, [])
    assert sorted(read) == ["1.json", "4.json"] and result["patched"]
    write_index(tmp_path / "fresh", docs)
    assert _read(site / "static-search") == _read(tmp_path / "fresh" / "static-search")


def test_an_index_kept_without_the_entries_it_was_made_from_is_made_again(tmp_path):
    import random
    import sqlite3

    rng = random.Random(3)
    docs = [_random_doc(rng, f"p{i}/", "en") for i in range(6)]
    cache_path, site = tmp_path / "cache.sqlite", tmp_path / "site"
    _build_with_cache(site, cache_path, docs, [])
    with sqlite3.connect(cache_path) as conn:  # every page's entry gone, the kept index left
        conn.execute("DELETE FROM entries WHERE key NOT LIKE 'static search%'")
    docs[2] = _random_doc(rng, "p2/", "en")
    made: list[str] = []
    result = _build_with_cache(site, cache_path, docs, made)
    assert not result["patched"] and len(made) == 6
    write_index(tmp_path / "fresh", docs)
    assert _read(site / "static-search") == _read(tmp_path / "fresh" / "static-search")
