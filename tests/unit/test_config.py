"""Settings from the command line and the environment (the command line wins)."""

from __future__ import annotations

import importlib.metadata
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from owl_desktop.config import DEFAULT_STRIPE_API_BASE, ConfigError, check_stripe_url, load_config
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


@pytest.mark.parametrize("name", ["OWL_STRIPE_API_BASE", "OWL_STRIPE_JS_URL"])
@pytest.mark.parametrize("value", [
    "http://api.stripe.com", "http://js.stripe.com/v3/", "http://stripe.example:8080/",
    "ftp://api.stripe.com", "api.stripe.com", "https://", "https://user:pw@api.stripe.com",
    "http://127.0.0.1.evil.example/", "http://localhost.evil.example/", "http://[::2]:80/",
    "https://api.stripe.com:notaport/",
])
def test_a_stripe_url_that_could_leak_the_key_stops_start_up(name: str, value: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_config([], environ={name: value})
    message = raised.value.message
    assert name in message
    assert "https://" in message
    assert value in message
    # Read anyway (to say so in the right language and log), it is never used.
    assert load_config([], environ={name: value}, check_urls=False).data_dir


@pytest.mark.parametrize("value", [
    "https://api.stripe.com", "https://stripe-mock.clinic.example:12111",
    "http://127.0.0.1:12111", "http://localhost:4242", "http://[::1]:4242",
    "HTTP://LOCALHOST:4242",
])
def test_https_or_a_loopback_stripe_double_is_accepted(value: str) -> None:
    config = load_config([], environ={"OWL_STRIPE_API_BASE": value,
                                      "OWL_STRIPE_JS_URL": value + "/v3/"})
    assert (config.stripe_api_base, config.stripe_js_url) == (value, value + "/v3/")


def test_check_stripe_url_explains_what_to_do() -> None:
    with pytest.raises(ConfigError) as raised:
        check_stripe_url("OWL_STRIPE_API_BASE", "http://api.stripe.com")
    assert "OWL_STRIPE_API_BASE" in raised.value.hint


def test_the_app_refuses_to_start_with_an_http_api_base(tmp_path: Path) -> None:
    """The real program: a clear sentence, a non-zero exit, no traceback (the desk shows it in
    a dialog: tests/gui/test_startup_failures.py; a headless command on stderr)."""
    env = {**os.environ, "OWL_DATA_DIR": str(tmp_path),
           "OWL_STRIPE_API_BASE": "http://api.stripe.com", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "owl_desktop", "sync"], env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert "OWL_STRIPE_API_BASE must be an https:// address" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "owl.sqlite3").exists()  # stopped before anything started


def test_version_prints_the_installed_version_and_exits_zero(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        load_config(["--version"], environ={})
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"owl-desktop {importlib.metadata.version('owl-desktop')}\n"


def test_version_answers_before_qt_is_imported(tmp_path: Path) -> None:
    """The real program (what the installed package's launcher runs in CI): ``-X importtime``
    lists every module imported on stderr; none may be Qt's, and nothing is started."""
    env = {**os.environ, "OWL_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "owl_desktop", "--version"],
                          env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0
    assert done.stdout == f"owl-desktop {importlib.metadata.version('owl-desktop')}\n"
    assert "owl_desktop.config" in done.stderr  # importtime did list the imports
    assert "PySide6" not in done.stderr
    assert not (tmp_path / "logs").exists()
