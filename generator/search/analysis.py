"""One analyzer for English, Chinese and text that mixes both ("SSO 登录失败").

Indexing and querying run the same code, so a query term always meets the index term it should.
We analyze in plain Python instead of through whoosh's analyzer chain because the chain is the
bottleneck of indexing (token objects per word); here a word costs one regex match and one dict
lookup once its stem is cached.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from . import jieba_dict
from .jieba_dict import jieba  # imported there, without pkg_resources
from .store import porter_stem as _porter_stem

jieba.setLogLevel(60)  # jieba prints "Building prefix dict" to stderr otherwise

# Latin words keep inner dots of versions ("1.85.0") and snake_case; CJK runs go to jieba whole.
_TOKEN = re.compile(
    r"(?P<ver>\d+(?:\.\d+)+)"
    r"|(?P<word>[A-Za-z0-9\u00c0-\u024f]+(?:['’][A-Za-z]+)?)"
    r"|(?P<cjk>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)"
)
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
# Error codes as people paste or type them: 0x800F081F, 0x800f081f and 800F081F are one term.
_HEX = re.compile(r"(0[xX])?([0-9A-Fa-f]+)")

EN_STOP = frozenset(
    """a an and are as at be by can could did do does for from has have how i if in into is it its
    me my of on or our please should so than that the their then there these this those to was we were
    what when where which who why will with would you your
    can't cannot don't doesn't won't isn't aren't didn't keep keeps still anymore really just""".split()
)
# Question words, particles and colloquial filler that say nothing about the topic ("如何配置" is
# about 配置, "pod 一直重启怎么办" about pod 重启).
ZH_STOP = frozenset(
    """的 了 是 在 和 与 或 及 吗 呢 吧 啊 呀 我 你 他 她 它 我们 你们 他们 这 那 这个 那个 一个 如何 怎么
    怎样 怎么样 什么 为什么 为何 哪里 哪个 能否 是否 可以 能 会 要 想 把 被 对 将 就 也 都 而 之 以 等 时 中
    请问 一下 有 没有 不
    一直 老是 总是 怎么办 咋 咋办 为啥 特别 非常 已经 还是 到底 里 了吗 好像""".split()
)

_stems: dict[str, str] = {}
_word_terms: dict[str, tuple[str, ...]] = {}  # a Latin token -> its terms (camelCase parts, stems)
_WORD_TERMS_MAX = 200_000  # emptied when full: queries from readers must not grow it without bound
_lock = threading.Lock()
_loaded_dicts: set[str] = set()
_jieba_ready = False


def _ensure_jieba() -> None:
    global _jieba_ready
    if not _jieba_ready:
        with _lock:
            if not _jieba_ready:
                jieba_dict.initialize(jieba.dt)  # jieba.initialize(), from a cache that loads faster
                _jieba_ready = True


def warm_up() -> None:
    _ensure_jieba()


def load_user_dictionary(path: Path | str | None) -> None:
    """Teach jieba the product's words (jieba user-dict format: word [freq] [tag] per line).

    jieba's dictionary is process-global, so a file is loaded once per content (by hash); adding the
    same words twice would be harmless but slow.
    """
    if not path or not Path(path).is_file():
        return
    data = Path(path).read_bytes()
    digest = hashlib.sha1(data).hexdigest()
    if digest in _loaded_dicts:
        return
    _ensure_jieba()
    with _lock:
        for line in data.decode("utf-8", "replace").splitlines():
            parts = line.strip().split()
            if not parts or parts[0].startswith("#"):
                continue
            freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
            jieba.add_word(parts[0], freq)
        _cut_cjk.cache_clear()
        _loaded_dicts.add(digest)


def stem(word: str) -> str:
    """Lowercase + Porter stem, memoised: a corpus has far fewer distinct words than tokens."""
    s = _stems.get(word)
    if s is None:
        low = word.lower()
        s = _porter_stem(low) if low.isalpha() and len(low) > 3 else low
        _stems[word] = s
    return s


def stemmed_words(text: str) -> dict[str, str]:
    """Each Latin word ``terms(text)`` stems, with its stem: what analysing ``text`` teaches
    ``surface_words``, whatever was analysed before (``terms`` stems a word once per process)."""
    out = {}
    for _ver, word, _cjk in _TOKEN.findall(text):
        if word and code(word) is None:
            for part in _stemmed_parts(word):
                out[part] = stem(part)
    return out


