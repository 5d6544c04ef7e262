"""The "what changed between versions" page: two <select>s and a small script over embedded JSON.

Static on purpose (no server): every release's entries are rendered to HTML at build time and the
script only filters them with the rule in ``delta.py``. Without JavaScript the page points to the
release list.
"""

from __future__ import annotations

from typing import Any

import html
import json

from ..content.model import ContentSet
from ..settings import Settings
from ..site import GeneratedPage
from .data import release_entries
from .delta import superseded_by
from .entries import KIND_TITLES, KINDS
from .links import md_link, page_url, url_between
from .model import Release, latest_stable
from .render import entry_html

_SCRIPT = """
(function () {
  var root = document.getElementById("kb-changes");
  if (!root) return;
  var data = JSON.parse(document.getElementById("kb-changes-data").textContent);
  var from = root.querySelector("select[name=from]"), to = root.querySelector("select[name=to]");
  var out = root.querySelector(".kb-changes__out");
  function render() {
    var lo = +from.value, hi = +to.value, groups = {}, count = 0;
    if (hi <= lo) { out.innerHTML = "<p>" + data.text.pick + "</p>"; return; }
    for (var i = hi; i > lo; i--) {
      var r = data.releases[i];
      if (r.sup !== null && r.sup > lo && r.sup <= hi) continue;
      r.entries.forEach(function (e) { (groups[e[0]] = groups[e[0]] || []).push([e[1], r]); count++; });
    }
    var parts = [];
    data.kinds.forEach(function (k) {
      if (!groups[k]) return;
      parts.push('<h2 class="kb-changes__kind kb-changes__kind--' + k + '">' + data.titles[k] + "</h2><ul>");
      groups[k].forEach(function (g) { parts.push("<li>" + g[0] + ' <a class="kb-changes__version" href="' + g[1].url + '">' + g[1].label + "</a></li>"); });
      parts.push("</ul>");
    });
    out.innerHTML = count ? parts.join("") : "<p>" + data.text.none + "</p>";
  }
  from.addEventListener("change", render);
  to.addEventListener("change", render);
  render();
})();
"""


def payload(items: list[Release], content: ContentSet, settings: Settings, here: str) -> dict[str, Any]:
    entries = release_entries(content)
    sup = superseded_by(items)
    return {
        "kinds": list(KINDS),
        "titles": KIND_TITLES,
        "text": {"pick": "Pick a target version newer than your current one.", "none": "No changes between these versions."},
        "releases": [
            {
                "label": r.label,
                "url": url_between(here, r.page.url),
                "sup": sup[i],
                "entries": [[e.kind, entry_html(e, r, here, content, settings)] for e in entries[r.page.src_path]],
            }
            for i, r in enumerate(items)
        ],
    }


def _options(items: list[Release], selected: int) -> str:
    opts = []
    for i in reversed(range(len(items))):
        r = items[i]
        label = r.label + (" (pre-release)" if not r.is_stable else "")
        sel = " selected" if i == selected else ""
        opts.append(f'<option value="{i}"{sel}>{html.escape(label)}</option>')
    return "".join(opts)


def changes_page(items: list[Release], content: ContentSet, uris: dict[str, str], settings: Settings) -> GeneratedPage:
    src = uris["changes"]
    here = page_url(src, settings)
    latest = latest_stable(items)
    hi = items.index(latest) if latest else len(items) - 1
    stable_below = [i for i in range(hi) if items[i].is_stable]
    lo = stable_below[-1] if stable_below else max(hi - 1, 0)
    # "</" would end the script element early; JSON allows the escaped form.
    data = json.dumps(payload(items, content, settings, here), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    body = f"""# What changed between versions

Pick the version you use now and the one you are moving to: every change in between is listed,
breaking changes first.

<div id="kb-changes" class="kb-changes">
<form class="kb-changes__form" onsubmit="return false">
<label>I use <select name="from">{_options(items, lo)}</select></label>
<label>Upgrading to <select name="to">{_options(items, hi)}</select></label>
</form>
<div class="kb-changes__out" aria-live="polite"><p>Turn on JavaScript to compare versions, or read the <a href="{url_between(here, page_url(uris['index'], settings))}">release notes one by one</a>.</p></div>
</div>

<script type="application/json" id="kb-changes-data">{data}</script>
<script>{_SCRIPT}</script>

[All release notes]({md_link(src, uris['index'])})
"""
    return GeneratedPage(src, "What changed between versions", body, settings.default_lang, meta={"hide": ["toc"]})
