"""Page providers: the incident index (filterable table + statistics) and the open action items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from ..content.model import ContentSet
from ..releases.links import free_uri, md_link, page_url, rebase_markdown, url_between
from ..safety.text import md_text
from ..settings import Settings
from ..site import GeneratedPage, formats
from ..site.html import render
from ..site.i18n import t, tn
from ..site.links import lang_prefix
from ..site.listings import languages_present
from . import chart, stats
from .derive import Incident, incidents

INDEX = "incidents/index.md"
ACTIONS = "incidents/action-items.md"

# Rows carry data attributes; the script only hides rows, so the table is complete without it.
_FILTER_JS = """
(function () {
  var root = document.getElementById("kb-incidents");
  if (!root) return;
  var sev = root.querySelector("select[name=severity]"), svc = root.querySelector("select[name=service]");
  function apply() {
    root.querySelectorAll("tbody tr").forEach(function (tr) {
      var okSev = !sev.value || tr.dataset.severity === sev.value;
      var okSvc = !svc.value || (" " + tr.dataset.services + " ").indexOf(" " + svc.value + " ") >= 0;
      tr.hidden = !(okSev && okSvc);
    });
  }
  root.querySelector(".kb-incidents__filters").hidden = false;
  sev.addEventListener("change", apply);
  svc.addEventListener("change", apply);
})();
"""


def _slug(service: str) -> str:
    return service.replace(" ", "_")  # data-services is space-separated


def incident_pages(content: ContentSet, settings: Settings) -> Iterable[GeneratedPage]:
    items = incidents(content)
    if not items:
        return []
    langs = languages_present(content, settings)
    srcs = {lang: _srcs(content, lang_prefix(lang, settings.default_lang)) for lang in langs}
    out = []
    for lang in langs:  # every language lists every review; the index and its words are the reader's
        index_src, actions_src = srcs[lang]
        out += [index_page(items, index_src, actions_src, settings, lang, {o: srcs[o][0] for o in langs}),
                action_items_page(items, actions_src, index_src, settings, lang, {o: srcs[o][1] for o in langs})]
    return out


def _srcs(content: ContentSet, pre: str) -> tuple[str, str]:
    return (free_uri(content, pre + INDEX, pre + "incidents/all-incidents.md"),
            free_uri(content, pre + ACTIONS, pre + "incidents/open-action-items.md"))


def _meta(alternates: dict[str, str] | None) -> dict[str, Any]:
    meta: dict[str, Any] = {"hide": ["toc"]}
    if alternates:
        meta.update(kb_listing="incidents", kb_translations=alternates)
    return meta


def index_page(items: list[Incident], src: str, actions_src: str, settings: Settings, lang: str = "en",
               alternates: dict[str, str] | None = None) -> GeneratedPage:
    here = page_url(src, settings)
    rows = [{
        "severity": _slug(inc.severity or ""), "services": " ".join(_slug(s) for s in inc.services),
        "date": formats.day(inc.date, lang) if inc.date else "", "url": url_between(here, inc.page.url),
        "title": inc.page.title, "title_lang": inc.page.lang, "ref": inc.ref, "severity_label": inc.severity or "",
        "service_labels": ", ".join(inc.services), "duration": formats.duration(inc.duration, lang),
        "detect": formats.duration(inc.time_to_detect, lang), "resolve": formats.duration(inc.time_to_resolve, lang),
    } for inc in items]
    cells = stats.table(items)
    body = render(
        "incident_index.html", settings.template_dir, lang=lang, rows=rows, script=Markup(_FILTER_JS),
        summary=t(lang, "incident_reviews_summary", reviews=tn(lang, "incident_review_count", len(items))),
        actions_link=md_link(src, actions_src), chart=Markup(chart.svg(cells, lang, settings.template_dir)),
        severities=[(_slug(v), v) for v in sorted({i.severity for i in items if i.severity})],
        services=[(_slug(v), v) for v in sorted({s for i in items for s in i.services})],
        stats=[{"quarter": c.quarter, "severity": c.severity, "count": formats.number(c.count, lang),
                "mean": formats.hours(c.mean_hours, lang), "median": formats.hours(c.median_hours, lang)} for c in cells],
    )
    return GeneratedPage(src, t(lang, "incidents"), body, lang, meta=_meta(alternates), in_nav=True, nav_order=60)


def action_items_page(items: list[Incident], src: str, index_src: str, settings: Settings, lang: str = "en",
                      alternates: dict[str, str] | None = None) -> GeneratedPage:
    today = settings.today
    open_items = [(inc, a) for inc in items for a in inc.actions if not a.done]
    # Overdue first (longest overdue at the top), then by due date, then undated.
    open_items.sort(key=lambda p: (not p[1].overdue(today), p[1].due is None, p[1].due or dt.date.max, p[0].date or dt.date.min))
    summary = t(lang, "action_items_summary", items=tn(lang, "action_item_count", len(open_items)), date=formats.day(today, lang))
    lines = [f"# {t(lang, 'open_action_items')}", "", f"{summary} [{t(lang, 'all_incidents')}]({md_link(src, index_src)})", ""]
    if open_items:
        heads = [t(lang, k) for k in ("due", "action", "owner", "state", "incident")]
        lines += ["| " + " | ".join(heads) + " |", "|---|---|---|---|---|"]
        for inc, a in open_items:
            due = formats.day(a.due, lang) if a.due else ""
            if a.overdue(today):
                due = f"**{t(lang, 'overdue', date=due)}**"
            text = rebase_markdown(a.text, inc.page.src_path, src).replace("|", "\\|").replace("\n", " ")
            lines.append(f"| {due} | {text} | {md_text(a.owner or '')} | {t(lang, 'state_' + a.state)} | [{md_text(inc.ref)}]({md_link(src, inc.page.src_path)}) |")
    return GeneratedPage(src, t(lang, "open_action_items"), "\n".join(lines) + "\n", lang, meta=_meta(alternates))
