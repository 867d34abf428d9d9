"""Billing → Failed payments' *Email the client a link* at a sandbox-mode desk, with a real SMTP
server on 127.0.0.1: the autopay run has mailed the client already (the desk's wiring); the
button mails them again on demand, off the UI thread, and says to whom; with the server down
it says why and copies the link instead; without mail set up only *Copy* is offered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import stripe
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from owl_desktop.composition import Services
from owl_desktop.domain.autopay import ALWAYS
from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.services.autopay_run import Outcome
from owl_desktop.services.portal_settings import PortalSettings
from owl_desktop.services.smtp_settings import SmtpSettings
from owl_desktop.ui.autopay.failed_view import FailedPaymentsDialog
from owl_desktop.ui.main_window import MainWindow
from tests.gui.test_autopay_desk import desk, invoice, ui  # noqa: F401 - fixture
from tests.mail_server import MailServer, running

URL = "https://portal.clinic.example"


@pytest.fixture
def mail_server(tmp_path: Path) -> Iterator[MailServer]:
    yield from running(tmp_path)


def declined_client(services: Services) -> int:
    client = services.client_service.create(
        ClientDraft("Bo", "Autopay", "bo@example.com", "", Address()))
    parts = services.live.current
    assert parts is not None
    intent = parts.payment_methods.start_setup(client.id, "card")
    creds = services.credentials.credentials()
    assert creds is not None
    sc = stripe.StripeClient(creds.secret_key,
                             base_addresses={"api": str(parts.gateway.api_base)})
    sc.v1.setup_intents.confirm(intent.id, params={"payment_method": "pm_card_chargeCustomerFail"})
    parts.payment_methods.complete_setup(client.id, intent.id)
    services.autopay.set_mode(client.id, ALWAYS)
    return client.id


def failed_dialog(qtbot: QtBot, window: MainWindow) -> FailedPaymentsDialog:
    autopay = ui(window)
    autopay.failed_action.trigger()
    dialog = autopay.failed_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    dialog.table.selectRow(0)
    return dialog


def test_email_the_client_a_link(qtbot: QtBot, desk: tuple[Services, MainWindow],  # noqa: F811
                                 mail_server: MailServer) -> None:
    services, window = desk
    qtbot.waitUntil(lambda: services.live.current is not None, timeout=20_000)
    services.portal_settings.save(PortalSettings(public_url=URL, clinic_name="Clinique Azur",
                                                 email_sender="portal@clinic.example"))
    services.smtp_settings.save(SmtpSettings(host=mail_server.host, port=mail_server.port,
                                             security="none"))
    bill = invoice(services, declined_client(services), 45_00)
    [line] = services.autopay_runner.run("desk").lines
    assert line.outcome == Outcome.FAILED
    [by_the_run] = mail_server.wait_for(1)  # the run told the client
    assert by_the_run.recipients == ["bo@example.com"]

    dialog = failed_dialog(qtbot, window)
    assert dialog.email_button.isVisible()
    assert dialog.email_button.isEnabled()
    qtbot.mouseClick(dialog.email_button, Qt.MouseButton.LeftButton)
    second = mail_server.wait_for(2)[1]
    assert second.recipients == ["bo@example.com"]
    assert f"invoice {bill.number}" in second.part("plain")
    assert f"{URL}/account" in second.part("plain")
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Emailed"), timeout=10_000)
    assert dialog.status.text() == (f"Emailed bo@example.com: why the payment of invoice "
                                    f"{bill.number} failed, with the link to their portal "
                                    f"account.")

    # The server goes down: the reason is said and the link copied instead.
    mail_server.stop()
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(dialog.email_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Not emailed"), timeout=20_000)
    assert f"The email server {mail_server.host} can't be reached." in dialog.status.text()
    assert f"Copied: {URL}/account" in dialog.status.text()
    assert QGuiApplication.clipboard().text() == f"{URL}/account"
    assert dialog.email_button.isEnabled()
    dialog.close()


def test_without_mail_only_the_copy_is_offered(qtbot: QtBot,
                                              desk: tuple[Services, MainWindow]  # noqa: F811
                                              ) -> None:
    services, window = desk
    qtbot.waitUntil(lambda: services.live.current is not None, timeout=20_000)
    services.portal_settings.save(PortalSettings(public_url=URL, clinic_name="Clinique Azur"))
    invoice(services, declined_client(services), 45_00)
    [line] = services.autopay_runner.run("desk").lines
    assert line.outcome == Outcome.FAILED
    dialog = failed_dialog(qtbot, window)
    assert not dialog.email_button.isVisible()
    qtbot.mouseClick(dialog.link_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == f"{URL}/account"
    assert dialog.status.text().startswith(f"Copied: {URL}/account")
    dialog.close()
