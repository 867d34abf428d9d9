"""The outbox and pull sync against Stripe (the sandbox, or OWL_TEST_STRIPE_*) over HTTP."""

from __future__ import annotations

import stripe

from tests.integration.sync.conftest import DeskFactory
from tests.integration.sync.desk import (
    add_client,
    assert_desk_matches_stripe,
    attach_card,
    events_of,
    link,
    local_edit_profile,
    local_remove,
    local_set_default,
    new_customer,
    set_default_elsewhere,
)


def _linked(desk_factory: DeskFactory, sc: stripe.StripeClient, cards: int = 2):  # type: ignore[no-untyped-def]
    desk = desk_factory("A")
    cid = add_client(desk, "Ada")
    cus = new_customer(sc, "Ada Tester", cid)
    link(desk, cid, cus)
    pms = [attach_card(sc, cus) for _ in range(cards)]
    return desk, cid, cus, pms


def test_first_run_reconciles_then_local_changes_reach_stripe_once(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient) -> None:
    desk, cid, cus, (pm1, pm2) = _linked(desk_factory, stripe_client)
    first = desk.sync()
    assert first.pull is not None
    assert first.pull.full
    assert_desk_matches_stripe(desk, stripe_client)

    local_set_default(desk, cid, pm2)
    local_remove(desk, cid, pm1)
    local_edit_profile(desk, cid, "ada@example.com")
    assert desk.engine.status().waiting == 3

    summary = desk.sync()
    assert summary.sent == 3, summary
    assert summary.waiting == 0
    assert_desk_matches_stripe(desk, stripe_client)
    assert stripe_client.v1.customers.retrieve(cus).email == "ada@example.com"
    assert len(events_of(stripe_client, "payment_method.detached", pm1)) == 1
    # a second run sends nothing and changes nothing
    again = desk.sync()
    assert again.sent == 0
    assert again.pull is not None
    assert not again.pull.full
    assert again.pull.changes == 0
    assert len(events_of(stripe_client, "payment_method.detached", pm1)) == 1


def test_incremental_pull_applies_changes_made_elsewhere(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient) -> None:
    desk, cid, cus, (pm1, pm2) = _linked(desk_factory, stripe_client)
    # bystanders: linked customers that don't change must cost no calls
    for n in range(5):
        other = add_client(desk, f"Other{n}")
        link(desk, other, new_customer(stripe_client, f"Other{n}", other))
    desk.sync()
    pm3 = attach_card(stripe_client, cus, "pm_card_mastercard")
    set_default_elsewhere(stripe_client, cus, pm3)
    stripe_client.v1.payment_methods.detach(pm1)

    summary = desk.sync()
    assert summary.pull is not None
    assert not summary.pull.full
    assert summary.pull.clients_reconciled == 1
    assert summary.changed_clients == [cid]
    # one page of events + customer + methods of the one client that changed
    assert summary.api_calls <= 3, summary
    assert_desk_matches_stripe(desk, stripe_client)
    with desk.uow() as uow:
        default = uow.payment_methods.default_id(cid)
        method = uow.payment_methods.by_stripe_id(pm3)
        assert method is not None
        assert default == method.id
        assert uow.payment_methods.by_stripe_id(pm1) is None
        assert uow.payment_methods.by_stripe_id(pm2) is not None


def test_a_permanent_failure_waits_for_staff_and_holds_back_only_what_depends_on_it(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient) -> None:
    desk, cid, _cus, (pm1, pm2) = _linked(desk_factory, stripe_client)
    other = add_client(desk, "Bob")
    other_cus = new_customer(stripe_client, "Bob", other)
    link(desk, other, other_cus)
    bob_pm = attach_card(stripe_client, other_cus)
    desk.sync()
    # pm1 is detached elsewhere after this desk chose it as default: Stripe refuses
    stripe_client.v1.payment_methods.detach(pm1)
    local_set_default(desk, cid, pm1)
    local_remove(desk, cid, pm2)  # another method: not held back by the failed entry
    local_set_default(desk, other, bob_pm)  # another client: not blocked

    summary = desk.sync()
    assert summary.failed == 1
    assert summary.problems == 1
    assert summary.waiting == 0  # the detach of pm2 went through
    problems = desk.engine.problems()
    assert len(problems) == 1
    problem = problems[0]
    assert problem.kind == "set_default"
    assert problem.client_name == "Ada Tester"
    assert problem.message
    assert problem.hint
    assert len(events_of(stripe_client, "payment_method.detached", pm2)) == 1

    desk.engine.retry_problem(problem.entry_id)
    assert desk.sync().failed == 1  # same cause, same answer

    desk.engine.discard_problem(desk.engine.problems()[0].entry_id)
    desk.sync()
    assert desk.engine.problems() == []
    assert_desk_matches_stripe(desk, stripe_client)
    assert len(events_of(stripe_client, "payment_method.detached", pm2)) == 1


def test_detaching_what_is_already_detached_counts_as_done(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient) -> None:
    desk, cid, _cus, (pm1, _pm2) = _linked(desk_factory, stripe_client)
    desk.sync()
    local_remove(desk, cid, pm1)
    stripe_client.v1.payment_methods.detach(pm1)  # another desk got there first
    summary = desk.sync()
    assert summary.failed == 0
    assert summary.sent == 1
    assert_desk_matches_stripe(desk, stripe_client)
    assert len(events_of(stripe_client, "payment_method.detached", pm1)) == 1
