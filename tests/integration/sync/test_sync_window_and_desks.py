"""A desk away longer than Stripe's 30-day event window, and two desks on one Stripe."""

from __future__ import annotations

import stripe

from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.sync.online import OnlineState
from tests.integration.sync.conftest import DeskFactory
from tests.integration.sync.desk import (
    Desk,
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

DAY = 24 * 3600


def test_cursor_older_than_the_event_window_reconciles_every_client(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient,
        sandbox: SandboxServer) -> None:
    desk = desk_factory("A")
    customers = []
    for n in range(3):
        cid = add_client(desk, f"C{n}")
        cus = new_customer(stripe_client, f"C{n}", cid)
        link(desk, cid, cus)
        customers.append((cid, cus, attach_card(stripe_client, cus)))
    desk.sync()
    # While this desk is away, another changes things ... and 31 days pass.
    _, _cus0, pm0 = customers[0]
    stripe_client.v1.payment_methods.detach(pm0)
    _, cus1, _ = customers[1]
    new_pm = attach_card(stripe_client, cus1, "pm_card_mastercard")
    set_default_elsewhere(stripe_client, cus1, new_pm)
    sandbox.advance(31 * DAY)
    desk.clock.advance(days=31)
    # Those events are gone from Stripe: only a full reconcile can see the changes.
    progress = []
    summary = desk.sync(progress=progress.append)
    assert summary.pull is not None
    assert summary.pull.full
    assert summary.pull.clients_reconciled == 3
    assert [p.done for p in progress if p.phase == "full"][-1] == 3
    assert_desk_matches_stripe(desk, stripe_client)
    # and the desk is back on incremental pulls
    after = desk.sync()
    assert after.pull is not None
    assert not after.pull.full


def test_expired_cursor_event_is_noticed_from_stripe_even_if_the_desk_clock_disagrees(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient,
        sandbox: SandboxServer) -> None:
    desk = desk_factory("A")
    cid = add_client(desk, "C")
    cus = new_customer(stripe_client, "C", cid)
    link(desk, cid, cus)
    pm = attach_card(stripe_client, cus)
    desk.sync()
    stripe_client.v1.payment_methods.detach(pm)
    sandbox.advance(31 * DAY)  # only Stripe's clock moves
    attach_card(stripe_client, cus, "pm_card_amex")
    summary = desk.sync()
    assert summary.pull is not None
    assert summary.pull.full
    assert_desk_matches_stripe(desk, stripe_client)


def _shared_clinic(a: Desk, b: Desk, sc: stripe.StripeClient, n: int
                   ) -> list[tuple[int, int, str]]:
    """Clients known to both desks (same Stripe customer), as two offices of one clinic."""
    out = []
    for i in range(n):
        ca = add_client(a, f"Shared{i}")
        cb = add_client(b, f"Shared{i}")
        cus = new_customer(sc, f"Shared{i}", ca)
        link(a, ca, cus)
        link(b, cb, cus)
        out.append((ca, cb, cus))
    return out


def test_two_desks_one_cut_off_both_converge_to_stripe(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient,
        sandbox: SandboxServer) -> None:
    a = desk_factory("A", desk_header="desk-A")
    b = desk_factory("B", desk_header="desk-B")
    clinic = _shared_clinic(a, b, stripe_client, 3)
    cards = {cus: [attach_card(stripe_client, cus) for _ in range(3)] for _, _, cus in clinic}
    a.sync()
    b.sync()
    assert_desk_matches_stripe(a, stripe_client)
    assert_desk_matches_stripe(b, stripe_client)

    sandbox.faults.set(desk="desk-B", refuse_connections=False, drop_connections_rate=1.0)
    (_a0, b0, cus0), (a1, b1, cus1), (a2, b2, cus2) = clinic
    # Desk A, online: a method added elsewhere, default changes, a removal.
    added = attach_card(stripe_client, cus0, "pm_card_mastercard")
    local_set_default(a, a1, cards[cus1][1])
    local_remove(a, a2, cards[cus2][0])
    assert a.sync().sent == 2
    # Desk B, cut off: its own changes wait.
    local_remove(b, b0, cards[cus0][2])
    local_set_default(b, b1, cards[cus1][2])  # conflicts with A's: the later one wins
    local_edit_profile(b, b2, "shared2@example.com")
    cut = b.sync()
    assert not cut.online
    assert cut.waiting == 3
    assert b.engine.status().online is OnlineState.OFFLINE
    # A is unaffected by B's faults.
    assert a.sync().online

    sandbox.faults.clear("desk-B")
    back = b.sync()
    assert back.online
    assert back.sent == 3, back
    a.sync()
    b.sync()
    assert_desk_matches_stripe(a, stripe_client)
    assert_desk_matches_stripe(b, stripe_client)
    with a.uow() as uow:
        assert uow.payment_methods.by_stripe_id(added) is not None
    # B's default change came last, so it holds everywhere.
    with a.uow() as uow:
        method = uow.payment_methods.by_stripe_id(cards[cus1][2])
        assert method is not None
        assert uow.payment_methods.default_id(a1) == method.id
    assert stripe_client.v1.customers.retrieve(cus2).email == "shared2@example.com"
    # nothing applied twice
    for pm in (cards[cus2][0], cards[cus0][2]):
        assert len(events_of(stripe_client, "payment_method.detached", pm)) == 1


def test_a_full_reconcile_cut_short_resumes_where_it_stopped(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient) -> None:
    desk = desk_factory("A")
    for n in range(25):
        cid = add_client(desk, f"R{n}")
        cus = new_customer(stripe_client, f"R{n}", cid)
        link(desk, cid, cus)
        attach_card(stripe_client, cus)
    seen: list[int] = []

    def stop_after_twelve() -> bool:
        return len(seen) >= 12

    first = desk.sync(progress=lambda p: seen.append(p.done) if p.phase == "full" and p.done
                      else None, should_stop=stop_after_twelve)
    assert first.pull is not None
    assert first.pull.full
    assert not first.pull.complete
    # the app quits and starts again: only the clients not yet committed are redone
    second = desk.sync()
    assert second.pull is not None
    assert second.pull.full
    assert second.pull.complete
    assert second.pull.clients_reconciled == 25 - 10  # progress is committed every 10
    assert_desk_matches_stripe(desk, stripe_client)
    third = desk.sync()
    assert third.pull is not None
    assert not third.pull.full
