"""`kb preview` keeps answering while the content is broken: an error page that names file:line, and
reloads by itself once a save fixes it. A real `kb preview` process, real HTTP requests with timeouts."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

KB_BIN = str(Path(sys.executable).with_name("kb"))
# A request may wait for a rebuild in progress (seconds on a loaded machine), never for ever.
REQUEST_TIMEOUT = 60

ARTICLE = """\
---
id: kb-aaaaaaaa
title: Create a task
summary: Make a task.
category: tasks
owner: support
reviewed: 2026-10-01
review_every: 180
lang: en
---

# Create a task

Click **New task**.
"""
BROKEN = ARTICLE.replace("title: Create a task", "title: [Create a task")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    """One request; a timeout is a failure of the preview (it hung), not of the test."""
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def wait_for(url: str, predicate, what: str, deadline: float = 180) -> str:
    end = time.monotonic() + deadline
    last = None
    while time.monotonic() < end:
        last = get(url)
        if predicate(*last):
            return last[1]
        time.sleep(0.5)
    pytest.fail(f"{what}: last answer {last[0] if last else None}")


@pytest.fixture
def preview(tmp_path: Path):
    kb = tmp_path / "kb"
    (kb / "articles" / "tasks").mkdir(parents=True)
    (kb / "categories.yml").write_text(textwrap.dedent("""\
        tasks:
          title: {en: Tasks, zh: 任务}
          description: {en: Create and track work, zh: 创建和跟踪工作}
        """), encoding="utf-8")
    (kb / "articles" / "tasks" / "create.md").write_text(ARTICLE, encoding="utf-8")
    port = _free_port()
    log = (tmp_path / "preview.log").open("wb")
    proc = subprocess.Popen([KB_BIN, "preview", "--kb", str(kb), "--dev-addr", f"127.0.0.1:{port}"],
                            cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/articles/tasks/create/"
    try:
        end = time.monotonic() + 180
        while True:
            assert proc.poll() is None, (tmp_path / "preview.log").read_text(errors="replace")
            try:
                if get(url)[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            assert time.monotonic() < end, "kb preview did not start"
            time.sleep(0.5)
        yield kb, url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def test_broken_content_gets_an_error_page_then_the_page_again(preview):
    kb, url = preview
    source = kb / "articles" / "tasks" / "create.md"
    source.write_text(BROKEN, encoding="utf-8")
    page = wait_for(url, lambda status, body: status == 500, "the page never showed the error")
    assert f"{source.relative_to(kb.parent).as_posix()}:3: front matter is not valid YAML" in page
    assert "/livereload/" in page  # the error page reloads itself
    home = get(url.rsplit("articles/", 1)[0])
    assert home[0] == 500 and "front matter is not valid YAML" in home[1]  # every page says so, none hangs

    source.write_text(ARTICLE, encoding="utf-8")
    fixed = wait_for(url, lambda status, body: status == 200, "the page never came back after the fix")
    assert "Click <strong>New task</strong>" in fixed


@pytest.mark.browser
def test_error_page_reloads_itself_in_the_browser(preview, browser):
    kb, url = preview
    source = kb / "articles" / "tasks" / "create.md"
    page = browser.new_page()
    try:
        page.goto(url)
        assert "New task" in page.locator("article").inner_text()
        source.write_text(BROKEN, encoding="utf-8")
        errors = page.locator("#kb-preview-errors li")
        errors.first.wait_for(timeout=120_000)  # no navigation by the test: the page reloaded itself
        assert "create.md:3: front matter is not valid YAML" in errors.first.inner_text()
        source.write_text(ARTICLE, encoding="utf-8")
        page.locator("article", has_text="New task").wait_for(timeout=120_000)
    finally:
        page.close()
