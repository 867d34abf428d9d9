"""A bank debit returned days later, at a sandbox-mode desk (its own Stripe double, its own
sync, the composition root's wiring) with a real SMTP server on 127.0.0.1: the desk's sync
learns of the return and emails the client once, in the clinic's language; Billing → Failed
payments lists it with the bank's reason in plain words (not a card's) and says the client
was emailed — in English and in French. A mail left *sending* long ago by a process that
stopped is marked not confirmed by the desk's next sync: the list says the client may not have
been emailed, and once staff email them from there, that they were."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import stripe
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from owl_desktop.composition import Services, build_services
from owl_desktop.config import load_config
from owl_desktop.core.clock import utc_now
from owl_desktop.domain.billing import FailureMail, PaymentStatus
from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.services.debit_failure_mail import SENDING_GRACE
from owl_desktop.services.portal_settings import PortalSettings
from owl_desktop.services.smtp_settings import SmtpSettings
from owl_desktop.ui.application import GuiSession
from owl_desktop.ui.desk import build_main_window
from owl_desktop.ui.main_window import MainWindow
from tests.gui.test_autopay_desk import invoice, ui
from tests.mail_server import MailServer, running

URL = "https://portal.clinic.example"
WORDS = {
    "en": ("Why: The bank account didn't have enough money.",
           "The bank account didn't have enough money. Ask the client for another payment "
           "method. The client was emailed about it.",
           "The bank account didn't have enough money. Ask the client for another payment "
           "method. The client may not have been emailed about it."),
    "fr": ("Raison\u00a0: Le compte bancaire n’avait pas assez d’argent.",
           "Le compte bancaire n’avait pas assez d’argent. Demandez au client un autre mode "
           "de paiement. Le client en a été avisé par courriel.",
           "Le compte bancaire n’avait pas assez d’argent. Demandez au client un autre mode "
           "de paiement. Le client n’en a peut-être pas été avisé par courriel."),
}


@pytest.fixture
def mail_server(tmp_path: Path) -> Iterator[MailServer]:
    yield from running(tmp_path)


@pytest.fixture(params=["en", "fr"])
def desk(request: pytest.FixtureRequest, qtbot: QtBot, tmp_path: Path
         ) -> Iterator[tuple[Services, MainWindow, str]]:
    language = str(request.param)
    config = load_config(["--sandbox", "--data-dir", str(tmp_path), "--lang", language],
                         {"OWL_DESK": "front"})
    services = build_services(config)
    gui = GuiSession(config)
    window = build_main_window(services, gui)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield services, window, language
    window.close()
    services.close()
    gui.close()


def client_with_bank(services: Services, pm: str) -> int:
    """A client whose bank account (one of Stripe's verified PAD test methods) is saved."""
    client = services.client_service.create(
        ClientDraft("Élise", "Tremblay", "elise@example.com", "", Address()))
    parts = services.live.current
    assert parts is not None
    intent = parts.payment_methods.start_setup(client.id, "acss_debit")
    creds = services.credentials.credentials()
    assert creds is not None
    sc = stripe.StripeClient(creds.secret_key,
                             base_addresses={"api": str(parts.gateway.api_base)})
    sc.v1.setup_intents.confirm(intent.id, params={
        "payment_method": pm, "mandate_data": {"customer_acceptance": {"type": "offline"}}})
    parts.payment_methods.complete_setup(client.id, intent.id)
    return client.id


def test_a_returned_debit_is_mailed_by_the_desks_sync_and_listed(
        qtbot: QtBot, desk: tuple[Services, MainWindow, str], mail_server: MailServer) -> None:
    services, window, language = desk
    qtbot.waitUntil(lambda: services.live.current is not None, timeout=20_000)
    services.portal_settings.save(PortalSettings(public_url=URL, clinic_name="Clinique Azur",
                                                 email_sender="portal@clinic.example"))
    services.smtp_settings.save(SmtpSettings(host=mail_server.host, port=mail_server.port,
                                             security="none", default_language=language))
    client_id = client_with_bank(services, "pm_acssDebit_insufficientFunds")
    [method] = services.billing.charge_choices(client_id).methods
    outcome = services.billing.charge_now(invoice(services, client_id).id, method.id)
    assert outcome.status is PaymentStatus.PROCESSING
    assert mail_server.messages == []

    controls = services.sandbox_controls
    assert controls is not None
    assert controls.settle_bank_debits() == 1  # Sandbox → Fast-forward bank debits
    engine = services.sync_engine
    assert engine is not None
    engine.run_once()
    [mail] = mail_server.wait_for(1)
    assert mail.recipients == ["elise@example.com"]
    assert WORDS[language][0] in mail.part("plain")
    engine.run_once(force_full=True)
    services.billing.refresh_processing()
    assert len(mail_server.messages) == 1

    autopay = ui(window)
    autopay.failed_action.trigger()
    dialog = autopay.failed_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    reason = dialog.table.item(0, 4)
    assert reason is not None
    assert reason.text() == WORDS[language][1]
    dialog.close()


def test_a_mail_left_sending_by_a_stopped_process_is_listed_as_maybe_not_sent(
        qtbot: QtBot, desk: tuple[Services, MainWindow, str], mail_server: MailServer) -> None:
    services, window, language = desk
    qtbot.waitUntil(lambda: services.live.current is not None, timeout=20_000)
    services.portal_settings.save(PortalSettings(public_url=URL, clinic_name="Clinique Azur",
                                                 email_sender="portal@clinic.example"))
    client_id = client_with_bank(services, "pm_acssDebit_insufficientFunds")
    [method] = services.billing.charge_choices(client_id).methods
    outcome = services.billing.charge_now(invoice(services, client_id).id, method.id)
    controls = services.sandbox_controls
    engine = services.sync_engine
    assert controls is not None
    assert engine is not None
    assert controls.settle_bank_debits() == 1
    engine.run_once()  # no mail set up yet: owed
    payment_id = outcome.payment.id
    with services.uow_factory() as uow:  # taken by a process that stopped, long ago
        assert uow.payments.set_failure_mail(
            payment_id, FailureMail.SENDING, now=utc_now() - SENDING_GRACE * 2,
            expected=FailureMail.DUE)
        uow.commit()
    services.smtp_settings.save(SmtpSettings(host=mail_server.host, port=mail_server.port,
                                             security="none", default_language=language))
    engine.run_once()  # the desk's sync sweeps: not confirmed, and not sent again
    with services.uow_factory() as uow:
        assert uow.payments.get(payment_id).failure_mail is FailureMail.UNSENT
    assert mail_server.messages == []

    autopay = ui(window)
    autopay.failed_action.trigger()
    dialog = autopay.failed_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    assert dialog.table.item(0, 4).text() == WORDS[language][2]
    dialog.table.selectRow(0)
    qtbot.waitUntil(dialog.email_button.isVisible, timeout=10_000)
    qtbot.mouseClick(dialog.email_button, Qt.MouseButton.LeftButton)
    [mail] = mail_server.wait_for(1)
    assert mail.recipients == ["elise@example.com"]
    qtbot.waitUntil(lambda: dialog.table.item(0, 4).text() == WORDS[language][1],
                    timeout=10_000)
    dialog.close()
