"""Spelling suggestions (``generator.search.corrector``) are whoosh's ``ListCorrector`` walk,
re-scored by how many pages use each word, as they were before rapidfuzz measured the distances."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from whoosh.spelling import ListCorrector

from generator.search.corrector import Corrector


class WhooshCorrector(ListCorrector):  # type: ignore[misc]  # whoosh ships no type information
    """The corrector the search used before: whoosh's Levenshtein automaton over the sorted words."""

    def __init__(self, freqs: dict[str, int]) -> None:
        # whoosh's list walker steps past the list's first word before looking: "" in front keeps it.
        super().__init__(["", *sorted(freqs)])
        self.freqs = freqs

    def _suggestions(self, text: str, maxdist: int, prefix: int) -> Iterator[tuple[float, str]]:
        if not self.freqs:
            return
        for score, word in super()._suggestions(text, maxdist, prefix):
            f = self.freqs.get(word, 1)
            yield score + f / (f + 1.0) * 0.5, word


def _word(rng: random.Random, letters: str) -> str:
    return "".join(rng.choice(letters) for _ in range(rng.randint(2, 9)))


def _typo(rng: random.Random, word: str, letters: str) -> str:
    for _ in range(rng.randint(0, 3)):
        i = rng.randrange(len(word) + 1)
        edit = rng.choice("idr")
        if edit == "i" or len(word) < 2:
            word = word[:i] + rng.choice(letters) + word[i:]
        elif edit == "d":
            word = word[:i] + word[i + 1:]
        else:
            word = word[:i] + rng.choice(letters) + word[i + 1:]
    return word or rng.choice(letters)


@pytest.mark.parametrize("seed", range(40))
def test_suggestions_are_whooshs_for_random_words_and_typos(seed):
    # A small alphabet makes many words close to each other: ties, several distances, equal counts.
    rng = random.Random(seed)
    letters = "abcde" if seed % 2 else "aeiourstln"
    freqs = {_word(rng, letters): rng.choice([1, 1, 2, 3, 10, 50]) for _ in range(rng.randint(5, 300))}
    ours, whoosh = Corrector(freqs), WhooshCorrector(freqs)
    words = sorted(freqs)
    for _ in range(60):
        text = _typo(rng, rng.choice(words), letters)
        limit, maxdist, prefix = rng.randint(1, 5), rng.randint(1, 2), rng.choice([0, 1, 1, 2])
        if len(text) < prefix:
            continue
        assert ours.suggest(text, limit=limit, maxdist=maxdist, prefix=prefix) == \
            whoosh.suggest(text, limit=limit, maxdist=maxdist, prefix=prefix), (text, limit, maxdist, prefix)


@pytest.mark.parametrize(("freqs", "expected"), [({"cot": 50, "cut": 1}, ["cot", "cut"]), ({"cot": 1, "cut": 50}, ["cut", "cot"])])
def test_equally_close_suggestions_rank_by_how_many_pages_use_them(freqs, expected):
    # Both words are one edit from the typo; by distance alone they would be in alphabetical order.
    assert Corrector(freqs).suggest("cat", limit=2, maxdist=1, prefix=1) == expected


def test_a_closer_word_comes_before_a_more_used_one():
    assert Corrector({"passwords": 1000, "password": 2}).suggest("passwrd", limit=2, maxdist=2, prefix=1) == ["password", "passwords"]


def test_suggestions_share_the_first_letter_and_stay_within_the_distance():
    c = Corrector({"login": 5, "zone": 5, "blogin": 9, "logout": 9})
    assert c.suggest("logim", limit=3, maxdist=1, prefix=1) == ["login"]
    assert c.suggest("logim", limit=3, maxdist=2, prefix=0) == ["login", "blogin"]


def test_suggestions_on_an_empty_word_list_are_empty():
    assert Corrector({}).suggest("password", limit=3, maxdist=2, prefix=1) == []
