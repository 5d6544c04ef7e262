"""Release notes: semantic ordering, derived versions/dates, the between-versions delta, pages, blocks,
feeds and `kb changelog`."""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from generator.content import load
from generator.content.versions import Version
from generator.releases import delta, model
from generator.releases.blocks import changed_in, version_banner
from generator.releases.cli import changelog
from generator.releases.feeds import atom, json_feed
from generator.releases.pages import release_pages
from generator.settings import Settings


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def release(version: str, date: str, sections: str, affects: str = "[]") -> str:
    return f"---\nid: rel-{version}\ntitle: Tasklane {version}\nversion: {version}\ndate: {date}\nsummary: Release {version}.\nlang: en\naffects: {affects}\n---\n\n{textwrap.dedent(sections).strip()}\n"


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    write(root, "articles/gantt/set-a-baseline.md", "---\nid: kb-baseline\ntitle: Set a baseline\nlang: en\n---\n\n# Set a baseline\n")
    write(root, "articles/gantt/old-renderer.md", "---\nid: kb-old\ntitle: Old renderer\nlang: en\napplies_to: '>=3.0,<3.2'\n---\n\nText.\n")
    write(root, "releases/3.0.0.md", release("3.0.0", "2026-01-10", "## New\n\n- Gantt charts.\n"))
    write(root, "releases/3.1.0.md", release("3.1.0", "2026-04-10", """
        ## New

        - Up to 5 [baselines](../articles/gantt/set-a-baseline.md).

        ## Fixed

        - Exports lost columns.
        """))
    write(root, "releases/3.2.0-beta.1.md", release("3.2.0-beta.1", "2026-09-01", "## New\n\n- Beta renderer.\n"))
    write(root, "releases/3.2.0.md", release("3.2.0", "2026-11-02", """
        ## New

        - New renderer.

        ## Improved

        - Up to **11 baselines**. See [Set a baseline](../articles/gantt/set-a-baseline.md#set-a-baseline).

        ## Breaking changes

        - The classic scheduler was removed.
        """, affects="[kb-old]"))
    write(root, "releases/3.10.0.md", release("3.10.0-rc.1", "2026-12-01", "## Fixed\n\n- Release candidate fix.\n"))
    return root


def test_semantic_order():
    texts = ["1.10", "1.9", "1.0", "1.0-beta", "1.0-alpha2", "1.0-alpha", "3.2.0", "3.2.0-beta.1", "1.80.1", "3.10.0"]
    assert [str(v) for v in sorted(map(Version.parse, texts))] == [
        "1.0-alpha", "1.0-alpha2", "1.0-beta", "1.0", "1.9", "1.10", "1.80.1", "3.2.0-beta.1", "3.2.0", "3.10.0",
    ]


def test_kb_order_latest_and_groups(kb: Path):
    items = model.releases(load(kb))
    assert [r.label for r in items] == ["3.0.0", "3.1.0", "3.2.0-beta.1", "3.2.0", "3.10.0-rc.1"]
    # The newest release is a release candidate: "latest" is the newest stable one.
    assert model.latest_stable(items).label == "3.2.0"
    assert [r.group for r in items] == ["3.0", "3.1", "3.2", "3.2", "3.10"]


def test_rust_corpus_versions_dates(corpora: Path):
    items = model.releases(load(corpora / "release-notes-rust", content_type="release"))
    labels = [r.label for r in items]
    assert len(items) == 138  # 139 posts; "Road to Rust 1.0" folds into 1.0
    assert labels.index("1.9") < labels.index("1.10") < labels.index("1.80.1")
    assert labels[:4] == ["1.0-alpha", "1.0-alpha2", "1.0-beta", "1.0"]
    one = items[3]
    assert one.page.src_path == "content/Rust-1.0@1.md" and one.date == dt.date(2015, 5, 15)
    assert [p.src_path for p in one.related] == ["content/Rust-1.0@0.md"]
    bundle = next(r for r in items if r.label == "1.12")
    assert bundle.page.src_path == "content/Rust-1.12/index.md" and bundle.date == dt.date(2016, 9, 29)
    assert next(r for r in items if r.label == "1.80.1").date == dt.date(2024, 8, 8)
    assert model.latest_stable(items).label == "1.98.0"
    assert all(r.date is not None for r in items)


def test_cloudgov_orders_by_file_name_date(corpora: Path):
    items = model.releases(load(corpora / "release-notes-cloudgov", content_type="release"))
    assert len(items) == 54 and all(r.version is None for r in items)
    dates = [r.date for r in items]
    assert dates == sorted(dates)
    # front matter says 2017-07-10; the Jekyll file-name date is the reliable one
    assert next(r for r in items if r.page.src_path.endswith("2017-07-07-release-notes.md")).date == dt.date(2017, 7, 7)
    assert items[0].group == "2016" and items[-1].label == "2024-11-18"
    pages = {p.src_uri: p for p in release_pages(load(corpora / "release-notes-cloudgov", content_type="release"), Settings())}
    index = pages["releases/index.md"].markdown
    assert index.index("## 2024") < index.index("## 2023") < index.index("## 2016")


def test_delta_skips_superseded_prerelease_and_puts_breaking_first(kb: Path):
    items = model.releases(load(kb))
    changes = delta.between(items, "3.0.0", "3.2.0")
    assert [(c.entry.kind, c.release.label) for c in changes] == [
        ("breaking", "3.2.0"), ("new", "3.2.0"), ("new", "3.1.0"), ("improved", "3.2.0"), ("fixed", "3.1.0"),
    ]
    assert "Beta renderer." in [c.entry.markdown for c in delta.between(items, "3.1.0", "3.2.0-beta.1")]
    # A version nobody released falls between its neighbours.
    assert {c.release.label for c in delta.between(items, "3.0.5", "3.1.0")} == {"3.1.0"}


