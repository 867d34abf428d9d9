"""An event Stripe lists only after newer ones (created before the cursor event) is still
applied: each pull re-reads the minute before its cursor (sync/pull.py, OVERLAP_S)."""

from __future__ import annotations

import time

import pytest
import stripe

from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.sync.pull import OVERLAP_S
from tests.integration.sync.conftest import DeskFactory
from tests.integration.sync.desk import (
    Desk,
    add_client,
    assert_desk_matches_stripe,
    attach_card,
    link,
    new_customer,
)


def _cursor(desk: Desk) -> tuple[str, int]:
    with desk.uow() as uow:
        cursor = uow.sync_cursor.get()
    return cursor.event_id or "", cursor.event_created or 0


@pytest.mark.parametrize("page_size", [100, 2])
def test_an_event_listed_after_the_cursor_moved_past_it_is_still_applied(
        page_size: int, desk_factory: DeskFactory, stripe_client: stripe.StripeClient,
        sandbox: SandboxServer) -> None:
    """Page size 2: more events than a page since the overlap began, so the pull reads
    forward from the cursor, then the overlap on its own."""
    desk = desk_factory("A")
    desk.engine.puller._page_size = page_size
    cid = add_client(desk, "Ada")
    # Ten minutes ago: set up and reconciled in full (the overlap never reaches back to
    # what a full reconcile read, so that is kept out of the window).
    sandbox.set_clock(time.time() - 600)
    cus = new_customer(stripe_client, "Ada Tester", cid)
    link(desk, cid, cus)
    pm1 = attach_card(stripe_client, cus)
    bob = add_client(desk, "Bob")
    bob_cus = new_customer(stripe_client, "Bob Tester", bob)
    link(desk, bob, bob_cus)
    desk.sync()  # full
    sandbox.set_clock(time.time())
    attach_card(stripe_client, cus, "pm_card_mastercard")
    first = desk.sync()  # incremental: the cursor is now that attach's event
    assert first.pull is not None
    assert not first.pull.full
    cursor, cursor_created = _cursor(desk)

    # A change whose event carries an earlier second than the cursor event (Stripe fixes
    # ``created`` before the event becomes listable): it sorts before the cursor.
    sandbox.set_clock(cursor_created - OVERLAP_S // 2)
    stripe_client.v1.payment_methods.detach(pm1)
    late = stripe_client.v1.events.list(params={"type": "payment_method.detached"}).data[0]
    assert late.created < cursor_created
    newer_than_cursor = stripe_client.v1.events.list(params={"ending_before": cursor})
    assert late.id not in {e.id for e in newer_than_cursor.data}, "not late: proves nothing"
    sandbox.set_clock(time.time())
    if page_size == 2:
        for _ in range(3):  # another client's: its reconcile doesn't read Ada's methods
            attach_card(stripe_client, bob_cus, "pm_card_amex")

    summary = desk.sync()
    assert summary.pull is not None
    assert not summary.pull.full
    if page_size == 100:
        assert summary.pull.clients_reconciled == 1
        assert summary.api_calls <= 3, summary  # one events page, customer, methods
    assert_desk_matches_stripe(desk, stripe_client)
    again = desk.sync()  # applied once: nothing new the next time
    assert again.pull is not None
    assert again.pull.clients_reconciled == 0
