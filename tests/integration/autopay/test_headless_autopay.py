"""``owl-desktop autopay``: the run for a server's scheduler, a real process, its Stripe
secret from a file or the environment; ``--if-due`` runs only when the nightly run is due."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import stripe

from owl_desktop.domain.autopay import ALWAYS, AUTOMATIC, LAST_NIGHT_KEY, PROCESSING_KEY
from owl_desktop.domain.billing import InvoiceDraft, InvoiceStatus
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.services.autopay import AutopayService
from owl_desktop.services.billing import BillingService
from owl_desktop.services.customers import CustomerService
from owl_desktop.services.payment_methods import PaymentMethodService
from owl_desktop.store.db import create_db_engine, migrate
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.integration.billing.conftest import at_desk
from tests.integration.payments.conftest import confirm_card
from tests.integration.test_headless_sync import REPO, connected_database, secret_file
from tests.stripe_env import StripeEnv, account_of


def run_autopay(tmp_path: Path, url: str, stripe_env: StripeEnv, *args: str,
                **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("OWL_")}
    environ.update({"OWL_STRIPE_API_BASE": stripe_env.api_base, "STRIPE_DISABLE_TELEMETRY": "1",
                    "HOME": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-m", "owl_desktop", "autopay", *args, "--data-dir",
         str(tmp_path / "data"), "--database-url", url], cwd=REPO, env=environ,
        capture_output=True, text=True, timeout=120, check=False)


def test_the_command_charges_open_invoices_of_enrolled_clients(
        tmp_path: Path, stripe_env: StripeEnv, stripe_client: stripe.StripeClient) -> None:
    url, client_id, customer = connected_database(tmp_path, stripe_env, stripe_client)
    engine = create_db_engine(url)
    migrate(engine)
    uow = UnitOfWorkFactory(engine)
    gateway = StripeGateway(stripe_env.secret_key, api_base=stripe_env.api_base)
    methods = PaymentMethodService(uow, gateway, CustomerService(uow, gateway,
                                                                 account_of(gateway)))
    si = methods.start_setup(client_id, "card")
    confirm_card(stripe_client, si.id)
    methods.complete_setup(client_id, si.id)
    AutopayService(uow, workstation=at_desk).set_mode(client_id, ALWAYS)
    invoice = BillingService(uow, workstation=at_desk).make_invoice(
        InvoiceDraft(client_id, "Physio 45", 95_00, date(2030, 1, 7)))
    with uow() as u:
        u.settings.set(PROCESSING_KEY, AUTOMATIC)
        u.settings.set(LAST_NIGHT_KEY, "2999-01-01")  # tonight's run is done: not due
        u.commit()
    engine.dispose()

    not_due = run_autopay(tmp_path, url, stripe_env, "--if-due",
                          OWL_STRIPE_SECRET_KEY=stripe_env.secret_key)
    assert not_due.returncode == 0, not_due.stderr
    assert not_due.stdout.startswith("autopay: nothing due")

    done = run_autopay(tmp_path, url, stripe_env, OWL_STRIPE_SECRET_KEY_FILE=str(
        secret_file(tmp_path, stripe_env.secret_key)))
    assert done.returncode == 0, done.stderr
    assert f"invoice {invoice.number}: succeeded" in done.stdout
    assert "autopay (headless): 1 invoice — paid 1," in done.stdout
    assert stripe_env.secret_key not in done.stdout + done.stderr
    engine = create_db_engine(url)
    with UnitOfWorkFactory(engine)() as u:
        assert u.invoices.get(invoice.id).status is InvoiceStatus.PAID
    engine.dispose()
    charged = stripe_client.v1.payment_intents.list(params={"customer": customer}).data
    assert [(pi.amount, pi.status) for pi in charged] == [(95_00, "succeeded")]

    again = run_autopay(tmp_path, url, stripe_env, OWL_STRIPE_SECRET_KEY=stripe_env.secret_key)
    assert again.returncode == 0, again.stderr
    assert "0 invoices" in again.stdout


def test_without_a_secret_it_says_so(tmp_path: Path, stripe_env: StripeEnv,
                                     stripe_client: stripe.StripeClient) -> None:
    url, _client_id, _customer = connected_database(tmp_path, stripe_env, stripe_client)
    done = run_autopay(tmp_path, url, stripe_env)
    assert done.returncode == 1
    assert done.stderr.startswith("owl-desktop autopay: ")
    assert "Traceback" not in done.stderr


def a_card_client_with_an_invoice(tmp_path: Path, stripe_env: StripeEnv,
                                  stripe_client: stripe.StripeClient) -> str:
    """A connected database, automatic processing, one enrolled client with a card and an
    open invoice; its URL."""
    url, client_id, _customer = connected_database(tmp_path, stripe_env, stripe_client)
    engine = create_db_engine(url)
    migrate(engine)
    uow = UnitOfWorkFactory(engine)
    gateway = StripeGateway(stripe_env.secret_key, api_base=stripe_env.api_base)
    methods = PaymentMethodService(uow, gateway, CustomerService(uow, gateway,
                                                                 account_of(gateway)))
    si = methods.start_setup(client_id, "card")
    confirm_card(stripe_client, si.id)
    methods.complete_setup(client_id, si.id)
    AutopayService(uow, workstation=at_desk).set_mode(client_id, ALWAYS)
    BillingService(uow, workstation=at_desk).make_invoice(
        InvoiceDraft(client_id, "Physio 45", 95_00, date(2030, 1, 7)))
    with uow() as u:
        u.settings.set(PROCESSING_KEY, AUTOMATIC)
        u.commit()
    engine.dispose()
    return url


def payments_recorded(url: str) -> list[str]:
    engine = create_db_engine(url)
    with UnitOfWorkFactory(engine)() as u:
        found = [p.status.value for i in u.invoices.list_open()
                 for p in u.payments.for_invoice(i.id)]
    engine.dispose()
    return found


def test_a_key_of_another_stripe_account_charges_nothing_and_records_nothing(
        tmp_path: Path, stripe_env: StripeEnv, stripe_client: stripe.StripeClient) -> None:
    """Another clinic's key (here: the database says the clinic's account is another one)
    would find none of the clinic's customers: every charge recorded as a failed payment."""
    url = a_card_client_with_an_invoice(tmp_path, stripe_env, stripe_client)
    engine = create_db_engine(url)
    with UnitOfWorkFactory(engine)() as u:
        u.settings.set("stripe.account_id", "acct_1AnotherClinic0000")
        u.commit()
    engine.dispose()
    done = run_autopay(tmp_path, url, stripe_env, OWL_STRIPE_SECRET_KEY=stripe_env.secret_key)
    assert done.returncode == 1, done.stdout
    assert done.stderr.startswith("owl-desktop autopay: The secret key given to this process "
                                  "belongs to another Stripe account")
    assert "acct_1AnotherClinic0000" in done.stderr
    assert "nothing was charged" in done.stderr
    assert payments_recorded(url) == []


