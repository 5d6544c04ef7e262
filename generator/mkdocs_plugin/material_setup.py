"""What the help center changes in Material's configuration before a build.

Fonts: no third-party font requests unless the site owner asked for them. Material loads its text and code fonts from Google's font service by default. That service is
unreachable from mainland China and from offline networks, where pages then wait on it or render
late with a fallback. Our CSS (theme/assets/kb/fonts.css) gives system font stacks with proper
Chinese fonts instead; a site owner who writes `theme.font` in mkdocs.yml keeps what they wrote.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.utils import yaml_load

THEME_DIR = Path(__file__).resolve().parents[2] / "theme"


def prepare(config, static_search: str, api_url: str) -> None:
    """Our theme overrides and what they read, system fonts, Material's search beside ours."""
    if THEME_DIR.is_dir() and str(THEME_DIR) not in config.theme.dirs:
        config.theme.dirs.insert(0, str(THEME_DIR))
    # read by theme/partials/search.html and main.html
    config.extra.setdefault("kb", {}).update(api_url=api_url, static_search=static_search)
    use_system_fonts(config)
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None:
        return
    if static_search != "material":
        # Nobody downloads Material's lunr index then (theme/partials/search.html does not bind
        # it), so do not spend a fifth of the build segmenting and writing it.
        search.config["enabled"] = False
    user_dict = Path(config.docs_dir) / "dictionary.txt"
    if user_dict.exists() and not search.config.get("jieba_dict_user"):
        search.config["jieba_dict_user"] = str(user_dict)


def owner_chose_font(config_file: str | None) -> bool:
    """True when the owner's configuration (INHERIT chain included) sets `theme.font`."""
    if not config_file:
        return False
    # The validated config cannot tell Material's default font from one the owner wrote, so read
    # the file as written (yaml_load follows INHERIT like MkDocs does).
    with open(config_file, "rb") as f:
        raw = yaml_load(f) or {}
    theme = raw.get("theme")
    return isinstance(theme, dict) and "font" in theme


def use_system_fonts(config) -> None:
    """Turn Material's Google Fonts off unless the owner's configuration sets `theme.font`."""
    if not owner_chose_font(config.config_file_path):
        config.theme["font"] = False
