"""*Email the invitation* on the profile's *Portal access* box, through the real window and a
real SMTP server on 127.0.0.1: the mail arrives with the link the box shows (and its QR
code); a server that can't be reached leaves the link to give by hand, with the reason."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from owl_desktop.services.portal_settings import PortalSettings
from owl_desktop.services.smtp_settings import SmtpSettings
from owl_desktop.ui.main_window import MainWindow
from tests.gui.test_portal_access import URL, idle, open_first, portal_ui
from tests.gui.windows import OPEN_SERVICES
from tests.mail_server import MailServer, running


@pytest.fixture
def mail_server(tmp_path: Path) -> Iterator[MailServer]:
    yield from running(tmp_path)


def configure_mail(server: MailServer) -> None:
    services = OPEN_SERVICES[-1]
    services.portal_settings.save(PortalSettings(public_url=URL, clinic_name="Clinique Azur",
                                                 email_sender="portal@clinic.example"))
    services.smtp_settings.save(SmtpSettings(host=server.host, port=server.port,
                                             security="none"))


def test_email_the_invitation(qtbot: QtBot, sqlite_main_window: MainWindow,
                              mail_server: MailServer) -> None:
    window = sqlite_main_window
    box = portal_ui(window).box
    configure_mail(mail_server)
    client_id = open_first(qtbot, window)
    qtbot.waitUntil(lambda: box.email_button.isVisible() and box.email_button.isEnabled())
    qtbot.mouseClick(box.email_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    [got] = mail_server.wait_for(1)
    client = OPEN_SERVICES[-1].client_service.get(client_id)
    assert got.recipients == [client.email]
    assert box.link_panel.isVisible()
    assert box.link_edit.text() in got.part("plain")
    assert not box.qr_label.pixmap().isNull()
    assert f"Invitation emailed to {client.email}" in box.link_note.text()
    assert OPEN_SERVICES[-1].portal_accounts.access(client_id) is not None


def test_a_server_down_leaves_the_link_and_says_why(qtbot: QtBot,
                                                   sqlite_main_window: MainWindow,
                                                   mail_server: MailServer) -> None:
    window = sqlite_main_window
    box = portal_ui(window).box
    configure_mail(mail_server)
    mail_server.stop()
    open_first(qtbot, window)
    qtbot.waitUntil(lambda: box.email_button.isEnabled())
    qtbot.mouseClick(box.email_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    assert box.link_panel.isVisible()
    assert box.link_edit.text().startswith(URL + "/invitation/")
    assert "wasn't emailed: The email server 127.0.0.1 can't be reached." in \
        box.link_note.text()


def test_no_button_without_mail_set_up(qtbot: QtBot, sqlite_main_window: MainWindow) -> None:
    window = sqlite_main_window
    box = portal_ui(window).box
    OPEN_SERVICES[-1].portal_settings.save(PortalSettings(public_url=URL))
    open_first(qtbot, window)
    idle(qtbot, window)
    assert not box.can_email
    assert not box.email_button.isVisible()
    assert box.give_button.isVisible()
