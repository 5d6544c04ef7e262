"""Hostile search strings, one case each, sent by tests/hostile/test_search_strings.py to
``GET /api/v1/search`` on SQLite and PostgreSQL. Each case says in a comment what it attacks.

``params`` are extra query parameters (filters) sent with ``q``; ``expect`` is the status when it
is certain (most strings are plain text to search and must simply answer 200).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SearchCase:
    q: str
    params: dict = field(default_factory=dict)
    expect: int | None = 200


CASES: list[SearchCase] = [
    # A lone wildcard: whoosh would expand it to every term in the index.
    SearchCase("*"),
    # Leading wildcard, the slowest kind of term expansion.
    SearchCase("?*"),
    # Wildcards inside words.
    SearchCase("s*o l?gin*"),
    # A long OR chain that fits the 500-character limit (99 clauses, one CJK character each).
    SearchCase(" OR ".join(chr(0x4E00 + i) for i in range(99))),
    # A huge OR chain (200 clauses): over the query limit.
    SearchCase(" OR ".join(f"w{i}" for i in range(200)), expect=400),
    # Boolean operators with nothing to join.
    SearchCase("AND OR NOT"),
    # Unbalanced double quote (an unterminated phrase).
    SearchCase('"single sign'),
    # Unbalanced parentheses, opening and closing.
    SearchCase("((((login"),
    SearchCase("login))))"),
    # Field prefix for a field that exists.
    SearchCase("title:login"),
    # Field prefix for a field that does not exist, and an empty one.
    SearchCase("nosuchfield:x :"),
    # Range syntax over letters.
    SearchCase("[a TO z]"),
    # An open range with braces.
    SearchCase("{a TO}"),
    # Fuzzy and proximity operators with absurd numbers.
    SearchCase("login~99999 \"sign in\"~99999"),
    # Boost with a huge and a negative factor.
    SearchCase("login^99999999 sso^-1"),
    # Regex-looking input.
    SearchCase("/^(a+)+$/ .*[a-z]{1,99999}"),
    # Backslashes and escapes.
    SearchCase("\\\\\\ \\* \\\""),
    # A NUL inside the query: refused before anything reaches a database or the index.
    SearchCase("sso\x00login", expect=400),
    # Right-to-left override and other bidi marks.
    SearchCase("\u202elogin\u202c \u200f\u200e"),
    # Zero-width characters only.
    SearchCase("\u200b\u200c\u200d\u2060"),
    # Emoji, including a ZWJ sequence and a flag.
    SearchCase("🔥 👩‍💻 🇨🇳 login"),
    # The longest accepted query (500 characters).
    SearchCase("a" * 500),
    # A 10,000-character query: over the query limit, a 400 or 414 in the error shape.
    SearchCase("login " * 1667, expect=None),
    # Only stop words.
    SearchCase("the a an of to and"),
    # Only punctuation.
    SearchCase("!@#$%^&*()_+-=[]{};':\",./<>?`~|"),
    # Whitespace only (tabs, newlines, ideographic space).
    SearchCase(" \t\n\u3000 "),
    # CJK without spaces (segmentation), with a half-width mix.
    SearchCase("单点登录失败怎么办ｌｏｇｉｎ"),
    # One CJK character, and CJK punctuation only.
    SearchCase("登"),
    SearchCase("，。、！？【】"),
    # Characters outside the Basic Multilingual Plane (CJK extension B).
    SearchCase("𠀀𠀁𪚥"),
    # Combining marks stacked on one letter ("zalgo").
    SearchCase("l" + "\u0301" * 200 + "ogin"),
    # HTML and script in the query (reflected in "query" and "suggestion").
    SearchCase("<script>alert(1)</script><img src=x onerror=alert(1)>"),
    # SQL in the query (the analytics row is written with parameters).
    SearchCase("'; DROP TABLE search_queries; --"),
    # Control characters (bell, escape sequences).
    SearchCase("\x07\x1b[31mlogin\x1b[0m"),
    # A lone surrogate as percent-encoded bytes (decoded with replacement).
    SearchCase("%ED%A0%80login"),
    # A filter value longer than its analytics column.
    SearchCase("login", params={"lang": "x" * 17}, expect=400),
    # A filter value with NUL.
    SearchCase("login", params={"tag": "sso\x00"}, expect=400),
    # Filters with query syntax in them.
    SearchCase("login", params={"category": "account OR *", "tag": "sso\") OR (\"x"}),
    # A page far past the results.
    SearchCase("login", params={"page": "100", "per_page": "50"}),
    # A negative page and a huge per_page.
    SearchCase("login", params={"page": "-1", "per_page": "99999999999999999999"}, expect=400),
]
