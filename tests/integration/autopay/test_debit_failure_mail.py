"""The email to a client whose bank (PAD) debit failed days later (issue 17, item 3), through a
real SMTP server on 127.0.0.1 and Stripe over HTTP: Stripe's test account that fails after the
debit was *processing* (the double settles it when its clock is moved on); the sync that learns
of it mails the client once, in their language — not again when the event is seen twice, on a
full re-sync, from *Refresh processing*, from another desk's sync, nor from two ``owl-desktop
sync`` processes running at the same moment. *Billing → Failed payments* lists it.

A process killed while sending leaves the mail ``sending``: it is never sent again, but after
the grace the next sweep (any process, once) marks it ``unsent`` and *Failed payments* says the
client may not have been emailed; staff send it from there."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import stripe

from owl_desktop.core.clock import utc_now
from owl_desktop.domain.billing import FailureMail, Invoice, PaymentStatus
from owl_desktop.live_stripe import StripeScopeFactory
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.sandbox import testdata
from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.services.billing import BillingService
from owl_desktop.services.debit_failure_mail import SENDING_GRACE, DebitFailureMail
from owl_desktop.services.failed_payments import FailedPaymentsService
from owl_desktop.services.portal_settings import PortalSettingsService
from owl_desktop.services.smtp_secrets import KeyringSmtpPassword
from owl_desktop.services.smtp_settings import SmtpSettings, SmtpSettingsService
from owl_desktop.store.uow import UnitOfWorkFactory
from owl_desktop.sync.engine import SyncEngine
from tests.integration.autopay.test_failed_payment_mail import URL, failure_mail, set_up, speaks
from tests.integration.billing.conftest import Saver, at_desk
from tests.integration.mail.conftest import configure
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


def _mail_driver(database_url: str, start_at: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.integration.autopay.mail_driver", database_url,
         str(start_at)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO),
             "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"})


def _owed(uow: UnitOfWorkFactory, billing: BillingService, saver: Saver,
          make_client: Callable[..., int], invoice_for: Callable[..., Invoice],
          sandbox: SandboxServer, first: str) -> int:
    """A debit returned at the bank, recorded with the mail owed (``due``) and not sent."""
    client_id = make_client(first, "Tremblay", f"{first.lower().replace('é', 'e')}@example.com")
    payment_id = debit_that_fails_later(billing, saver, client_id,
                                        invoice_for(client_id, 80_00))
    sandbox.settle_bank_debits()
    billing.refresh_processing()  # no sweep hooked here
    with uow() as u:
        assert u.payments.get(payment_id).failure_mail is FailureMail.DUE
    return payment_id


def _state(uow: UnitOfWorkFactory, payment_id: int) -> FailureMail:
    with uow() as u:
        return u.payments.get(payment_id).failure_mail


def test_a_mail_left_sending_by_a_killed_process_is_shown_not_confirmed_after_the_grace(
        database_url: str, uow_factory: UnitOfWorkFactory, billing: BillingService,
        saver: Saver, make_client: Callable[..., int], invoice_for: Callable[..., Invoice],
        clock: Clock, sandbox: SandboxServer, mail_server: MailServer,
        caplog: pytest.LogCaptureFixture) -> None:
    set_up(uow_factory, mail_server)
    payment_id = _owed(uow_factory, billing, saver, make_client, invoice_for, sandbox, "Élise")
    # A mail server that accepts the connection and never answers: the process that takes
    # the mail hangs while sending it, and is killed there.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        SmtpSettingsService(uow_factory, KeyringSmtpPassword()).save(
            SmtpSettings(host="127.0.0.1", port=silent.getsockname()[1], security="none",
                         default_language="en"), "")
        process = _mail_driver(database_url, 0)
        try:
            deadline = time.monotonic() + 60
            while _state(uow_factory, payment_id) is not FailureMail.SENDING:
                assert process.poll() is None, process.communicate()
                assert time.monotonic() < deadline, "the process never took the mail"
                time.sleep(0.1)
        finally:
            process.kill()
            process.communicate()
    configure(uow_factory, mail_server)  # mail works again: it must still not be sent twice
    with uow_factory() as u:
        taken_at = u.payments.get(payment_id).failure_mail_at
    assert taken_at is not None

    sweep = DebitFailureMail(uow_factory, failure_mail(uow_factory), clock)
    failed = FailedPaymentsService(uow_factory, billing, PortalSettingsService(uow_factory),
                                   mail=failure_mail(uow_factory), clock=clock)
    clock.now = taken_at + SENDING_GRACE - timedelta(minutes=1)  # it may still be sending
    assert sweep.send_due() == 0
    assert _state(uow_factory, payment_id) is FailureMail.SENDING
    [row] = failed.list()
    assert not row.client_emailed
    assert not row.client_maybe_not_emailed

    clock.now = taken_at + SENDING_GRACE + timedelta(minutes=1)
    with caplog.at_level(logging.INFO, logger="owl_desktop.services.debit_failure_mail"):
        assert sweep.send_due() == 0
        assert DebitFailureMail(uow_factory, failure_mail(uow_factory), clock).send_due() == 0
    assert _state(uow_factory, payment_id) is FailureMail.UNSENT
    said = [r.getMessage() for r in caplog.records if "not confirmed" in r.getMessage()]
    assert len(said) == 1, said
    assert f"payment {payment_id} " in said[0]
    assert mail_server.messages == []  # not sent twice: it may have left

    # Billing → Failed payments says so, and staff send it from there.
    [row] = failed.list()
    assert row.client_maybe_not_emailed
    assert not row.client_emailed
    assert failed.email_client(payment_id) == "elise@example.com"
    [received] = mail_server.wait_for(1)
    assert received.recipients == ["elise@example.com"]
    [row] = failed.list()
    assert row.client_emailed
    assert not row.client_maybe_not_emailed


def test_two_processes_sweeping_at_once_give_up_a_stale_mail_once_and_send_an_owed_one_once(
        database_url: str, uow_factory: UnitOfWorkFactory, billing: BillingService,
        saver: Saver, make_client: Callable[..., int], invoice_for: Callable[..., Invoice],
        sandbox: SandboxServer, mail_server: MailServer) -> None:
    set_up(uow_factory, mail_server)
    stale = _owed(uow_factory, billing, saver, make_client, invoice_for, sandbox, "Noor")
    owed = _owed(uow_factory, billing, saver, make_client, invoice_for, sandbox, "Élise")
    fresh = _owed(uow_factory, billing, saver, make_client, invoice_for, sandbox, "Maya")
    now = utc_now()
    with uow_factory() as u:  # taken by processes that stopped: long ago, and just now
        assert u.payments.set_failure_mail(stale, FailureMail.SENDING,
                                           now=now - SENDING_GRACE - timedelta(minutes=5),
                                           expected=FailureMail.DUE)
        assert u.payments.set_failure_mail(fresh, FailureMail.SENDING, now=now,
                                           expected=FailureMail.DUE)
        u.commit()

    start_at = time.time() + 3
    processes = [_mail_driver(database_url, start_at) for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in processes]
    for process, (_out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
    sent = [json.loads(out)["sent"] for out, _err in outputs]
    assert sorted(sent) == [0, 1]
    said = [line for _out, err in outputs for line in err.splitlines()
            if "not confirmed" in line]
    assert len(said) == 1, said
    assert f"payment {stale} " in said[0]
    [received] = mail_server.wait_for(1)
    assert received.recipients == ["elise@example.com"]
    time.sleep(0.5)
    assert len(mail_server.messages) == 1
    assert (_state(uow_factory, stale), _state(uow_factory, owed),
            _state(uow_factory, fresh)) == (FailureMail.UNSENT, FailureMail.SENT,
                                            FailureMail.SENDING)
