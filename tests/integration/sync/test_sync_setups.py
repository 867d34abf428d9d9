"""SetupIntents started for the add dialog: a retry after a lost answer makes no second one,
and one left unfinished by a crash is cancelled by a later sync (the pending_setups table,
sync/setups.py)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import stripe

from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.services.customers import CustomerService, NeedsInternet
from owl_desktop.store.pending_setups_repo import PendingSetup
from tests.integration.payments.conftest import confirm_card
from tests.integration.sync.conftest import DeskFactory
from tests.integration.sync.desk import Desk, TestClock, add_client, events_of


def _pending(desk: Desk) -> list[PendingSetup]:
    with desk.uow() as uow:
        return uow.pending_setups.all()


def _setup_intents_of(sc: stripe.StripeClient, customer: str) -> list[str]:
    page = sc.v1.setup_intents.list(params={"customer": customer, "limit": 100})
    return [si.id for si in page.auto_paging_iter()]


def test_a_setup_left_unfinished_by_a_crash_is_cancelled_by_a_later_sync(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'crashed.sqlite3'}"
    desk = desk_factory("A", url)
    cid = add_client(desk, "Ada")
    saved = desk.methods.start_setup(cid, "card")
    confirm_card(stripe_client, saved.id)
    desk.methods.complete_setup(cid, saved.id)
    left = desk.methods.start_setup(cid, "card")
    # The app dies here: neither complete_setup nor abandon_setup is called.
    assert [p.setup_intent_id for p in _pending(desk)] == [left.id]
    desk.close()

    clock = TestClock()
    restarted = desk_factory("A-restarted", url, clock=clock)
    restarted.sync()
    # A dialog may still be open on it: not cancelled within the hour.
    assert stripe_client.v1.setup_intents.retrieve(left.id).status == "requires_payment_method"

    clock.advance(hours=2)
    summary = restarted.sync()
    assert stripe_client.v1.setup_intents.retrieve(left.id).status == "canceled"
    assert any("cancelled" in e for e in summary.events), summary
    assert stripe_client.v1.setup_intents.retrieve(saved.id).status == "succeeded"
    assert _pending(restarted) == []
    restarted.sync()
    assert len(events_of(stripe_client, "setup_intent.canceled", left.id)) == 1


def test_a_dialog_abandoned_offline_is_cancelled_once_back_online(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient,
        sandbox: SandboxServer) -> None:
    desk = desk_factory("A", desk_header="A")
    cid = add_client(desk, "Ada")
    si = desk.methods.start_setup(cid, "card")
    sandbox.faults.set(desk="A", refuse_connections=True)
    try:
        assert desk.methods.abandon_setup(si.id, cid) is None  # offline: left open
    finally:
        sandbox.faults.clear("A")
    assert stripe_client.v1.setup_intents.retrieve(si.id).status == "requires_payment_method"
    desk.clock.advance(hours=2)
    desk.sync()
    assert stripe_client.v1.setup_intents.retrieve(si.id).status == "canceled"
    assert _pending(desk) == []


def test_finished_setups_leave_nothing_for_the_sync(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient) -> None:
    desk = desk_factory("A")
    cid = add_client(desk, "Ada")
    si = desk.methods.start_setup(cid, "card")
    confirm_card(stripe_client, si.id)
    desk.methods.complete_setup(cid, si.id)
    abandoned = desk.methods.start_setup(cid, "card")
    desk.methods.abandon_setup(abandoned.id, cid)
    assert _pending(desk) == []


def test_a_retry_after_a_lost_answer_reuses_the_key_so_stripe_makes_one_setup_intent(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient,
        sandbox: SandboxServer) -> None:
    """Latency longer than the desk's timeout: Stripe makes the SetupIntent, the desk never
    hears; the dialog's retry must get that one back, not a second."""
    desk = desk_factory("A", desk_header="A", timeout_s=1.5)
    cid = add_client(desk, "Ada")
    customer = CustomerService(desk.uow, desk.gateway, desk.engine.account,
                               desk.clock).ensure_customer(cid)
    sandbox.faults.set(desk="A", latency_ms=3000)
    try:
        with pytest.raises(NeedsInternet):
            desk.methods.start_setup(cid, "card")
        # The sandbox finishes what the desk gave up on (after its 3 s, later under load).
        deadline = time.monotonic() + 20
        while (not _setup_intents_of(stripe_client, customer)
               and time.monotonic() < deadline):
            time.sleep(0.1)
    finally:
        sandbox.faults.clear("A")
    made = _setup_intents_of(stripe_client, customer)
    assert len(made) == 1, "the lost call never reached Stripe: the test proves nothing"

    retried = desk.methods.start_setup(cid, "card")
    assert _setup_intents_of(stripe_client, customer) == made == [retried.id]
    assert [p.setup_intent_id for p in _pending(desk)] == [retried.id]

    # A new attempt once that one is finished gets a new key and a new SetupIntent.
    desk.methods.abandon_setup(retried.id, cid)
    fresh = desk.methods.start_setup(cid, "card")
    assert fresh.id != retried.id
    assert len(_setup_intents_of(stripe_client, customer)) == 2
