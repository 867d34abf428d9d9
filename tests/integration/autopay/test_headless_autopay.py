"""``owl-desktop autopay``: the run for a server's scheduler, a real process, its Stripe
secret from a file or the environment; ``--if-due`` runs only when the nightly run is due."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
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
