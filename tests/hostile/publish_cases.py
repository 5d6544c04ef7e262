"""Hostile input for publishing: front-matter values (issue 10, item 1) and contributor Markdown
(item 2). Each case says what it attacks. Every payload that turned into markup would carry a
``data-pwn`` attribute, a ``<x-pwn>`` element or call ``alert()``: the browser tests look for those.

Used by tests/browser/test_hostile_frontmatter.py, tests/browser/test_hostile_submissions.py,
tests/generator/test_hostile_publish.py.
"""

from __future__ import annotations

# (name, value): a value placed in every front-matter text field of a page.
FRONT_MATTER: list[tuple[str, str]] = [
    # a plain script element in the value
    ("script", '<script>alert("fm-script")</script>'),
    # an image whose error handler runs at once
    ("img-onerror", "<img src=x onerror=alert(1) data-pwn>"),
    # breaks out of a double-quoted attribute (meta description, aria-label, data-*)
    ("attr-dq-breakout", '"><img src=x onerror=alert(2) data-pwn>'),
    # breaks out of a single-quoted attribute
    ("attr-sq-breakout", "'><svg onload=alert(3) data-pwn>"),
    # closes <title> (RCDATA) and opens a script
    ("title-breakout", "</title><script>alert(4)</script><x-pwn></x-pwn>"),
    # a javascript: link as HTML
    ("js-anchor", '<a href="javascript:alert(5)" data-pwn>click</a>'),
    # a frame with its own document
    ("iframe-srcdoc", '<iframe srcdoc="<script>alert(6)</script>" data-pwn></iframe>'),
    # ends an HTML comment the value might be printed in
    ("comment-breakout", "--><b data-pwn>x</b><!--"),
    # a Markdown link with a javascript: target (listings are Markdown)
    ("md-js-link", "[click me](javascript:alert(7))"),
    # attribute list on emphasis inside a Markdown listing line
    ("attr-list-inline", '*x*{: onclick="alert(8)" data-pwn="1"}'),
    # attribute list at the end of a Markdown heading or paragraph
    ("attr-list-block", 'Title {: onclick="alert(9)" data-pwn="1" }'),
    # entity-encoded markup: revived by any later unescape (Jinja's striptags does that)
    ("entity-encoded", "&lt;img src=x onerror=alert(10) data-pwn&gt;"),
    # a handler that fires without a click
    ("details-ontoggle", "<details open ontoggle=alert(11) data-pwn>x</details>"),
    # breaks out of a Markdown code span, then markup
    ("code-span-breakout", "`</code><b data-pwn>x</b>`"),
    # closes the link label and the link target of `[title](url)` in a listing
    ("md-link-target-breakout", "x](javascript:alert(12)) [y"),
    # a form whose action is script
    ("form-action", "<form action=javascript:alert(13) data-pwn><button data-pwn>go</button></form>"),
    # rebases every relative URL of the page
    ("base-href", '<base href="javascript:alert(14)//" data-pwn>'),
    # a meta refresh to a script URL
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(15)" data-pwn>'),
    # ends an inline JSON <script> block the value might be embedded in
    ("script-block-breakout", "</script><script>alert(16)</script>"),
    # a custom element: any element at all is a failure
    ("custom-element", "<x-pwn data-pwn>custom</x-pwn>"),
    # autofocus + onfocus fires on load
    ("autofocus", "<input autofocus onfocus=alert(17) data-pwn>"),
    # Markdown raw HTML block start at the beginning of a line
    ("html-block", "<div data-pwn>\n\nblock\n\n</div>"),
    # SVG with an animation that sets a script URL
    ("svg-animate", '<svg data-pwn><a><animate attributeName="href" values="javascript:alert(18)"/><text y="20">x</text></a></svg>'),
    # Markdown autolink with a script URL
    ("md-autolink", "<javascript:alert(19)>"),
    # an emoji shortcode next to markup (Material turns shortcodes into inline SVG)
    ("emoji-and-markup", ":material-alert: <b data-pwn>x</b>"),
    # a Jinja expression: values must never be rendered as templates
    ("template-expression", "{{ '<b data-pwn>x</b>' }}{% raw %}"),
]

