"""Set-default entries: a refusal of a state Stripe already holds is done, not a problem; a
default whose method was removed elsewhere is a problem staff can read."""

from __future__ import annotations

import stripe

from owl_desktop.core.failures import HINT_CHECK_CLIENT
from owl_desktop.core.outbox_sender import METHOD_GONE_MESSAGE
from owl_desktop.domain.outbox import KIND_SET_DEFAULT
from owl_desktop.store.outbox_repo import OutboxEntry
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
    stripe_default,
)


def _linked(desk_factory: DeskFactory, sc: stripe.StripeClient
            ) -> tuple[Desk, int, str, str, str]:
    desk = desk_factory("A")
    cid = add_client(desk, "Ada")
    cus = new_customer(sc, "Ada Tester", cid)
    link(desk, cid, cus)
    pm1, pm2 = attach_card(sc, cus), attach_card(sc, cus, "pm_card_mastercard")
    set_default_elsewhere(sc, cus, pm1)
    desk.sync()
    return desk, cid, cus, pm1, pm2


def _set_default_entry(desk: Desk) -> OutboxEntry:
    with desk.uow() as uow:
        entries = [e for e in uow.outbox.all_entries([KIND_SET_DEFAULT])
                   if e.status != "done"]
    assert len(entries) == 1
    return entries[0]


def _spend_key(sc: stripe.StripeClient, customer: str, key: str,
               params: stripe.CustomerService.UpdateParams) -> None:
    """Another request used the entry's key first (Stripe then refuses ours as a reuse)."""
    sc.v1.customers.update(customer, params=params, options={"idempotency_key": key})


def test_a_refused_set_default_that_stripe_already_holds_is_done(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient) -> None:
    desk, cid, cus, _pm1, pm2 = _linked(desk_factory, stripe_client)
    local_set_default(desk, cid, pm2)
    entry = _set_default_entry(desk)
    _spend_key(stripe_client, cus, entry.idempotency_key, {
        "invoice_settings": {"default_payment_method": pm2}, "metadata": {"by": "elsewhere"}})

    summary = desk.sync()
    assert summary.failed == 0, summary
    assert desk.engine.problems() == []
    assert stripe_default(stripe_client, cus) == pm2
    assert_desk_matches_stripe(desk, stripe_client)


def test_a_refused_clear_when_stripe_has_no_default_is_done(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient) -> None:
    desk, cid, cus, pm1, _pm2 = _linked(desk_factory, stripe_client)
    local_remove(desk, cid, pm1)  # the default: detach, then clear the default
    entry = _set_default_entry(desk)
    assert entry.payload.get("payment_method") is None
    _spend_key(stripe_client, cus, entry.idempotency_key, {"metadata": {"by": "elsewhere"}})

    summary = desk.sync()
    assert summary.failed == 0, summary
    assert desk.engine.problems() == []
    assert stripe_default(stripe_client, cus) is None
    assert_desk_matches_stripe(desk, stripe_client)


def test_a_refused_set_default_that_stripe_does_not_hold_stays_a_problem(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient) -> None:
    desk, cid, cus, pm1, pm2 = _linked(desk_factory, stripe_client)
    local_set_default(desk, cid, pm2)
    entry = _set_default_entry(desk)
    _spend_key(stripe_client, cus, entry.idempotency_key, {"metadata": {"by": "elsewhere"}})

    summary = desk.sync()
    assert summary.failed == 1
    [problem] = desk.engine.problems()
    assert problem.code == "idempotency_conflict"
    assert stripe_default(stripe_client, cus) == pm1


def test_a_default_removed_elsewhere_is_explained_plainly(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient) -> None:
    desk, cid, _cus, _pm1, pm2 = _linked(desk_factory, stripe_client)
    stripe_client.v1.payment_methods.detach(pm2)  # another desk removed it ...
    local_set_default(desk, cid, pm2)  # ... before this one heard and chose it

    summary = desk.sync()
    assert summary.failed == 1
    [problem] = desk.engine.problems()
    assert problem.kind == "set_default"
    assert problem.message == METHOD_GONE_MESSAGE
    assert problem.hint_code == HINT_CHECK_CLIENT
    assert problem.code == "stripe_request_error"

    desk.engine.discard_problem(problem.entry_id)  # keeps what Stripe has
    desk.sync()
    assert desk.engine.problems() == []
    assert_desk_matches_stripe(desk, stripe_client)
