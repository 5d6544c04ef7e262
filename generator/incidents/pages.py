"""Page providers: the incident index (filterable table + statistics) and the open action items."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Iterable

from ..content.model import ContentSet
from ..settings import Settings
from ..safety.text import md_text
from ..site import GeneratedPage
from ..releases.links import free_uri, md_link, page_url, rebase_markdown, url_between
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


def duration_text(delta: dt.timedelta | None) -> str:
    if delta is None:
        return ""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 0:
        return ""
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} d"] if days else []
    if hours:
        parts.append(f"{hours} h")
    if mins or not parts:
        parts.append(f"{mins} min")
    return " ".join(parts)


def _slug(service: str) -> str:
    return service.replace(" ", "_")  # data-services is space-separated


def incident_pages(content: ContentSet, settings: Settings) -> Iterable[GeneratedPage]:
    items = incidents(content)
    if not items:
        return []
    index_src = free_uri(content, INDEX, "incidents/all-incidents.md")
    actions_src = free_uri(content, ACTIONS, "incidents/open-action-items.md")
    return [index_page(items, index_src, actions_src, settings), action_items_page(items, actions_src, index_src, settings)]


def _options(name: str, values: list[str], label: str) -> str:
    opts = "".join(f'<option value="{escape(_slug(v))}">{escape(v)}</option>' for v in values)
    return f'<label>{label} <select name="{name}"><option value="">All</option>{opts}</select></label>'


def index_page(items: list[Incident], src: str, actions_src: str, settings: Settings) -> GeneratedPage:
    here = page_url(src, settings)
    severities = sorted({i.severity for i in items if i.severity})
    services = sorted({s for i in items for s in i.services})
    rows = []
    for inc in items:
        link = url_between(here, inc.page.url)
        rows.append(
            f'<tr data-severity="{escape(_slug(inc.severity or ""))}" data-services="{escape(" ".join(_slug(s) for s in inc.services))}">'
            f"<td>{inc.date.isoformat() if inc.date else ''}</td>"
            f'<td><a href="{escape(link)}">{escape(inc.page.title)}</a><br><small>{escape(inc.ref)}</small></td>'
            f"<td>{escape(inc.severity or '')}</td><td>{escape(', '.join(inc.services))}</td>"
            f"<td>{duration_text(inc.duration)}</td><td>{duration_text(inc.time_to_detect)}</td><td>{duration_text(inc.time_to_resolve)}</td></tr>"
        )
    cells = stats.table(items)
    stat_rows = "".join(
        f"<tr><td>{c.quarter}</td><td>{escape(c.severity)}</td><td>{c.count}</td><td>{stats.fmt_hours(c.mean_hours)}</td><td>{stats.fmt_hours(c.median_hours)}</td></tr>"
        for c in cells
    )
    body = f"""# Incidents

{len(items)} post-incident reviews, newest first. [Open action items]({md_link(src, actions_src)})

<div id="kb-incidents" class="kb-incidents">
<div class="kb-incidents__filters" hidden>{_options("severity", severities, "Severity")} {_options("service", services, "Service")}</div>
<table class="kb-incidents__table">
<thead><tr><th>Date</th><th>Incident</th><th>Severity</th><th>Services</th><th>Duration</th><th>Time to detect</th><th>Time to resolve</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
</div>

<script>{_FILTER_JS}</script>

## Statistics

Time to resolve runs from detection to resolution; duration from start to resolution.

<div class="kb-incident-stats" style="display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start">
<div class="kb-incident-stats__chart">{chart.svg(cells)}</div>
<table class="kb-incident-stats__table">
<thead><tr><th>Quarter</th><th>Severity</th><th>Incidents</th><th>Mean time to resolve</th><th>Median time to resolve</th></tr></thead>
<tbody>{stat_rows}</tbody>
</table>
</div>
"""
    return GeneratedPage(src, "Incidents", body, settings.default_lang, meta={"hide": ["toc"]}, in_nav=True, nav_order=60)


def action_items_page(items: list[Incident], src: str, index_src: str, settings: Settings) -> GeneratedPage:
    today = settings.today
    open_items = [(inc, a) for inc in items for a in inc.actions if not a.done]
    # Overdue first (longest overdue at the top), then by due date, then undated.
    open_items.sort(key=lambda p: (not p[1].overdue(today), p[1].due is None, p[1].due or dt.date.max, p[0].date or dt.date.min))
    lines = ["# Open action items", "", f"{len(open_items)} unfinished action items across incidents, overdue first (as of {today.isoformat()}). "
             f"[All incidents]({md_link(src, index_src)})", ""]
    if open_items:
        lines += ["| Due | Action | Owner | State | Incident |", "|---|---|---|---|---|"]
        for inc, a in open_items:
            due = a.due.isoformat() if a.due else ""
            if a.overdue(today):
                due = f"**{due} (overdue)**"
            text = rebase_markdown(a.text, inc.page.src_path, src).replace("|", "\\|").replace("\n", " ")
            lines.append(f"| {due} | {text} | {md_text(a.owner or '')} | {a.state} | [{md_text(inc.ref)}]({md_link(src, inc.page.src_path)}) |")
    return GeneratedPage(src, "Open action items", "\n".join(lines) + "\n", settings.default_lang, meta={"hide": ["toc"]})
