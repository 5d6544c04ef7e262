"""Page provider: the runbook index by service, one page per service, an A-Z alert index, and a stable
page per alert name (``runbooks/alerts/<Alert>/``) that monitoring can link to.

An alert page redirects to its runbook when there is one; when several sets or languages have a
runbook for that alert, it lists them instead, labelled by set and language.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any, Iterable

from ..content.markdown_scan import slugify
from ..content.model import ContentSet
from ..settings import Settings
from ..site import GeneratedFile, GeneratedPage
from ..releases.links import free_uri, md_link, page_url, url_between
from .model import Runbook, by_alert, runbooks
from ..safety.text import md_text

INDEX = "runbooks/index.md"
ALERTS = "runbooks/alerts"


def alert_uri(alert: str) -> str:
    return f"{ALERTS}/{alert}.md"


def service_uri(service: str) -> str:
    return f"runbooks/services/{slugify(service, '-') or 'other'}.md"


def _label(rb: Runbook) -> str:
    bits = [b for b in (rb.set, rb.page.lang) if b]
    return md_text(" · ".join(bits) or rb.page.src_path)


def runbook_pages(content: ContentSet, settings: Settings) -> Iterable[GeneratedPage]:
    items = runbooks(content)
    if not items:
        return []
    alerts = by_alert(content)
    services: dict[str, list[Runbook]] = {}
    for rb in items:
        services.setdefault(rb.service, []).append(rb)
    index_src = free_uri(content, INDEX, "runbooks/all-runbooks.md")
    az_src = free_uri(content, f"{ALERTS}/index.md", f"{ALERTS}/all-alerts.md")
    out = [_index(services, index_src, az_src, settings), _az(alerts, az_src, index_src, settings)]
    out += [_service(name, rbs, alerts, index_src, settings) for name, rbs in sorted(services.items())]
    out += [_alert(name, rbs, content, settings) for name, rbs in alerts.items() if alert_uri(name) not in content.by_path]
    return out


def _index(services: dict[str, list[Runbook]], src: str, az_src: str, settings: Settings) -> GeneratedPage:
    lines = ["# Runbooks", "", f"{sum(map(len, services.values()))} runbooks for {len(services)} services. "
             f"Looking for an alert by name? See the [alerts from A to Z]({md_link(src, az_src)}).", "",
             "| Service | Runbooks | Critical | Warning |", "|---|---:|---:|---:|"]
    for name, rbs in sorted(services.items()):
        crit = sum(1 for r in rbs if r.page.severity == "critical")
        warn = sum(1 for r in rbs if r.page.severity == "warning")
        lines.append(f"| [{md_text(name or 'Other')}]({md_link(src, service_uri(name))}) | {len(rbs)} | {crit or ''} | {warn or ''} |")
    return GeneratedPage(src, "Runbooks", "\n".join(lines) + "\n", settings.default_lang, in_nav=True, nav_order=50)


def _az(alerts: dict[str, list[Runbook]], src: str, index_src: str, settings: Settings) -> GeneratedPage:
    lines = ["# Alerts from A to Z", "", f"[Runbooks by service]({md_link(src, index_src)})", ""]
    letters: dict[str, list[str]] = {}
    for name in alerts:
        letters.setdefault(name[0].upper(), []).append(name)
    lines.append(" · ".join(f"[{letter}](#{letter.lower()})" for letter in sorted(letters)))
    for letter in sorted(letters):
        lines += ["", f"## {letter}", ""]
        for name in sorted(letters[letter], key=str.lower):
            rbs = alerts[name]
            services = sorted({r.service for r in rbs if r.service})
            extra = f" — {md_text(', '.join(services))}" if services else ""
            many = f" ({len(rbs)} runbooks)" if len(rbs) > 1 else ""
            lines.append(f"- [{md_text(name)}]({md_link(src, alert_uri(name))}){extra}{many}")
    return GeneratedPage(src, "Alerts from A to Z", "\n".join(lines) + "\n", settings.default_lang)


def _service(name: str, rbs: list[Runbook], alerts: dict[str, list[Runbook]], index_src: str, settings: Settings) -> GeneratedPage:
    src = service_uri(name)
    title = f"Runbooks: {name or 'other'}"
    lines = [f"# {md_text(title)}", "", f"[All services]({md_link(src, index_src)})", "", "| Alert | Severity | Runbook | Set |", "|---|---|---|---|"]
    for rb in rbs:
        sev = rb.page.severity or ""
        dep = " *(deprecated)*" if rb.deprecated else ""
        title_cell = md_text(rb.page.title)
        lines.append(f"| [{md_text(rb.alert)}]({md_link(src, alert_uri(rb.alert))}){dep} | {sev} | [{title_cell}]({md_link(src, rb.page.src_path)}) | {_label(rb)} |")
    return GeneratedPage(src, title, "\n".join(lines) + "\n", settings.default_lang)


def _alert(name: str, rbs: list[Runbook], content: ContentSet, settings: Settings) -> GeneratedPage:
    src = alert_uri(name)
    here = page_url(src, settings)
    lines = [f"# {md_text(name)}", ""]
    meta: dict[str, Any] = {"hide": ["toc"]}
    if len(rbs) == 1:
        target = url_between(here, rbs[0].page.url)
        esc = html.escape(target, quote=True)
        # A page, not a server redirect: static hosting has none. The link also works without JS.
        lines += [f'<meta http-equiv="refresh" content="0; url={esc}">',
                  f"<script>location.replace({_js_string(target)} + location.hash)</script>", "",
                  f"The runbook for **{md_text(name)}** is [{md_text(rbs[0].page.title)}]({md_link(src, rbs[0].page.src_path)})."]
        meta["redirect_to"] = rbs[0].page.url
    else:
        lines += [f"Runbooks for the alert **{md_text(name)}**:", "", "| Runbook | Set | Language | Service | Severity |", "|---|---|---|---|---|"]
        for rb in rbs:
            title_cell = md_text(rb.page.title)
            lines.append(f"| [{title_cell}]({md_link(src, rb.page.src_path)}) | {md_text(rb.set or '—')} | {rb.page.lang} | {md_text(rb.service or '—')} | {rb.page.severity or ''} |")
    return GeneratedPage(src, name, "\n".join(lines) + "\n", settings.default_lang, meta=meta)


def alert_index(content: ContentSet, settings: Settings) -> Iterable[GeneratedFile]:
    """``runbooks/alerts/alerts.json``: every alert name and its page, for the site's 404 page.

    Monitoring links to ``runbooks/alerts/<Alert>/`` by name; when the name has no runbook (a typo,
    a renamed alert) the 404 page offers the closest names from this list, on any static host.
    """
    alerts = by_alert(content)
    if not alerts:
        return []
    rows = [{"name": name, "url": page_url(alert_uri(name), settings),
             "title": rbs[0].page.title if len(rbs) == 1 else name} for name, rbs in sorted(alerts.items())]
    return [GeneratedFile(f"{ALERTS}/alerts.json", json.dumps({"alerts": rows}, ensure_ascii=False))]


def _js_string(text: str) -> str:
    return re.sub(r"</", r"<\\/", json.dumps(text))
