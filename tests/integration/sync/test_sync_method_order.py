"""Issue 12, item 6: two desks with their own databases list a client's methods in one order
(the default first, then newest by Stripe's ``created``), whenever each stored them."""

from __future__ import annotations

import stripe

from owl_desktop.sandbox.server import SandboxServer
from tests.integration.sync.conftest import DeskFactory
from tests.integration.sync.desk import (
    Desk,
    add_client,
    attach_card,
    link,
    new_customer,
    set_default_elsewhere,
)


def _order(desk: Desk, client_id: int) -> list[str]:
    return [m.stripe_id for m in desk.methods.list_shown(client_id)]


def test_two_desks_list_methods_in_the_same_order(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient,
        sandbox: SandboxServer) -> None:
    a, b = desk_factory("A"), desk_factory("B")
    ca, cb = add_client(a, "Élise"), add_client(b, "Élise")
    cus = new_customer(stripe_client, "Élise Tremblay", ca)
    link(a, ca, cus)
    link(b, cb, cus)
    visa = attach_card(stripe_client, cus)
    a.sync()  # A stores the Visa first ...
    sandbox.advance(60)
    amex = attach_card(stripe_client, cus, "pm_card_amex")
    sandbox.advance(60)
    mastercard = attach_card(stripe_client, cus, "pm_card_mastercard")
    a.sync()
    b.sync()  # ... B stores all three at once
    assert _order(a, ca) == _order(b, cb) == [mastercard, amex, visa]

    set_default_elsewhere(stripe_client, cus, visa)
    a.sync()
    b.sync()
    assert _order(a, ca) == _order(b, cb) == [visa, mastercard, amex]
