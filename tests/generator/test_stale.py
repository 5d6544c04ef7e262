"""`kb stale`: pages past their review date, grouped by owner, as text or JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.checks.stale_cli import stale


def write(root: Path, rel: str, meta: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{meta}\nlang: en\n---\n\n# {Path(rel).stem}\n", encoding="utf-8")


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    write(root, "articles/a/old.md", "id: kb-old\ntitle: Old article\nowner: li.wei\nreviewed: 2025-01-01\nreview_every: 90")
    write(root, "articles/a/fresh.md", "id: kb-fresh\ntitle: Fresh\nowner: li.wei\nreviewed: 2026-05-01\nreview_every: 90")
    write(root, "articles/a/default.md", "id: kb-default\ntitle: Default interval\nreviewed: 2025-01-01")  # 365 days
    write(root, "runbooks/svc/Alert.md", "id: rb-a\ntitle: Alert\nowner: chen.jing\nreviewed: 2025-01-02\nreview_every: 180")
    write(root, "incidents/2025-01-01-x.md", "id: inc-x\ntitle: Review\nowner: li.wei\nreviewed: 2025-06-01\nreview_every: 30")
    write(root, "articles/a/never.md", "id: kb-never\ntitle: Never reviewed\nowner: li.wei")
    return root


def test_json_grouped_by_owner(kb: Path):
    out = CliRunner().invoke(stale, ["--kb", str(kb), "--today", "2026-06-01", "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["today"] == "2026-06-01"
    summary = [(o["owner"], [(p["source"], p["review_due"], p["days_overdue"]) for p in o["pages"]]) for o in data["owners"]]
    assert summary == [
        ("chen.jing", [("runbooks/svc/Alert.md", "2025-07-01", 335)]),
        ("li.wei", [("articles/a/old.md", "2025-04-01", 426), ("incidents/2025-01-01-x.md", "2025-07-01", 335)]),
        (None, [("articles/a/default.md", "2026-01-01", 151)]),
    ]
    assert data["owners"][0]["pages"][0]["type"] == "runbook"


def test_text_and_reproducible_today(kb: Path):
    out = CliRunner().invoke(stale, ["--kb", str(kb), "--today", "2025-03-01"])
    assert out.exit_code == 0
    assert out.output.startswith("Nothing is past its review date (as of 2025-03-01).")
    out = CliRunner().invoke(stale, ["--kb", str(kb), "--today", "2026-06-01"])
    assert "4 pages past their review date (as of 2026-06-01):" in out.output
    assert "li.wei (2)\n  articles/a/old.md  [article]  due 2025-04-01, 426 days overdue  — Old article" in out.output
    assert "(no owner) (1)" in out.output
    bad = CliRunner().invoke(stale, ["--kb", str(kb), "--today", "June 1"])
    assert bad.exit_code != 0 and "--today" in bad.output
