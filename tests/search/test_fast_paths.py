"""The search's fast paths give what the plain computation gives: page lists from bit masks, scores
summed by C-level maps, and the per-word and per-slot memos (asked twice, and against a freshly
opened index that has nothing memoised)."""

from __future__ import annotations

import random

import pytest

from generator.search import Searcher, confidence, vectors
from generator.search.handle import IndexHandle
from generator.search.scoring import Slot, _scores, docs_of, mask_of
from generator.search.snippets import WINDOW, _densest, make_snippet, term_pattern
from generator.search.spelling import correct


@pytest.mark.parametrize("size", [1, 7, 64, 5000])
@pytest.mark.parametrize("share", [0.0, 0.01, 0.1, 0.2, 0.9, 1.0])
def test_pages_of_a_mask_are_the_pages_put_in_it(size, share):
    rng = random.Random(size * 100 + int(share * 100))
    docs = sorted(rng.sample(range(size), round(size * share)))
    assert docs_of(mask_of(docs, size), size) == docs
    edges = sorted({0, size - 1})
    assert docs_of(mask_of(edges, size), size) == edges


def _scores_by_loop(per_slot: list[Slot], docs: list[int]) -> list[float]:
    # The arithmetic the score of a page is defined by: nonzero slot scores added in slot order,
    # then times the share of slots matched.
    out = []
    for d in docs:
        total, hits = 0.0, 0
        for slot in per_slot:
            s = slot.scores.get(d, 0.0)
            if s:
                total += s
                hits += 1
        out.append(total * hits / len(per_slot))
    return out


@pytest.mark.parametrize("slots", [2, 3, 5])
def test_scores_summed_by_maps_are_bit_for_bit_the_loops(slots):
    rng = random.Random(slots)
    size = 3000
    # Slots matching few pages and many: as arrays, the narrow ones are laid out per query, the
    # broad ones kept (Slot.vector).
    per_slot = [Slot({d: rng.uniform(0.01, 30.0) for d in rng.sample(range(size), rng.choice([40, 400, 2500]))}, size)
                for _ in range(slots)]
    docs = sorted(set().union(*(s.scores for s in per_slot)))
    assert _scores(per_slot, docs) == _scores_by_loop(per_slot, docs)
    every = vectors.scores([s.vector() for s in per_slot], None).tolist()
    assert every == _scores_by_loop(per_slot, list(range(size)))
    allowed = rng.sample(range(size), 1000)
    assert vectors.scores([s.vector() for s in per_slot], mask_of(allowed, size)).tolist() == [
        score if d in allowed else 0.0 for d, score in enumerate(every)]


def test_memoised_spelling_and_strong_sets_equal_a_fresh_indexs(site, searcher):
    fresh = IndexHandle(searcher.handle().dir)
    h = searcher.handle()
    for q in ("pasword reset", "Pasword", "gannt chart", "the", "password", "xqzvw"):
        first = correct(h, q)
        assert correct(h, q) == first == correct(fresh, q)
    slots = [(("password",), [("passphrase",)]), (("gantt",), []), (("nowhere",), [])]
    assert confidence.strong_sets(h, slots) == confidence.strong_sets(h, slots) == confidence.strong_sets(fresh, slots)
    fresh.close()


def test_a_memoised_highlight_pattern_marks_as_a_new_one():
    text = "Reset the password, then sign in: passwords expire."
    first = make_snippet(text, [], term_pattern({"password", "reset"}))
    # the same terms from a set built in another order hit the memo and mark the same words
    again = make_snippet(text, [], term_pattern({"reset", "password"}))
    assert first == again
    assert first[0].count("<mark>") == 3
    assert term_pattern(set()) is None


def test_a_new_searcher_answers_as_the_warm_one(site, searcher):
    cold = Searcher(site)
    for q in ("password", "gannt chart", "密码 重置", "sso login"):
        assert cold.search(q, reader="en") == searcher.search(q, reader="en")


def _densest_by_definition(starts: list[int], ends: list[int], keys: list[str]) -> int:
    # Each window: the matches from its first one that end within WINDOW of its start; the first
    # window with the most distinct words, then the most matches.
    def window(lo: int) -> tuple[int, int]:
        inside = [k for e, k in zip(ends[lo:], keys[lo:]) if e <= starts[lo] + WINDOW]
        return len(set(inside)), len(inside)

    scores = [window(lo) for lo in range(len(starts))]
    return scores.index(max(scores))


