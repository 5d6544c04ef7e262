"""Front-matter values are text wherever the site prints them (issue 10, item 1).

A copy of the sample kb gets, per hostile value (tests/hostile/publish_cases.py), an article, a
release, a runbook and an incident carrying that value in every front-matter field they have.
The site is built with content errors allowed (``kb check`` rejects these files; escaping must
hold on its own), served statically, and every page that prints those values is opened in
Chromium: the page must contain no element, attribute, handler, script URL or dialog that a
value produced.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "hostile"))
import publish_cases  # noqa: E402

KB_BIN = str(Path(sys.executable).with_name("kb"))

# Anything a hostile value could have become: our marker attribute or element, a handler
# attribute, a script URL in any URL-bearing attribute, a script or frame that is not the site's.
FIND_INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (tag === 'x-pwn' || el.hasAttribute('data-pwn')) found.push('marker: ' + el.outerHTML.slice(0, 120));
    for (const a of el.attributes) {
      const v = a.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (a.name.startsWith('on') && /alert|pwn/.test(a.value)) found.push('handler: ' + el.outerHTML.slice(0, 120));
      if (/^(javascript|vbscript|data:text\\/html)/.test(v) && ['href','src','action','formaction','data','content','srcdoc','xlink:href'].includes(a.name))
        found.push('script url: ' + el.outerHTML.slice(0, 120));
    }
    if (tag === 'script' && /alert\\(/.test(el.textContent)) found.push('script: ' + el.outerHTML.slice(0, 120));
    if (['iframe', 'object', 'embed', 'base'].includes(tag))
      found.push(tag + ': ' + el.outerHTML.slice(0, 120));
    if (tag === 'meta' && (el.getAttribute('http-equiv') || '').toLowerCase() === 'refresh') found.push('meta refresh');
  }
  return found;
}"""


def _front(data: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000) + "---\n\n" + body


def write_hostile_kb(kb: Path) -> dict[str, str]:
    """One page of each type per hostile value (in front matter only: bodies are staff Markdown,
    which may hold HTML); returns {case name: article id}."""
    ids = {}
    for i, (name, value) in enumerate(publish_cases.FRONT_MATTER):
        common = {"title": value, "summary": value, "owner": value, "tags": ["billing", value], "aliases": [value],
                  "contributors": [value], "submission": value, "description": value, "subtitle": value,
                  "lang": "en", "reviewed": "2026-01-01"}
        art_id = f"kb-hst{i:04d}x"
        ids[name] = art_id
        (kb / "articles" / "account" / f"hostile-{i}.md").write_text(_front(
            {"id": art_id, **common, "category": "account", "translation_of": value, "applies_to": value},
            "# Hostile page\n\nBody text.\n"), encoding="utf-8")
        (kb / "articles" / "account" / f"hostile-cat-{i}.md").write_text(_front(
            {"id": f"kb-hsc{i:04d}x", **common, "category": value}, "# Hostile category\n\nBody.\n"), encoding="utf-8")
        (kb / "releases" / f"9.{i}.0.md").write_text(_front(
            {"id": f"rel-hst{i:04d}", **common, "version": value, "date": "2026-12-01", "affects": [value],
             "translation_of": value}, "## New\n\n- Something.\n"), encoding="utf-8")
        # its Chinese translation: the Chinese release index, feeds and changes page print its values
        (kb / "releases" / "zh").mkdir(exist_ok=True)
        (kb / "releases" / "zh" / f"9.{i}.0.md").write_text(_front(
            {"id": f"rel-hsz{i:04d}", **common, "lang": "zh", "version": f"9.{i}.0", "date": "2026-12-01",
             "translation_of": f"rel-hst{i:04d}"}, "## 新功能\n\n- 某项。\n"), encoding="utf-8")
        folder = kb / "runbooks" / f"hostile-{i}"
        folder.mkdir()
        (folder / f"HostileAlert{i}.md").write_text(_front(
            {"id": f"rb-hst{i:04d}", **common, "service": value, "alert": value, "severity": "critical",
             "translation_of": value},
            "".join(f"## {s}\n\nText.\n\n" for s in ("Symptoms", "Impact", "Diagnosis", "Mitigation", "Escalation"))),
            encoding="utf-8")
        (kb / "incidents" / f"2026-12-{i % 28 + 1:02d}-hostile-{i}.md").write_text(_front(
            {"id": f"inc-hst{i:04d}", **common, "severity": "P1", "started": "2026-12-01T10:00:00Z",
             "detected": "2026-12-01T10:05:00Z", "resolved": "2026-12-01T11:00:00Z", "services": [value],
             "status": "published", "runbooks": [value]},
            "".join(f"## {s}\n\nText.\n\n" for s in ("Summary", "Impact", "Root cause", "Resolution"))
            + "## Timeline\n\n- 10:00 Started.\n\n## Action items\n\n- [ ] Fix it (owner: ops, due: 2027-01-01)\n"),
            encoding="utf-8")
    # Material's redirect template runs `location` from front matter as a URL.
    (kb / "articles" / "account" / "hostile-template.md").write_text(_front(
        {"id": "kb-hsttpl0x", "title": "Template", "category": "account", "owner": "x", "lang": "en",
         "template": "redirect.html", "location": "javascript:alert(20)//pwn"}, "# Template\n\nBody.\n"),
        encoding="utf-8")
    return ids


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile-fm")
    kb = work / "kb"
    import shutil

    shutil.copytree(ROOT / "kb", kb)
    ids = write_hostile_kb(kb)
    config = work / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {kb}\nsite_url: http://127.0.0.1/\n"
        f"theme:\n  custom_dir: {ROOT / 'theme'}\n"
        "plugins:\n  - helpcenter:\n      fail_on_errors: false\n      today: '2026-12-04'\n  - search\n",
        encoding="utf-8")
    site = work / "site"
    # The internal build: every page, runbooks too (the public one is the same pages less those).
    proc = subprocess.run([KB_BIN, "build", "--config", str(config), "--site-dir", str(site), "-q", "--audience", "internal"],
                          cwd=work, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", site, ids
    finally:
        httpd.shutdown()
        httpd.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _urls(site: Path) -> list[str]:
    """Every built page that prints a hostile value, escaped or not (each one holds 'pwn' or 'alert(')."""
    out = []
    for html in sorted(site.rglob("*.html")):
        text = html.read_text(encoding="utf-8", errors="replace")
        if "pwn" in text or "alert(" in text:
            out.append(html.relative_to(site).as_posix().removesuffix("index.html"))
    return out


def local_only(context):
    """No request leaves the machine (Material's web fonts would hold every page load)."""
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
                  else route.abort())
    return context


