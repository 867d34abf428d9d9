"""Issue 12, item 4: a removal never waits behind an unrelated refused change.

Two desks with their own databases share one Stripe. Desk A removes a card; desk B, not yet
synced, chooses that card as default (Stripe refuses: it is gone) and removes another card the
client asked to remove. B's removal must reach Stripe in the same sync, not wait for staff to
discard the refused default.
"""

from __future__ import annotations

import stripe

from owl_desktop.core.outbox_sender import METHOD_GONE_MESSAGE
from tests.integration.sync.conftest import DeskFactory
from tests.integration.sync.desk import (
    add_client,
    assert_desk_matches_stripe,
    attach_card,
    link,
    local_remove,
    local_set_default,
    new_customer,
    set_default_elsewhere,
    stripe_default,
    stripe_methods,
)


def test_a_refused_default_does_not_hold_back_the_removal_of_another_card(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient) -> None:
    a = desk_factory("A", desk_header="desk-A")
    b = desk_factory("B", desk_header="desk-B")
    ca, cb = add_client(a, "Élise"), add_client(b, "Élise")
    cus = new_customer(stripe_client, "Élise Tremblay", ca)
    link(a, ca, cus)
    link(b, cb, cus)
    visa = attach_card(stripe_client, cus)
    amex = attach_card(stripe_client, cus, "pm_card_amex")
    mastercard = attach_card(stripe_client, cus, "pm_card_mastercard")
    set_default_elsewhere(stripe_client, cus, visa)
    a.sync()
    b.sync()

    local_remove(a, ca, amex)  # desk A removes the Amex ...
    assert a.sync().sent == 1
    local_set_default(b, cb, amex)  # ... desk B, before hearing of it, makes it the default
    local_remove(b, cb, mastercard)  # and removes the Mastercard the client gave up

    first = b.sync()
    assert first.failed == 1, first
    [problem] = b.engine.problems()
    assert problem.kind == "set_default"
    assert problem.message == METHOD_GONE_MESSAGE
    # The removal went through at once: the Mastercard is no longer chargeable.
    assert mastercard not in stripe_methods(stripe_client, cus)
    assert stripe_methods(stripe_client, cus) == {visa}
    assert stripe_default(stripe_client, cus) == visa
    with b.uow() as uow:
        assert uow.payment_methods.by_stripe_id(mastercard) is None
        assert uow.outbox.count_waiting() == 0

    b.engine.discard_problem(problem.entry_id)  # keeps what Stripe has
    b.sync()
    a.sync()
    assert_desk_matches_stripe(a, stripe_client)
    assert_desk_matches_stripe(b, stripe_client)


def test_a_removal_of_the_refused_defaults_card_waits_for_staff(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient) -> None:
    desk = desk_factory("A")
    cid = add_client(desk, "Ada")
    cus = new_customer(stripe_client, "Ada Tester", cid)
    link(desk, cid, cus)
    visa, amex = attach_card(stripe_client, cus), attach_card(stripe_client, cus, "pm_card_amex")
    set_default_elsewhere(stripe_client, cus, visa)
    desk.sync()
    stripe_client.v1.payment_methods.detach(amex)  # removed in Stripe ...
    local_set_default(desk, cid, amex)  # ... before this desk heard
    local_remove(desk, cid, amex)  # then removed here too: it names the same card

    summary = desk.sync()
    assert summary.failed == 1
    # the removal, and the clear of the default it queued, wait for the refused default
    assert summary.waiting == 2, summary
    [problem] = desk.engine.problems()
    desk.engine.discard_problem(problem.entry_id)
    desk.sync_until_quiet()
    assert_desk_matches_stripe(desk, stripe_client)
