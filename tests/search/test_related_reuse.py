"""A build that reuses the last build's related ranking ranks every page exactly as a cold build.

Random key-term tables with few distinct weights (so scores tie and docnums decide), a small
postings cap (so pages enter and leave capped lists), two languages, translations, and pages whose
terms meet too few others (fallback queries): after each random edit, the ranking with the cache
equals the ranking without it.
"""

from __future__ import annotations

import importlib
import random
from types import SimpleNamespace

import pytest

from generator.build.cache import BuildCache
from generator.search.related import DocTable, related_map
from generator.search.related_reuse import Reuse

ranking = importlib.import_module("generator.search.related")  # the package's ``related`` is the function

VOCAB = [f"t{i}" for i in range(20)]
WEIGHTS = [0.5, 1.0, 1.5, 2.0]


class _Index:
    def more_like(self, terms, allowed, limit):  # a stand-in fallback: deterministic, reads every page
        return sorted(allowed, key=lambda n: (-len(terms) * n % 7, n))[:limit]


class _Table(DocTable):
    """A DocTable from rows rather than analysed documents."""

    def __init__(self, pages, rows):
        self.docs = [SimpleNamespace(id=p.id, lang=p.lang) for p in pages]
        self.docnum = {p.id: n for n, p in enumerate(pages)}
        self.keyterms = [(dict(row), set()) for row in rows]
        self._index = _Index()


def _random_row(rng):
    return [(t, rng.choice(WEIGHTS)) for t in rng.sample(VOCAB, rng.randint(0, 8))]


def _edit(rng, pages, rows):
    pages = [SimpleNamespace(**vars(p)) for p in pages]
    rows = [list(r) for r in rows]
    for _ in range(rng.randint(1, 4)):
        n = rng.randrange(len(rows))
        what = rng.random()
        if what < 0.4:
            rows[n] = _random_row(rng)
        elif what < 0.7 and rows[n]:  # one weight moves, as idf does after an edit elsewhere
            i = rng.randrange(len(rows[n]))
            rows[n][i] = (rows[n][i][0], rng.choice(WEIGHTS))
        elif what < 0.8:
            pages[n].lang = rng.choice(["en", "zh"])
        elif what < 0.9:
            pages[n].translation_of = rng.choice(pages).id if rng.random() < 0.7 else None
        elif rows[n]:
            rng.shuffle(rows[n])  # same terms, another order: the sums add in another order
    return pages, rows


@pytest.mark.parametrize("seed", range(40))
def test_reused_ranking_equals_a_cold_one_after_random_edits(tmp_path, monkeypatch, seed):
    monkeypatch.setattr(ranking, "POSTINGS_CAP", 8)
    rng = random.Random(seed)
    pages = [SimpleNamespace(id=f"p{i}", lang=rng.choice(["en", "en", "zh"]), translation_of=None) for i in range(50)]
    for p in rng.sample(pages, 5):
        p.translation_of = rng.choice(pages).id
    rows = [_random_row(rng) for _ in pages]
    def build(content, table):  # one build: opens the cache, ranks, closes it as a build does
        cache = BuildCache(tmp_path / "cache.sqlite", "test").open()
        try:
            return related_map(content, table, limit=3, cache=cache)
        finally:
            cache.close(prune=True)

    build(SimpleNamespace(pages=pages), _Table(pages, rows))  # fills the cache
    reused = 0
    original = Reuse.ranked

    def counting(self, *args):
        nonlocal reused
        found = original(self, *args)
        reused += found is not None
        return found

    monkeypatch.setattr(Reuse, "ranked", counting)
    for _ in range(6):
        pages, rows = _edit(rng, pages, rows)
        content = SimpleNamespace(pages=pages)
        cold = related_map(content, _Table(pages, rows), limit=3)
        assert build(content, _Table(pages, rows)) == cold
    assert reused, "no page's ranking was reused: this test checks nothing of the reuse"
