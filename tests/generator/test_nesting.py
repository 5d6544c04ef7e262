"""Nesting limits: a page just past one is reported, one at it is not, and the whole-text shortcut
that spares nearly every page the line-by-line scan never lets a deep page through."""

import random

import pytest

from generator.content.nesting import (
    MAX_BLOCK_DEPTH,
    MAX_BRACKET_DEPTH,
    MAX_DELIMITER_RUN,
    MAX_HTML_DEPTH,
    _scan,
    _shallow,
    too_deep,
)


@pytest.mark.parametrize(("make", "limit", "what"), [
    (lambda n: "text " + "[" * n + " more", MAX_BRACKET_DEPTH, "brackets"),
    (lambda n: "<div>\n" * n, MAX_HTML_DEPTH, "HTML"),
    (lambda n: "> " * n + "quoted", MAX_BLOCK_DEPTH, "lists"),
    (lambda n: "\t" * n + "- item", MAX_BLOCK_DEPTH, "lists"),
    (lambda n: "a " + "*" * n + " b", MAX_DELIMITER_RUN, "emphasis"),
    # a code span taken out joins two runs into one past the limit
    (lambda n: "a " + "*" * (n - 30) + "`x`" + "_" * 30 + " b", MAX_DELIMITER_RUN, "emphasis"),
    (lambda n: "a " + "*" * (n - 30) + "\\[" + "=" * 30 + " b", MAX_DELIMITER_RUN, "emphasis"),
])
def test_a_page_one_past_a_limit_is_reported_and_one_at_it_is_not(make, limit, what):
    body = "# Title\n\n" + make(limit + 1) + "\n"
    found = too_deep(body, first_line=5)
    assert found is not None and found.what.startswith(what) and found.line >= 7
    assert too_deep("# Title\n\n" + make(limit) + "\n") is None


def test_the_whole_text_shortcut_agrees_with_the_line_by_line_scan():
    """Random pages built near every limit, with code spans, escapes, fences and the line breaks
    only str.splitlines knows: wherever the scan finds a page too deep, so does too_deep."""
    rng = random.Random(20261206)
    pieces = ["[", "]", "<div>", "</div>", "<section/>", ">", " ", "    ", "\t", "*", "_", "~", "=", "^",
              "`", "``", "\\", "\\\\", "\\[", "a", "word ", "\n", "\n\n", "\x0c", "\u2028", "\r", "```\n", "- "]
    shallow = deep = 0
    for _ in range(4000):
        body = "".join(rng.choice(pieces) * rng.choice((1, 1, 2, 8, 20, 33, 40, 66)) for _ in range(rng.randint(1, 40)))
        expected = _scan(body, 1)
        assert too_deep(body) == expected, repr(body)
        shallow += _shallow(body)
        deep += expected is not None
    assert shallow > 400 and deep > 400  # both ways were tried
