"""No third-party font requests unless the site owner asked for them.

Material loads its text and code fonts from Google's font service by default. That service is
unreachable from mainland China and from offline networks, where pages then wait on it or render
late with a fallback. Our CSS (theme/assets/kb/fonts.css) gives system font stacks with proper
Chinese fonts instead; a site owner who writes `theme.font` in mkdocs.yml keeps what they wrote.
"""

from __future__ import annotations

from mkdocs.utils import yaml_load


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
