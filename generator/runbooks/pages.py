"""Page provider: the runbook index by service, one page per service, an A-Z alert index, and a stable
page per alert name (``runbooks/alerts/<Alert>/``) that monitoring can link to.

An alert page redirects to its runbook when there is one; when several sets or languages have a
runbook for that alert, it lists them instead, labelled by set and language.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..content.markdown_scan import slugify
from ..content.model import ContentSet
from ..releases.links import free_uri, md_link, page_url, url_between
from ..safety.text import md_text
from ..settings import Settings
from ..site import GeneratedFile, GeneratedPage
from ..site.html import render
from ..site.i18n import t, tn
from ..site.links import lang_prefix
from ..site.listings import languages_present
from .model import Runbook, by_alert, runbooks

INDEX = "runbooks/index.md"
ALERTS = "runbooks/alerts"


def alert_uri(alert: str) -> str:
    return f"{ALERTS}/{alert}.md"


def service_uri(service: str, prefix: str = "") -> str:
    return f"{prefix}runbooks/services/{slugify(service, '-') or 'other'}.md"


def _label(rb: Runbook) -> str:
    bits = [b for b in (rb.set, rb.page.lang) if b]
    return md_text(" · ".join(bits) or rb.page.src_path)


def runbook_pages(content: ContentSet, settings: Settings) -> Iterable[GeneratedPage]:
    if not runbooks(content):
        return []
    langs = languages_present(content, settings)
    srcs = {lang: _srcs(content, lang_prefix(lang, settings.default_lang)) for lang in langs}
    out = []
    for lang in langs:  # the index, A-Z and service pages of each language
        items = runbooks_in(content, lang)
        alerts = _by_alert(items)
        services: dict[str, list[Runbook]] = {}
        for rb in items:
            services.setdefault(rb.service, []).append(rb)
        index_src, az_src = srcs[lang]
        pre = lang_prefix(lang, settings.default_lang)
        out += [_index(services, index_src, az_src, settings, lang, {o: srcs[o][0] for o in langs}),
                _az(alerts, az_src, index_src, settings, lang, {o: srcs[o][1] for o in langs})]
        out += [_service(name, rbs, alerts, index_src, settings, lang, pre,
                         {o: service_uri(name, lang_prefix(o, settings.default_lang)) for o in langs})
                for name, rbs in sorted(services.items())]
    # One page per alert name for monitoring to link to, whatever the language.
    out += [_alert(name, rbs, content, settings) for name, rbs in by_alert(content).items() if alert_uri(name) not in content.by_path]
    return out


def _srcs(content: ContentSet, pre: str) -> tuple[str, str]:
    """Where a language's runbook index and A-Z go; a content file already there keeps its path."""
    return (free_uri(content, pre + INDEX, pre + "runbooks/all-runbooks.md"),
            free_uri(content, f"{pre}{ALERTS}/index.md", f"{pre}{ALERTS}/all-alerts.md"))


def runbooks_in(content: ContentSet, lang: str) -> list[Runbook]:
    """Every runbook, but a translated one only in ``lang`` when it has a translation into ``lang``."""
    return [rb for rb in runbooks(content) if rb.page.lang == lang
            or not any(p.lang == lang and p.type == "runbook" for p in content.translations(rb.page))]


def _by_alert(items: list[Runbook]) -> dict[str, list[Runbook]]:
    out: dict[str, list[Runbook]] = {}
    for rb in items:
        out.setdefault(rb.alert, []).append(rb)
    return out


def _cell(text: str) -> str:
    """A name from the content (service, alert) in a listing: not for translation."""
    return f'<span translate="no">{md_text(text)}</span>'