def surface_words() -> list[str]:
    """Every distinct Latin word (lowercased, unstemmed) analyzed so far: the spelling vocabulary."""
    return sorted({w.lower() for w in _stems if w.isalpha() and len(w) > 2})


@lru_cache(maxsize=200_000)
def _cut_cjk(run: str) -> tuple[str, ...]:
    # Search mode also emits the short words inside long ones (云服务器 -> 服务, 服务器, 云服务器),
    # so a query that segments differently from the document still meets it.
    _ensure_jieba()
    return tuple(w for w in jieba.cut_for_search(run, HMM=True) if w not in ZH_STOP)


def code(word: str) -> str | None:
    """The one term of a hexadecimal code ("0x800f081f"): written with 0x, or 8 hex digits mixing
    digits and letters (an HRESULT pasted without its prefix); None for any other word."""
    m = _HEX.fullmatch(word)
    if m is None:
        return None
    digits = m.group(2)
    if m.group(1) or (len(digits) == 8 and not digits.isdigit() and not digits.isalpha()):
        return "0x" + digits.lower()
    return None


def _latin_parts(word: str) -> list[str]:
    parts = [word]
    if not word.islower() and not word.isupper() and len(word) > 3:
        split = _CAMEL.findall(word)
        # KubePodCrashLooping is also "kube pod crash looping"; IPv6 is not "pv 6"
        if sum(len(p) > 1 and p.isalpha() for p in split) > 1:
            parts.extend(p for p in split if len(p) > 1)
    return parts


def _stemmed_parts(tok: str) -> list[str]:
    """The parts of a Latin token (not a hexadecimal code) that become its terms once stemmed: all but stop words."""
    return [part for part in _latin_parts(tok) if part.lower() not in EN_STOP]


def _latin_terms(tok: str) -> tuple[str, ...]:
    found = _word_terms.get(tok)
    if found is None:
        hexcode = code(tok)
        found = (hexcode,) if hexcode is not None else tuple(map(stem, _stemmed_parts(tok)))
        if len(_word_terms) >= _WORD_TERMS_MAX:
            _word_terms.clear()
        _word_terms[tok] = found
    return found


def terms(text: str) -> list[str]:
    """The index terms of ``text``, in order, with repeats (frequencies matter to BM25)."""
    out: list[str] = []
    append, extend, known = out.append, out.extend, _word_terms.get
    # findall's (ver, word, cjk) tuples, one group set: no match object per token (a page has thousands)
    for ver, word, cjk in _TOKEN.findall(text):
        if word:
            found = known(word)
            extend(found if found is not None else _latin_terms(word))
        elif cjk:
            extend(_cut_cjk(cjk))
        else:
            append(ver)
    return out


def tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """(term, start, end) for highlighting: where in ``text`` each term came from."""
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        tok, start = m.group(), m.start()
        if kind == "cjk":
            pos = start
            for w in jieba.cut(tok, HMM=True):
                if w not in ZH_STOP:
                    yield w, pos, pos + len(w)
                    # sub-words of a long word let a query for 服务 highlight inside 服务器
                    for sub in _cut_cjk(w):
                        if sub != w:
                            i = w.find(sub)
                            yield sub, pos + i, pos + i + len(sub)
                pos += len(w)
        elif kind == "ver":
            yield tok, start, m.end()
        elif (hexcode := code(tok)) is not None:
            yield hexcode, start, m.end()
        else:
            if tok.lower() not in EN_STOP:
                yield stem(tok), start, m.end()
            for part in _latin_parts(tok)[1:]:
                i = tok.find(part)
                if part.lower() not in EN_STOP:
                    yield stem(part), start + i, start + i + len(part)


def query_terms(text: str) -> list[str]:
    """Terms of a user query, de-duplicated in order. Stop-words are dropped unless nothing else is left."""
    seen: list[str] = []
    for t in terms(text):
        if t not in seen:
            seen.append(t)
    if not seen:
        # "how to" or "的" alone: searching for nothing would be worse than searching the stop-words
        for m in _TOKEN.finditer(text):
            t = m.group().lower()
            if t not in seen:
                seen.append(t)
    return seen
