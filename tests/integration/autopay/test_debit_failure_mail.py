"""The email to a client whose bank (PAD) debit failed days later (issue 17, item 3), through a
real SMTP server on 127.0.0.1 and Stripe over HTTP: Stripe's test account that fails after the
debit was *processing* (the double settles it when its clock is moved on); the sync that learns
of it mails the client once, in their language — not again when the event is seen twice, on a
full re-sync, from *Refresh processing*, from another desk's sync, nor from two ``owl-desktop
sync`` processes running at the same moment. *Billing → Failed payments* lists it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import stripe

from owl_desktop.domain.billing import FailureMail, Invoice, PaymentStatus
from owl_desktop.live_stripe import StripeScopeFactory
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.sandbox import testdata
from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.services.billing import BillingService
from owl_desktop.services.debit_failure_mail import DebitFailureMail
from owl_desktop.services.failed_payments import FailedPaymentsService
from owl_desktop.services.portal_settings import PortalSettingsService
from owl_desktop.store.uow import UnitOfWorkFactory
from owl_desktop.sync.engine import SyncEngine
from tests.integration.autopay.test_failed_payment_mail import URL, failure_mail, set_up, speaks
from tests.integration.billing.conftest import Saver, at_desk
from tests.integration.payments.conftest import Clock
from tests.mail_server import MailServer, running
from tests.stripe_env import StripeEnv, account_of

REPO = Path(__file__).resolve().parents[3]
FAILS_LATER = "900222222227"  # Stripe's test account: debits fail (insufficient_funds) later
DAYS_LATER = testdata.PAD_SETTLE_SECONDS + testdata.PAD_SLOW_EXTRA_SECONDS + 60


@pytest.fixture
def mail_server(tmp_path: Path) -> Iterator[MailServer]:
    yield from running(tmp_path)


def desk_sync(uow: UnitOfWorkFactory, gateway: StripeGateway, clock: Clock,
              mail: DebitFailureMail) -> SyncEngine:
    """A desk's sync engine as the composition root builds it (the mail as its hook)."""
    factory = StripeScopeFactory(uow, None, api_base="", desk_name="desk-A",  # type: ignore[arg-type]
                                 clock=clock, workstation=at_desk, after_settle=mail.send_due)
    return factory.build(gateway, account_of(gateway)).sync_engine


def debit_that_fails_later(billing: BillingService, saver: Saver, client_id: int,
                           invoice: Invoice) -> int:
    bank = saver.bank(client_id, FAILS_LATER)
    outcome = billing.charge_now(invoice.id, bank.id)
    assert outcome.status is PaymentStatus.PROCESSING
    return outcome.payment.id


@pytest.mark.parametrize(("language", "subject", "lines"), [
    ("en", "Your payment to Clinique Azur didn't go through", [
        "Hello Élise,",
        "We couldn't charge $80.00 for invoice {invoice} to your bank account ending in 2227.",
        "Why: The bank account didn't have enough money.",
        f"{URL}/account"]),
    ("fr", "Votre paiement à Clinique Azur n’a pas abouti", [
        "Bonjour Élise,",
        "Nous n’avons pas pu porter 80,00\u00a0$ pour la facture {invoice} à votre compte "
        "bancaire se terminant par 2227.",
        "Raison\u00a0: Le compte bancaire n’avait pas assez d’argent.",
        f"{URL}/account"]),
])
def test_a_debit_that_fails_later_mails_the_client_once_in_their_language(
        language: str, subject: str, lines: list[str], uow_factory: UnitOfWorkFactory,
        billing: BillingService, saver: Saver, make_client: Callable[..., int],
        invoice_for: Callable[..., Invoice], gateway: StripeGateway, clock: Clock,
        sandbox: SandboxServer, mail_server: MailServer) -> None:
    set_up(uow_factory, mail_server, language="en")
    mail = DebitFailureMail(uow_factory, failure_mail(uow_factory), clock)
    billing.after_settle = mail.send_due
    engine = desk_sync(uow_factory, gateway, clock, mail)
    engine.run_once()  # the pull's cursor, before the debit
    client_id = make_client("Élise", "Tremblay", "elise@example.com")
    if language == "fr":
        speaks(uow_factory, client_id, "elise@example.com", "fr")
    invoice = invoice_for(client_id, 80_00)
    payment_id = debit_that_fails_later(billing, saver, client_id, invoice)
    engine.run_once()  # still processing at the bank: nothing to say yet
    assert mail_server.messages == []

    sandbox.advance(DAYS_LATER)  # the bank returns the debit
    summary = engine.run_once()
    assert client_id in summary.changed_clients
    [received] = mail_server.wait_for(1)
    assert received.recipients == ["elise@example.com"]
    assert received.message["Subject"] == subject
    text = received.part("plain")
    for line in lines:
        assert line.replace("{invoice}", invoice.number) in text
    assert f'href="{URL}/account"' in received.part("html")
    with uow_factory() as uow:
        payment = uow.payments.get(payment_id)
    assert (payment.status, payment.failure_code, payment.failure_mail) == (
        PaymentStatus.FAILED, "insufficient_funds", FailureMail.SENT)

    # Seen again: the same events, a full re-sync, the desk's refresh, another desk's sync.
    engine.run_once()
    engine.run_once(force_full=True)
    billing.refresh_processing()
    other = desk_sync(uow_factory, gateway, clock, DebitFailureMail(
        uow_factory, failure_mail(uow_factory), clock))
    other.run_once(force_full=True)
    assert len(mail_server.messages) == 1

    # Billing → Failed payments lists it like any other failure.
    failed = FailedPaymentsService(uow_factory, billing, PortalSettingsService(uow_factory))
    [row] = failed.list()
    assert (row.payment_id, row.status, row.code, row.amount_cents, row.last4) == (
        payment_id, PaymentStatus.FAILED, "insufficient_funds", 80_00, "2227")