# (name, Markdown): the body of a contributor's submission.
SUBMISSIONS: list[tuple[str, str]] = [
    # a script element in the body
    ("script", 'Intro.\n\n<script>alert("sub-script")</script>\n'),
    # inline HTML with an error handler
    ("img-onerror", "Text <img src=x onerror=alert(101) data-pwn> more.\n"),
    # a Markdown link to a javascript: URL
    ("md-js-link", "[click](javascript:alert(102))\n"),
    # a javascript: URL with entities and case games
    ("md-js-link-obfuscated", "[click](JaVa&#x53;cript&colon;alert(103))\n"),
    # a link whose target sits on the next line (Python-Markdown accepts it)
    ("md-link-two-lines", "[click](\njavascript:alert(125))\n"),
    # a code fence that is never closed: to Python-Markdown the rest is ordinary text, raw HTML included
    ("unclosed-fence", "Text\n\n```\n<img src=x onerror=alert(126) data-pwn>\n"),
    # a reference-style link to a javascript: URL
    ("md-ref-link", "[click][x]\n\n[x]: javascript:alert(104)\n"),
    # an image from a data: URL
    ("md-data-image", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMTA1KT48L3N2Zz4=)\n"),
    # attribute list on a paragraph (attr_list extension)
    ("attr-list-block", 'Paragraph\n{: onclick="alert(106)" data-pwn="1" }\n'),
    # attribute list on a link, adding a handler
    ("attr-list-link", '[x](https://example.com){: onmouseover="alert(107)" data-pwn="1"}\n'),
    # attribute list on a heading
    ("attr-list-heading", '## Heading {: onclick="alert(108)" data-pwn="1" }\n'),
    # md_in_html: an HTML block whose inside is Markdown
    ("md-in-html", '<div markdown="1" data-pwn onclick="alert(109)">\n\n**bold**\n\n</div>\n'),
    # snippets: include a file from the build machine
    ("snippet-file", "--8<-- \"/etc/passwd\"\n"),
    # snippets inline form, and a URL
    ("snippet-inline", ';--8<-- "mkdocs.yml"\n\n--8<-- "https://example.com/x.md"\n'),
    # an iframe
    ("iframe", '<iframe src="https://example.com" data-pwn></iframe>\n'),
    # SVG with onload
    ("svg-onload", "<svg onload=alert(110) data-pwn></svg>\n"),
    # a style element that could restyle the page (and an onload on link)
    ("style", "<style>body{display:none}</style><link rel=stylesheet href=x onload=alert(111)>\n"),
    # a form posting elsewhere with a javascript action
    ("form", '<form action="javascript:alert(112)" data-pwn><input type=submit></form>\n'),
    # an HTML comment hiding markup from a naive filter
    ("comment", "<!-- x --><b data-pwn>x</b><!-- -->\n"),
    # a tabbed/superfences block whose title carries markup
    ("tab-title", '=== "<img src=x onerror=alert(113) data-pwn>"\n\n    text\n'),
    # an admonition title with markup
    ("admonition-title", '!!! note "<img src=x onerror=alert(114) data-pwn>"\n\n    text\n'),
    # a details block title with markup
    ("details-title", '??? note "<img src=x onerror=alert(115) data-pwn>"\n\n    text\n'),
    # a fenced code block whose attributes carry a handler (superfences attribute syntax)
    ("fence-attrs", '```{.python onclick="alert(116)" data-pwn="1"}\nprint(1)\n```\n'),
    # an abbreviation whose title breaks out of its attribute
    ("abbr", '*[HTML]: "><img src=x onerror=alert(117) data-pwn>\n\nHTML is here.\n'),
    # a footnote with raw HTML
    ("footnote", "Text[^1]\n\n[^1]: <img src=x onerror=alert(118) data-pwn>\n"),
    # an autolink with a script URL
    ("autolink", "<javascript:alert(119)>\n"),
    # an object/embed element
    ("object", '<object data="javascript:alert(120)" data-pwn></object><embed src="javascript:alert(121)">\n'),
    # a link with a vbscript:/data: scheme
    ("other-schemes", "[a](vbscript:msgbox(1)) [b](data:text/html,<script>alert(122)</script>)\n"),
    # a meta refresh in the body
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(123)">\n'),
    # a base element rebasing links
    ("base", '<base href="javascript:alert(124)//">\n[x](https://example.com/y)\n'),
]

# (name, title): titles of new articles a contributor sends (they reach front matter at export).
SUBMISSION_TITLES: list[tuple[str, str]] = [
    # script in a contributed title
    ("script", "Guide <script>alert(201)</script>"),
    # image handler in a contributed title
    ("img-onerror", "Guide <img src=x onerror=alert(202) data-pwn>"),
    # attribute breakout in a contributed title
    ("attr-breakout", 'Guide "><svg onload=alert(203) data-pwn>'),
]