def test_a_key_stripe_refuses_stops_before_any_invoice(
        tmp_path: Path, stripe_env: StripeEnv, stripe_client: stripe.StripeClient) -> None:
    url = a_card_client_with_an_invoice(tmp_path, stripe_env, stripe_client)
    done = run_autopay(tmp_path, url, stripe_env, OWL_STRIPE_SECRET_KEY="sk_test_not-a-key")
    assert done.returncode == 1, done.stdout
    assert done.stderr.startswith("owl-desktop autopay: Stripe refused the secret key given "
                                  "to this process")
    assert "sk_test_not-a-key" not in done.stdout + done.stderr
    assert done.stdout == ""
    assert payments_recorded(url) == []


def test_a_run_left_holding_the_lease_is_named_with_when_it_frees_it(
        tmp_path: Path, stripe_env: StripeEnv, stripe_client: stripe.StripeClient) -> None:
    """A run killed midway (kill -9) keeps the lease until it expires: the next run says whose
    it is and until when, rather than only "another desk is running it"."""
    url = a_card_client_with_an_invoice(tmp_path, stripe_env, stripe_client)
    engine = create_db_engine(url)
    with UnitOfWorkFactory(engine)() as u:
        now = datetime.now(UTC)
        assert u.leases.acquire("autopay", "server1:4242:deadbeef", now, timedelta(minutes=2))
        u.commit()
    engine.dispose()
    done = run_autopay(tmp_path, url, stripe_env, OWL_STRIPE_SECRET_KEY=stripe_env.secret_key)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("autopay: another desk or server is running it now; nothing "
                                  "done here (held by server1:4242:deadbeef; a run that "
                                  "stopped without finishing frees it at ")
    assert done.stdout.rstrip().endswith(" UTC)")
    assert payments_recorded(url) == []
