"""Query-time translation between Chinese and English with a built-in bilingual glossary.

A Chinese reader on a help center written in English asks "wsl 怎么安装": no page says 安装, the
answer says "install". ``glossary.txt`` (general support and IT vocabulary, written from knowledge
of the domain, not from any help center) links the two, so each Chinese word of a query also looks
for its English words and each English word for its Chinese ones. A translation is an alternative
of the word's own slot, scored like a staff synonym (``scoring.SYNONYM_WEIGHT``, which fitted best
for translations too), never a slot of its own: a page matching 安装 and "install" counts once, and
a query does not gain words to coordinate on (docs/search.md has the figures).
Staff synonyms (``synonyms.yml``) take precedence: a slot they expand is not translated.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .analysis import terms

GLOSSARY_FILE = Path(__file__).with_name("glossary.txt")
Phrase = tuple[str, ...]


def parse(text: str) -> list[tuple[list[str], list[str]]]:
    """``[(Chinese words, English words)]`` from lines ``安装, 装 = install, setup`` (# comments)."""
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        zh, sep, en = line.partition("=")
        if not sep:
            continue
        words = [w.strip() for w in zh.split(",") if w.strip()]
        english = [w.strip() for w in en.split(",") if w.strip()]
        if words and english:
            out.append((words, english))
    return out


class Glossary:
    """Analyzed both ways: a Chinese term -> English phrases, an English phrase -> Chinese terms."""

    def __init__(self, entries: list[tuple[list[str], list[str]]]):
        self._alts: dict[Phrase, list[Phrase]] = {}
        for words, english in entries:
            # A Chinese word is one query term when jieba keeps it whole (search mode also emits
            # the whole word beside its parts), so it is kept as written, not re-analyzed.
            chinese: list[Phrase] = [(w,) for w in words]
            phrases = [p for p in (tuple(terms(e)) for e in english) if p]
            for zh in chinese:
                self._add(zh, phrases)
            for en in phrases:
                self._add(en, chinese)

    def _add(self, key: Phrase, alts: list[Phrase]) -> None:
        found = self._alts.setdefault(key, [])
        found.extend(a for a in alts if a != key and a not in found)

    def translations(self, typed: Phrase) -> list[Phrase]:
        """The phrases in the other language for a query slot's typed terms ([] if none)."""
        return self._alts.get(typed, [])


@lru_cache(maxsize=1)
def builtin() -> Glossary:
    """The package's glossary, analyzed once per process."""
    return Glossary(parse(GLOSSARY_FILE.read_text(encoding="utf-8")))
