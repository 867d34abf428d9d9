"""Settings → Online portal's *Email* section through the real window, against a real SMTP
server on 127.0.0.1 (aiosmtpd): the settings and the keyring password are stored, the
password is never shown back, *Send a test email* reports what happened."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from owl_desktop.services.smtp_secrets import KEYRING_ENTRY, KEYRING_SERVICE
from owl_desktop.ui.i18n import Translations
from owl_desktop.ui.main_window import MainWindow
from owl_desktop.ui.settings.portal import PortalSettingsDialog
from owl_desktop.ui.settings.smtp_box import SmtpSettingsBox
from tests.gui.mnemonics import clashes, shows_literal_ampersand_wrongly, visible_mnemonics
from tests.gui.test_portal_access import idle, open_first, portal_ui
from tests.gui.test_portal_invitation_mail import configure_mail
from tests.gui.windows import OPEN_SERVICES
from tests.mail_server import MailServer, running
from tests.memory_keyring import MemoryKeyring

PASSWORD = "gui-smtp-canary-91!"


@pytest.fixture
def mail_server(tmp_path: Path) -> Iterator[MailServer]:
    yield from running(tmp_path / "plain")


@pytest.fixture
def auth_server(tmp_path: Path) -> Iterator[MailServer]:
    """Plain SMTP on loopback that asks for a user name and password."""
    yield from running(tmp_path, username="desk", password=PASSWORD)


pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


def open_email_settings(qtbot: QtBot, window: MainWindow) -> tuple[PortalSettingsDialog,
                                                                  SmtpSettingsBox]:
    dialog = portal_ui(window).open_settings()
    idle(qtbot, window)
    assert dialog.smtp_box is not None
    qtbot.waitUntil(lambda: dialog.smtp_box is not None and dialog.smtp_box.loaded)
    return dialog, dialog.smtp_box


def fill(dialog: PortalSettingsDialog, box: SmtpSettingsBox, server: MailServer,
         password: str) -> None:
    dialog.sender_edit.setText("portal@clinic.example")
    dialog.name_edit.setText("Clinique des Hiboux")
    box.host_edit.setText(server.host)
    box.security_combo.setCurrentIndex(box.security_combo.findData("none"))
    box.port_spin.setValue(server.port)
    box.username_edit.setText(server.username)
    box.password_edit.setText(password)


def test_save_the_server_and_keep_the_password_in_the_keyring(
        qtbot: QtBot, sqlite_main_window: MainWindow, auth_server: MailServer,
        memory_keyring: MemoryKeyring) -> None:
    window = sqlite_main_window
    services = OPEN_SERVICES[-1]
    dialog, box = open_email_settings(qtbot, window)
    assert box.password_edit.text() == ""
    fill(dialog, box, auth_server, PASSWORD)
    dialog.save()
    idle(qtbot, window)
    assert not dialog.isVisible()
    saved = services.smtp_settings.load()
    assert (saved.host, saved.port, saved.security, saved.username) == (
        auth_server.host, auth_server.port, "none", "desk")
    assert memory_keyring.entries[(KEYRING_SERVICE, KEYRING_ENTRY)] == PASSWORD
    with services.uow_factory() as uow:
        assert PASSWORD not in repr(uow.settings.all())

    # Opened again: the password is kept, never shown back.
    dialog, box = open_email_settings(qtbot, window)
    assert box.host_edit.text() == auth_server.host
    assert box.password_edit.text() == ""
    assert box.has_password
    assert "keyring" in box.password_note.text()
    # The test email signs in with the kept password.
    box.test_to_edit.setText("staff@clinic.example")
    qtbot.mouseClick(box.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "sent to staff@clinic.example" in box.test_result.text(),
                    timeout=10000)
    [got] = auth_server.wait_for(1)
    assert got.recipients == ["staff@clinic.example"]
    assert got.message["Subject"] == "Test email from Clinique des Hiboux"
    dialog.reject()


def test_the_test_email_says_why_it_failed(qtbot: QtBot, sqlite_main_window: MainWindow,
                                           auth_server: MailServer, tmp_path: Path) -> None:
    window = sqlite_main_window
    dialog, box = open_email_settings(qtbot, window)
    fill(dialog, box, auth_server, "not-the-password")
    qtbot.mouseClick(box.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "refused the user name or password" in box.test_result.text(),
                    timeout=10000)
    assert "not-the-password" not in box.test_result.text()
    assert auth_server.messages == []

    stopped = MailServer(tmp_path)  # nothing listens on its port
    box.port_spin.setValue(stopped.port)
    box.username_edit.clear()
    qtbot.mouseClick(box.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "can't be reached" in box.test_result.text(), timeout=10000)
    assert box.test_button.isEnabled()
    dialog.reject()


def test_plain_smtp_to_another_computer_is_refused_next_to_the_field(
        qtbot: QtBot, sqlite_main_window: MainWindow) -> None:
    window = sqlite_main_window
    dialog, box = open_email_settings(qtbot, window)
    box.host_edit.setText("smtp.example.com")
    box.security_combo.setCurrentIndex(box.security_combo.findData("none"))
    assert box.port_spin.value() == 25  # the security's usual port follows
    dialog.save()
    idle(qtbot, window)
    assert dialog.isVisible()
    assert "only a server on this computer" in box.security_error.text()
    assert OPEN_SERVICES[-1].smtp_settings.load().host == ""
    dialog.reject()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_alt_letter_twice_in_the_dialog_nor_on_the_profile(
        qtbot: QtBot, sqlite_main_window: MainWindow, translations: Translations,
        mail_server: MailServer, lang: str) -> None:
    translations.install(lang)
    window = sqlite_main_window
    dialog, _box = open_email_settings(qtbot, window)
    assert clashes(dialog) == {}, visible_mnemonics(dialog)
    wrong = [w.text() for w in dialog.findChildren(QLabel)
             if w.isVisibleTo(dialog) and shows_literal_ampersand_wrongly(w)]
    assert wrong == []
    dialog.reject()
    if lang == "fr":
        return  # the window's widgets were made in English (tests/gui/test_keyboard_order.py)
    # The profile with *Email the invitation* showing.
    configure_mail(mail_server)
    open_first(qtbot, window)
    box = portal_ui(window).box
    qtbot.waitUntil(lambda: box.email_button.isVisible())
    assert clashes(window) == {}, visible_mnemonics(window)
