"""The review preview as the site shows it: the submission rendered by the generator's rules for
contributed text (the ones the build applies to a contributed page) inside a page that loads the
built site's own stylesheets, so admonitions, tabs and code look as they will once published.

It is its own document (framed by the review page): the site's stylesheets style the whole page
and would restyle the dashboard around it."""

from __future__ import annotations

import re
from pathlib import Path

_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')


def site_stylesheets(site_dir: Path) -> list[str]:
    """The stylesheets of the built site's home page (Material's, its palette, the help center's),
    as paths from the site root; none when there is no build yet or the site is served elsewhere."""
    try:
        head = (Path(site_dir) / "index.html").read_text(encoding="utf-8", errors="replace")[:20_000]
    except OSError:
        return []
    out = []
    for href in _STYLESHEET.findall(head):
        href = href.removeprefix("./")
        if "//" not in href and not href.startswith(("/", ".")):  # relative to the site root
            out.append("/" + href)
    return out


# The framed document may be framed by the dashboard only, and still runs no script.
FRAMED_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' https: data:; frame-ancestors 'self'; "
                               "base-uri 'none'; form-action 'none'",
    "X-Frame-Options": "SAMEORIGIN",
}
# The review page itself may frame the preview (and nothing else).
FRAMING_CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; form-action 'self'; "
               "frame-ancestors 'none'; base-uri 'none'")