def _index(services: dict[str, list[Runbook]], src: str, az_src: str, settings: Settings, lang: str = "en",
           alternates: dict[str, str] | None = None) -> GeneratedPage:
    n = sum(map(len, services.values()))
    az = f"[{t(lang, 'alerts_az_link')}]({md_link(src, az_src)})"
    lines = [f"# {t(lang, 'runbooks')}", "",
             t(lang, "runbooks_summary", runbooks=tn(lang, "runbook_count", n), services=tn(lang, "service_count", len(services)), link=az), "",
             f"| {t(lang, 'service')} | {t(lang, 'runbooks')} | {t(lang, 'critical')} | {t(lang, 'warning')} |", "|---|---:|---:|---:|"]
    for name, rbs in sorted(services.items()):
        crit = sum(1 for r in rbs if r.page.severity == "critical")
        warn = sum(1 for r in rbs if r.page.severity == "warning")
        label = md_text(name) if name else t(lang, "other_service")
        lines.append(f"| [{label}]({md_link(src, service_uri(name, lang_prefix(lang, settings.default_lang)))}) | {len(rbs)} | {crit or ''} | {warn or ''} |")
    return GeneratedPage(src, t(lang, "runbooks"), "\n".join(lines) + "\n", lang, _meta(alternates), in_nav=True, nav_order=50)


def _meta(alternates: dict[str, str] | None) -> dict[str, Any]:
    return {"kb_listing": "runbooks", "kb_translations": alternates} if alternates else {}


def _az(alerts: dict[str, list[Runbook]], src: str, index_src: str, settings: Settings, lang: str = "en",
        alternates: dict[str, str] | None = None) -> GeneratedPage:
    lines = [f"# {t(lang, 'alerts_az')}", "", f"[{t(lang, 'runbooks_by_service')}]({md_link(src, index_src)})", ""]
    letters: dict[str, list[str]] = {}
    for name in alerts:
        letters.setdefault(name[0].upper(), []).append(name)
    lines.append(" · ".join(f"[{letter}](#{letter.lower()})" for letter in sorted(letters)))
    for letter in sorted(letters):
        lines += ["", f"## {letter} {{ translate=no }}", ""]  # the initial of alert names, in any language
        for name in sorted(letters[letter], key=str.lower):
            rbs = alerts[name]
            services = sorted({r.service for r in rbs if r.service})
            extra = f" — {_cell(', '.join(services))}" if services else ""
            many = f" ({tn(lang, 'runbook_count', len(rbs))})" if len(rbs) > 1 else ""
            lines.append(f"- [{md_text(name)}]({md_link(src, alert_uri(name))}){extra}{many}")
    return GeneratedPage(src, t(lang, "alerts_az"), "\n".join(lines) + "\n", lang, _meta(alternates))


def _service(name: str, rbs: list[Runbook], alerts: dict[str, list[Runbook]], index_src: str, settings: Settings,
             lang: str = "en", pre: str = "", alternates: dict[str, str] | None = None) -> GeneratedPage:
    src = service_uri(name, pre)
    title = t(lang, "runbooks_for", service=name or t(lang, "other_service"))
    lines = [f"# {md_text(title)}", "", f"[{t(lang, 'all_services')}]({md_link(src, index_src)})", "",
             f"| {t(lang, 'alert')} | {t(lang, 'severity')} | {t(lang, 'runbook')} | {t(lang, 'runbook_set')} |", "|---|---|---|---|"]
    for rb in rbs:
        sev = rb.page.severity or ""
        dep = f" *({t(lang, 'deprecated')})*" if rb.deprecated else ""
        title_cell = md_text(rb.page.title)
        other = rb.page.lang != lang and rb.page.lang in settings.languages  # a runbook in another language
        marked = f"{{ hreflang={rb.page.lang} lang={rb.page.lang} }}" if other else ""
        lines.append(f"| [{md_text(rb.alert)}]({md_link(src, alert_uri(rb.alert))}){dep} | {sev} | [{title_cell}]({md_link(src, rb.page.src_path)}){marked} | {_label(rb)} |")
    return GeneratedPage(src, title, "\n".join(lines) + "\n", lang, _meta(alternates))


def _alert(name: str, rbs: list[Runbook], content: ContentSet, settings: Settings) -> GeneratedPage:
    src = alert_uri(name)
    here = page_url(src, settings)
    lines = [f"# {md_text(name)}", ""]
    meta: dict[str, Any] = {"hide": ["toc"]}
    if len(rbs) == 1:
        target = url_between(here, rbs[0].page.url)
        # A page, not a server redirect: static hosting has none. The link also works without JS.
        lines += [render("alert_redirect.html", settings.template_dir, url=target), "",
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

