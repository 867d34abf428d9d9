"""Settings from the command line and the environment (the command line wins)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from owl_desktop.config import DEFAULT_STRIPE_API_BASE, load_config
from owl_desktop.services.audit import desk_workstation


def test_defaults_put_everything_in_the_data_dir(tmp_path: Path) -> None:
    config = load_config([], environ={"OWL_DATA_DIR": str(tmp_path)})
    assert config.data_dir == tmp_path
    assert config.database_url == f"sqlite:///{tmp_path / 'owl.sqlite3'}"
    assert config.stripe_api_base == DEFAULT_STRIPE_API_BASE
    assert config.language is None
    assert config.desk_name == socket.gethostname()


def test_command_line_wins_over_environment(tmp_path: Path) -> None:
    env = {"OWL_DATA_DIR": "/nowhere", "OWL_DATABASE_URL": "sqlite:////nowhere/x.db",
           "OWL_LANG": "en"}
    config = load_config(["--data-dir", str(tmp_path), "--database-url", "sqlite:///y.db",
                          "--lang", "fr"], environ=env)
    assert (config.data_dir, config.database_url, config.language) == (
        tmp_path, "sqlite:///y.db", "fr")


def test_an_unknown_language_falls_back_to_the_system_one() -> None:
    assert load_config([], environ={"OWL_LANG": "de"}).language is None
    with pytest.raises(SystemExit):
        load_config(["--lang", "de"], environ={})


def test_sandbox_mode_keeps_its_own_database(tmp_path: Path) -> None:
    config = load_config(["--sandbox"], environ={
        "OWL_DATA_DIR": str(tmp_path), "OWL_DATABASE_URL": "postgresql://clinic/owl"})
    assert config.database_url == f"sqlite:///{tmp_path / 'sandbox-mode' / 'owl.sqlite3'}"


def test_the_desk_name_comes_from_this_machine_not_the_database() -> None:
    config = load_config([], environ={"OWL_DESK": " Front desk "})
    assert config.desk_name == "Front desk"
    who = desk_workstation(config.desk_name)(None)  # type: ignore[arg-type]
    assert who.desk == "Front desk"
    assert who.actor
