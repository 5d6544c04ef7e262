"""The limits behind tests/hostile/ at the level of each piece: YAML files other than front matter,
folder walking with link cycles, foreign content, and the CLI's output formats."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.content import load
from generator.content.containment import walk

BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
)


def _kb(tmp_path: Path, categories: str) -> Path:
    root = tmp_path / "kb"
    (root / "articles").mkdir(parents=True)
    (root / "categories.yml").write_text(categories, encoding="utf-8")
    return root


def test_categories_file_with_a_duplicate_key_names_both_lines(tmp_path):
    root = _kb(tmp_path, "tasks:\n  title: Tasks\n  order: 1\ntasks:\n  title: Again\n")
    messages = [d.format() for d in load(root).diagnostics]
    assert "categories.yml:4: error: categories.yml: duplicate key 'tasks' (first on line 1); a key may appear only once [bad-yaml]" in messages


def test_categories_file_alias_bomb_and_bad_encoding_are_errors(tmp_path):
    root = _kb(tmp_path, BOMB + "tasks: *e\n")
    assert any(d.code == "bad-yaml" and "10,000 values" in d.message for d in load(root).diagnostics)
    (root / "categories.yml").write_bytes(b"tasks:\n  title: T\xe2che\n")
    assert [d.format() for d in load(root).diagnostics] == [
        "categories.yml:2: error: categories.yml is not valid UTF-8; save it as UTF-8 [encoding]"
    ]


def test_foreign_faq_yaml_bomb_is_a_warning_not_a_hang(tmp_path):
    (tmp_path / "faq.yml").write_text("### YamlMime:FAQ\n" + BOMB + "title: *e\nsections: []\n", encoding="utf-8")
    content = load(tmp_path, content_type="article")
    assert [d.code for d in content.diagnostics] == ["faq-yaml"]
    assert "10,000 values" in content.diagnostics.items[0].message


def test_link_cycles_through_two_folders_end(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.md").write_text("# X\n", encoding="utf-8")
    (tmp_path / "a" / "to-b").symlink_to("../b")
    (tmp_path / "b" / "to-a").symlink_to("../a")
    files, refused = walk(tmp_path)
    assert {p.relative_to(tmp_path).as_posix() for p in files} == {"a/x.md", "a/to-b/to-a/x.md", "b/to-a/x.md"}
    assert all("cycle" in r.reason for r in refused) and refused


def test_github_annotations_cannot_be_split_or_forged(tmp_path):
    """GitHub decodes '%0A' in an annotation to a newline: a value holding it must not start a
    second workflow command ('%' is sent as '%25')."""
    root = tmp_path / "notes"
    root.mkdir()
    (root / "a.md").write_text("# A\n\n[x](missing%0A::error::forged.md)\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--kb", str(root), "--format", "github"])
    (line,) = [line for line in result.output.splitlines() if line.startswith("::")]
    assert line.startswith("::warning file=") and "missing%250A::error::forged.md" in line, result.output


def test_json_output_keeps_values_exact_and_escapes_c1_and_bidi(tmp_path):
    root = tmp_path / "notes"
    root.mkdir()
    (root / "a.md").write_text("# A\n\n[x](missing-\u202e-\u009b.md)\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--kb", str(root), "--format", "json"])
    assert "\u202e" not in result.output and "\u009b" not in result.output
    items = json.loads(result.output[: result.output.rindex("]") + 1])
    assert any("missing-\u202e-\u009b.md" in d["message"] for d in items if d["code"] == "broken-link")


def test_foreign_includes_never_read_files_outside_the_folder():
    """DocFX, Liquid and Hugo includes of system files are removed with a warning at their line."""
    from generator.compat import translate
    from generator.content import Diagnostics

    body = (
        "# Includes\n\n[!INCLUDE [secret](../../../../etc/passwd)]\n\n"
        "{% include_relative ../../../../etc/passwd %}\n\n{{< readfile \"/etc/passwd\" >}}\n"
    )
    diags = Diagnostics()
    out = translate(body, src_path="a.md", first_line=1, known_paths=frozenset(), diags=diags)
    first_passwd_line = Path("/etc/passwd").read_text(encoding="utf-8").splitlines()[0]
    assert first_passwd_line not in out and "etc/passwd" not in out
    assert sorted(d.line for d in diags) == [3, 5, 7]


def test_foreign_page_that_is_not_utf8_is_reported_and_built_from_its_decoded_text(tmp_path):
    """kb build used to crash with UnicodeDecodeError (MkDocs reads the file again itself)."""
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "good.md").write_text("# Good\n\nText.\n", encoding="utf-8")
    (tmp_path / "notes" / "latin.md").write_bytes("# Caf\u00e9\n\nCr\u00e8me.\n".encode("latin-1"))
    result = CliRunner().invoke(main, ["build", "--kb", str(tmp_path / "notes"), "--site-dir", str(tmp_path / "site"),
                                       "--no-search-index", "--static-search", "none", "-q"])
    assert result.exit_code == 0, result.output
    assert "latin.md:1: error: file is not valid UTF-8 (byte 0xe9 in column 6); save it as UTF-8 [encoding]" in result.output
    assert "Caf\ufffd" in (tmp_path / "site" / "latin" / "index.html").read_text(encoding="utf-8")
    assert (tmp_path / "site" / "good" / "index.html").is_file()
