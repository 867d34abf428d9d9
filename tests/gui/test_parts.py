"""Smaller UI parts: the client list model, the task runner, the status bar, the presenter."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from owl_desktop.domain.clients import Address, Client, ClientSummary
from owl_desktop.errors import DatabaseLockedError
from owl_desktop.ui.clients.list_model import CLIENT_ID_ROLE, ClientListModel, Column
from owl_desktop.ui.clients.profile_page import ProfilePage
from owl_desktop.ui.errors import ErrorPresenter
from owl_desktop.ui.i18n import Translations
from owl_desktop.ui.status_indicators import StatusIndicators
from owl_desktop.ui.tasks import TaskRunner

ROWS = [
    ClientSummary(1, "Élise Tremblay", "elise@example.ca", "(514) 555-0100", "Montréal"),
    ClientSummary(2, "Liam Brown", "", "(416) 555-0125", "Toronto"),
]


def test_client_list_model_passes_qt_model_checks(qtmodeltester: ModelTester) -> None:
    model = ClientListModel()
    model.set_rows(ROWS)
    qtmodeltester.check(model, force_py=True)
    model.set_rows([])
    qtmodeltester.check(model, force_py=True)


def test_client_list_model_shows_plain_rows(qapp: QApplication) -> None:
    model = ClientListModel()
    model.set_rows(ROWS)
    assert model.rowCount() == 2
    assert model.index(0, Column.NAME).data() == "Élise Tremblay"
    assert model.index(1, Column.CITY).data() == "Toronto"
    assert model.index(1, Column.NAME).data(CLIENT_ID_ROLE) == 2
    assert model.row_of(2) == 1
    assert model.row_of(99) == -1


def test_task_result_arrives_on_the_main_thread(qtbot: QtBot) -> None:
    runner = TaskRunner()
    seen: list[tuple[object, bool]] = []
    worker_threads: list[object] = []

    def work() -> int:
        worker_threads.append(QThread.currentThread())
        return 42

    runner.run(work, on_success=lambda value: seen.append(
        (value, QThread.currentThread() is QApplication.instance().thread())))
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [(42, True)]
    assert worker_threads[0] is not QApplication.instance().thread()
    runner.wait_for_done()


def test_a_newer_task_with_the_same_key_makes_the_older_one_stale(qtbot: QtBot) -> None:
    runner = TaskRunner(max_threads=2)
    release_first = threading.Event()
    results: list[str] = []

    def slow() -> str:
        release_first.wait(5)
        return "old"

    runner.run(slow, on_success=results.append, key="search")
    runner.run(lambda: "new", on_success=results.append, key="search")
    qtbot.waitUntil(lambda: results == ["new"])
    with qtbot.waitSignal(runner.idle):
        release_first.set()
    assert results == ["new"]  # the old answer arrived last and was dropped
    runner.wait_for_done()


def test_task_failures_go_to_the_handler(qtbot: QtBot) -> None:
    failures: list[BaseException] = []
    runner = TaskRunner(on_unhandled_failure=failures.append)

    def fail() -> None:
        raise DatabaseLockedError("busy")

    runner.run(fail, on_success=lambda _: None)
    qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0], DatabaseLockedError)
    own: list[BaseException] = []
    runner.run(fail, on_success=lambda _: None, on_failure=own.append)
    qtbot.waitUntil(lambda: bool(own))
    assert len(failures) == 1
    runner.wait_for_done()


def test_status_bar_shows_connection_and_mode(qtbot: QtBot, translations: Translations) -> None:
    status = StatusIndicators()
    qtbot.addWidget(status)
    assert "not checked" in status.connection_label.accessibleName()
    assert status.mode_label.accessibleName() == "Stripe: not connected"
    status.set_online(True)
    assert status.connection_label.accessibleName() == "Online"
    status.set_online(False, pending=3)
    assert status.connection_label.accessibleName() == (
        "Offline: working from local data \u2013 3 changes waiting to sync")
    status.set_online(False, pending=1)
    assert status.connection_label.accessibleName().endswith("1 change waiting to sync")
    for mode, text in (("sandbox", "Stripe: sandbox (practice data)"),
                       ("test", "Stripe: test mode"), ("live", "Stripe: live")):
        status.set_mode(mode)
        assert status.mode == mode
        assert status.mode_label.accessibleName() == text
    with pytest.raises(ValueError, match="unknown Stripe mode"):
        status.set_mode("production")


def test_presenter_shows_user_facing_text_and_hides_bugs(
        qtbot: QtBot, translations: Translations, caplog: pytest.LogCaptureFixture) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    presenter = ErrorPresenter(parent)
    presenter.present(DatabaseLockedError("The database can't be reached.",
                                          hint="Check the database server and the network, "
                                               "then try again."))
    assert presenter.last_box is not None
    assert presenter.last_box.text() == "The database can't be reached."
    presenter.last_box.close()
    with caplog.at_level(logging.ERROR, logger="owl_desktop.ui.errors"):
        presenter.present(KeyError("/secret/path/and SQL"))
    assert presenter.last_box.text() == "Something went wrong."
    assert "secret" not in presenter.last_box.informativeText()
    assert "KeyError" in caplog.text  # the details went to the log
    presenter.last_box.close()


def test_profile_page_passes_the_client_to_its_sections(qtbot: QtBot,
                                                        translations: Translations) -> None:
    seen: list[object] = []
    section_seen: list[object] = []

    class Section(QWidget):
        def __init__(self, log: list[object]) -> None:
            super().__init__()
            self.log = log

        def set_client(self, c: Client | None) -> None:
            self.log.append(c)

    page = ProfilePage(Section(section_seen))
    qtbot.addWidget(page)
    now = datetime(2025, 3, 4, 12, tzinfo=UTC)
    client = Client(7, "Zoé", "Pelletier", "", "", Address(), now, now)
    extra = Section(seen)
    page.add_tab(extra, "Extra")
    page.show_client(client)
    assert seen == [None, client]
    assert section_seen[-1] is client
    assert page.contact_tab.email_value.text() == "No email on file"
    assert page.contact_tab.address_value.text() == "No address on file"
    assert page.contact_tab.since_value.text() == "March 4, 2025"
    with pytest.raises(TypeError):
        page.add_section(QWidget())