def test_a_mail_server_down_keeps_the_mail_owed_until_it_is_back(
        uow_factory: UnitOfWorkFactory, billing: BillingService, saver: Saver,
        make_client: Callable[..., int], invoice_for: Callable[..., Invoice],
        gateway: StripeGateway, clock: Clock, sandbox: SandboxServer, tmp_path: Path) -> None:
    server = MailServer(tmp_path / "smtp").start()
    try:
        set_up(uow_factory, server)
        mail = DebitFailureMail(uow_factory, failure_mail(uow_factory), clock)
        engine = desk_sync(uow_factory, gateway, clock, mail)
        engine.run_once()
        client_id = make_client("Noor", "Haddad", "noor@example.com")
        payment_id = debit_that_fails_later(billing, saver, client_id,
                                            invoice_for(client_id, 25_00))
        server.stop()
        sandbox.settle_bank_debits()
        engine.run_once()
        with uow_factory() as uow:
            assert uow.payments.get(payment_id).failure_mail is FailureMail.DUE
        server.start()
        assert mail.send_due() == 0  # this process waits a while before trying again
        clock.advance(minutes=11)
        assert mail.send_due() == 1
        assert engine.run_once().error == ""
        [received] = server.wait_for(1)
        assert "Why: The bank account didn't have enough money." in received.part("plain")
        assert len(server.messages) == 1
    finally:
        server.stop()


def _connect(uow: UnitOfWorkFactory, stripe_env: StripeEnv, gateway: StripeGateway) -> None:
    """The database connected to the test account, as Settings → Stripe leaves it."""
    account = account_of(gateway)
    with uow() as u:
        u.settings.set("stripe.publishable_key", stripe_env.publishable_key)
        u.settings.set("stripe.account_id", account.id)
        u.settings.set("stripe.livemode", "false")
        u.commit()


def _sync_process(tmp_path: Path, name: str, url: str, stripe_env: StripeEnv
                  ) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("OWL_")}
    environ.update({"OWL_STRIPE_API_BASE": stripe_env.api_base,
                    "OWL_STRIPE_SECRET_KEY": stripe_env.secret_key,
                    "STRIPE_DISABLE_TELEMETRY": "1", "HOME": str(tmp_path / name)})
    return subprocess.run(
        [sys.executable, "-m", "owl_desktop", "sync", "--data-dir", str(tmp_path / name),
         "--database-url", url], cwd=REPO, env=environ, capture_output=True, text=True,
        timeout=180, check=False)


def test_two_sync_processes_at_once_mail_the_client_once(
        database_url: str, uow_factory: UnitOfWorkFactory, billing: BillingService,
        saver: Saver, make_client: Callable[..., int], invoice_for: Callable[..., Invoice],
        gateway: StripeGateway, sandbox: SandboxServer, stripe_env: StripeEnv,
        stripe_client: stripe.StripeClient, mail_server: MailServer, tmp_path: Path) -> None:
    set_up(uow_factory, mail_server, language="fr")
    _connect(uow_factory, stripe_env, gateway)
    client_id = make_client("Élise", "Tremblay", "elise@example.com")
    invoice = invoice_for(client_id, 80_00)
    payment_id = debit_that_fails_later(billing, saver, client_id, invoice)
    sandbox.advance(DAYS_LATER)
    pi = stripe_client.v1.payment_intents.retrieve(
        billing.overview(client_id).payments[0].payment_intent_id)
    assert pi.status == "requires_payment_method"  # returned at the bank, as Stripe says it

    results: dict[str, subprocess.CompletedProcess[str]] = {}

    def run(name: str) -> None:
        results[name] = _sync_process(tmp_path, name, database_url, stripe_env)

    threads = [threading.Thread(target=run, args=(n,)) for n in ("desk-A", "desk-B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for name, done in results.items():
        assert done.returncode == 0, f"{name}: {done.stderr}"
        assert stripe_env.secret_key not in done.stdout + done.stderr
    [received] = mail_server.wait_for(1)
    assert received.message["Subject"] == "Votre paiement à Clinique Azur n’a pas abouti"
    assert "Raison\u00a0: Le compte bancaire n’avait pas assez d’argent." in \
        received.part("plain")
    # And once more each, one after the other: nothing new.
    for name in ("desk-A", "desk-B"):
        assert _sync_process(tmp_path, name, database_url, stripe_env).returncode == 0
    assert len(mail_server.messages) == 1
    with uow_factory() as uow:
        payment = uow.payments.get(payment_id)
    assert (payment.status, payment.failure_mail) == (PaymentStatus.FAILED, FailureMail.SENT)
