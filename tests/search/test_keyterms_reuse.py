"""A build that takes key terms from the last build gives every page the key terms a cold build
gives it: after random edits to pages' terms (so document frequencies move), pages added and
pages removed, each page's key terms equal ``add_keyterms`` from scratch, and pages nothing
reached are taken from the cache."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from generator.build.cache import BuildCache
from generator.search import build as index_build
from generator.search.documents import Doc, add_keyterms

VOCAB = [f"w{i}" for i in range(60)] + ["7", "x", "中文", "单"]


def _doc(rng: random.Random) -> tuple[Doc, str]:
    counts = {name: Counter({t: rng.randint(1, 4) for t in rng.sample(VOCAB, rng.randint(0, k))})
              for name, k in (("body", 25), ("title", 4), ("headings", 6), ("tags", 2))}
    key = f"doc-{rng.getrandbits(64):x}"  # a new analysis is a new entry key
    return Doc(None, {}, counts), key  # type: ignore[arg-type]  # key terms read only the counts


def _copy(doc: Doc) -> Doc:
    return Doc(doc.page, {}, {name: Counter(c) for name, c in doc.counts.items()})


@pytest.mark.parametrize("seed", range(6))
def test_kept_key_terms_equal_a_cold_weighing_after_random_edits(tmp_path, seed):
    rng = random.Random(seed)
    pages = [_doc(rng) for _ in range(40)]
    for build in range(8):
        if build:
            for _ in range(rng.randint(1, 3)):
                what = rng.random()
                if what < 0.7:
                    pages[rng.randrange(len(pages))] = _doc(rng)
                elif what < 0.85:
                    pages.append(_doc(rng))
                elif len(pages) > 2:
                    pages.pop(rng.randrange(len(pages)))
        docs = [_copy(d) for d, _ in pages]
        cache = BuildCache(tmp_path / "cache.sqlite", "test").open()
        index_build._add_keyterms_kept(docs, [k for _, k in pages], cache)
        cache.close(prune=True)
        cold = [_copy(d) for d, _ in pages]
        add_keyterms(cold)
        assert [d.fields["keyterms"] for d in docs] == [d.fields["keyterms"] for d in cold], f"build {build}"



def test_a_cache_entry_not_as_written_weighs_every_page(tmp_path):
    rng = random.Random(1)
    pages = [_doc(rng) for _ in range(10)]
    cache = BuildCache(tmp_path / "cache.sqlite", "test").open()
    cache.put(index_build._KEYTERMS, {"pages": 10, "df": [1, 2], "keyterms": {pages[0][1]: [["w1"]]}})
    docs = [_copy(d) for d, _ in pages]
    index_build._add_keyterms_kept(docs, [k for _, k in pages], cache)
    cold = [_copy(d) for d, _ in pages]
    add_keyterms(cold)
    assert [d.fields["keyterms"] for d in docs] == [d.fields["keyterms"] for d in cold]


def test_pages_an_edit_does_not_reach_are_taken_from_the_last_build(tmp_path, monkeypatch):
    """An edit that gives one page a word no other page has moves no other page's frequencies:
    every other page's key terms come from the cache, the edited page's are weighed again."""
    rng = random.Random(3)
    pages = [_doc(rng) for _ in range(30)]
    real_add = index_build.add_keyterms
    taken: list[int] = []

    def noting(docs, df=None, kept=None, **kw):
        taken.append(sum(k is not None for k in kept or []))
        return real_add(docs, df=df, kept=kept, **kw)

    monkeypatch.setattr(index_build, "add_keyterms", noting)
    for build in range(2):
        if build:
            edited, _ = pages[5]
            edited = _copy(edited)
            edited.counts["body"]["onlyhere"] = 2
            pages[5] = (edited, "edited-key")
        cache = BuildCache(tmp_path / "cache.sqlite", "test").open()
        docs = [_copy(d) for d, _ in pages]
        index_build._add_keyterms_kept(docs, [k for _, k in pages], cache)
        cache.close(prune=True)
    assert taken == [0, 29]
    cold = [_copy(d) for d, _ in pages]
    add_keyterms(cold)
    assert [d.fields["keyterms"] for d in docs] == [d.fields["keyterms"] for d in cold]
