"""Text that wraps is shown whole: profile values in French, nothing cut off or overlapped."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from owl_desktop.store.uow import UnitOfWorkFactory
from owl_desktop.ui.i18n import Translations
from owl_desktop.ui.main_window import MainWindow
from tests.gui.keyboard import type_text
from tests.gui.windows import make_window


@pytest.fixture
def french_window(qtbot: QtBot, sqlite_uow_factory: UnitOfWorkFactory,
                  translations: Translations) -> Iterator[MainWindow]:
    translations.install("fr")
    window = make_window(qtbot, sqlite_uow_factory)
    window.resize(1400, 900)
    yield window
    window.close()


def shown_whole(label: QLabel) -> bool:
    """The label is at least as tall as its text needs at its width."""
    needed = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
    return label.height() >= needed and label.width() >= label.minimumSizeHint().width()


def test_french_no_email_line_is_shown_whole(qtbot: QtBot, french_window: MainWindow) -> None:
    window = french_window
    type_text(qtbot, window.search_panel.search_field, "helene")
    qtbot.waitUntil(lambda: window.search_panel.count_label.text() == "1 client")
    with qtbot.waitSignal(window.client_opened):
        qtbot.keyClick(window.search_panel.search_field, Qt.Key.Key_Return)
    tab = window.profile_page.contact_tab
    qtbot.wait(50)
    assert tab.email_value.text() == "Aucun courriel au dossier"
    for label in (tab.name_value, tab.email_value, tab.phone_value, tab.address_value,
                  tab.since_value, tab.autopay_value):
        assert shown_whole(label), (label.objectName(), label.text(), label.size())
