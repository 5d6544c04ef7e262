"""Reviewers read an edit as one inline, word-level diff: a changed line once, with only the
changed words marked, its line numbers in cells of their own, its text never hard-wrapped, and
everything the contributor typed escaped."""

from __future__ import annotations

import re

from contrib_helpers import ARTICLE_SOURCE, api_post, contributor, edit, reviewer

from generator.content.frontmatter import split

LONG = ("When you add seats in the middle of a billing period, the new seats are charged pro rata "
        "for the days that remain, and the next invoice shows them on a line of their own.")


def _rows(page: str) -> list[tuple[str, str, str, str]]:
    return re.findall(r'<tr class="diff-(\w+)"><td class="ln">(\d*)</td><td class="ln">(\d*)</td><td class="text">(.*?)</td></tr>',
                      page, re.S)


def test_the_review_page_shows_an_inline_word_diff(client, other_client, contrib_db, kb_copy):
    token = contributor(client)
    body = split((kb_copy / ARTICLE_SOURCE).read_text(encoding="utf-8")).body.lstrip("\n")  # as the editor shows it
    lines = body.split("\n")
    changed_at = next(i for i, line in enumerate(lines) if "Workspace owner" in line)
    lines[changed_at] = lines[changed_at].replace("Workspace owner", "Workspace owner (see Settings)", 1)
    new_body = "\n".join(lines).rstrip("\n") + "\n\n" + LONG + "\n\n<script>alert(1)</script> & <b>bold</b>\n"
    sub = api_post(client, token, "/api/v1/submissions", edit(new_body)).json()
    page = reviewer(other_client, contrib_db).get(f"/admin/review/{sub['id']}").text
    rows = _rows(page)

    changed = [r for r in rows if r[0] == "chg"]
    assert len(changed) == 1  # the edited line once, not a removed and an added copy
    kind, old, new, text = changed[0]
    assert old == new == str(changed_at + 1)
    assert [t.strip() for t in re.findall(r"<ins>(.*?)</ins>", text)] == ["(see Settings)"] and "<del>" not in text
    assert "Workspace owner" in re.sub(r"</?ins>", "", text)

    added = [r[3] for r in rows if r[0] == "ins"]
    assert f"<ins>{LONG}</ins>" in added  # the long line whole, in one cell: the browser wraps it
    assert "<ins>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;</ins>" in added
    assert "<script>alert(1)" not in page
    # Unchanged lines far from any change are folded.
    assert len([r for r in rows if r[0] == "same"]) < len(body.split("\n"))
