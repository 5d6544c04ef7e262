"""Runbooks: alert names and services in our kb and foreign sets, alert URLs, the facts block, checks."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from generator.checks.runbooks import runbook_reviews, runbook_sections
from generator.content import load
from generator.content.diagnostics import Diagnostics
from generator.content.model import ContentSet
from generator.releases.links import page_url
from generator.runbooks.blocks import runbook_facts
from generator.runbooks.model import by_alert, runbooks
from generator.runbooks.pages import runbook_pages
from generator.settings import Settings

SECTIONS = "## Symptoms\n\nx\n\n## Impact\n\nx\n\n## Diagnosis\n\nx\n\n## Mitigation\n\nx\n\n## Escalation\n\nx\n"


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def runbook(alert: str, reviewed: str = "2026-06-01", every: int = 180, body: str = SECTIONS) -> str:
    return (f"---\nid: rb-{alert.lower()}\ntitle: {alert}\nsummary: s\nservice: api-gateway\nalert: {alert}\nseverity: critical\n"
            f"owner: li.wei\nreviewed: {reviewed}\nreview_every: {every}\nlang: en\n---\n\n{body}")


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    write(root, "runbooks/api-gateway/ApiGateway5xxRateHigh.md", runbook("ApiGateway5xxRateHigh"))
    write(root, "runbooks/api-gateway/ApiGatewayLatencyHigh.md", runbook("ApiGatewayLatencyHigh", "2025-01-02", 180, SECTIONS.split("## Escalation")[0]))
    write(root, "incidents/2026-06-22-api-5xx.md", "---\nid: inc-api\ntitle: API 5xx\nseverity: P1\nstarted: 2026-06-22T10:00:00Z\nrunbooks: [rb-apigateway5xxratehigh]\n---\n\nText.\n")
    write(root, "incidents/2026-07-01-latency.md", "---\nid: inc-lat\ntitle: Latency\nseverity: P2\n---\n\nWe followed [the runbook](../runbooks/api-gateway/ApiGatewayLatencyHigh.md).\n")
    return root


def test_alert_pages_and_stable_urls(kb: Path):
    content = load(kb)
    pages = {p.src_uri: p for p in runbook_pages(content, Settings())}
    alert = pages["runbooks/alerts/ApiGateway5xxRateHigh.md"]
    assert page_url(alert.src_uri, Settings()) == "runbooks/alerts/ApiGateway5xxRateHigh/"
    # one runbook: the page redirects (relative URL, works on any host path) and links for no-JS readers
    assert 'url=../../api-gateway/ApiGateway5xxRateHigh/"' in alert.markdown
    assert "(../api-gateway/ApiGateway5xxRateHigh.md)" in alert.markdown
    assert "[api-gateway](services/api-gateway.md) | 2 | 2 |" in pages["runbooks/index.md"].markdown
    assert "- [ApiGatewayLatencyHigh](ApiGatewayLatencyHigh.md) — <span translate=\"no\">api-gateway</span>" in pages["runbooks/alerts/index.md"].markdown


def test_same_alert_in_several_sets(corpora: Path):
    sets = [load(corpora / name, content_type="runbook", collection=name) for name in ("runbooks-openshift", "runbooks-prometheus-operator")]
    merged = ContentSet(root=corpora, pages=[p for s in sets for p in s.pages], taxonomy=sets[0].taxonomy, diagnostics=Diagnostics(), managed=False)
    pages = {p.src_uri: p for p in runbook_pages(merged, Settings())}
    page = pages["runbooks/alerts/KubeAPIDown.md"].markdown
    assert "| runbooks-openshift |" in page and "| runbooks-prometheus-operator |" in page
    assert "http-equiv" not in page


@pytest.mark.parametrize("name, at_least, service", [
    ("runbooks-openshift", 250, "cluster-monitoring-operator"),
    ("runbooks-prometheus-operator", 100, "kubernetes"),
    ("runbooks-kubesphere-zh-en", 150, "kubernetes"),
])
def test_foreign_sets_give_usable_indexes(corpora: Path, name: str, at_least: int, service: str):
    content = load(corpora / name, content_type="runbook")
    items = runbooks(content)
    assert len(items) >= at_least
    assert all(" " not in r.alert for r in items)  # alert names, not titles
    assert not any("helpers/" in r.page.src_path or r.page.src_path.endswith(("_index.md", "README.md")) for r in items)
    assert service in {r.service for r in items}
    assert len(list(runbook_pages(content, Settings()))) > 100


def test_kubesphere_languages_and_names(corpora: Path):
    content = load(corpora / "runbooks-kubesphere-zh-en", content_type="runbook")
    proxy = by_alert(content)["KubeProxyDown"]
    assert sorted(r.page.lang for r in proxy) == ["en", "zh"]
    assert {r.set for r in proxy} == {"content", "content.zh"}
    openshift = by_alert(load(corpora / "runbooks-openshift", content_type="runbook"))
    assert openshift["OperatorConditionsUnhealthy"][0].deprecated  # H1 "OperatorConditionsUnhealthy [Deprecated]"


def test_facts_block_links_citing_incidents(kb: Path):
    content = load(kb)
    settings = Settings(today=dt.date(2026, 7, 1))
    top, bottom = runbook_facts(content.by_path["runbooks/api-gateway/ApiGateway5xxRateHigh.md"], content, settings)
    assert "| Severity | critical |" in top.markdown and "| Owner | li.wei |" in top.markdown
    assert "| Last reviewed | 2026-06-01 |" in top.markdown
    assert "[API 5xx](../../incidents/2026-06-22-api-5xx.md) (P1)" in bottom.markdown
    _, cited = runbook_facts(content.by_path["runbooks/api-gateway/ApiGatewayLatencyHigh.md"], content, settings)
    assert "[Latency](../../incidents/2026-07-01-latency.md)" in cited.markdown  # cited by a body link


def test_checks_messages_and_lines(kb: Path):
    content = load(kb)
    diags = Diagnostics()
    runbook_sections(content, Settings(), diags)
    runbook_reviews(content, Settings(today=dt.date(2026, 7, 1)), diags)
    found = {(d.path, d.line, d.severity, d.message) for d in diags}
    assert found == {
        ("runbooks/api-gateway/ApiGatewayLatencyHigh.md", 1, "error", "missing required section '## Escalation'"),
        ("runbooks/api-gateway/ApiGatewayLatencyHigh.md", 9, "warning",
         "runbook was last reviewed on 2025-01-02 and was due for review on 2025-07-01"),
    }


def test_foreign_runbooks_are_not_held_to_our_sections(corpora: Path):
    diags = Diagnostics()
    runbook_sections(load(corpora / "runbooks-openshift", content_type="runbook"), Settings(), diags)
    assert len(diags) == 0
