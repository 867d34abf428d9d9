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


def test_a_phone_too_long_for_stripe_asks_staff_to_shorten_it(
        qtbot: QtBot, translations: Translations) -> None:
    """Issue 11, item 6: a phone stored before the 20-character limit isn't sent to Stripe;
    the profile says so, next to the number."""
    from datetime import UTC, datetime

    from PySide6.QtWidgets import QWidget

    from owl_desktop.domain.clients import Client
    from owl_desktop.ui.clients.profile_page import ProfilePage

    class Section(QWidget):
        def set_client(self, _client: object) -> None:
            pass

    page = ProfilePage(Section())
    qtbot.addWidget(page)
    now = datetime(2025, 3, 4, 12, tzinfo=UTC)
    page.show_client(Client(7, "Zoé", "Pelletier", "", "+44 (020) 7946-0958 #12", Address(),
                            now, now))
    text = page.contact_tab.phone_value.text()
    assert text.startswith("+44 (020) 7946-0958 #12\n")
    assert "Too long for Stripe (at most 20 characters)" in text
    page.show_client(Client(7, "Zoé", "Pelletier", "", "(514) 555-0199", Address(), now, now))
    assert page.contact_tab.phone_value.text() == "(514) 555-0199"
