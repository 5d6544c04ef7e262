"""Post-incident reviews: timelines in three forms, action items, derived facts, statistics, pages,
the Markdown rewrite and the check rules."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from generator.checks.incidents import (
    incident_action_owners,
    incident_sections,
    incident_timeline_order,
    incident_times,
)
from generator.content import load
from generator.content.diagnostics import Diagnostics
from generator.incidents import chart, stats, timeline
from generator.incidents.derive import derive, incidents
from generator.incidents.pages import incident_pages
from generator.incidents.render import rewrite_markdown
from generator.settings import Settings

REST = "## Summary\n\nx\n\n## Impact\n\nx\n\n## Root cause\n\nx\n\n## Resolution\n\nx\n\n"


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def review(slug: str, severity: str, started: str, detected: str, resolved: str, services: str, timeline_md: str = "", actions: str = "") -> str:
    tl = timeline_md or f"- **{started[:10]} {started[11:16]}** Impact starts.\n"
    ai = actions or "- [x] Nothing left (owner: li.wei, due: 2026-01-01)\n"
    return (f"---\nid: inc-{slug}\ntitle: Incident {slug}\nsummary: s\nseverity: {severity}\nstarted: {started}\ndetected: {detected}\n"
            f"resolved: {resolved}\nservices: [{services}]\nstatus: published\nowner: li.wei\nrunbooks: []\ntags: []\nlang: en\n---\n\n"
            f"# Incident {slug}\n\n{REST}## Timeline\n\n{tl}\n## Action items\n\n{ai}")


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    write(root, "incidents/2026-01-10-a.md", review("a", "P1", "2026-01-10T09:00:00Z", "2026-01-10T09:30:00Z", "2026-01-10T10:30:00Z", "api",
          timeline_md="- **2026-01-10 09:00** Impact starts.\n- **09:30** Alert fires.\n- **10:02** Rollback.\n- **09:40** Out of order.\n- **2026-01-11 08:00** Follow-up.\n",
          actions="- [ ] Add an alert (owner: li.wei, due: 2026-02-01)\n- [ ] Nobody owns this\n- [ ] No date (owner: chen.jing)\n"
                  "- [ ] Being done (owner: maria, due: 2026-12-15, state: in-progress)\n- [x] Done (owner: li.wei, due: 2026-01-20)\n"))
    write(root, "incidents/2026-02-15-b.md", review("b", "P1", "2026-02-15T08:00:00Z", "2026-02-15T08:00:00Z", "2026-02-15T11:00:00Z", "api, web"))
    write(root, "incidents/2026-03-01-c.md", review("c", "P1", "2026-03-01T12:00:00Z", "2026-03-01T12:10:00Z", "2026-03-01T20:10:00Z", "web"))
    write(root, "incidents/2026-04-02-d.md", review("d", "P2", "2026-04-02T07:00:00Z", "2026-04-02T07:00:00Z", "2026-04-02T07:30:00Z", "search")
          .replace("resolved: 2026-04-02T07:30:00Z", "resolved: 2026-04-02T06:30:00Z"))
    write(root, "incidents/2026-05-05-e.md", review("e", "P3", "2026-05-05T07:00:00Z", "2026-05-05T07:00:00Z", "2026-05-05T07:30:00Z", "web").replace("## Root cause\n\nx\n\n", ""))
    return root


def test_list_timeline_dates_carry_forward(kb: Path):
    entries = timeline.parse(load(kb).by_path["incidents/2026-01-10-a.md"])
    assert [e.stamp for e in entries] == ["2026-01-10 09:00", "2026-01-10 09:30", "2026-01-10 10:02", "2026-01-10 09:40", "2026-01-11 08:00"]
    assert entries[1].text == "Alert fires."


def test_h3_and_table_timelines(corpora: Path):
    oss = load(corpora / "postmortems-oss", content_type="incident")
    prime = derive(oss.by_path["jupyterhub__mybinder.org-deploy/docs/source/incident-reports/2022-01-27-prime-version.md"])
    assert [e.stamp for e in prime.timeline] == ["2022-01-27 11:00", "2022-01-27 14:35", "2022-01-27 18:00", "2022-01-28 09:00", "2022-01-28 10:00"]
    assert prime.date == dt.date(2022, 1, 27)  # from the H1 "# 2022-01-27, stale prime version"
    dfds = load(corpora / "postmortems-dfds", content_type="incident")
    ami = derive(dfds.by_path["PM2022-009 - Bad AWS EKS AMI causing Kubernetes issues"])
    assert ami.ref == "PM2022-009" and ami.timeline[0].stamp == "2022-10-29 01:02" and ami.timeline[0].text == "AMI v20221027 released"
    # Stats: "Time to detection: 7 hours", "Time to recovery: 54 hours 10 minutes" from the first timeline entry
    assert ami.started == dt.datetime(2022, 10, 29, 1, 2, tzinfo=dt.UTC)
    assert ami.time_to_detect == dt.timedelta(hours=7) and ami.duration == dt.timedelta(hours=54, minutes=10)
    assert ami.services == ["Kubernetes"]


def test_foreign_sets_build(corpora: Path):
    for name in ("postmortems-dfds", "postmortems-oss"):
        content = load(corpora / name, content_type="incident")
        items = incidents(content)
        pages = {p.src_uri: p for p in incident_pages(content, Settings(today=dt.date(2026, 9, 1)))}
        assert set(pages) == {"incidents/index.md", "incidents/action-items.md"}
        assert pages["incidents/index.md"].markdown.count("<tr data-severity") == len(items)
        assert not any("template" in i.page.src_path.lower() or i.page.source_stem in ("README", "index") for i in items)
    etcd = derive(load(corpora / "postmortems-oss", content_type="incident").by_path["etcd-io__etcd/Documentation/postmortems/v3.5-data-inconsistency.md"])
    assert etcd.date == dt.date(2022, 4, 20) and etcd.owner == "serathius@"  # the metadata table
    assert sum(a.done for a in etcd.actions) == 5 and len(etcd.actions) == 10  # the action-item table


def test_action_items(kb: Path):
    items = derive(load(kb).by_path["incidents/2026-01-10-a.md"]).actions
    assert [(a.owner, a.due, a.state) for a in items] == [
        ("li.wei", dt.date(2026, 2, 1), "open"), (None, None, "open"), ("chen.jing", None, "open"),
        ("maria", dt.date(2026, 12, 15), "in-progress"), ("li.wei", dt.date(2026, 1, 20), "done"),
    ]


def test_statistics_hand_computed(kb: Path):
    cells = stats.table(incidents(load(kb)))
    assert [(c.quarter, c.severity, c.count, c.mean_hours, c.median_hours) for c in cells] == [
        ("2026-Q1", "P1", 3, 4.0, 3.0),  # time to resolve 1 h, 3 h, 8 h
        ("2026-Q2", "P2", 1, None, None),  # resolved before started: left out of the means (the check reports it)
        ("2026-Q2", "P3", 1, 0.5, 0.5),
    ]
    svg = chart.svg(cells)
    assert svg.startswith("<svg") and svg.count("<rect") == 3 + 3  # bars (P2 as a 1px stub) + legend swatches
    assert "2026-Q1 P1: 3 incidents; mean 4.0h, median 3.0h" in svg
    assert "2026-Q1 P1：3 起事故；平均 4.0小时，中位数 3.0小时" in chart.svg(cells, "zh")


def test_index_and_action_items_pages(kb: Path):
    pages = {p.src_uri: p for p in incident_pages(load(kb), Settings(today=dt.date(2026, 6, 1)))}
    index = pages["incidents/index.md"].markdown
    row = re.search(r'<tr data-severity="P1" data-services="api">.*?</tr>', index).group(0)
    assert ">10 Jan 2026<" in row and "<td>1h 30m</td><td>30m</td><td>1h</td>" in row
    assert '<option value="P1" translate="no">P1</option>' in index and '<option value="search" translate="no">search</option>' in index
    assert "<svg" in index and "<td>2026-Q1</td><td>P1</td><td>3</td><td>4.0h</td><td>3.0h</td>" in index
    actions = pages["incidents/action-items.md"].markdown.splitlines()
    rows = [line for line in actions if line.startswith("| ") and not line.startswith("| Due")]
    assert rows[0].startswith("| **1 Feb 2026 (overdue)** | Add an alert | li.wei | open |")
    assert rows[1].startswith("| 15 Dec 2026 | Being done | maria | in progress |")
    assert len(rows) == 4 and not any("| Done |" in r for r in rows)


def test_rewrite_markdown(kb: Path):
    content = load(kb)
    out = rewrite_markdown(content.by_path["incidents/2026-01-10-a.md"], content, Settings(today=dt.date(2026, 6, 1)))
    assert '<time class="kb-timeline__time" datetime="2026-01-10T09:30:00">09:30</time>' in out
    assert out.count('<p class="kb-timeline__date">') == 2
    assert "- [ ] Add an alert <small" in out and "due 1 Feb 2026 (overdue)" in out
    assert '<p class="kb-timeline__date">10 Jan 2026</p>' in out
    assert '<small class="kb-action__meta"><span class="kb-action__state kb-action__state--open">open</span></small>' in out  # no owner, no date
    assert "- **09:30**" not in out
    # a review written in Chinese gets its dates and labels in Chinese
    zh = dataclasses.replace(content.by_path["incidents/2026-01-10-a.md"], lang="zh")
    out = rewrite_markdown(zh, content, Settings(today=dt.date(2026, 6, 1)))
    assert '<p class="kb-timeline__date">2026年1月10日</p>' in out
    assert "负责人：<strong>li.wei</strong> · <span class=\"kb-action__overdue\">截止 2026年2月1日（已逾期）</span> · " in out
    assert ">进行中</span>" in out
    runbook_like = content.by_path["incidents/2026-02-15-b.md"]
    runbook_like.type = "runbook"
    assert rewrite_markdown(runbook_like, content, Settings()) == runbook_like.body


def test_checks_messages_and_lines(kb: Path):
    content = load(kb)
    diags = Diagnostics()
    for rule in (incident_sections, incident_timeline_order, incident_times, incident_action_owners):
        rule(content, Settings(), diags)
    found = sorted((d.path, d.line, d.message) for d in diags)
    a = "incidents/2026-01-10-a.md"
    lines = (content.root / a).read_text().splitlines()

    def line_of(text: str) -> int:
        return next(n for n, line in enumerate(lines, start=1) if line.startswith(text))

    assert found == sorted([
        (a, line_of("- **09:40**"), "timeline entry '2026-01-10 09:40' is earlier than the entry before it (2026-01-10 10:02)"),
        (a, line_of("- [ ] Nobody"), "action item has no owner: add '(owner: NAME, due: YYYY-MM-DD)'"),
        (a, line_of("- [ ] No date"), "action item has no due date: add '(owner: NAME, due: YYYY-MM-DD)'"),
        ("incidents/2026-04-02-d.md", 8, "'resolved' (2026-04-02T06:30:00Z) is before 'started' (2026-04-02T07:00:00Z)"),
        ("incidents/2026-05-05-e.md", 1, "missing required section '## Root cause'"),
    ])
    assert all(d.severity == "error" for d in diags)
    assert line_of("- **09:40**") == 40  # a file line: 15 lines of front matter, then the body


def test_foreign_timeline_order_is_a_warning(corpora: Path):
    diags = Diagnostics()
    incident_timeline_order(load(corpora / "postmortems-dfds", content_type="incident"), Settings(), diags)
    log4shell = [d for d in diags if d.path.startswith("PM2021-011")]
    assert [(d.severity, d.line, d.message) for d in log4shell] == [
        ("warning", 23, "timeline entry '2021-12-13 14:30' is earlier than the entry before it (2021-12-13 15:50)"),
    ]
