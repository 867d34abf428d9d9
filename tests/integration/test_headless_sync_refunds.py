"""The tester's steps (issue 17, item 4): a new database charges an invoice through the app, a
refund of that PaymentIntent is made straight through Stripe's API with the secret key, and
``owl-desktop sync`` (a new database's first sync: its event cursor starts now) records it."""

from __future__ import annotations

from pathlib import Path

import stripe

from owl_desktop.domain.refunds import SUCCEEDED
from tests.integration.sync.desk import open_desk
from tests.integration.sync.refund_charges import (
    NOTICED,
    charged,
    refund_elsewhere,
    refund_history,
    refunds_of,
)
from tests.integration.test_headless_sync import run_sync, secret_file
from tests.stripe_env import StripeEnv, account_of


def test_owl_desktop_sync_records_a_refund_made_before_the_first_sync(
        tmp_path: Path, stripe_env: StripeEnv, stripe_client: stripe.StripeClient) -> None:
    url = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    desk = open_desk("clinic", url, stripe_env.api_base, stripe_env.secret_key)
    try:
        with desk.uow() as uow:  # connected, as Settings → Stripe leaves it
            uow.settings.set("stripe.publishable_key", stripe_env.publishable_key)
            uow.settings.set("stripe.account_id", account_of(desk.gateway).id)
            uow.settings.set("stripe.livemode", "false")
            uow.commit()
        payment = charged(desk, stripe_client, 60_00)
        made = refund_elsewhere(stripe_client, payment, 15_00)

        done = run_sync(tmp_path, url, stripe_env, OWL_STRIPE_SECRET_KEY_FILE=str(
            secret_file(tmp_path, stripe_env.secret_key)))
        assert done.returncode == 0, done.stderr
        [seen] = refunds_of(desk.uow, payment)
        assert (seen.stripe_refund_id, seen.amount, seen.status, seen.client_id) == (
            made.id, 15_00, SUCCEEDED, payment.client_id)
        assert refund_history(desk.uow, payment.client_id) == [NOTICED]
    finally:
        desk.close()
