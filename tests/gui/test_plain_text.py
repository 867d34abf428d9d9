"""Issue 11, item 4: a client's name with markup shows as typed in the profile header, the
contact details and the client list (its tooltip too), never as Qt rich text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.services.clients import ClientService
from owl_desktop.store.uow import UnitOfWorkFactory
from owl_desktop.ui.clients.list_model import Column
from owl_desktop.ui.i18n import Translations
from tests.gui.windows import make_window

HOSTILE = "<font color=red size=6>PAID IN FULL</font><img src='file:///etc/passwd'>"


def test_profile_and_list_show_a_marked_up_name_as_typed(
        qtbot: QtBot, sqlite_uow_factory: UnitOfWorkFactory, translations: Translations) -> None:
    client = ClientService(sqlite_uow_factory).create(ClientDraft(
        HOSTILE, "<b>Tremblay</b>", "elise@example.com", "(514) 555-0199",
        Address("<i>12 rue</i> Principale", "", "<u>Montréal</u>", "QC", "H2X 1Y4")))
    window = make_window(qtbot, sqlite_uow_factory, seed=False)
    window.open_client(client.id)
    qtbot.waitUntil(lambda: window.current_client is not None
                    and window.current_client.id == client.id)
    marked = [label for label in window.findChildren(QLabel)
              if "<font" in label.text() or "<i>" in label.text() or "<u>" in label.text()]
    names = {label.objectName() for label in marked}
    assert {"profileName", "nameValue", "addressValue"} <= names, names
    for label in marked:
        assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    assert window.profile_page.name_label.text() == f"{HOSTILE} <b>Tremblay</b>"
    model = window.search_panel.model
    row = model.row_of(client.id)
    tip = model.index(row, Column.NAME).data(Qt.ItemDataRole.ToolTipRole)
    assert "<font" not in tip  # escaped: the tooltip shows it literally
    assert "&lt;font" in tip
    window.close()
