"""Search as you type in the main window, on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.services.clients import ClientService
from owl_desktop.store.uow import UnitOfWorkFactory
from owl_desktop.ui.clients.list_model import Column
from owl_desktop.ui.desk import build_main_window
from owl_desktop.ui.i18n import Translations
from owl_desktop.ui.main_window import MainWindow
from tests.gui.keyboard import type_text
from tests.gui.windows import TestGui, desk_services


def shown_names(window: MainWindow) -> list[str]:
    model = window.search_panel.model
    return [model.index(row, Column.NAME).data() for row in range(model.rowCount())]


def type_query(qtbot: QtBot, window: MainWindow, text: str) -> None:
    field = window.search_panel.search_field
    field.clear()
    type_text(qtbot, field, text)
    qtbot.waitUntil(lambda: window.search_panel.shown_query == text)


def test_typing_without_accents_finds_accented_names(main_window: MainWindow,
                                                     qtbot: QtBot) -> None:
    type_query(qtbot, main_window, "elise")
    assert shown_names(main_window) == ["Élise Tremblay"]
    assert main_window.search_panel.count_label.text() == "1 client"


def test_accents_and_case_in_the_query_are_ignored_too(main_window: MainWindow,
                                                       qtbot: QtBot) -> None:
    type_query(qtbot, main_window, "CÔTÉ")
    assert shown_names(main_window) == ["François Côté"]


def test_search_matches_email_and_phone(main_window: MainWindow, qtbot: QtBot) -> None:
    type_query(qtbot, main_window, "chloe.gauthier@")
    assert shown_names(main_window) == ["Chloé Gauthier"]
    type_query(qtbot, main_window, "555 0110")
    assert shown_names(main_window) == ["Chloé Gauthier"]


def test_no_match_says_so(main_window: MainWindow, qtbot: QtBot) -> None:
    type_query(qtbot, main_window, "zzzz")
    assert shown_names(main_window) == []
    assert "zzzz" in main_window.search_panel.count_label.text()


def test_only_the_latest_query_is_shown_when_typing_fast(main_window: MainWindow,
                                                         qtbot: QtBot) -> None:
    panel = main_window.search_panel
    answered: list[str] = []
    panel.results_shown.connect(lambda query, _count: answered.append(query))
    for text in ("m", "ma", "mar", "mart", "martin"):
        panel.search_field.setText(text)
        panel.refresh()  # force a query per keystroke, beating the debounce
    qtbot.waitUntil(lambda: not main_window.tasks.is_busy())
    assert answered == ["martin"]
    assert shown_names(main_window) == ["Sophia Martin"]


def test_ctrl_f_focuses_the_search_field(main_window: MainWindow, qtbot: QtBot) -> None:
    main_window.activateWindow()
    main_window.search_panel.table.setFocus()
    qtbot.waitUntil(lambda: main_window.search_panel.table.hasFocus())
    qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: main_window.search_panel.search_field.hasFocus())


def test_enter_opens_the_first_match(main_window: MainWindow, qtbot: QtBot) -> None:
    field = main_window.search_panel.search_field
    field.setFocus()
    qtbot.keyClicks(field, "bouch")  # Noémie Bouchard, then Josée Boucher
    with qtbot.waitSignal(main_window.client_opened, timeout=5000) as opened:
        qtbot.keyClick(field, Qt.Key.Key_Return)  # before the debounce fired: waits for it
    assert opened.args[0].full_name == "Noémie Bouchard"
    assert main_window.profile_page.name_label.text() == "Noémie Bouchard"
    assert main_window.pages.currentWidget() is main_window.profile_page


def test_arrow_keys_walk_the_list_and_open_each_client(main_window: MainWindow,
                                                       qtbot: QtBot) -> None:
    type_query(qtbot, main_window, "bouch")
    field = main_window.search_panel.search_field
    field.setFocus()
    with qtbot.waitSignal(main_window.client_opened) as opened:
        qtbot.keyClick(field, Qt.Key.Key_Down)
    assert opened.args[0].full_name == "Noémie Bouchard"
    table = main_window.search_panel.table
    assert QApplication.focusWidget() is table
    with qtbot.waitSignal(main_window.client_opened) as opened:
        qtbot.keyClick(table, Qt.Key.Key_Down)
    assert opened.args[0].full_name == "Josée Boucher"
    qtbot.keyClick(table, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is field


def test_browsing_without_a_query_says_how_many_clients_there_are(
        sqlite_main_window: MainWindow, sqlite_uow_factory: UnitOfWorkFactory, qtbot: QtBot,
        translations: Translations) -> None:
    window = sqlite_main_window
    panel = window.search_panel
    assert panel.count_label.text() == "50 clients"  # the demo clients: all shown
    service = ClientService(sqlite_uow_factory)
    service.create(ClientDraft("Extra", "Zed", "", "", Address()))
    panel.refresh()
    qtbot.waitUntil(lambda: "51" in panel.count_label.text())
    assert panel.count_label.text() == "Showing 50 of 51 clients; type to search."
    assert panel.model.rowCount() == 50
    translations.install("fr")
    panel.refresh()
    qtbot.waitUntil(lambda: "Affichage" in panel.count_label.text())
    assert panel.count_label.text() == (
        "Affichage de 50 clients sur 51; tapez pour rechercher.")
    # A query with more matches than shown still says so (the total isn't counted then).
    translations.install("en")
    for _ in range(50):
        service.create(ClientDraft("Extra", "Zed", "", "", Address()))
    type_query(qtbot, window, "zed")
    assert panel.count_label.text() == (
        "Showing the first 50 matches; type more to narrow the list.")


def test_an_empty_result_keeps_the_columns_readable(main_window: MainWindow,
                                                    qtbot: QtBot) -> None:
    header = main_window.search_panel.table.horizontalHeader()
    metrics = main_window.search_panel.table.fontMetrics()
    type_query(qtbot, main_window, "zzzz")
    assert header.sectionSize(Column.PHONE) >= metrics.horizontalAdvance("(000) 000-0000")
    assert header.sectionSize(Column.CITY) >= metrics.horizontalAdvance("Montréal")


def test_the_first_results_clear_starting_but_not_a_message_shown_meanwhile(
        qtbot: QtBot, sqlite_uow_factory: UnitOfWorkFactory, translations: Translations) -> None:
    """Start-up ends when the client list fills: "Starting…" goes then, but a message an
    action showed in the meantime (the Sandbox menu's, say) stays for its time."""
    for message in ("", "This desk is back online: waiting changes are being sent."):
        window = build_main_window(desk_services(sqlite_uow_factory), TestGui())
        qtbot.addWidget(window)
        assert window.statusBar().currentMessage() == "Starting…"
        if message:
            window.statusBar().showMessage(message, 8000)
        with qtbot.waitSignal(window.search_panel.results_shown):
            window.show()
        assert window.statusBar().currentMessage() == message
        window.close()
