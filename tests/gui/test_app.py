"""The program as a whole: smoke mode, sandbox seeding, a locked database at start-up."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from owl_desktop.app import run
from owl_desktop.composition import build_services
from owl_desktop.config import load_config
from owl_desktop.domain.clients import PROVINCES, validate_client
from owl_desktop.services.demo import demo_drafts
from owl_desktop.ui.application import GuiSession

REPO = Path(__file__).resolve().parents[2]


def app_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("OWL_DATABASE_URL", "OWL_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        env.pop(name, None)
    env.update(OWL_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen", LANG="en_CA.UTF-8")
    env.update(extra)
    return env


def run_app(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "owl_desktop", *args], cwd=REPO,
                          env=app_env(data_dir, **env), capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """``run`` installs the app's log handlers; take them off again after an in-process run."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def lock_database(path: Path) -> sqlite3.Connection:
    """Hold an exclusive lock, as another program would: nobody else may read or write."""
    connection = sqlite3.connect(str(path), isolation_level=None)
    connection.execute("PRAGMA locking_mode=EXCLUSIVE")
    connection.execute("BEGIN EXCLUSIVE")
    return connection


@pytest.mark.slow
def test_sandbox_smoke_test_starts_seeds_and_exits_zero(tmp_path: Path) -> None:
    result = run_app(tmp_path, "--sandbox", "--smoke-test")
    assert result.returncode == 0, result.stderr
    assert "smoke test passed" in result.stderr
    assert "Traceback" not in result.stderr
    config = load_config(["--sandbox", "--data-dir", str(tmp_path)])
    services = build_services(config)
    try:
        assert services.client_service.count() == len(demo_drafts())
        assert services.demo_clients_added == 0  # seeded once, on the first start only
    finally:
        services.close()


@pytest.mark.slow
def test_the_system_language_is_the_default_and_lang_overrides_it(tmp_path: Path) -> None:
    french = run_app(tmp_path, "--smoke-test", LANG="fr_CA.UTF-8")
    assert french.returncode == 0, french.stderr
    assert "UI language: fr" in french.stderr
    english = run_app(tmp_path, "--smoke-test", "--lang", "en", LANG="fr_CA.UTF-8")
    assert english.returncode == 0, english.stderr
    assert "UI language: en" in english.stderr


@pytest.mark.slow
def test_smoke_test_reports_a_locked_database_without_a_traceback(tmp_path: Path) -> None:
    config = load_config(["--data-dir", str(tmp_path)])
    build_services(config).close()  # an existing database that another program then holds
    holder = lock_database(tmp_path / "owl.sqlite3")
    try:
        result = run_app(tmp_path, "--smoke-test")
    finally:
        holder.close()
    assert result.returncode != 0
    assert "The database is busy: another program or desk is holding it." in result.stderr
    assert "close other copies of Owl Desktop" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_database_server_is_reported_without_a_traceback(tmp_path: Path) -> None:
    # Port 9 (discard) on localhost: nothing listens, the connection is refused at once.
    result = run_app(tmp_path, "--smoke-test",
                     OWL_DATABASE_URL="postgresql+psycopg://owl:pw@127.0.0.1:9/owl")
    assert result.returncode != 0
    assert "The database can't be reached." in result.stderr
    assert "Traceback" not in result.stderr
    assert ":pw@" not in result.stderr  # the password never reaches the log


@pytest.mark.slow
def test_locked_database_shows_a_message_box_and_exits_non_zero(
        tmp_path: Path, qapp: QApplication, restore_logging: None) -> None:
    config = load_config(["--data-dir", str(tmp_path)])
    build_services(config).close()
    holder = lock_database(tmp_path / "owl.sqlite3")
    shown: list[tuple[str, str]] = []

    def close_message_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            shown.append((box.text(), box.informativeText()))
            box.accept()
            poll.stop()

    poll = QTimer()
    poll.timeout.connect(close_message_box)
    poll.start(50)
    try:
        code = run(["--data-dir", str(tmp_path), "--lang", "en"])
    finally:
        poll.stop()
        holder.close()
    assert code != 0
    log_file = tmp_path / "logs" / "owl-desktop.log"
    assert shown == [("The database is busy: another program or desk is holding it.",
                      "Wait a moment and try again. If it keeps happening, close other copies "
                      f"of Owl Desktop on this computer.\n\nThe log is in {log_file}")]


def test_smoke_run_fails_when_a_slot_raises(tmp_path: Path, qtbot: QtBot,
                                            restore_logging: None) -> None:
    config = load_config(["--smoke-test", "--data-dir", str(tmp_path), "--lang", "en"])
    gui = GuiSession(config)
    window = QWidget()
    qtbot.addWidget(window)
    ticks: list[int] = []

    def boom() -> None:
        raise RuntimeError("a bug in a slot")

    def step() -> object:
        QTimer.singleShot(0, boom)
        return lambda: ticks.append(1) or len(ticks) > 5

    try:
        code = gui.exec(window, [step])
    finally:
        gui.close()
    assert code == 1
    assert [type(e) for e in gui.errors] == [RuntimeError]


def test_smoke_run_passes_when_steps_succeed(tmp_path: Path, qtbot: QtBot) -> None:
    config = load_config(["--smoke-test", "--data-dir", str(tmp_path), "--lang", "en"])
    gui = GuiSession(config)
    window = QWidget()
    qtbot.addWidget(window)
    done: list[str] = []
    try:
        code = gui.exec(window, [lambda: done.append(f"one {window.isVisible()}"),
                                 lambda: done.append("two")])
    finally:
        gui.close()
    assert code == 0
    assert done == ["one True", "two"]


def test_only_the_sandbox_gets_demo_clients(tmp_path: Path) -> None:
    plain = build_services(load_config(["--data-dir", str(tmp_path)]))
    try:
        assert plain.client_service.count() == 0
    finally:
        plain.close()
    sandbox = build_services(load_config(["--sandbox", "--data-dir", str(tmp_path)]))
    try:
        assert sandbox.demo_clients_added == sandbox.client_service.count() == 50
        assert sandbox.stripe_mode == "sandbox"
    finally:
        sandbox.close()


def test_demo_clients_are_valid_and_varied() -> None:
    drafts = demo_drafts()
    assert all(validate_client(d) == {} for d in drafts)
    assert {d.address.province for d in drafts} == set(PROVINCES)
    assert any(not d.email for d in drafts)
    assert sum(1 for d in drafts if not d.email) < len(drafts) // 2
    assert any(not d.first_name.isascii() for d in drafts)  # accents, for accent-free search
    assert len({(d.first_name, d.last_name) for d in drafts}) == len(drafts)
