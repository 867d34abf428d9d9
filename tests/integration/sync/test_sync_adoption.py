"""Two desks on separate databases seeded with the same demo clients (sandbox mode): a desk
links a customer another desk made for the same demo client when sync names it — by event
(incremental) or by listing (full reconcile) — and never one made for another database's client.
"""

from __future__ import annotations

import stripe

from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.services.demo import seed_demo_clients
from tests.integration.payments.conftest import confirm_card
from tests.integration.sync.conftest import DeskFactory
from tests.integration.sync.desk import Desk, assert_desk_matches_stripe, events_of

ELISE, FRANCOIS = 1, 2  # the first demo clients


def demo_desk(desk_factory: DeskFactory, name: str) -> Desk:
    desk = desk_factory(name, desk_header=name)
    assert seed_demo_clients(desk.uow) == 50
    return desk


def save_card(desk: Desk, sc: stripe.StripeClient, client_id: int,
              test_pm: str = "pm_card_visa") -> str:
    """As the Add dialog does: SetupIntent, Stripe.js confirms, the desk records it."""
    intent = desk.methods.start_setup(client_id, "card")
    confirm_card(sc, intent.id, test_pm)
    stored = desk.methods.complete_setup(client_id, intent.id)
    return stored.stripe_id


def created_for(sc: stripe.StripeClient, client_id: int) -> list[str]:
    """Customers created (events) for this client id, deleted or not."""
    return [e.data.object.id for e in events_of(sc, "customer.created")
            if e.data.object.metadata is not None
            and e.data.object.metadata.to_dict().get("owl_client_id") == str(client_id)]


def customer_of(desk: Desk, client_id: int) -> str | None:
    return desk.clients.get(client_id).stripe_customer_id


def test_incremental_pull_links_the_customer_another_desk_made(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient,
        sandbox: SandboxServer) -> None:
    a, b = demo_desk(desk_factory, "A"), demo_desk(desk_factory, "B")
    # The account isn't new (an event to anchor the cursors), and both desks are past their
    # first, full, run: what follows is incremental.
    stripe_client.v1.customers.create(params={"name": "Not a client"})
    assert a.sync().error == ""
    assert b.sync().error == ""
    pm = save_card(a, stripe_client, ELISE)
    assert a.sync().sent == 1  # the first card becomes the default
    customer = customer_of(a, ELISE)
    b.engine.metered.reset_counts()
    summary = b.sync()
    assert summary.error == ""
    assert summary.pull is not None
    assert not summary.pull.full
    assert customer_of(b, ELISE) == customer
    assert [m.stripe_id for m in b.methods.list_for_client(ELISE)] == [pm]
    assert b.methods.list_for_client(ELISE)[0].is_default
    assert ELISE in summary.changed_clients
    # One events page (with the overlap before the cursor), the customer once, its methods
    # once: nothing per linked client.
    assert dict(b.engine.metered.calls) == {"list_events_since": 1, "retrieve_customer": 1,
                                            "list_payment_methods": 1}
    assert_desk_matches_stripe(a, stripe_client)
    assert_desk_matches_stripe(b, stripe_client)
    # B now works on the same customer: its next card goes there, no second customer.
    pm2 = save_card(b, stripe_client, ELISE, "pm_card_mastercard")
    assert customer_of(b, ELISE) == customer
    assert len(created_for(stripe_client, ELISE)) == 1
    a.sync()
    assert {m.stripe_id for m in a.methods.list_for_client(ELISE)} == {pm, pm2}


def test_first_full_reconcile_links_customers_made_before(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient,
        sandbox: SandboxServer) -> None:
    a = demo_desk(desk_factory, "A")
    pm = save_card(a, stripe_client, ELISE)
    save_card(a, stripe_client, FRANCOIS, "pm_card_amex")
    a.sync()
    b = demo_desk(desk_factory, "B")  # a new desk: its first run reconciles in full
    summary = b.sync()
    assert summary.error == ""
    assert summary.pull is not None
    assert summary.pull.full
    assert customer_of(b, ELISE) == customer_of(a, ELISE)
    assert customer_of(b, FRANCOIS) == customer_of(a, FRANCOIS)
    assert [m.stripe_id for m in b.methods.list_for_client(ELISE)] == [pm]
    assert_desk_matches_stripe(b, stripe_client)
    assert len(created_for(stripe_client, ELISE)) == len(created_for(stripe_client,
                                                                     FRANCOIS)) == 1


def test_a_customer_for_another_databases_client_is_never_linked(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient,
        sandbox: SandboxServer) -> None:
    b = demo_desk(desk_factory, "B")
    b.sync()
    # Made for client 1 of some other database (its own creation time), and one with no
    # reference at all (older software): neither is Élise's.
    stripe_client.v1.customers.create(params={
        "name": "Élise Tremblay",
        "metadata": {"owl_client_id": str(ELISE), "owl_client_ref": f"{ELISE}:123456"}})
    stripe_client.v1.customers.create(params={
        "name": "Élise Tremblay", "metadata": {"owl_client_id": str(ELISE)}})
    assert b.sync().error == ""
    assert customer_of(b, ELISE) is None
    assert b.sync(force_full=True).error == ""
    assert customer_of(b, ELISE) is None


def test_a_resumed_full_reconcile_reads_a_client_it_links_below_the_resume_point(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient,
        sandbox: SandboxServer) -> None:
    a, b = demo_desk(desk_factory, "A"), demo_desk(desk_factory, "B")
    for client_id in range(2, 14):  # twelve clients with a card, all known to B
        save_card(a, stripe_client, client_id)
    a.sync()
    b.sync()
    # A full reconcile on B stops after ten clients (progress committed at client 11) ...
    stop = False

    def on_progress(p: object) -> None:
        nonlocal stop
        stop = stop or (getattr(p, "phase", "") == "full" and getattr(p, "done", 0) >= 10)

    cut = b.sync(force_full=True, progress=on_progress, should_stop=lambda: stop)
    assert cut.pull is not None
    assert not cut.pull.complete
    # ... and meanwhile A saves Élise's first card (client 1, below where B resumes).
    pm = save_card(a, stripe_client, ELISE)
    a.sync()
    resumed = b.sync()
    assert resumed.pull is not None
    assert resumed.pull.full
    assert resumed.pull.complete
    assert customer_of(b, ELISE) == customer_of(a, ELISE)
    assert [(m.stripe_id, m.is_default) for m in b.methods.list_for_client(ELISE)] == [
        (pm, True)]
    assert_desk_matches_stripe(b, stripe_client)
