"""Refunds made in Stripe that no event pull can see (issue 17, item 4): made before a
database's first sync (its cursor starts "now"), or while a desk was away longer than Stripe
keeps events. The full reconcile asks Stripe for the refunds of the charges this database
made and records each one it doesn't know, once, as noticed by sync; on SQLite and
PostgreSQL, against the Stripe double over HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import stripe

from owl_desktop.domain.refunds import SUCCEEDED, refundable
from owl_desktop.sandbox.server import SandboxServer
from tests.integration.sync.desk import Desk, events_of, open_desk
from tests.integration.sync.refund_charges import (
    NOTICED,
    charged,
    refund_elsewhere,
    refund_history,
    refunds_of,
)
from tests.stripe_env import StripeEnv

DAY = 24 * 3600
LISTINGS = ("list_refunds_since", "list_refunds")


@pytest.fixture
def desk(database_url: str, stripe_env: StripeEnv) -> Iterator[Desk]:
    opened = open_desk("refunds", database_url, stripe_env.api_base, stripe_env.secret_key)
    yield opened
    opened.close()


def listing_calls(desk: Desk) -> dict[str, int]:
    return {name: desk.engine.metered.calls[name] for name in LISTINGS}


def test_a_refund_made_in_stripe_before_the_first_sync_is_recorded_by_it(
        desk: Desk, stripe_client: stripe.StripeClient) -> None:
    payment = charged(desk, stripe_client)
    made = refund_elsewhere(stripe_client, payment, 25_00)
    assert refunds_of(desk.uow, payment) == []

    summary = desk.sync()  # a new database: its cursor starts now, so a full reconcile
    assert summary.error == ""
    assert summary.pull is not None
    assert summary.pull.full
    [seen] = refunds_of(desk.uow, payment)
    assert (seen.stripe_refund_id, seen.amount, seen.status, seen.reason, seen.client_id) == (
        made.id, 25_00, SUCCEEDED, "requested_by_customer", payment.client_id)
    assert (seen.actor, seen.idempotency_key) == ("", None)  # made elsewhere
    assert payment.client_id in summary.changed_clients  # what is on screen reloads
    assert refund_history(desk.uow, payment.client_id) == [NOTICED]
    assert refundable(payment.amount_cents, [seen]) == 55_00

    for again in (desk.sync(), desk.sync(force_full=True)):  # events, then objects again
        assert again.error == ""
        assert payment.client_id not in again.changed_clients
    assert [r.stripe_refund_id for r in refunds_of(desk.uow, payment)] == [made.id]
    assert refund_history(desk.uow, payment.client_id) == [NOTICED]


def test_a_refund_made_while_the_desk_was_away_past_the_event_window(
        desk: Desk, stripe_client: stripe.StripeClient, sandbox: SandboxServer) -> None:
    payment = charged(desk, stripe_client)
    desk.sync()
    made = refund_elsewhere(stripe_client, payment, 30_00, reason="duplicate")
    sandbox.advance(31 * DAY)  # the desk stays closed a month: Stripe forgets the event
    desk.clock.advance(days=31)
    assert events_of(stripe_client, "refund.created", made.id) == []

    summary = desk.sync()
    assert summary.error == ""
    assert summary.pull is not None
    assert summary.pull.full
    [seen] = refunds_of(desk.uow, payment)
    assert (seen.stripe_refund_id, seen.amount, seen.reason) == (made.id, 30_00, "duplicate")
    assert refund_history(desk.uow, payment.client_id) == [NOTICED]
    after = desk.sync()
    assert after.pull is not None
    assert not after.pull.full
    assert len(refunds_of(desk.uow, payment)) == 1


@pytest.mark.parametrize("first", ["events", "reconcile"])
def test_a_refund_seen_by_events_and_by_a_full_reconcile_is_recorded_once(
        first: str, desk: Desk, stripe_client: stripe.StripeClient) -> None:
    payment = charged(desk, stripe_client)
    desk.sync()  # the cursor: from now on, refund.* events are read
    made = refund_elsewhere(stripe_client, payment, 10_00)
    if first == "events":
        summary = desk.sync()
        assert summary.pull is not None
        assert not summary.pull.full
        assert refund_history(desk.uow, payment.client_id) == [NOTICED]
        desk.sync(force_full=True)  # the catch-up lists it again
    else:
        changed, seen = desk.engine.refunds.catch_up()
        assert (changed, seen) == ({payment.client_id}, {made.id})
        assert refund_history(desk.uow, payment.client_id) == [NOTICED]
        summary = desk.sync()  # reads its refund.created event
        assert summary.pull is not None
        assert not summary.pull.full
        assert summary.pull.events_new >= 1
    assert [r.stripe_refund_id for r in refunds_of(desk.uow, payment)] == [made.id]
    assert refund_history(desk.uow, payment.client_id) == [NOTICED]


def test_a_part_then_another_part_then_the_rest(desk: Desk,
                                                stripe_client: stripe.StripeClient) -> None:
    payment = charged(desk, stripe_client, 80_00)
    first = refund_elsewhere(stripe_client, payment, 20_00)
    desk.sync()
    assert [r.stripe_refund_id for r in refunds_of(desk.uow, payment)] == [first.id]

    second = refund_elsewhere(stripe_client, payment, 30_00)
    summary = desk.sync(force_full=True)  # no event read: only the catch-up sees it
    assert summary.pull is not None
    assert summary.pull.full
    assert summary.pull.events_new == 0
    stored = refunds_of(desk.uow, payment)
    assert [(r.stripe_refund_id, r.amount) for r in stored] == [(first.id, 20_00),
                                                                (second.id, 30_00)]
    assert refundable(payment.amount_cents, stored) == 30_00
    assert refund_history(desk.uow, payment.client_id) == [NOTICED, NOTICED]

    rest = refund_elsewhere(stripe_client, payment)  # all that is left
    desk.sync(force_full=True)
    stored = refunds_of(desk.uow, payment)
    assert [(r.stripe_refund_id, r.amount) for r in stored][-1] == (rest.id, 30_00)
    assert refundable(payment.amount_cents, stored) == 0
    assert refund_history(desk.uow, payment.client_id) == [NOTICED] * 3
    # Wholly refunded: nothing more can be refunded of it, so Stripe isn't asked again.
    desk.engine.metered.reset_counts()
    desk.sync(force_full=True)
    assert listing_calls(desk) == {"list_refunds_since": 0, "list_refunds": 0}


def test_refunds_of_charges_made_by_other_software_stay_out(
        desk: Desk, stripe_client: stripe.StripeClient) -> None:
    payment = charged(desk, stripe_client)
    other = _foreign_refunds(stripe_client, 1)
    desk.sync()
    with desk.uow() as uow:
        assert uow.refunds.by_stripe_id(other[0]) is None
    assert refunds_of(desk.uow, payment) == []


def test_stripe_calls_stay_bounded(desk: Desk, stripe_client: stripe.StripeClient,
                                   sandbox: SandboxServer) -> None:
    """One listing call for the whole clinic while the account's refunds fit a page; with
    many refunds of other charges, pages stop once they match the charges left, which are
    then asked about one by one: never more than two calls per refundable charge."""
    payments = [charged(desk, stripe_client, 50_00 + n) for n in range(3)]
    made = [refund_elsewhere(stripe_client, p, 10_00) for p in payments[:2]]
    desk.engine.metered.reset_counts()
    desk.sync()
    assert listing_calls(desk) == {"list_refunds_since": 1, "list_refunds": 0}
    assert sorted(r.stripe_refund_id or "" for p in payments
                  for r in refunds_of(desk.uow, p)) == sorted(r.id for r in made)

    _foreign_refunds(stripe_client, 4)  # other software's refunds, newer than ours
    late = refund_elsewhere(stripe_client, payments[2], 5_00)
    desk.engine.refunds.page_size = 1  # a page each: the switch happens after 3 pages
    desk.engine.metered.reset_counts()
    summary = desk.sync(force_full=True)
    assert summary.error == ""
    assert listing_calls(desk) == {"list_refunds_since": 3, "list_refunds": 3}
    assert [r.stripe_refund_id for r in refunds_of(desk.uow, payments[2])] == [late.id]
    assert sum(len(refunds_of(desk.uow, p)) for p in payments) == 3


def _foreign_refunds(sc: stripe.StripeClient, count: int) -> list[str]:
    """Refunds of charges made by other software on the same Stripe account."""
    customer = sc.v1.customers.create(params={"name": "Someone Else"}).id
    pm = sc.v1.payment_methods.attach("pm_card_visa", params={"customer": customer}).id
    made = []
    for _ in range(count):
        pi = sc.v1.payment_intents.create(params={
            "amount": 12_00, "currency": "cad", "customer": customer, "payment_method": pm,
            "off_session": True, "confirm": True})
        made.append(sc.v1.refunds.create(params={"payment_intent": pi.id}).id)
    return made
