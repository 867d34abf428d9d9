"""``owl-desktop sync``: a headless run for a server's scheduler, its Stripe secret from a file
or the environment (never a keyring, never the command line), its failures one sentence on
stderr with a non-zero exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import stripe

from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.services.clients import ClientService
from owl_desktop.store.db import create_db_engine, migrate
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.stripe_env import StripeEnv, account_of

REPO = Path(__file__).resolve().parents[2]


def connected_database(tmp_path: Path, stripe_env: StripeEnv, stripe_client: stripe.StripeClient,
                       ) -> tuple[str, int, str]:
    """A database connected to the test Stripe account (as Settings → Stripe leaves it) with
    one linked client whose edited email waits in the outbox: (url, client id, customer)."""
    url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    engine = create_db_engine(url)
    try:
        migrate(engine)
        uow = UnitOfWorkFactory(engine)
        account = account_of(StripeGateway(stripe_env.secret_key, api_base=stripe_env.api_base))
        customer = stripe_client.v1.customers.create(params={"name": "Noor Haddad"}).id
        clients = ClientService(uow)
        client = clients.create(ClientDraft("Noor", "Haddad", "noor@example.com", "",
                                            Address()))
        with uow() as u:
            u.settings.set("stripe.publishable_key", stripe_env.publishable_key)
            u.settings.set("stripe.account_id", account.id)
            u.settings.set("stripe.livemode", "false")
            u.customer_links.link(client.id, customer, account, client.created_at)
            u.commit()
        clients.update(client.id, ClientDraft("Noor", "Haddad", "noor.h@example.com", "",
                                              Address()))
        with uow() as u:
            assert u.outbox.count_waiting() == 1
    finally:
        engine.dispose()
    return url, client.id, customer


def run_sync(tmp_path: Path, url: str, stripe_env: StripeEnv,
             **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("OWL_")}
    environ.update({"OWL_STRIPE_API_BASE": stripe_env.api_base, "STRIPE_DISABLE_TELEMETRY": "1",
                    "HOME": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-m", "owl_desktop", "sync", "--data-dir", str(tmp_path / "data"),
         "--database-url", url], cwd=REPO, env=environ, capture_output=True, text=True,
        timeout=120, check=False)


def secret_file(tmp_path: Path, secret: str, mode: int = 0o600) -> Path:
    path = tmp_path / "stripe-secret"
    path.write_text(secret + "\n", encoding="utf-8")
    path.chmod(mode)
    return path


def test_sync_sends_what_waits_with_the_secret_from_a_file(
        tmp_path: Path, stripe_env: StripeEnv, stripe_client: stripe.StripeClient) -> None:
    url, _client_id, customer = connected_database(tmp_path, stripe_env, stripe_client)
    done = run_sync(tmp_path, url, stripe_env, OWL_STRIPE_SECRET_KEY_FILE=str(
        secret_file(tmp_path, stripe_env.secret_key)))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("sent 1, retried 0, failed 0, waiting 0, problems 0")
    assert stripe_client.v1.customers.retrieve(customer).email == "noor.h@example.com"
    assert stripe_env.secret_key not in done.stdout + done.stderr


def test_the_secret_may_come_from_the_environment(
        tmp_path: Path, stripe_env: StripeEnv, stripe_client: stripe.StripeClient) -> None:
    url, _client_id, customer = connected_database(tmp_path, stripe_env, stripe_client)
    done = run_sync(tmp_path, url, stripe_env, OWL_STRIPE_SECRET_KEY=stripe_env.secret_key)
    assert done.returncode == 0, done.stderr
    assert stripe_client.v1.customers.retrieve(customer).email == "noor.h@example.com"


def test_without_a_secret_it_says_what_to_set_and_sends_nothing(
        tmp_path: Path, stripe_env: StripeEnv, stripe_client: stripe.StripeClient) -> None:
    url, _client_id, customer = connected_database(tmp_path, stripe_env, stripe_client)
    done = run_sync(tmp_path, url, stripe_env)
    assert done.returncode == 1
    assert "No Stripe secret key was given to this process." in done.stderr
    assert "OWL_STRIPE_SECRET_KEY_FILE" in done.stderr
    assert "Traceback" not in done.stderr
    assert stripe_client.v1.customers.retrieve(customer).email is None


def test_a_secret_file_other_users_can_read_is_refused(
        tmp_path: Path, stripe_env: StripeEnv, stripe_client: stripe.StripeClient) -> None:
    url, _client_id, _customer = connected_database(tmp_path, stripe_env, stripe_client)
    done = run_sync(tmp_path, url, stripe_env, OWL_STRIPE_SECRET_KEY_FILE=str(
        secret_file(tmp_path, stripe_env.secret_key, mode=0o644)))
    assert done.returncode == 1
    assert "can be read by other users" in done.stderr
    assert "chmod 600" in done.stderr


def test_a_database_with_no_connected_account_is_said_plainly(tmp_path: Path,
                                                               stripe_env: StripeEnv) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    done = run_sync(tmp_path, url, stripe_env, OWL_STRIPE_SECRET_KEY=stripe_env.secret_key)
    assert done.returncode == 1
    assert "no Stripe account is connected to this database" in done.stderr