@pytest.mark.parametrize("seed", range(40))
def test_the_densest_window_is_the_one_its_definition_picks(seed):
    rng = random.Random(seed)
    starts, ends, pos = [], [], 0
    for _ in range(rng.randint(1, 200)):
        pos += rng.choice([1, 3, 20, 90, 400])
        starts.append(pos)
        pos += rng.choice([2, 6, 12, 250])  # some matches longer than the window itself
        ends.append(pos)
    keys = [rng.choice("abcd"[: rng.randint(1, 4)]) for _ in starts]
    assert _densest(starts, ends, keys) == _densest_by_definition(starts, ends, keys)


def test_a_warmed_index_answers_as_one_never_warmed(site, searcher):
    """Opening a build warms the common words' caches (warm.py); a handle opened without that
    answers every query alike, words warmed or not."""
    from generator.search.warm import warm

    warmed = IndexHandle(searcher.handle().dir)
    warm(warmed)
    assert warmed.scorer._cache  # something was warmed
    lazy = IndexHandle(searcher.handle().dir)
    for handle in (warmed, lazy):
        s = Searcher(site)
        s._handle = handle
        s._checked = float("inf")  # (never looks for another build)
        handle_answers = [s.search(q, reader=r) for q in ("password", "gannt chart", "密码 重置", "sso login", "reset") for r in ("en", "zh")]
        if handle is warmed:
            first = handle_answers
    assert handle_answers == first
    warmed.close()
    lazy.close()


def _scorer_of(per_slot: list[Slot], size: int):
    # A Scorer whose slot memo already holds the slots: run() reads them as it reads any query's.
    import threading
    from collections import OrderedDict

    from generator.search.scoring import Scorer

    scorer = Scorer.__new__(Scorer)
    scorer.n, scorer._lock, scorer._cache = size, threading.Lock(), OrderedDict()
    scorer._slots = OrderedDict((((f"w{i}",), (), 1.0), slot) for i, slot in enumerate(per_slot))
    return scorer, [((f"w{i}",), []) for i in range(len(per_slot))]


@pytest.mark.parametrize("seed", range(24))
def test_the_top_pages_are_the_best_of_every_allowed_match(seed):
    """Scorer.run's shortcuts (the threshold walk down each slot's ranking, every page scored when
    few match, a caller's mask of the allowed pages) give the top of all allowed matches."""
    from generator.search.scoring import Scorer

    rng = random.Random(seed)
    size = 3000
    per_slot = [Slot({d: rng.choice([1.0, 2.5, rng.uniform(0.01, 30.0)]) for d in rng.sample(range(size), rng.choice([3, 40, 400, 2500]))}, size)
                for _ in range(rng.choice([1, 2, 3, 5]))]
    scorer, slots = _scorer_of(per_slot, size)
    allowed = rng.choice([None, set(rng.sample(range(size), rng.choice([10, 300, 1500])))])
    top = rng.choice([1, 20, 100])
    every = sorted(set().union(*(s.scores for s in per_slot)) & (allowed if allowed is not None else set(range(size))))
    best = sorted(zip(_scores(per_slot, every), every), reverse=True)[:top]
    assert Scorer.run(scorer, slots, allowed, top) == (mask_of(every, size), best)
    if allowed is not None:
        assert Scorer.run(scorer, slots, frozenset(allowed), top, allowed_mask=mask_of(allowed, size)) == (mask_of(every, size), best)


