"""`audience`: per-page front matter over per-type defaults, failing closed; a public page may not link
to an internal one; the configured defaults are validated; a team without internal pages gets one build."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.content import load

ROOT = Path(__file__).resolve().parents[2]
CATEGORIES = "tasks:\n  title: {en: Tasks, zh: 任务}\n  description: {en: Work, zh: 工作}\n  order: 1\n"


def article(n: str, audience: str | None = None, body: str = "Text.") -> str:
    extra = f"audience: {audience}\n" if audience is not None else ""
    return (f"---\nid: kb-{n}\ntitle: Page {n}\nsummary: Page {n}.\ncategory: tasks\nowner: support\nlang: en\n{extra}---\n\n"
            f"{body}\n")


RUNBOOK = """\
---
id: rb-disk
title: Disk full
service: storage
alert: DiskFull
severity: warning
owner: ops
---

## Symptoms

x

## Impact

x

## Diagnosis

x

## Mitigation

x

## Escalation

x
"""


def make_kb(root: Path, pages: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "categories.yml").write_text(CATEGORIES, encoding="utf-8")
    for rel, text in pages.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_each_page_takes_its_types_default_unless_it_says_otherwise_and_a_bad_value_stays_internal(tmp_path):
    kb = make_kb(tmp_path, {
        "articles/tasks/plain.md": article("plain"),
        "articles/tasks/secret.md": article("secret", "internal"),
        "articles/tasks/typo.md": article("typo", "Internal"),
        "runbooks/storage/DiskFull.md": RUNBOOK,
        "runbooks/storage/Public.md": RUNBOOK.replace("rb-disk", "rb-pub").replace("DiskFull", "Pub").replace("owner: ops", "owner: ops\naudience: public"),
    })
    content = load(kb)
    got = {p.id: p.audience for p in content.pages}
    assert got == {"kb-plain": "public", "kb-secret": "internal", "kb-typo": "internal", "rb-disk": "internal", "rb-pub": "public"}
    assert any(d.path == "articles/tasks/typo.md" and d.line == 8 and "'public' or 'internal'" in d.message
               for d in content.diagnostics.errors)
    assert {p.id: p.audience for p in load(kb, audiences={"runbook": "public"}).pages}["rb-disk"] == "public"


def test_kb_check_refuses_a_public_page_linking_to_an_internal_one(tmp_path):
    kb = make_kb(tmp_path, {
        "articles/tasks/a.md": article("a", body="See [the runbook](../../runbooks/storage/DiskFull.md).\n\n"
                                                 "And [again](/runbooks/storage/DiskFull/)."),
        "articles/tasks/b.md": article("b", "internal", body="Staff: [runbook](../../runbooks/storage/DiskFull.md)."),
        "articles/tasks/c.md": article("c", body="See [a](a.md)."),
        "runbooks/storage/DiskFull.md": RUNBOOK,
    })
    result = CliRunner().invoke(main, ["check", "--kb", str(kb)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if "[internal-link]" in line]
    assert [e.split(": error:")[0] for e in errors] == [f"{kb.as_posix()}/articles/tasks/a.md:10", f"{kb.as_posix()}/articles/tasks/a.md:12"]
    assert "runbooks/storage/DiskFull.md is internal" in errors[0]


def test_a_misconfigured_default_stops_the_build_with_a_clear_message(tmp_path):
    kb = make_kb(tmp_path / "kb", {"articles/tasks/a.md": article("a")})
    config = tmp_path / "mkdocs.yml"
    config.write_text((ROOT / "generator/mkdocs_plugin/default.yml").read_text(encoding="utf-8").replace(
        "      api_url: /api/v1\n", "      api_url: /api/v1\n      audiences: {runbok: internal}\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--kb", str(kb), "--config", str(config), "--site-dir", str(tmp_path / "site"), "-q"])
    assert result.exit_code != 0
    assert "audiences: unknown content type 'runbok'" in result.output
    config.write_text(config.read_text(encoding="utf-8").replace("runbok: internal", "runbook: secret"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--kb", str(kb), "--config", str(config), "--site-dir", str(tmp_path / "site"), "-q"])
    assert "audiences: runbook must be 'public' or 'internal' (got 'secret')" in result.output


def test_without_internal_pages_there_is_one_build_and_with_them_a_second_one_beside_it(tmp_path):
    kb = make_kb(tmp_path / "kb", {"articles/tasks/a.md": article("a")})
    args = ["build", "--kb", str(kb), "--site-dir", str(tmp_path / "site"), "-q", "--no-search-index", "--static-search", "none"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site/articles/tasks/a/index.html").exists() and not (tmp_path / "site-internal").exists()
    (kb / "articles/tasks/b.md").write_text(article("b", "internal", "Only for staff: zebracorn."), encoding="utf-8")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "site/articles/tasks/b").exists()
    internal = (tmp_path / "site-internal/articles/tasks/b/index.html").read_text(encoding="utf-8")
    assert "zebracorn" in internal and "kb-internal" in internal
    assert "zebracorn" not in (tmp_path / "site/sitemap.xml").read_text(encoding="utf-8")


def test_kb_check_takes_the_defaults_from_mkdocs_yml(tmp_path, monkeypatch):
    make_kb(tmp_path / "kb", {"articles/tasks/a.md": article("a"), "index.md": "# Home\n\nStart with [a](articles/tasks/a.md).\n"})
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["check"]).exit_code == 0
    (tmp_path / "mkdocs.yml").write_text("site_name: X\ndocs_dir: kb\nsite_url: !ENV [KB_SITE_URL, 'http://x/']\n"
                                         "plugins:\n  - search\n  - helpcenter:\n      audiences: {article: internal}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1 and "index.md:3: error: link to 'articles/tasks/a.md'" in result.output
    (tmp_path / "mkdocs.yml").write_text((tmp_path / "mkdocs.yml").read_text().replace("article: internal", "article: hidden"))
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1 and "audiences: article must be 'public' or 'internal' (got 'hidden')" in result.output


def test_the_public_content_holds_no_internal_pages_source_bytes(tmp_path):
    """A build reads every file once and hands MkDocs their text (ContentSet.sources): the public
    build's set must not carry an internal page's text either."""
    from generator.build.cache import BuildCache
    from generator.content.audience import readable_by

    kb = make_kb(tmp_path / "kb", {"articles/tasks/plain.md": article("plain", body="Open text."),
                                   "articles/tasks/secret.md": article("secret", "internal", body="Secret text.")})
    everything = load(kb, store=BuildCache(tmp_path / "cache.sqlite", "test").open())
    assert any(b"Secret text." in raw for raw in everything.sources.values())
    public = readable_by(everything, "public")
    assert [p.id for p in public.pages] == ["kb-plain"]
    assert list(public.sources.values()) == [(kb / "articles/tasks/plain.md").read_bytes()]