def test_rust_delta(corpora: Path):
    items = model.releases(load(corpora / "release-notes-rust", content_type="release"))
    changes = delta.between(items, "1.79", "1.80.1")
    assert {c.release.label for c in changes} == {"1.80.0", "1.80.1"}
    assert any(c.entry.kind == "fixed" and "floats" in c.entry.markdown for c in changes)


def test_changelog_cli(kb: Path, corpora: Path):
    out = CliRunner().invoke(changelog, ["--since", "3.0.0", "--to", "3.2.0", "--kb", str(kb)])
    assert out.exit_code == 0, out.output
    assert out.output.index("## Breaking changes") < out.output.index("## New") < out.output.index("## Fixed")
    assert "- Up to **11 baselines**. See Set a baseline. (3.2.0)" in out.output  # no dangling relative links in a mail
    rust = CliRunner().invoke(changelog, ["--since", "1.79", "--to", "1.80.1", "--kb", str(corpora / "release-notes-rust"), "--type", "release"])
    assert rust.exit_code == 0 and "LazyCell and LazyLock (1.80.0)" in rust.output
    bad = CliRunner().invoke(changelog, ["--since", "not-a-version", "--kb", str(kb)])
    assert bad.exit_code != 0


def test_pages(kb: Path):
    pages = {p.src_uri: p for p in release_pages(load(kb), Settings())}
    index = pages["releases/index.md"].markdown
    assert index.index("## 3.10\n") < index.index("## 3.2\n") < index.index("## 3.1\n") < index.index("## 3.0\n")
    assert "[3.2.0](3.2.0.md)" in index
    latest = pages["releases/latest.md"].markdown
    assert latest.startswith("# Latest release: 3.2.0") and "](3.2.0.md)" in latest
    changes = pages["releases/changes.md"].markdown
    data = json.loads(re.search(r'id="kb-changes-data">(.*?)</script>', changes, re.S).group(1))
    assert [r["label"] for r in data["releases"]] == ["3.0.0", "3.1.0", "3.2.0-beta.1", "3.2.0", "3.10.0-rc.1"]
    assert data["releases"][2]["sup"] == 3  # the beta is superseded by 3.2.0
    assert 'href="../../articles/gantt/set-a-baseline/#set-a-baseline"' in json.dumps(data["releases"][3]["entries"]).replace("\\", "")
    assert '<option value="3" selected>' in changes.split('name="to"')[1]


def test_blocks(kb: Path):
    content = load(kb)
    article = content.by_path["articles/gantt/set-a-baseline.md"]
    [block] = changed_in(article, content, Settings())
    assert block.markdown.startswith('!!! info "Changed in 3.2"')
    assert "(../../releases/3.2.0.md)" in block.markdown and "(../../releases/3.1.0.md)" in block.markdown
    old = content.by_path["articles/gantt/old-renderer.md"]
    assert "Changed in 3.2" in changed_in(old, content, Settings())[0].markdown  # via 'affects'
    [banner] = version_banner(old, content, Settings())
    assert "the latest version is [3.2.0](../../releases/3.2.0.md)" in banner.markdown
    assert version_banner(article, content, Settings()) == []


def test_feeds_parse(kb: Path):
    content = load(kb)
    parsed = feedparser.parse(atom(content, Settings(site_url="https://help.example.com/")))
    assert not parsed.bozo and parsed.version == "atom10"
    assert [e.title for e in parsed.entries][:2] == ["Tasklane 3.10.0-rc.1", "Tasklane 3.2.0"]
    assert parsed.entries[1].link == "https://help.example.com/releases/3.2.0/"
    assert "Breaking changes" in parsed.entries[1].content[0].value
    assert 'href="https://help.example.com/articles/gantt/set-a-baseline/#set-a-baseline"' in parsed.entries[1].content[0].value
    feed = json.loads(json_feed(content, Settings(site_url="https://help.example.com/")))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert len(feed["items"]) == 5 and len({i["id"] for i in feed["items"]}) == 5
    assert all(i["content_html"] and dt.datetime.fromisoformat(i["date_published"]) for i in feed["items"])


def test_rust_feed_and_pages(corpora: Path):
    content = load(corpora / "release-notes-rust", content_type="release")
    parsed = feedparser.parse(atom(content, Settings()))
    assert not parsed.bozo and len(parsed.entries) == 50 and parsed.entries[0].title == "Announcing Rust 1.98.0"
    pages = {p.src_uri: p for p in release_pages(content, Settings())}
    assert "for 1.98.0](../content/Rust-1.98.0.md)" in pages["releases/latest.md"].markdown


def test_changelog_refuses_unknown_versions_and_lists_the_known_ones(kb: Path):
    known = [r.label for r in model.releases(load(kb))]
    for args in (["--since", "9.9"], ["--since", "3.0.0", "--to", "3.3"]):
        out = CliRunner().invoke(changelog, [*args, "--kb", str(kb)])
        assert out.exit_code != 0
        assert f"'{args[-1]}' is not a released version; known versions: {', '.join(known)}" in out.output
    assert CliRunner().invoke(changelog, ["--since", "3.1", "--kb", str(kb)]).exit_code == 0  # 3.1 names 3.1.0
