"""Which pages are runbooks for which alert and service, in our kb and in foreign runbook sets.

The loader takes the alert name from front matter, else the H1, else the file name, and leaves the
service empty for foreign sets. Foreign sets also hold pages that are not runbooks at all (README,
Hugo ``_index.md``, OpenShift's shared ``helpers/``), and H1s like "OperatorConditionsUnhealthy
[Deprecated]" or "Kube State Metric sWatch Errors" that are not alert names; this module sorts that out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..content.markdown_scan import scan_links
from ..content.model import ContentSet, Page
from ..releases.cache import per_content
from ..releases.links import resolve

_ALERT = re.compile(r"^[A-Za-z_:][A-Za-z0-9_:]*$")  # a Prometheus alert/metric name
_DECLARED = re.compile(r"^[^\s/\\#?%]+$")  # what an author may write in ``alert:``
_SUFFIX = re.compile(r"\s*[\[(](deprecated|removed|legacy)[\])]\s*$", re.I)
_NOT_RUNBOOKS = {"readme", "_index", "index", "example", "template", "contributing", "license"}
_HELPER_FOLDERS = {"helpers", "helper", "includes", "partials", "img", "images"}


@dataclass(frozen=True)
class Runbook:
    page: Page
    alert: str
    service: str  # "" when nothing names one
    set: str  # the content set or top folder it came from, to tell same-named alerts apart
    deprecated: bool = False


def _stem(page: Page) -> str:
    name = PurePosixPath(page.src_path).name
    return name.rsplit(".", 1)[0] if "." in name else name


def alert_name(page: Page) -> tuple[str, bool] | None:
    """(alert name, deprecated) for a runbook page; None for pages in a runbook set that are not runbooks."""
    parts = PurePosixPath(page.src_path).parts
    if _stem(page).lower() in _NOT_RUNBOOKS or any(p.lower() in _HELPER_FOLDERS for p in parts[:-1]):
        return None
    declared = page.meta.get("alert")
    if declared and _DECLARED.match(str(declared).strip()):
        return str(declared).strip(), False
    for raw in (page.alert, _stem(page)):
        if not raw:
            continue
        text = str(raw).strip()
        deprecated = bool(_SUFFIX.search(text))
        text = _SUFFIX.sub("", text)
        if _ALERT.match(text):
            return text, deprecated
    return None


def service_of(page: Page) -> str:
    """Front matter ``service``, else the folder the file sits in (``alerts/<operator>/X.md``)."""
    if page.service:
        return page.service
    parent = PurePosixPath(page.src_path).parent
    if str(parent) in ("", "."):
        return ""
    return parent.name


def set_of(page: Page) -> str:
    if page.collection:
        return page.collection
    parts = PurePosixPath(page.src_path).parts
    return parts[0] if len(parts) > 1 else ""


def runbooks(content: ContentSet) -> list[Runbook]:
    def compute() -> list[Runbook]:
        out = []
        for page in content.of_type("runbook"):
            named = alert_name(page)
            if named is not None:
                out.append(Runbook(page, named[0], service_of(page), set_of(page), named[1]))
        return sorted(out, key=lambda r: (r.alert.lower(), r.alert, r.set, r.page.lang, r.page.src_path))

    return per_content(content, "runbooks", compute)


def by_alert(content: ContentSet) -> dict[str, list[Runbook]]:
    out: dict[str, list[Runbook]] = {}
    for rb in runbooks(content):
        out.setdefault(rb.alert, []).append(rb)
    return out


def citing_incidents(content: ContentSet) -> dict[str, list[Page]]:
    """Runbook source path -> incidents that cite it (front matter ``runbooks`` ids or a link in the body)."""
    def compute() -> dict[str, list[Page]]:
        out: dict[str, list[Page]] = {}
        for inc in content.of_type("incident"):
            targets = {content.by_id[i].src_path for i in inc.runbooks if i in content.by_id}
            for link in scan_links(inc.body):
                path = resolve(inc.src_path, link.target)
                if path in content.by_path and content.by_path[path].type == "runbook":
                    targets.add(path)
            for path in targets:
                out.setdefault(path, []).append(inc)
        for incs in out.values():
            incs.sort(key=lambda p: (p.started.date() if p.started else p.date) or dt.date.min, reverse=True)
        return out

    return per_content(content, "citing-incidents", compute)
