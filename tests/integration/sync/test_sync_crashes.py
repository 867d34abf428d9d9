"""Killing a desk mid-sync (a real child process, SIGKILL) and starting it again: the work
finishes and Stripe applies every change once."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
import stripe

from owl_desktop.domain.outbox import DONE, IN_PROGRESS
from owl_desktop.sandbox.server import SandboxServer
from tests.integration.sync.conftest import DeskFactory
from tests.integration.sync.desk import (
    add_client,
    assert_desk_matches_stripe,
    attach_card,
    events_of,
    link,
    local_remove,
    local_set_default,
    new_customer,
)
from tests.stripe_env import StripeEnv

ROOT = Path(__file__).resolve().parents[3]


def _crash(database_url: str, env: StripeEnv, kill_at: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.integration.sync.crash_driver", database_url,
         env.api_base, env.secret_key, kill_at],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]


def _entries(desk_db) -> list:  # type: ignore[no-untyped-def]
    with desk_db.uow() as uow:
        return uow.outbox.all_entries()


@pytest.mark.parametrize("kill_at", ["claimed", "sent"])
def test_killed_around_the_call_then_restarted_applies_each_change_once(
        kill_at: str, desk_factory: DeskFactory, stripe_env: StripeEnv,
        stripe_client: stripe.StripeClient, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    desk = desk_factory("A", url)
    cid = add_client(desk, "Ada")
    cus = new_customer(stripe_client, "Ada", cid)
    link(desk, cid, cus)
    pm1, pm2 = attach_card(stripe_client, cus), attach_card(stripe_client, cus)
    desk.sync()
    local_remove(desk, cid, pm1)  # the local change is committed ...
    local_set_default(desk, cid, pm2)

    _crash(url, stripe_env, kill_at)  # ... and the desk dies mid-send

    first, second = _entries(desk)
    assert first.status == IN_PROGRESS
    assert first.attempts == 1
    assert second.attempts == 0
    detached_at_crash = len(events_of(stripe_client, "payment_method.detached", pm1))
    assert detached_at_crash == (1 if kill_at == "sent" else 0)

    # Restart after the dead process's lease ran out: same key, Stripe replays.
    desk.clock.advance(seconds=60)
    summary = desk.sync()
    assert summary.sent == 2, summary
    assert [e.status for e in _entries(desk)] == [DONE, DONE]
    assert [e.attempts for e in _entries(desk)] == [2, 1]
    assert len(events_of(stripe_client, "payment_method.detached", pm1)) == 1
    assert_desk_matches_stripe(desk, stripe_client)


def test_restarted_after_stripe_forgot_the_key_checks_state_instead_of_resending(
        desk_factory: DeskFactory, stripe_env: StripeEnv, stripe_client: stripe.StripeClient,
        sandbox: SandboxServer, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    desk = desk_factory("A", url)
    cid = add_client(desk, "Ada")
    cus = new_customer(stripe_client, "Ada", cid)
    link(desk, cid, cus)
    pm1, pm2 = attach_card(stripe_client, cus), attach_card(stripe_client, cus)
    desk.sync()
    local_remove(desk, cid, pm1)
    local_set_default(desk, cid, pm2)
    _crash(url, stripe_env, "sent")
    assert len(events_of(stripe_client, "payment_method.detached", pm1)) == 1
    # The desk stays off for 25 hours: idempotency keys are gone at Stripe.
    desk.clock.advance(hours=25)
    sandbox.advance(25 * 3600)
    desk.engine.metered.reset_counts()
    summary = desk.sync()
    assert summary.sent == 2, summary
    assert summary.failed == 0
    assert desk.engine.metered.calls["detach_payment_method"] == 0
    assert desk.engine.metered.calls["retrieve_payment_method"] == 1
    assert len(events_of(stripe_client, "payment_method.detached", pm1)) == 1
    assert_desk_matches_stripe(desk, stripe_client)