def _injected(page, url: str, dialogs: list[str]) -> list[str]:
    """What ``url`` grew from a hostile value once loaded, with the dialogs it opened (``dialogs``:
    the list the page's dialog handler appends to)."""
    dialogs.clear()
    page.goto(url, wait_until="load")
    page.wait_for_timeout(50)  # a handler a value smuggled in may fire just after load
    return [f"dialog: {m}" for m in dialogs] + page.evaluate(FIND_INJECTED)


def test_hostile_front_matter_makes_no_markup_on_any_page(browser, hostile_site):
    base, site, _ids = hostile_site
    urls = _urls(site)
    assert len(urls) > 4 * len(publish_cases.FRONT_MATTER), urls  # the hostile pages were all built
    failures = {}
    context = local_only(browser.new_context())
    # One tab for every page, as a reader clicking through: a full load each time (goto), at
    # 0.2 s a page against 0.55 s with a new tab each (251 pages).
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for rel in urls:
            found = _injected(page, f"{base}/{rel}", dialogs)
            if found:
                failures[rel] = found[:3]
    finally:
        context.close()
    assert not failures, "\n".join(f"{u}: {f}" for u, f in failures.items())


def test_hostile_front_matter_in_search_results(browser, hostile_site):
    """The results page (the static index here: no API) shows titles, excerpts and summaries as text."""
    base, _site, _ids = hostile_site
    page = local_only(browser.new_context()).new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for query in ("alert", "Body text", "pwn"):
            page.goto(f"{base}/search/?q={query}")
            page.wait_for_selector(".kb-search__results a", timeout=15000)
            found = page.evaluate(FIND_INJECTED)
            assert not found and not dialogs, (query, found, dialogs)
    finally:
        page.context.close()


def test_hostile_front_matter_stays_text_in_each_language_feed(hostile_site):
    """The feeds are XML read by other programs: each release's title comes back out as the text
    the site shows for it (the manifest's), whatever characters the front matter held."""
    import json
    import xml.etree.ElementTree as ET

    _base, site, _ids = hostile_site
    atom = "{http://www.w3.org/2005/Atom}"
    titles = {p["url"]: p["title"] for p in json.loads((site / "manifest.json").read_text(encoding="utf-8"))["pages"]}
    for feed in ("releases/feed.xml", "zh/releases/feed.xml"):
        entries = ET.parse(site / feed).getroot().findall(f"{atom}entry")  # well-formed, whatever the values
        hostile = [e for e in entries if "/9." in e.find(f"{atom}link").get("href")]
        assert len(hostile) >= len(publish_cases.FRONT_MATTER) - 1, feed
        for e in hostile:
            url = e.find(f"{atom}link").get("href").removeprefix("http://127.0.0.1/")
            assert e.findtext(f"{atom}title").endswith(titles[url]), (feed, url)
