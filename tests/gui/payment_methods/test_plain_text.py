"""Issue 11, item 4: client data (names, a bank's or holder's name) shows as typed, never as
Qt rich text, in the rows, the autopay panel, the removal box and the add dialogs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from owl_desktop.ui.payment_methods.add_flow import TypeChoiceDialog
from tests.gui.payment_methods.conftest import OFFSCREEN_POPUP_NOISE, PmEnv, SectionFactory

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_POPUP_NOISE)

HOSTILE = "<font color=red size=6>PAID IN FULL</font><img src='file:///etc/passwd'>"


def hostile_labels(root: QWidget) -> list[QLabel]:
    return [label for label in root.findChildren(QLabel) if "PAID IN FULL" in label.text()]


def assert_plain(labels: list[QLabel]) -> None:
    assert labels, "no label shows the hostile text"
    for label in labels:
        assert label.textFormat() == Qt.TextFormat.PlainText, (label.objectName(), label.text())
        assert HOSTILE in label.text() or "<font" in label.text()


def test_rows_panel_and_boxes_show_client_data_as_typed(
        qtbot: QtBot, pm_env: PmEnv, make_section: SectionFactory) -> None:
    client = pm_env.add_client(first=HOSTILE, last="Tremblay", autopay=True)
    bank = pm_env.store_bank(client, bank=HOSTILE, holder=HOSTILE, default=True)
    section = make_section(client, add_flow=True)
    for row in section.list_view.rows():
        row.set_expanded(True)
    labels = hostile_labels(section)
    assert len(labels) >= 2  # the row's title and its holder detail at least
    assert_plain(labels)
    for row in section.list_view.rows():
        assert "<font" not in row.toolTip()  # escaped, if shown

    box = section.confirm_remove(bank)
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert_plain(hostile_labels(box))
    box.reject()

    with pm_env.uow() as uow:
        full = uow.clients.get(client)
    choice = TypeChoiceDialog(full, section)
    qtbot.addWidget(choice)
    assert_plain(hostile_labels(choice))


def test_error_boxes_show_their_text_as_typed(qapp: QApplication, qtbot: QtBot) -> None:
    from owl_desktop.errors import UserFacingError
    from owl_desktop.ui.errors import ErrorPresenter

    parent = QWidget()
    qtbot.addWidget(parent)
    presenter = ErrorPresenter(parent)
    presenter.present(UserFacingError(f"{HOSTILE} can't be saved.", hint=HOSTILE))
    box = presenter.last_box
    assert isinstance(box, QMessageBox)
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert_plain(hostile_labels(box))
    box.close()
