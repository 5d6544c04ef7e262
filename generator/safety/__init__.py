"""What keeps untrusted text from becoming markup on the site, in one place for the generator and
the service (``feedback_api`` imports it; this package imports neither MkDocs nor the service).

* ``text``: front-matter values are plain text — escaping them for Markdown and HTML, and the
  ``kb check`` rule that rejects markup in them.
* ``contributed``: contributor Markdown — the constructs neutralised at export, the Markdown
  extensions it is rendered with, and the HTML allow-list applied to the result (preview and build).
"""