@pytest.mark.parametrize("seed", range(60))
def test_matches_found_term_by_term_are_the_regexs(seed):
    """TermPattern.matches finds with str.find and one regex per term what the query's one regex
    finds: overlapping terms, a term inside another, case, digits, letters whose lowercase
    differs in length or that re.IGNORECASE folds onto ASCII, and more matches than the limit."""
    from itertools import islice

    from generator.search.snippets import _pattern

    rng = random.Random(seed)
    alphabet = list("abcxyz019 -.\n") * 3 + list("ABXK") + ["甘", "特", "图", "哈", "é", "É", "ß", "İ", "ſ", "ı"]
    pool = ["ab", "abc", "b", "x1", "a", "ba", "1a", "c-x", "z.", "AB", "甘特", "特图", "甘特图", "特", "哈哈"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120)))
        pattern = _pattern(tuple(sorted(set(rng.sample(pool, rng.randint(1, 4))))))
        limit = rng.choice([3, 200])
        found = list(islice(pattern.finditer(text), limit))
        assert pattern.matches(text, limit) == ([m.start() for m in found], [m.end() for m in found],
                                                [m.group().lower()[:6] for m in found]), (text, pattern.terms)
    many = "ab a-b, " * 600  # more occurrences than str.find is left to look for: the regex's scan
    pattern = _pattern(("a", "b"))
    found = list(islice(pattern.finditer(many), 200))
    assert pattern.matches(many) == ([m.start() for m in found], [m.end() for m in found], [m.group()[:6] for m in found])
    # Two terms overlapping only past the limit (甘特图 holds both), and before it: the first 200 as the regex finds them
    # and two starting at the limit-th match (the regex takes 甘特图 there, not 甘特)
    for many, terms in (("甘特 特图 " * 150 + "甘特图", ("特图", "甘特")), ("甘特 特图 " * 99 + "甘特图 特图" * 3, ("特图", "甘特")),
                        ("甘特 " * 199 + "甘特图 甘特", ("甘特", "甘特图"))):
        pattern = _pattern(terms)
        for limit in (199, 200, 201):
            found = list(islice(pattern.finditer(many), limit))
            assert pattern.matches(many, limit) == ([m.start() for m in found], [m.end() for m in found], [m.group()[:6] for m in found])


def test_a_pages_memoised_matches_are_the_ones_found_afresh():
    """A page's matches per term are memoised (snippets.Texts): asked again, and with terms other
    queries share, they are what the regex finds; a page that cannot be searched lowercased
    (ſ) is searched with the regex itself."""
    from generator.search.snippets import Texts, _pattern

    pages = ["Reset the password. Passwords expire; reset them: pass-word, PASSWORD, repassword, 密码重置。",
             "ſet the password: reſet it", ""]
    texts = Texts(pages.__getitem__)
    for _ in range(2):
        for terms in (("password", "reset"), ("password",), ("pass", "reset"), ("密码", "password"), ("expire", "them")):
            pattern = _pattern(terms)
            for docnum, text in enumerate(pages):
                found = [(m.start(), m.end(), m.group().lower()[:6]) for m in pattern.finditer(text)]
                starts, ends, keys = pattern.matches(text, page=(texts, docnum))
                assert list(zip(starts, ends, keys)) == found, terms
    assert texts.found.cache_info().hits


def test_a_querys_confidence_scorer_gives_each_pages_score(searcher):
    """confidence.scorer (the query's part looked up once) gives every page confidence.score's float."""
    from generator.search.query import plan

    h = searcher.handle()
    for q in ("password", "gannt chart", "密码 重置", "sso login", "xqzvw"):
        p = plan(h, q, "en")
        per_slot = [h.scorer.slot(typed, alts, p.title) for typed, alts in p.slots]
        weights = confidence.slot_weights(per_slot, len(h.docs))
        strong = confidence.strong_sets(h, p.slots)
        one = confidence.scorer(per_slot, strong, weights)
        assert [one(d) for d in range(len(h.docs))] == [confidence.score(per_slot, strong, weights, d) for d in range(len(h.docs))]


@pytest.mark.parametrize("seed", range(20))
def test_the_kth_best_score_is_np_partitions(seed):
    """vectors.kth_best finds the value a full np.partition finds: scores mostly 0.0, ties, few or many pages."""
    import numpy as np

    from generator.search.vectors import kth_best

    rng = random.Random(seed)
    for _ in range(50):
        n = rng.randint(2, 6000)
        k = rng.randint(1, min(n - 1, 60))
        scores = np.zeros(n)
        for d in rng.sample(range(n), rng.randint(0, n)):
            scores[d] = rng.choice([1.0, 2.5, 3.0]) if seed % 2 else rng.random() * 7
        assert kth_best(scores, k) == np.partition(scores, n - k)[n - k]


@pytest.mark.parametrize("value", [[((1, [2]),)], [[1, [2, (3, [4])]]], (1, "a"), [], (), "text", 7, [(1, 2.5), [3]], [("a", 1.0)] * 3])
def test_a_decoded_page_holds_no_list_at_any_depth(value):
    # (tuples of plain values leave the garbage collector's watch; a list anywhere keeps it walking)
    from generator.search.handle import _as_tuples

    def same_as_tuples(v):
        return tuple(map(same_as_tuples, v)) if isinstance(v, (list, tuple)) else v

    out = _as_tuples(value)
    assert out == same_as_tuples(value)
    assert "[" not in repr(out)
