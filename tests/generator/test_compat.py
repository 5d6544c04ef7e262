"""generator.compat: foreign Markdown dialects -> Material Markdown.

Small inputs with exact outputs for each translation, pass-through of our own Material syntax and of
code, then every file of the shared corpora: translated without exceptions, no foreign syntax left
outside code, rendered by Python-Markdown with Material's extensions.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import markdown
import pytest

from generator.compat import faq_to_markdown, translate
from generator.compat._doc import TEXT, code_mask
from generator.content.diagnostics import Diagnostics
from generator.content.frontmatter import FrontMatterError, split
from generator.content.loader import find_sources

EXTENSIONS = [
    "admonition", "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed", "attr_list", "md_in_html",
    "tables", "toc", "footnotes", "def_list", "pymdownx.tasklist",
]
EXTENSION_CONFIGS = {"pymdownx.tabbed": {"alternate_style": True}}


def tr(md: str, *, path: str = "docs/a.md", known=(), assets=None, variables=None, first_line: int = 1):
    diags = Diagnostics()
    out = translate(md, src_path=path, first_line=first_line, known_paths=set(known), diags=diags,
                    asset_paths=assets, variables=variables)
    return out, [(d.line, d.code) for d in diags]


def render(md: str) -> str:
    return markdown.markdown(md, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


# --- Docusaurus admonitions ---------------------------------------------------------------------

@pytest.mark.parametrize("source, expected", [
    (":::note\nbody\n:::\n", "!!! note\n    body\n\n"),
    (":::note 注意\nbody\n:::\n", '!!! note "注意"\n    body\n\n'),
    (":::tip 提示\nbody\n:::\n", '!!! tip "提示"\n    body\n\n'),
    (":::info IMPORTANT\nbody\n:::\n", '!!! info "IMPORTANT"\n    body\n\n'),
    (":::caution[已知问题]\nbody\n:::\n", '!!! warning "已知问题"\n    body\n\n'),
    (":::caution\nbody\n:::\n", '!!! warning "Caution"\n    body\n\n'),
    (":::warning\nbody\n:::\n", "!!! warning\n    body\n\n"),
    (":::danger\nbody\n:::\n", "!!! danger\n    body\n\n"),
])
def test_docusaurus_admonitions(source, expected):
    assert tr(source) == (expected, [])


def test_docusaurus_nested_and_code_inside():
    source = ":::info IMPORTANT\nouter\n:::tip 提示\ninner\n```sh\n:::\n```\n:::\nafter\n:::\n"
    out, warnings = tr(source)
    assert out == (
        '!!! info "IMPORTANT"\n    outer\n\n    !!! tip "提示"\n        inner\n        ```sh\n        :::\n'
        "        ```\n\n    after\n\n"
    )
    assert warnings == []


def test_docusaurus_in_a_list_item_keeps_its_indentation():
    out, _ = tr("1. Step\n\n    :::tip 提示\n    body\n    :::\n")
    assert out == '1. Step\n\n    !!! tip "提示"\n        body\n\n'


def test_docusaurus_unclosed_and_unmatched_are_reported():
    out, warnings = tr("text\n:::\n\n:::note\nbody\n")
    assert out == "text\n\n!!! note\n    body\n"
    assert warnings == [(2, "unmatched-close"), (4, "unclosed-block")]


# --- GitHub / DocFX alerts and DocFX blocks -------------------------------------------------------

@pytest.mark.parametrize("marker, expected", [
    ("[!NOTE]", "!!! note"), ("[!Tip]", "!!! tip"), ("[!IMPORTANT]", '!!! info "Important"'),
    ("[!WARNING]", "!!! warning"), ("[!CAUTION]", '!!! danger "Caution"'),
])
def test_alerts(marker, expected):
    assert tr(f"> {marker}\n> Text\n> more\n\nnext\n") == (f"{expected}\n    Text\n    more\n\n\nnext\n", [])


def test_two_alerts_in_one_quote_and_alert_in_list():
    out, _ = tr("> [!NOTE]\n> One\n>\n> [!TIP]\n> Two\n")
    assert out == "!!! note\n    One\n\n!!! tip\n    Two\n\n"
    out, _ = tr("- item\n\n  > [!WARNING]\n  > Careful\n")
    assert out == "- item\n\n    !!! warning\n        Careful\n\n"


def test_video_and_next_step_action():
    assert tr("> [!VIDEO https://www.youtube.com/embed/x]\n") == ("[▶ Watch the video](https://www.youtube.com/embed/x)\n", [])
    out, warnings = tr('> [!div class="nextstepaction"]\n> [Install WSL](install.md)\n', known={"docs/install.md"})
    assert (out, warnings) == ("[Install WSL](install.md){ .md-button }\n", [])


def test_docfx_image_no_loc_and_layout():
    image = ':::image type="content" source="./media/x.png" alt-text="Overview diagram.":::\n'
    assert tr(image) == ("![Overview diagram.](./media/x.png)\n", [])  # no file list: cannot tell, keep it
    assert tr(image, assets={"docs/media/x.png"}) == ("![Overview diagram.](./media/x.png)\n", [])
    assert tr(image, assets=set()) == ("*Overview diagram.*\n", [(1, "missing-image")])
    assert tr('Press :::no-loc text="Win + X"::: keys\n') == ("Press Win + X keys\n", [])
    assert tr(':::row:::\n:::column span="":::\nLeft\n:::column-end:::\n:::row-end:::\n') == ("\n\nLeft\n\n\n", [])


# --- MDX ------------------------------------------------------------------------------------------

def test_mdx_tabs_imports_and_head():
    source = (
        "import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n\n"
        '<head>\n  <link rel="canonical" href="https://x" />\n</head>\n\n'
        "<Tabs\n  groupId=\"api\"\n  values={[\n    {label: 'Admin API', value: 'admin'},\n    {label: 'ADC', value: 'adc'},\n  ]}>\n"
        '<TabItem value="admin">\n\nA\n\n</TabItem>\n<TabItem value="adc" label="ADC!">\n\nB\n\n</TabItem>\n</Tabs>\n'
    )
    assert tr(source) == ('\n\n===! "Admin API"\n\n    A\n\n=== "ADC!"\n\n    B\n\n', [])


def test_mdx_nested_tabs_and_default():
    source = (
        '<Tabs groupId="a" defaultValue="y">\n<TabItem value="x">\n\nX\n\n<Tabs groupId="b">\n'
        '<TabItem value="i" label="I">\n\nI\n\n</TabItem>\n</Tabs>\n\n</TabItem>\n<TabItem value="y">\n\nY\n\n</TabItem>\n</Tabs>\n'
    )
    out, _ = tr(source)
    # '!' starts a new tab group (two <Tabs> in a row stay two), '+' selects defaultValue's tab.
    assert out == '===! "x"\n\n    X\n\n    ===! "I"\n\n        I\n\n\n===+ "y"\n\n    Y\n\n'


def test_mdx_jsx_style():
    assert tr("<div style={{textAlign: 'center'}}>\n")[0] == '<div style="text-align: center">\n'


# --- Hugo -----------------------------------------------------------------------------------------

def test_hugo_shortcodes():
    out, warnings = tr('[x]({{< param BookRepo >}}/new/main)\nSee [y]({{< ref "./Y.md" >}})\n', known={"docs/Y.md"})
    assert out == "x\nSee [y](./Y.md)\n"
    assert warnings == [(1, "hugo-param")]
    out, _ = tr("[x]({{< param BookRepo >}}/new)\n", variables={"BookRepo": "https://github.com/o/r"})
    assert out == "[x](https://github.com/o/r/new)\n"
    assert tr("{{< hint warning >}}\nCareful\n{{< /hint >}}\n") == ("!!! warning\n    Careful\n\n", [])
    assert tr('{{< details "More" >}}\nHidden\n{{< /details >}}\n') == ('??? note "More"\n    Hidden\n\n', [])
    assert tr("Hi {{< unknown x >}} there\n") == ("Hi  there\n", [(1, "hugo-shortcode")])


# --- Liquid (Jekyll) ------------------------------------------------------------------------------

def test_liquid_links_and_variables():
    source = "[a]({{ site.baseurl }}{% link _docs/x.md %}) mail {{ site.support_email }} and [m]({{ site.support_email }})\n"
    out, warnings = tr(source, path="_pages/b.md", known={"_docs/x.md", "_pages/b.md"})
    assert out == "[a](../_docs/x.md) mail `support_email` and m\n"
    assert warnings == [(1, "liquid-variable"), (1, "liquid-variable")]
    out, warnings = tr("[m](mailto:{{ site.email }})\n", variables={"email": "help@example.gov"})
    assert (out, warnings) == ("[m](mailto:help@example.gov)\n", [])
    out, warnings = tr("[gone]({% link _docs/none.md %})\n", path="_pages/b.md", known={"_pages/b.md"})
    assert (out, warnings) == ("[gone](../_docs/none.md)\n", [(1, "unresolved-link")])


def test_liquid_include_capture_raw_for_mermaid():
    assert tr("{% include foo.html %}\n") == ("", [(1, "liquid-include")])
    callout = "{% capture content %}\nBe careful.\n{% endcapture %}\n{% include pages/components/alert--warning.html content=content %}\n"
    assert tr(callout) == ("!!! warning\n    Be careful.\n\n", [])
    raw = "{% raw %}\n`{{ page.url }}`\n{% endraw %}\nLink: `{% raw %}[A]({{site.baseurl}}/a){% endraw %}`\n"
    assert tr(raw) == ("`{{ page.url }}`\n\nLink: `[A]({{site.baseurl}}/a)`\n", [])
    loop = "before\n\n{% for x in site.data %}\n<li>{{ x }}</li>\n{% endfor %}\n\nafter\n"
    assert tr(loop) == ("before\n\n\nafter\n", [(3, "liquid-loop")])
    diagram = '{% mermaid_diagram id-prefix="F1" %}\ngraph TD\nA-->B\n{% endmermaid_diagram %}\n'
    assert tr(diagram) == ("```mermaid\ngraph TD\nA-->B\n```\n", [])


def test_liquid_leaves_other_templates_alone():
    # MyST templates and Go templates use {{ }} too; only Jekyll's site./page. variables are ours.
    assert tr("# {{ incident name }}\n\nlisten {{port}}\n") == ("# {{ incident name }}\n\nlisten {{port}}\n", [])
    assert tr("{{% notice tip %}}\nHugo\n{{% /notice %}}\n") == ("!!! tip\n    Hugo\n\n", [])


# --- MyST, kramdown, Jekyll excerpt marker ----------------------------------------------------------

def test_myst():
    out, warnings = tr("(my-label)=\n# Title\n\n```{toctree}\n:glob:\n./2*\n```\n")
    assert (out, warnings) == ("# Title\n\n", [(4, "myst-toctree")])
    assert tr("```{note}\nBody\n```\n") == ("!!! note\n    Body\n\n", [])
    assert tr("```{code-block} python\nx = 1\n```\n") == ("```python\nx = 1\n```\n", [])
    assert tr("# Heading {#custom-id}\n") == ("# Heading {#custom-id}\n", [])


def test_kramdown_ial_and_more_marker():
    # attr_list applies an IAL on a paragraph's last line, so that one stays; after a heading it would be text.
    assert tr("Paragraph\n{: .lead}\n\n## H\n{: .x}\n") == ("Paragraph\n{: .lead}\n\n## H\n", [])
    assert tr("Intro\n\n<!--more-->\n\nRest\n") == ("Intro\n\n\n\nRest\n", [])


def test_licence_comment_at_the_top_is_left_alone():
    source = "<!--\n#\n# Licensed to the Apache Software Foundation (ASF)\n# :::note {% include x %}\n-->\n\n正文\n"
    assert tr(source) == (source, [])


# --- links ----------------------------------------------------------------------------------------

def test_links():
    source = "[x](../other.md) [y](missing.md#a) [K8s](prow.k8s.io) [s](/abs/path.md) [u](https://x.org/a.md)\n"
    out, warnings = tr(source, path="docs/a.md", known={"other.md"}, first_line=7)
    assert out == source
    assert warnings == [(7, "unresolved-link")]
    assert tr("[r]: ./nowhere.md\n", known=set())[1] == [(1, "unresolved-link")]
    assert tr("![alt](img/x.png)\n", assets=set())[0] == "*alt*\n"
    assert tr("![alt](img/x.png)\n")[0] == "![alt](img/x.png)\n"


# --- what must never change -----------------------------------------------------------------------

MATERIAL = '''# Reset your password {#reset}

!!! note "Before you start"
    You need access to your e-mail.

    ```bash
    kb reset --user alice
    ```

??? tip
    Collapsed.

=== "Windows"

    Press ++ctrl+alt+del++.

=== "macOS"

    Open *System Settings*.

| Step | What |
|------|------|
| 1    | Open [settings](../settings.md) |
| 2    | Click **Reset**<br>then wait |

Term
:   Definition

- [x] done
- [ ] to do

Text with a footnote[^1] and an attribute list.
{: .lead }

[^1]: The footnote.

```markdown
:::note
{% include x.html %}
> [!NOTE]
<Tabs>
{{< hint >}}
```

Inline `:::note`, `{% link a.md %}`, `{{ site.x }}` and `<TabItem>` stay as code.
'''


def test_material_markdown_passes_through_unchanged():
    out, warnings = tr(MATERIAL, path="articles/reset.md", known={"settings.md"})
    assert out is MATERIAL
    assert warnings == []
    twice, _ = tr(tr(":::note\nbody\n:::\n")[0])
    assert twice == tr(":::note\nbody\n:::\n")[0]


def test_code_blocks_are_untouched():
    code = "```\n:::note\n{% include x %}\n{{< hint >}}\n> [!NOTE]\nimport Tabs from '@theme/Tabs';\n(label)=\n```\n"
    assert tr(code) == (code, [])
    quoted = "> ```\n> {% include x %}\n> ```\n"
    assert tr(quoted) == (quoted, [])


def test_crlf_input():
    assert tr(":::note\r\nbody\r\n:::\r\n")[0] == "!!! note\n    body\n\n"


# --- FAQ YAML -------------------------------------------------------------------------------------

def test_faq_to_markdown():
    text = (
        "### YamlMime:FAQ\nmetadata:\n  title: Meta title\ntitle: Frequently asked\nsummary: |\n  Intro.\n"
        "sections:\n  - name: General\n    questions:\n      - question: |\n         What is it?\n"
        "        answer: |\n          It is **this**.\n\n          > [!NOTE]\n          > Really.\n"
        "      - question: Why?\n        answer: Because.\n"
    )
    title, md = faq_to_markdown(text)
    assert title == "Frequently asked"
    assert md == "# Frequently asked\n\nIntro.\n\n## What is it?\n\nIt is **this**.\n\n> [!NOTE]\n> Really.\n\n## Why?\n\nBecause.\n"
    with pytest.raises(ValueError):
        faq_to_markdown("title: x\n")


def test_faq_files_of_the_corpus(corpora: Path):
    for rel in ("WSL/faq.yml", "TerminalDocs/faq.yml"):
        title, md = faq_to_markdown((corpora / "help-msdocs-wsl-terminal" / rel).read_text(encoding="utf-8"))
        assert title and md.startswith(f"# {title}\n")
        assert md.count("\n## ") >= 10
        translated, _ = tr(md, path=rel)
        assert "[!NOTE]" not in _outside_code(translated)
        render(translated)


# --- the real corpora -----------------------------------------------------------------------------

LEFTOVERS = re.compile(
    r"^\s*:::|\{%|\{\{<|\{\{%|^import\s+\w+\s+from|<Tabs|<TabItem|</Tab|<head>|<!--more-->"
    r"|\[!(?i:NOTE|TIP|IMPORTANT|WARNING|CAUTION|VIDEO|div)|\{\{ ?site\.|^\([\w-]+\)=\s*$"
)
_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def _outside_code(text: str) -> str:
    lines = text.split("\n")
    mask = code_mask(lines)
    return "\n".join(_SPAN.sub("", line) for i, line in enumerate(lines) if mask[i] == TEXT)


def _pages(corpora: Path):
    for set_dir in sorted(p for p in corpora.iterdir() if p.is_dir()):
        sources, _, _ = find_sources(set_dir)
        sources = [s for s in sources if not s.endswith((".yml", ".yaml"))]  # FAQ YAML: tested on its own
        known = frozenset(sources)
        files = frozenset(p.relative_to(set_dir).as_posix() for p in set_dir.rglob("*") if p.is_file())
        for rel in sources:
            text = (set_dir / rel).read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
            try:
                fm = split(text)
                body, line = fm.body, fm.body_line
            except FrontMatterError:
                body, line = text, 1
            yield set_dir.name, rel, body, line, known, files - known


@pytest.fixture(scope="module")
def translated(corpora: Path):
    pages = list(_pages(corpora))
    diags = Diagnostics()
    start = time.perf_counter()
    out = {
        (name, rel): translate(body, src_path=rel, first_line=line, known_paths=known, diags=diags, asset_paths=assets)
        for name, rel, body, line, known, assets in pages
    }
    elapsed = time.perf_counter() - start
    return out, diags, elapsed


def test_corpora_translate_without_foreign_syntax_left(translated):
    out, diags, elapsed = translated
    assert len(out) > 1200
    leftovers = []
    for (name, rel), text in out.items():
        for line in _outside_code(text).split("\n"):
            if LEFTOVERS.search(line) and "{% raw %}" not in line:
                leftovers.append(f"{name}/{rel}: {line[:100]}")
    # The only survivors are literal text inside Jekyll {% raw %} blocks (an indented code sample).
    assert all("resources.md" in x for x in leftovers), leftovers
    # A generous bound (about 1 ms a page on a loaded CI machine); the report in docs/ has real numbers.
    assert elapsed / len(out) < 0.01


def test_corpora_warnings_are_stable_and_collapse(translated):
    _, diags, _ = translated
    codes = {d.code for d in diags}
    assert codes <= {
        "missing-image", "unresolved-link", "liquid-variable", "liquid-loop", "liquid-include", "liquid-tag",
        "hugo-param", "myst-toctree", "unknown-admonition",
    }, codes
    assert {"missing-image", "unresolved-link", "liquid-loop", "myst-toctree"} <= codes
    assert all(d.line >= 1 for d in diags)
    shown, summary = diags.collapsed(keep_per_code=3)
    assert len(shown) <= 3 * len(codes)
    assert any("'missing-image'" in s for s in summary)


_CHOSEN = {
    ("zh-apisix-docs", "docs/zh/latest/installation-guide.md"), ("zh-apisix-docs", "docs/zh/latest/terminology/router.md"),
    ("help-msdocs-wsl-terminal", "WSL/wsl-config.md"), ("help-msdocs-wsl-terminal", "WSL/about.md"),
    ("help-cloudgov", "_pages/pages/documentation/customization.md"), ("help-cloudgov", "_docs/compliance/ato-process.md"),
}
_LEFT_IN_HTML = re.compile(r"<TabItem|:::note|!!! \w|^=== \"", re.M)


def _render_batch(batch: list[tuple[tuple[str, str], str]]) -> list[tuple[tuple[str, str], str | None, str | None]]:
    """Render in a worker process: (key, HTML of a chosen page, foreign syntax found in the HTML)."""
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    results = []
    for key, text in batch:
        md.reset()
        page = md.convert(text)
        visible = re.sub(r"<pre.*?</pre>|<code>.*?</code>", "", page, flags=re.S)
        bad = _LEFT_IN_HTML.search(visible)
        results.append((key, page if key in _CHOSEN else None, bad.group(0) if bad else None))
    return results


def test_corpora_render_with_material_extensions(translated):
    out, _, _ = translated
    items = sorted(out.items(), key=lambda kv: -len(kv[1]))
    batches = [items[i::16] for i in range(16)]  # big pages spread over the batches
    workers = max(1, min(4, os.cpu_count() or 1))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        results = [r for batch in pool.map(_render_batch, batches) for r in batch]
    assert len(results) == len(out)
    assert [(key, bad) for key, _, bad in results if bad] == []
    html = {key: page for key, page, _ in results if page is not None}
    install = html[("zh-apisix-docs", "docs/zh/latest/installation-guide.md")]
    assert install.count('class="tabbed-set tabbed-alternate"') >= 2 and 'class="admonition tip"' in install
    assert '<label for="__tabbed_' in install and ">Docker</label>" in install
    router = html[("zh-apisix-docs", "docs/zh/latest/terminology/router.md")]
    assert '<p class="admonition-title">注意</p>' in router
    wsl = html[("help-msdocs-wsl-terminal", "WSL/wsl-config.md")]
    assert 'class="admonition note"' in wsl and 'class="admonition tip"' in wsl
    about = html[("help-msdocs-wsl-terminal", "WSL/about.md")]
    assert 'class="md-button"' in about
    custom = html[("help-cloudgov", "_pages/pages/documentation/customization.md")]
    assert '<p class="admonition-title">Best practice</p>' in custom
    ato = out[("help-cloudgov", "_docs/compliance/ato-process.md")]
    assert "\n```mermaid\ngraph TD\n" in ato and "<code>graph TD" in html[("help-cloudgov", "_docs/compliance/ato-process.md")]
