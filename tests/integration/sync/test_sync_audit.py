"""The audit trail holds every add, removal and default change, including those made
elsewhere (Stripe's Dashboard, another desk with its own database, the self-service window)
that this desk only notices through sync: recorded as "Stripe" / "elsewhere", once."""

from __future__ import annotations

import stripe

from owl_desktop.services.audit import AuditTrailService
from tests.integration.sync.conftest import DeskFactory
from tests.integration.sync.desk import (
    Desk,
    add_client,
    assert_desk_matches_stripe,
    attach_card,
    link,
    local_remove,
    local_set_default,
    new_customer,
    set_default_elsewhere,
)

ELSEWHERE = ("Stripe", "elsewhere")


def trail(desk: Desk, client_id: int) -> list[tuple[str, str, tuple[str, str]]]:
    """Oldest first: (action, last 4, (actor, desk))."""
    entries = AuditTrailService(desk.uow).list_for_client(client_id)
    return [(e.action, e.last4, (e.actor, e.desk)) for e in reversed(entries)]


def test_changes_made_at_stripe_are_recorded_as_from_elsewhere(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient) -> None:
    desk = desk_factory("A")
    cid = add_client(desk, "Ada")
    cus = new_customer(stripe_client, "Ada", cid)
    link(desk, cid, cus)
    desk.sync()
    assert trail(desk, cid) == []

    visa = attach_card(stripe_client, cus, "pm_card_visa")
    master = attach_card(stripe_client, cus, "pm_card_mastercard")
    set_default_elsewhere(stripe_client, cus, visa)
    desk.sync()
    first = trail(desk, cid)
    assert sorted(first[:2]) == [("added", "4242", ELSEWHERE), ("added", "4444", ELSEWHERE)]
    assert first[2:] == [("set_default", "4242", ELSEWHERE)]

    set_default_elsewhere(stripe_client, cus, master)
    desk.sync()
    assert trail(desk, cid)[3:] == [("set_default", "4444", ELSEWHERE)]

    stripe_client.v1.payment_methods.detach(master)  # the default, removed in the Dashboard
    desk.sync()
    assert trail(desk, cid)[4:] == [("removed", "4444", ELSEWHERE),
                                    ("default_cleared", "4444", ELSEWHERE)]
    desk.sync()  # nothing new: nothing recorded twice
    assert len(trail(desk, cid)) == 6
    assert_desk_matches_stripe(desk, stripe_client)


def test_changes_made_on_this_desk_are_recorded_once_as_this_desks(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient) -> None:
    desk = desk_factory("A")
    cid = add_client(desk, "Ada")
    cus = new_customer(stripe_client, "Ada", cid)
    link(desk, cid, cus)
    visa = attach_card(stripe_client, cus, "pm_card_visa")
    master = attach_card(stripe_client, cus, "pm_card_mastercard")
    desk.sync()
    noticed = len(trail(desk, cid))
    local_set_default(desk, cid, master)
    local_remove(desk, cid, visa)
    desk.sync_until_quiet()
    desk.sync()
    ours = trail(desk, cid)[noticed:]
    assert [(action, last4) for action, last4, _ in ours] == [("set_default", "4444"),
                                                              ("removed", "4242")]
    assert all(who != ELSEWHERE for _, _, who in ours)
    assert_desk_matches_stripe(desk, stripe_client)


def test_another_desks_changes_are_from_elsewhere_on_this_one(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient) -> None:
    """Two desks with their own databases on one Stripe account."""
    a, b = desk_factory("A"), desk_factory("B")
    cus = stripe_client.v1.customers.create(params={"name": "Ada"}).id
    ca, cb = add_client(a, "Ada"), add_client(b, "Ada")
    link(a, ca, cus)
    link(b, cb, cus)
    visa = attach_card(stripe_client, cus, "pm_card_visa")
    a.sync()
    b.sync()
    local_remove(a, ca, visa)
    a.sync_until_quiet()
    b.sync()
    assert trail(b, cb)[-1] == ("removed", "4242", ELSEWHERE)
    assert trail(a, ca)[-1][:2] == ("removed", "4242")
    assert trail(a, ca)[-1][2] != ELSEWHERE
