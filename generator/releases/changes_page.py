"""The "what changed between versions" page: two <select>s and a small script over embedded JSON.

Static on purpose (no server): every release's entries are rendered to HTML at build time and the
script only filters them with the rule in ``delta.py``. Without JavaScript the page points to the
release list.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from ..content.model import ContentSet
from ..settings import Settings
from ..site import GeneratedPage
from ..site.html import render
from ..site.i18n import t
from .data import release_entries
from .delta import superseded_by
from .entries import KINDS, kind_title
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
      groups[k].forEach(function (g) { parts.push((g[1].lang === data.lang ? "<li>" : '<li lang="' + g[1].lang + '">') + g[0] + ' <a class="kb-changes__version" href="' + g[1].url + '">' + g[1].label + "</a></li>"); });
      parts.push("</ul>");
    });
    out.innerHTML = count ? parts.join("") : "<p>" + data.text.none + "</p>";
  }
  from.addEventListener("change", render);
  to.addEventListener("change", render);
  render();
})();
"""


def payload(items: list[Release], content: ContentSet, settings: Settings, here: str, lang: str = "en") -> dict[str, Any]:
    entries = release_entries(content)
    sup = superseded_by(items)
    return {
        "lang": lang,
        "kinds": list(KINDS),
        "titles": {kind: kind_title(kind, lang) for kind in KINDS},
        "text": {"pick": t(lang, "changes_pick"), "none": t(lang, "changes_none")},
        "releases": [
            {
                "label": r.label,
                "lang": r.page.lang,
                "url": url_between(here, r.page.url),
                "sup": sup[i],
                "entries": [[e.kind, entry_html(e, r, here, content, settings)] for e in entries[r.page.src_path]],
            }
            for i, r in enumerate(items)
        ],
    }


def _options(items: list[Release], lang: str) -> list[tuple[int, str]]:
    """(index, label) newest first."""
    return [(i, items[i].label if items[i].is_stable else t(lang, "pre_release_option", label=items[i].label))
            for i in reversed(range(len(items)))]


def changes_page(items: list[Release], content: ContentSet, uris: dict[str, str], settings: Settings, lang: str = "en",
                 alternates: dict[str, str] | None = None) -> GeneratedPage:
    src = uris["changes"]
    here = page_url(src, settings)
    latest = latest_stable(items)
    hi = items.index(latest) if latest else len(items) - 1
    stable_below = [i for i in range(hi) if items[i].is_stable]
    lo = stable_below[-1] if stable_below else max(hi - 1, 0)
    # "</" would end the script element early; JSON allows the escaped form.
    data = json.dumps(payload(items, content, settings, here, lang), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    body = render(
        "release_changes.html", settings.template_dir, lang=lang, options=_options(items, lang), lo=lo, hi=hi,
        index_url=url_between(here, page_url(uris["index"], settings)), index_link=md_link(src, uris["index"]),
        data=Markup(data), script=Markup(_SCRIPT),
    )
    meta: dict[str, Any] = {"hide": ["toc"]}
    if alternates:
        meta.update(kb_listing="releases-changes", kb_translations=alternates)
    return GeneratedPage(src, t(lang, "changes_title"), body, lang, meta=meta)
