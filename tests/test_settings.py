"""The settings table: documented, typed, and strict about unknown names."""

from __future__ import annotations

import pytest
from conftest import ROOT

from kg.errors import SettingsError
from kg.settings import SETTINGS, load_config


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"KG_{s.name.upper()}" not in readme]
    assert not missing, f"settings missing from README.md: {missing}"


def test_defaults_and_environment() -> None:
    config = load_config(environ={"KG_QUERY_TIMEOUT": "5", "KG_UNION_DEFAULT_GRAPH": "false"})
    assert config.query_timeout == 5.0 and config.union_default_graph is False
    assert config.store == "data/store" and config.max_rows == 10000


def test_unknown_setting_is_refused() -> None:
    with pytest.raises(SettingsError, match="KG_STOER"):
        load_config(environ={"KG_STOER": "x"})


def test_bad_value_names_the_setting() -> None:
    with pytest.raises(SettingsError, match="KG_MAX_ROWS"):
        load_config(environ={"KG_MAX_ROWS": "many"})


def test_overrides_win_over_environment() -> None:
    assert load_config({"store": "memory"}, environ={"KG_STORE": "x"}).store == "memory"
