"""Billing → Failed payments for a charge waiting for the client's 3-D Secure (issue 17, item 3),
at a sandbox-mode desk with a real SMTP server on 127.0.0.1: the autopay run's mail to the
client links to the portal's *Confirm payment* page of that payment (not "add a new card");
*Send the client a link to confirm* mails it again on demand, or, without mail set up, copies
that link. A declined charge doesn't offer it."""

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
from owl_desktop.domain.billing import PaymentStatus
from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.services.autopay_run import Outcome
from owl_desktop.services.portal_settings import PortalSettings
from owl_desktop.services.smtp_settings import SmtpSettings
from owl_desktop.ui.main_window import MainWindow
from tests.gui.test_autopay_desk import desk, invoice  # noqa: F401 - fixture
from tests.gui.test_failed_payment_email import declined_client, failed_dialog
from tests.integration.sandbox.http import call
from tests.mail_server import MailServer, running

URL = "https://portal.clinic.example"


@pytest.fixture
def mail_server(tmp_path: Path) -> Iterator[MailServer]:
    yield from running(tmp_path)


def client_with_3ds_card(services: Services) -> int:
    """Bo saved a card whose bank asks for 3-D Secure on every payment (completed at setup)."""
    client = services.client_service.create(
        ClientDraft("Bo", "Autopay", "bo@example.com", "", Address()))
    parts = services.live.current
    assert parts is not None
    intent = parts.payment_methods.start_setup(client.id, "card")
    creds = services.credentials.credentials()
    assert creds is not None
    api = str(parts.gateway.api_base)
    sc = stripe.StripeClient(creds.secret_key, base_addresses={"api": api})
    confirmed = sc.v1.setup_intents.confirm(
        intent.id, params={"payment_method": "pm_card_authenticationRequired"})
    assert confirmed.status == "requires_action"
    done = call(api, "POST", f"/_sandbox/3ds/{intent.id}/complete",
                {"client_secret": intent.client_secret})
    assert done.status == 200, done.body
    parts.payment_methods.complete_setup(client.id, intent.id)
    services.autopay.set_mode(client.id, ALWAYS)
    return client.id


def waiting_payment(services: Services) -> tuple[str, int]:
    """The run charges Bo's invoice: the bank wants Bo. (invoice number, payment id)"""
    bill = invoice(services, client_with_3ds_card(services), 45_00)
    [line] = services.autopay_runner.run("desk").lines
    assert line.outcome == Outcome.REQUIRES_ACTION
    [row] = services.failed_payments.list()
    assert row.status is PaymentStatus.REQUIRES_ACTION
    return bill.number, row.payment_id


def test_the_mail_and_the_button_link_to_the_confirm_page(
        qtbot: QtBot, desk: tuple[Services, MainWindow],  # noqa: F811
        mail_server: MailServer) -> None:
    services, window = desk
    qtbot.waitUntil(lambda: services.live.current is not None, timeout=20_000)
    services.portal_settings.save(PortalSettings(public_url=URL, clinic_name="Clinique Azur",
                                                 email_sender="portal@clinic.example"))
    services.smtp_settings.save(SmtpSettings(host=mail_server.host, port=mail_server.port,
                                             security="none"))
    number, payment_id = waiting_payment(services)
    link = f"{URL}/billing/payments/{payment_id}/confirm"

    [by_the_run] = mail_server.wait_for(1)  # the run told the client to confirm
    assert by_the_run.recipients == ["bo@example.com"]
    text = by_the_run.part("plain")
    assert f"We couldn't charge $45.00 for invoice {number} to your card ending in 3184 " \
           "without you: your bank asks you to confirm the payment." in text
    assert "confirm the payment in the client portal" in text
    assert link in text
    assert f"{URL}/account" not in text
    assert "add a new card" not in text
    assert f'href="{link}"' in by_the_run.part("html")
    assert "Confirm the payment" in by_the_run.part("html")

    dialog = failed_dialog(qtbot, window)
    assert dialog.confirm_button.isVisible()
    assert dialog.confirm_button.text() == "Send the client a link to &confirm"
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    second = mail_server.wait_for(2)[1]
    assert second.recipients == ["bo@example.com"]
    assert link in second.part("plain")
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Emailed"), timeout=10_000)
    assert dialog.status.text() == (f"Emailed bo@example.com the link to confirm the payment "
                                    f"of invoice {number} in their portal account.")
    dialog.close()


def test_without_mail_the_confirm_link_is_copied(
        qtbot: QtBot, desk: tuple[Services, MainWindow]) -> None:  # noqa: F811
    services, window = desk
    qtbot.waitUntil(lambda: services.live.current is not None, timeout=20_000)
    services.portal_settings.save(PortalSettings(public_url=URL, clinic_name="Clinique Azur"))
    number, payment_id = waiting_payment(services)
    dialog = failed_dialog(qtbot, window)
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    link = f"{URL}/billing/payments/{payment_id}/confirm"
    assert QGuiApplication.clipboard().text() == link
    assert dialog.status.text() == (f"Copied: {link} — send it to the client to confirm the "
                                    f"payment of invoice {number} in their portal account.")
    dialog.close()


def test_a_declined_charge_offers_no_confirm_link(
        qtbot: QtBot, desk: tuple[Services, MainWindow]) -> None:  # noqa: F811
    services, window = desk
    qtbot.waitUntil(lambda: services.live.current is not None, timeout=20_000)
    invoice(services, declined_client(services), 45_00)
    [line] = services.autopay_runner.run("desk").lines
    assert line.outcome == Outcome.FAILED
    dialog = failed_dialog(qtbot, window)
    assert not dialog.confirm_button.isVisible()
    assert dialog.link_button.isVisible()
    dialog.close()
