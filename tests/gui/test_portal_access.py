"""The desk's side of the client portal, through the real window: the profile's *Portal
access* box (give access, the link and its QR code, a new link, revoke, no email), Settings →
Online portal, and Clients → Open client portal."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from owl_desktop.domain.clients import ClientDraft
from owl_desktop.services.portal_accounts import PortalAccountService
from owl_desktop.services.portal_settings import PortalSettings, PortalSettingsService
from owl_desktop.ui.main_window import MainWindow
from owl_desktop.ui.portal_setup import PortalUi
from tests.gui.windows import OPEN_SERVICES

URL = "https://portal.clinic.example"


def portal_ui(window: MainWindow) -> PortalUi:
    return window.portal_ui  # type: ignore[attr-defined,no-any-return]


def idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.tasks.is_busy(), timeout=5000)


def open_first(qtbot: QtBot, window: MainWindow) -> int:
    window.open_client(window.search_panel.model.summary(0).id)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: window.current_client is not None)
    idle(qtbot, window)
    assert window.current_client is not None
    return window.current_client.id


def test_give_access_copy_the_link_new_link_and_revoke(qtbot: QtBot,
                                                       sqlite_main_window: MainWindow) -> None:
    window = sqlite_main_window
    services = OPEN_SERVICES[-1]
    box = portal_ui(window).box
    client_id = open_first(qtbot, window)
    assert box.status_label.text() == "No portal access."
    assert box.give_button.isVisible()
    assert box.give_button.isEnabled()
    assert not box.revoke_button.isVisible()

    # Without the portal's address there is nothing to give: the box says where to set it.
    qtbot.mouseClick(box.give_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    assert "Settings → Online portal" in box.reason_label.text()
    assert services.portal_accounts.access(client_id) is None
    assert not box.link_panel.isVisible()

    services.portal_settings.save(PortalSettings(public_url=URL))
    qtbot.mouseClick(box.give_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    first_link = box.link_edit.text()
    assert first_link.startswith(URL + "/invitation/")
    assert box.link_panel.isVisible()
    assert box.qr_label.pixmap() is not None
    assert not box.qr_label.pixmap().isNull()
    assert "until" in box.link_note.text()
    assert box.status_label.text() == "Invited: the client hasn't set a password yet."
    assert box.new_link_button.isVisible()
    assert box.revoke_button.isVisible()
    assert not box.give_button.isVisible()
    token = first_link.rsplit("/", 1)[1]
    assert services.portal_accounts.invitation(token).purpose == "invite"

    qtbot.mouseClick(box.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == first_link

    qtbot.mouseClick(box.new_link_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    assert box.link_edit.text() not in ("", first_link)

    box.confirm_revoke = lambda _client: True  # type: ignore[method-assign]
    qtbot.mouseClick(box.revoke_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    assert services.portal_accounts.access(client_id) is None
    assert box.status_label.text() == "No portal access."
    assert not box.link_panel.isVisible()
    assert box.give_button.isVisible()


def test_the_last_sign_in_is_shown_and_follows_the_portal(qtbot: QtBot,
                                                          sqlite_main_window: MainWindow) -> None:
    window = sqlite_main_window
    services = OPEN_SERVICES[-1]
    box = portal_ui(window).box
    client_id = open_first(qtbot, window)
    accounts = PortalAccountService(services.uow_factory)
    assert accounts.set_demo_password([client_id], "a long demo passphrase") == 1
    client = services.client_service.get(client_id)
    accounts.sign_in(client.email, "a long demo passphrase", "127.0.0.1")
    # What the portal does reaches the desk through the change journal; here, the bus.
    portal_ui(window)._bus.announce([client_id])
    idle(qtbot, window)
    assert box.status_label.text().startswith("Has portal access. Last signed in: ")


def test_a_client_without_email_gets_the_reason(qtbot: QtBot,
                                                sqlite_main_window: MainWindow) -> None:
    window = sqlite_main_window
    services = OPEN_SERVICES[-1]
    client = services.client_service.create(ClientDraft("Nora", "Sansmail", phone="514 555 0199"))
    window.open_client(client.id)
    qtbot.waitUntil(lambda: window.current_client is not None
                    and window.current_client.id == client.id)
    idle(qtbot, window)
    box = portal_ui(window).box
    assert not box.give_button.isEnabled()
    assert "no valid email address" in box.reason_label.text()


def test_settings_online_portal_checks_and_stores(qtbot: QtBot,
                                                  sqlite_main_window: MainWindow) -> None:
    window = sqlite_main_window
    services = OPEN_SERVICES[-1]
    ui = portal_ui(window)
    assert ui.settings_action in window.settings_menu.actions()
    dialog = ui.open_settings()
    idle(qtbot, window)
    assert dialog.loaded
    dialog.url_edit.setText("http://portal.clinic.example")
    dialog.name_edit.setText("Clinique des Hiboux")
    dialog.contact_edit.setPlainText("514 555-0100\n12 rue des Pins")
    dialog.sender_edit.setText("portal@clinic")
    dialog.save()
    idle(qtbot, window)
    assert dialog.isVisible()
    assert "https://" in dialog.url_error.text()
    assert "email address" in dialog.sender_error.text()
    dialog.url_edit.setText(URL + "/")
    dialog.sender_edit.setText("portal@clinic.example")
    dialog.save()
    idle(qtbot, window)
    assert not dialog.isVisible()
    assert PortalSettingsService(services.uow_factory).load() == PortalSettings(
        URL, "Clinique des Hiboux", "514 555-0100\n12 rue des Pins", "portal@clinic.example")


def test_open_client_portal_opens_its_address(qtbot: QtBot,
                                              sqlite_main_window: MainWindow) -> None:
    window = sqlite_main_window
    ui = portal_ui(window)
    opened: list[QUrl] = []
    ui.open_url = opened.append
    assert ui.open_action in window.clients_menu.actions()
    OPEN_SERVICES[-1].portal_settings.save(PortalSettings(public_url=URL))
    ui.open_action.trigger()
    idle(qtbot, window)
    assert [u.toString() for u in opened] == [URL + "/"]
