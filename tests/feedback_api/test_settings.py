"""Settings come from KB_* variables, and bad values are refused with the variable and the value."""

from __future__ import annotations

from pathlib import Path

import pytest

from feedback_api.settings import DEV_SECRET_KEY, SETTINGS, RateLimit, Settings, SettingsError

PROD = {"KB_SECRET_KEY": "s" * 32}


def test_defaults():
    s = Settings.from_env(PROD)
    assert s.env == "production"
    assert s.database_url == "sqlite:///var/kb.sqlite3"
    assert s.site_dir == Path("site")
    assert s.allowed_origins == ()
    assert s.rate_limit == RateLimit(60, 60)
    assert s.serve_site is False


def test_values_are_parsed():
    s = Settings.from_env({
        **PROD,
        "KB_DATABASE_URL": "postgresql://kb:pw@db.internal/kb",
        "KB_SITE_DIR": "/srv/help/site",
        "KB_ALLOWED_ORIGINS": "https://help.example.com, http://localhost:8000/",
        "KB_RATE_LIMIT": "30/minute",
        "KB_SERVE_SITE": "yes",
    })
    assert s.database_url == "postgresql+psycopg://kb:pw@db.internal/kb"
    assert s.site_dir == Path("/srv/help/site")
    assert s.allowed_origins == ("https://help.example.com", "http://localhost:8000")
    assert s.rate_limit == RateLimit(30, 60) and str(s.rate_limit) == "30/minute"
    assert s.serve_site is True


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("KB_RATE_LIMIT", "abc", "KB_RATE_LIMIT has value 'abc'. Expected e.g. 30/minute."),
        ("KB_RATE_LIMIT", "0/minute", "KB_RATE_LIMIT has value '0/minute'. Expected e.g. 30/minute."),
        ("KB_SERVE_SITE", "maybe", "KB_SERVE_SITE has value 'maybe'. Expected a boolean: 1/0, true/false, yes/no, on/off."),
        ("KB_DATABASE_URL", "mysql://x/y", "KB_DATABASE_URL has value 'mysql://x/y'. Expected e.g. sqlite:///var/kb.sqlite3 or postgresql+psycopg://user@host/db."),
        ("KB_DATABASE_URL", "not a url", "KB_DATABASE_URL has value 'not a url'. Expected e.g. sqlite:///var/kb.sqlite3 or postgresql+psycopg://user@host/db."),
        ("KB_ALLOWED_ORIGINS", "help.example.com", "KB_ALLOWED_ORIGINS has value 'help.example.com'. Expected a comma list like https://help.example.com,http://localhost:8000."),
        ("KB_ENV", "staging", "KB_ENV has value 'staging'. Expected production or development."),
        ("KB_DATABASE_TIMEOUT", "0", "KB_DATABASE_TIMEOUT has value '0'. Expected seconds, from 0.5 to 300."),
        ("KB_DATABASE_TIMEOUT", "nan", "KB_DATABASE_TIMEOUT has value 'nan'. Expected seconds, from 0.5 to 300."),
    ],
)
def test_bad_values_name_the_variable_and_the_value(name, value, message):
    with pytest.raises(SettingsError) as info:
        Settings.from_env({**PROD, name: value})
    assert str(info.value) == message


def test_secret_key_is_required_in_production_only():
    with pytest.raises(SettingsError, match=r"^KB_SECRET_KEY is not set\."):
        Settings.from_env({})
    assert Settings.from_env({"KB_ENV": "development"}).secret_key == DEV_SECRET_KEY
    with pytest.raises(SettingsError) as info:
        Settings.from_env({"KB_SECRET_KEY": "short"})
    assert str(info.value) == "KB_SECRET_KEY has a value of 5 characters. Expected at least 16."
    assert "short" not in str(info.value)  # a secret never ends up in a log


def test_every_setting_is_declared_once_and_documented():
    names = [s.name for s in SETTINGS]
    assert len(names) == len(set(names))
    assert {s.attr for s in SETTINGS} == set(Settings.__dataclass_fields__) - {"environ"}
    doc = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"`{setting.name}`" in doc, f"{setting.name} is missing from docs/api.md"
        assert setting.help in doc, f"the help of {setting.name} in docs/api.md is out of date"
