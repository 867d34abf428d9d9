"""Every start-up failure is shown: a dialog with the sentence, what to do and where the log is
(or that none could be written), a non-zero exit, never a traceback; headless commands say it
on stderr (issue 11, item 1). And every sentence of a start-up or database failure is
translated (item 2's and 3's sentences included)."""

from __future__ import annotations

import ast
import hashlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from owl_desktop.app import run
from owl_desktop.errors import UserFacingError
from owl_desktop.ui.i18n import Translations
from owl_desktop.ui.messages import error_texts
from owl_desktop.ui.startup_texts import STARTUP_SENTENCES
from tests.gui.test_app import run_app

PACKAGE = Path(__file__).resolve().parents[2] / "owl_desktop"
RAISING_MODULES = ("store/db.py", "store/db_errors.py", "store/sqlite_file.py", "logs.py",
                   "config.py")


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """``run`` installs the app's log handlers; take them off again afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def unwritable_data_dir(tmp_path: Path) -> Path:
    """A data folder that can't be made (a file stands where its parent should be): what a
    read-only folder does to a process that runs as root, as CI's does."""
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    return blocker / "data"


def close_boxes(shown: list[tuple[str, str, str]]) -> QTimer:
    def close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            shown.append((box.windowTitle(), box.text(), box.informativeText()))
            box.accept()

    timer = QTimer()
    timer.timeout.connect(close)
    timer.start(50)
    return timer


@pytest.fixture
def boxes(qapp: QApplication) -> Iterator[list[tuple[str, str, str]]]:
    shown: list[tuple[str, str, str]] = []
    timer = close_boxes(shown)
    yield shown
    timer.stop()


def test_an_unwritable_data_folder_shows_a_dialog_saying_no_log_was_written(
        tmp_path: Path, boxes: list[tuple[str, str, str]], restore_logging: None) -> None:
    data = unwritable_data_dir(tmp_path)
    code = run(["--data-dir", str(data), "--lang", "en"])
    assert code == 1
    assert boxes == [(
        "Owl Desktop can't start",
        f"Owl Desktop can't write to its data folder: {data}.",
        "Check that the folder exists (or can be made) and that you may write to it, or choose "
        "another folder with OWL_DATA_DIR; then start Owl Desktop again.\n\n"
        "No log file could be written.")]


@pytest.mark.parametrize("name", ["OWL_STRIPE_API_BASE", "OWL_STRIPE_JS_URL"])
def test_a_refused_stripe_url_shows_a_dialog_in_the_users_language(
        tmp_path: Path, name: str, boxes: list[tuple[str, str, str]],
        monkeypatch: pytest.MonkeyPatch, restore_logging: None) -> None:
    monkeypatch.setenv(name, "http://stripe.example")
    code = run(["--data-dir", str(tmp_path), "--lang", "fr"])
    assert code == 2
    log_file = tmp_path / "logs" / "owl-desktop.log"
    assert boxes == [(
        "Owl Desktop ne peut pas démarrer",
        f"{name} doit être une adresse https:// (le simple http:// n’est permis que pour "
        "127.0.0.1, localhost ou ::1)\u00a0; sa valeur est 'http://stripe.example'.",
        f"Corrigez ou retirez {name} et redémarrez Owl Desktop.\n\n"
        f"Le journal se trouve ici\u00a0: {log_file}")]
    assert name in log_file.read_text(encoding="utf-8")
    assert not (tmp_path / "owl.sqlite3").exists()  # nothing else started


def test_the_real_program_reports_an_unwritable_data_folder_without_a_traceback(
        tmp_path: Path) -> None:
    data = unwritable_data_dir(tmp_path)
    desk = run_app(tmp_path, "--smoke-test", "--data-dir", str(data))
    assert desk.returncode == 1
    assert f"Owl Desktop can't write to its data folder: {data}." in desk.stderr
    assert "No log file could be written." in desk.stderr
    assert "Traceback" not in desk.stderr
    sync = run_app(tmp_path, "sync", "--data-dir", str(data))
    assert sync.returncode == 1
    assert sync.stderr.startswith(
        f"owl-desktop sync: Owl Desktop can't write to its data folder: {data}.")
    assert "Traceback" not in sync.stderr


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root may write to a read-only folder")
def test_a_read_only_data_folder_is_reported(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o555)
    try:
        result = run_app(tmp_path, "--smoke-test", "--data-dir", str(data))
    finally:
        data.chmod(0o755)
    assert result.returncode == 1
    assert f"Owl Desktop can't write to its data folder: {data}." in result.stderr
    assert "Traceback" not in result.stderr


def test_the_real_program_refuses_a_damaged_database_untouched(tmp_path: Path) -> None:
    database = tmp_path / "owl.sqlite3"
    database.write_bytes(b"SQLite format 2\x00" + os.urandom(8000))
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    desk = run_app(tmp_path, "--smoke-test")
    sync = run_app(tmp_path, "sync")
    for result in (desk, sync):
        assert result.returncode == 1
        assert f"The database file {database} is damaged" in result.stderr
        assert str(tmp_path / "backups") in result.stderr
        assert "Traceback" not in result.stderr
    assert f"The log is in {tmp_path / 'logs' / 'owl-desktop.log'}" in desk.stderr
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before


# --- every sentence is listed for translation, and translated -------------------------------

def raised_sentences() -> list[str]:
    """The message and hint of every user-facing error raised in the start-up and database
    modules (string literals and module constants)."""
    found: list[str] = []
    for relative in RAISING_MODULES:
        tree = ast.parse((PACKAGE / relative).read_text(encoding="utf-8"))
        constants = {n.targets[0].id: n.value.value for n in tree.body
                     if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name)
                     and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id.endswith("Error")):
                continue
            values = list(node.args[:1]) + [k.value for k in node.keywords if k.arg == "hint"]
            for value in values:
                options = [value.body, value.orelse] if isinstance(value, ast.IfExp) else [value]
                for option in options:
                    if isinstance(option, ast.Constant) and isinstance(option.value, str):
                        found.append(option.value)
                    elif isinstance(option, ast.Name) and option.id in constants:
                        found.append(constants[option.id])
    return found


def test_every_start_up_and_database_sentence_is_translated_to_french(qapp: object) -> None:
    sentences = raised_sentences()
    assert len(sentences) > 40
    assert "The disk holding the database is full." in sentences
    french = Translations()
    french.install("fr")
    try:
        untranslated = [s for s in sentences
                        if error_texts(UserFacingError(s, params={"x": ""}))[0] == s]
    finally:
        french.remove()
    assert untranslated == []
    assert set(STARTUP_SENTENCES) <= set(sentences)  # nothing listed that isn't raised
