"""Material's Google Fonts are off unless the site owner's configuration names a font."""

from __future__ import annotations

from pathlib import Path

from generator.mkdocs_plugin.material_setup import owner_chose_font


def test_no_font_in_the_configuration_means_system_fonts(tmp_path: Path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\ntheme:\n  name: material\n", encoding="utf-8")
    assert not owner_chose_font(str(config))


def test_a_font_the_owner_wrote_is_kept_even_through_inherit(tmp_path: Path):
    (tmp_path / "base.yml").write_text("theme:\n  name: material\n  font:\n    text: Inter\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("INHERIT: base.yml\nsite_name: x\n", encoding="utf-8")
    assert owner_chose_font(str(config))
    (tmp_path / "off.yml").write_text("site_name: x\ntheme:\n  name: material\n  font: false\n", encoding="utf-8")
    assert owner_chose_font(str(tmp_path / "off.yml"))
