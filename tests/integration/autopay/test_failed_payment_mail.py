"""The email to a client whose payment failed (issue 17, item 3), through a real SMTP server on
127.0.0.1 and Stripe over HTTP: a declined autopay charge sends one mail in the client's
language (never for a skipped or paid invoice, never again for the same attempt); none when
SMTP isn't set up; a mail server that is down doesn't fail the run; *Charge now* mails too."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from owl_desktop.core.clock import utc_now
from owl_desktop.domain.autopay import AUTOMATIC, PROCESSING_KEY
from owl_desktop.domain.billing import Invoice, PaymentStatus
from owl_desktop.mail.smtp import SmtpTransport
from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.services.autopay_run import AutopayRunner, Outcome, Skip
from owl_desktop.services.billing import BillingService
from owl_desktop.services.failed_payment_mail import FailedPaymentMail
from owl_desktop.services.mailer import Mailer
from owl_desktop.services.portal_settings import PortalSettings, PortalSettingsService
from owl_desktop.services.smtp_secrets import KeyringSmtpPassword
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.integration.billing.conftest import Saver
from tests.integration.mail.conftest import SENDER, configure
from tests.mail_server import MailServer, running

URL = "https://portal.clinic.example"


@pytest.fixture
def mail_server(tmp_path: Path) -> Iterator[MailServer]:
    yield from running(tmp_path)


def failure_mail(uow: UnitOfWorkFactory) -> FailedPaymentMail:
    return FailedPaymentMail(uow, Mailer(uow, KeyringSmtpPassword(), SmtpTransport(None),
                                         timeout=5.0))


def set_up(uow: UnitOfWorkFactory, server: MailServer, language: str = "en") -> None:
    configure(uow, server, language=language)
    PortalSettingsService(uow).save(PortalSettings(public_url=URL, clinic_name="Clinique Azur",
                                                   email_sender=SENDER))


def automatic(uow: UnitOfWorkFactory) -> None:
    with uow() as u:
        u.settings.set(PROCESSING_KEY, AUTOMATIC)
        u.commit()


def speaks(uow: UnitOfWorkFactory, client_id: int, email: str, language: str) -> None:
    """The client has a portal account they last used in ``language``."""
    with uow() as u:
        u.portal_accounts.open(client_id, email, utc_now())
        u.portal_accounts.set_language(client_id, language)
        u.commit()


def test_a_declined_autopay_charge_mails_the_client_once_in_their_language(
        uow_factory: UnitOfWorkFactory, runner: AutopayRunner, saver: Saver,
        make_client: Callable[..., int], invoice_for: Callable[..., Invoice],
        mail_server: MailServer) -> None:
    set_up(uow_factory, mail_server, language="en")  # the clinic writes in English...
    automatic(uow_factory)
    runner.after_charge = failure_mail(uow_factory).notify
    declined = make_client("Élise", "Tremblay", "elise@example.com")
    saver.card(declined, "pm_card_chargeCustomerFail")
    speaks(uow_factory, declined, "elise@example.com", "fr")  # ...Élise reads French
    paid = make_client("Paid", "Client", "paid@example.com")
    saver.card(paid)
    paused = make_client("Paused", "Client", "paused@example.com")  # skipped: no method
    bad = invoice_for(declined, 45_00)
    invoice_for(paid)
    invoice_for(paused)

    summary = runner.run("desk")
    got = {line.client_id: (line.outcome, line.reason) for line in summary.lines}
    assert got[declined] == (Outcome.FAILED, "generic_decline")
    assert got[paid] == (Outcome.CHARGED, "")
    assert got[paused] == (Outcome.SKIPPED, Skip.PAUSED)

    [mail] = mail_server.wait_for(1)
    assert mail.recipients == ["elise@example.com"]
    assert mail.message["Subject"] == "Votre paiement à Clinique Azur n’a pas abouti"
    text = mail.part("plain")
    assert text.startswith("Bonjour Élise,")
    assert f"la facture {bad.number}" in text
    assert "45,00\u00a0$" in text
    assert "La carte a été refusée. La banque n’a pas donné de raison." in text
    assert f"{URL}/account" in text
    assert f'href="{URL}/account"' in mail.part("html")
    assert "Ouvrir Mon compte" in mail.part("html")

    # The next run skips the declined invoice (it waits for staff or a new card): no mail.
    again = {line.client_id: (line.outcome, line.reason) for line in runner.run("desk").lines}
    assert again[declined] == (Outcome.SKIPPED, Skip.FAILED_BEFORE)
    assert again[paused] == (Outcome.SKIPPED, Skip.PAUSED)
    assert len(mail_server.messages) == 1


def test_no_mail_when_smtp_is_not_set_up(
        uow_factory: UnitOfWorkFactory, runner: AutopayRunner, saver: Saver,
        make_client: Callable[..., int], invoice_for: Callable[..., Invoice],
        mail_server: MailServer) -> None:
    PortalSettingsService(uow_factory).save(PortalSettings(public_url=URL,
                                                           clinic_name="Clinique Azur"))
    automatic(uow_factory)
    notify = failure_mail(uow_factory)
    assert not notify.ready()
    runner.after_charge = notify.notify
    declined = make_client("Élise", "Tremblay", "elise@example.com")
    saver.card(declined, "pm_card_chargeCustomerFail")
    invoice_for(declined)
    [line] = runner.run("desk").lines
    assert line.outcome == Outcome.FAILED
    assert mail_server.messages == []


def test_a_mail_server_down_never_fails_the_run(
        uow_factory: UnitOfWorkFactory, runner: AutopayRunner, saver: Saver,
        make_client: Callable[..., int], invoice_for: Callable[..., Invoice],
        mail_server: MailServer, caplog: pytest.LogCaptureFixture) -> None:
    set_up(uow_factory, mail_server)
    mail_server.stop()
    automatic(uow_factory)
    runner.after_charge = failure_mail(uow_factory).notify
    declined = make_client("Élise", "Tremblay", "elise@example.com")
    saver.card(declined, "pm_card_chargeCustomerFail")
    paid = make_client("Paid", "Client", "paid@example.com")
    saver.card(paid)
    bad, good = invoice_for(declined), invoice_for(paid)
    with caplog.at_level(logging.INFO):
        summary = runner.run("desk")
    got = {line.invoice_id: line.outcome for line in summary.lines}
    assert got == {bad.id: Outcome.FAILED, good.id: Outcome.CHARGED}
    assert not summary.stopped
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING
                and "failed-payment mail not sent" in r.getMessage()]
    assert len(warnings) == 1
    assert "(connect)" in warnings[0].getMessage()
    assert "elise@example.com" not in caplog.text
    with uow_factory() as uow:
        [attempt] = uow.payments.for_invoice(bad.id)
    assert attempt.status is PaymentStatus.FAILED


def test_charge_now_that_fails_mails_the_client(
        uow_factory: UnitOfWorkFactory, billing: BillingService, saver: Saver,
        make_client: Callable[..., int], invoice_for: Callable[..., Invoice],
        mail_server: MailServer) -> None:
    set_up(uow_factory, mail_server)
    billing.after_charge = failure_mail(uow_factory).notify
    client = make_client("Noor", "Haddad", "noor@example.com")
    card = saver.card(client, "pm_card_chargeCustomerFail")  # saved, then declined
    invoice = invoice_for(client, 120_50)
    outcome = billing.charge_now(invoice.id, card.id)
    assert outcome.status is PaymentStatus.FAILED
    [mail] = mail_server.wait_for(1)
    assert mail.message["Subject"] == "Your payment to Clinique Azur didn't go through"
    text = mail.part("plain")
    assert text.startswith("Hello Noor,")
    assert f"We couldn't charge $120.50 for invoice {invoice.number} to your card ending " \
           f"in {card.last4}." in text
    assert "Why: The card was declined. The bank gave no reason." in text
    good = saver.card(client, "pm_card_mastercard")
    assert billing.charge_now(invoice.id, good.id).status is PaymentStatus.SUCCEEDED
    assert len(mail_server.messages) == 1  # a success mails nothing


def test_a_charge_waiting_for_3ds_mails_the_link_to_confirm_it(
        uow_factory: UnitOfWorkFactory, runner: AutopayRunner, saver: Saver,
        make_client: Callable[..., int], invoice_for: Callable[..., Invoice],
        mail_server: MailServer, sandbox: SandboxServer) -> None:
    set_up(uow_factory, mail_server, language="en")
    automatic(uow_factory)
    runner.after_charge = failure_mail(uow_factory).notify
    client = make_client("Élise", "Tremblay", "elise@example.com")
    saver.card_after_3ds(client, "pm_card_authenticationRequired", sandbox)
    speaks(uow_factory, client, "elise@example.com", "fr")
    bill = invoice_for(client, 45_00)
    [line] = runner.run("desk").lines
    assert line.outcome == Outcome.REQUIRES_ACTION
    with uow_factory() as uow:
        [attempt] = uow.payments.for_invoice(bill.id)
    link = f"{URL}/billing/payments/{attempt.id}/confirm"

    [mail] = mail_server.wait_for(1)
    assert mail.recipients == ["elise@example.com"]
    text = mail.part("plain")
    assert f"la facture {bill.number}" in text
    assert "votre banque vous demande de confirmer le paiement" in text
    assert "confirmez le paiement dans le portail client" in text
    assert link in text
    assert f"{URL}/account" not in text
    assert f'href="{link}"' in mail.part("html")
    assert "Confirmer le paiement" in mail.part("html")
    # The next run waits for Élise (skipped): no second mail.
    [again] = runner.run("desk").lines
    assert (again.outcome, again.reason) == (Outcome.SKIPPED, Skip.NEEDS_AUTHENTICATION)
    assert len(mail_server.messages) == 1
