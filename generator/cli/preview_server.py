"""`kb preview`'s server: MkDocs' live-reload server that keeps answering while content is broken.

MkDocs holds every request until a rebuild succeeds, so a page saved with a YAML typo left the
browser spinning. Here a failed rebuild still counts as a finished one: pages answer with an error
page listing the problems as ``file:line: message``, and that page reloads itself (MkDocs'
live-reload poll) as soon as a save fixes them.
"""

from __future__ import annotations

import html
import logging
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import click
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer, _serve_url

from ..mkdocs_plugin import engine

log = logging.getLogger("mkdocs.commands.serve")


class PreviewServer(LiveReloadServer):
    problems: list[str] | None = None  # what broke the last build; None when it succeeded

    def _serve_request(self, environ, start_response):
        path = environ["PATH_INFO"]
        if self.problems is not None and _is_page(path):
            # The epoch of the failed build: the page reloads at the next one, fixed or not.
            with self._epoch_cond:
                epoch = self._visible_epoch
            body = self._inject_js_into_html(error_page(self.problems).encode("utf-8"), epoch)
            start_response("500 Internal Server Error", [
                ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body))), ("Cache-Control", "no-store"),
            ])
            return [body]
        return super()._serve_request(environ, start_response)


def _is_page(path: str) -> bool:
    if path.startswith("/livereload/"):
        return False
    last = path.rsplit("/", 1)[-1]
    return last == "" or last.endswith(".html") or "." not in last


def error_page(problems: list[str]) -> str:
    items = "\n".join(f"<li><code>{html.escape(p)}</code></li>" for p in problems)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Content errors - kb preview</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1a1a1a; }}
h1 {{ color: #b3261e; font-size: 1.5rem; }}
li {{ margin: .4rem 0; }} code {{ white-space: pre-wrap; word-break: break-word; }}
</style></head>
<body>
<h1>The help center does not build</h1>
<p>Fix these problems and save; this page reloads by itself.</p>
<ul id="kb-preview-errors">
{items}
</ul>
</body></html>
"""


def serve_preview(config_file: str, diagnose, open_in_browser: bool = False, **kwargs) -> None:
    """Like ``mkdocs serve --dirty`` (same plugin events and live reload), but a failed build is served
    as an error page instead of stalling requests. ``diagnose(exc)`` turns a failure into lines."""
    problem = engine.unsupported("the preview's error page (it overrides LiveReloadServer._serve_request)",
                                 "preview with `mkdocs serve` instead")
    if problem:
        raise click.ClickException(problem)
    site_dir = tempfile.mkdtemp(prefix="kb-preview-site-")

    def get_config():
        return load_config(config_file=config_file, site_dir=site_dir, **kwargs)

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=True)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    config.site_url = serve_url = _serve_url(host, port, mount_path)
    server = PreviewServer(builder=lambda: None, host=host, port=port, root=site_dir, mount_path=mount_path)

    def builder(cfg=None):
        log.info("Building documentation...")
        try:
            if cfg is None:
                cfg = get_config()
                cfg.site_url = serve_url
            build(cfg, serve_url=serve_url, dirty=True)
        except Exception as exc:  # noqa: BLE001 - any failure (content, config, template) becomes the error page
            server.problems = diagnose(exc)
            log.error("the preview shows the errors until a save fixes them")
        else:
            server.problems = None

    server.builder = builder

    def error_handler(code):
        page = Path(site_dir, f"{code}.html")
        return page.read_bytes() if code == 404 and page.is_file() else None

    server.error_handler = error_handler
    try:
        builder(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve(open_in_browser=open_in_browser)
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
