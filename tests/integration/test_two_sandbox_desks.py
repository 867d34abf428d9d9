"""Issue 4's trial, with the real composition root: two app instances in sandbox mode, each on
its own data dir (its own SQLite database, seeded with the same demo clients), against one
shared sandbox. One desk adds, removes and changes defaults; the other is cut off by the
sandbox's fault injection, changes things offline, comes back; both end equal to Stripe, with
one customer per client and every effect applied once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import stripe

from owl_desktop.composition import Services, build_services
from owl_desktop.config import load_config
from owl_desktop.sandbox.desk import SANDBOX_SECRET_KEY
from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.services.customers import NeedsInternet
from owl_desktop.services.payment_methods import PaymentMethodService
from owl_desktop.sync.engine import SyncEngine, SyncSummary

ELISE, FRANCOIS, AMELIE = 1, 2, 3  # demo clients, same ids in every sandbox database


@pytest.fixture
def shared() -> Iterator[SandboxServer]:
    with SandboxServer() as server:
        yield server


@pytest.fixture
def sc(shared: SandboxServer) -> stripe.StripeClient:
    """Reads Stripe's side (and plays Stripe.js confirming), never through the app."""
    stripe.enable_telemetry = False
    return stripe.StripeClient(SANDBOX_SECRET_KEY, base_addresses={"api": shared.url},
                               max_network_retries=0)


def open_desk(tmp_path: Path, shared: SandboxServer, name: str) -> Services:
    return build_services(load_config(
        ["--sandbox", "--data-dir", str(tmp_path / name)],
        environ={"OWL_STRIPE_API_BASE": shared.url, "OWL_DESK": name}))


def engine(desk: Services) -> SyncEngine:
    assert desk.sync_engine is not None
    return desk.sync_engine


def methods(desk: Services) -> PaymentMethodService:
    assert desk.payment_methods is not None
    return desk.payment_methods


def sync(desk: Services) -> SyncSummary:
    summary = engine(desk).run_once()
    assert summary.error == "", summary
    return summary


def save_card(desk: Services, sc: stripe.StripeClient, client_id: int, test_pm: str) -> str:
    """The Add dialog's flow: a SetupIntent from the service, confirmed as Stripe.js would
    (a test payment method), then recorded by the service."""
    intent = methods(desk).start_setup(client_id, "card")
    sc.v1.setup_intents.confirm(intent.id, params={"payment_method": test_pm})
    return methods(desk).complete_setup(client_id, intent.id).stripe_id


def local_id(desk: Services, client_id: int, pm_id: str) -> int:
    return next(m.id for m in methods(desk).list_for_client(client_id) if m.stripe_id == pm_id)


def local_view(desk: Services, client_id: int) -> tuple[set[str], str | None]:
    shown = methods(desk).list_for_client(client_id)
    default = [m.stripe_id for m in shown if m.is_default]
    assert len(default) <= 1
    return {m.stripe_id for m in shown}, default[0] if default else None


def stripe_view(sc: stripe.StripeClient, customer_id: str) -> tuple[set[str], str | None]:
    ids = {pm.id for pm in sc.v1.customers.payment_methods.list(
        customer_id, params={"type": "card", "limit": 100}).auto_paging_iter()}
    customer = sc.v1.customers.retrieve(customer_id)
    default = customer.invoice_settings.default_payment_method \
        if customer.invoice_settings else None
    return ids, default if isinstance(default, str) or default is None else default.id


def events(sc: stripe.StripeClient) -> list[stripe.Event]:
    return list(sc.v1.events.list(params={"limit": 100}).auto_paging_iter())


def settle(*desks: Services, rounds: int = 4) -> None:
    """Sync every desk in turn until nothing waits anywhere."""
    for _ in range(rounds):
        for desk in desks:
            sync(desk)
        if all(engine(d).status().waiting == 0 for d in desks):
            return
    raise AssertionError("the desks never got quiet")


def test_two_sandbox_desks_converge_after_one_was_cut_off(
        tmp_path: Path, shared: SandboxServer, sc: stripe.StripeClient) -> None:
    front = open_desk(tmp_path, shared, "front")
    back = open_desk(tmp_path, shared, "back")
    try:
        assert front.demo_clients_added == back.demo_clients_added == 50
        sync(front)
        sync(back)

        # Front saves Élise's first two cards (the first becomes the default) and François'.
        visa = save_card(front, sc, ELISE, "pm_card_visa")
        mastercard = save_card(front, sc, ELISE, "pm_card_mastercard")
        amex = save_card(front, sc, FRANCOIS, "pm_card_amex")
        sync(front)
        elise_customer = front.client_service.get(ELISE).stripe_customer_id
        assert elise_customer

        # Back learns of them: same customers, same cards and defaults.
        sync(back)
        assert back.client_service.get(ELISE).stripe_customer_id == elise_customer
        assert local_view(back, ELISE) == ({visa, mastercard}, visa)
        assert local_view(back, FRANCOIS) == ({amex}, amex)

        # Back's network is cut (only back's: the sandbox scopes the fault by X-Owl-Desk).
        shared.faults.set(desk="back", refuse_connections=True)
        cut = engine(back).run_once()
        assert not cut.online
        methods(back).set_default(ELISE, local_id(back, ELISE, mastercard))
        methods(back).remove(FRANCOIS, local_id(back, FRANCOIS, amex))
        with pytest.raises(NeedsInternet):  # adding needs Stripe: nothing half-done
            methods(back).start_setup(AMELIE, "card")
        assert back.client_service.get(AMELIE).stripe_customer_id is None
        shown = {m.stripe_id: m for m in methods(back).list_for_client(ELISE)}
        assert shown[mastercard].is_default
        assert shown[mastercard].pending_sync
        assert local_view(back, FRANCOIS) == (set(), None)
        offline = engine(back).run_once()
        assert not offline.online
        assert offline.waiting >= 2

        # Meanwhile front carries on: a third card for Élise made the default, a card (and so
        # a customer) for Amélie, Élise's Mastercard... stays (back made it the default).
        discover = save_card(front, sc, ELISE, "pm_card_discover")
        methods(front).set_default(ELISE, local_id(front, ELISE, discover))
        amelie_visa = save_card(front, sc, AMELIE, "pm_card_visa")
        sync(front)
        assert stripe_view(sc, elise_customer) == ({visa, mastercard, discover}, discover)

        # Back comes back: its queued changes go out, then both catch up.
        shared.faults.clear(desk="back")
        settle(back, front)

        linked = set()
        for client_id in range(1, 51):
            on_front = front.client_service.get(client_id).stripe_customer_id
            on_back = back.client_service.get(client_id).stripe_customer_id
            assert on_front == on_back, client_id
            if on_front is None:
                continue
            linked.add(client_id)
            in_stripe = stripe_view(sc, on_front)
            assert local_view(front, client_id) == in_stripe, client_id
            assert local_view(back, client_id) == in_stripe, client_id
        assert linked == {ELISE, FRANCOIS, AMELIE}
        # Back's default was sent after front's: it stands. Back's removal went through.
        assert local_view(front, ELISE) == ({visa, mastercard, discover}, mastercard)
        assert local_view(front, FRANCOIS) == (set(), None)
        assert local_view(back, AMELIE) == ({amelie_visa}, amelie_visa)
        for desk in (front, back):
            status = engine(desk).status()
            assert (status.waiting, status.problems) == (0, 0)

        # One customer per client, and each effect applied once.
        customers = [c for c in sc.v1.customers.list(params={"limit": 100}).auto_paging_iter()
                     if c.metadata is not None and "owl_client_id" in c.metadata.to_dict()]
        assert sorted(int(c.metadata["owl_client_id"]) for c in customers) == [
            ELISE, FRANCOIS, AMELIE]
        seen = events(sc)
        by_type = Counter(e.type for e in seen)
        assert by_type["customer.created"] == 3
        assert by_type["setup_intent.succeeded"] == 5
        assert by_type["payment_method.attached"] == 5
        assert by_type["payment_method.detached"] == 1
        default_changes = [e for e in seen if e.type == "customer.updated"
                           and "invoice_settings" in (e.data.previous_attributes or {})]
        # visa (first), amex (first), discover, mastercard (back), François cleared by the
        # detach, Amélie's first: each once.
        assert len(default_changes) == 6
        # A request may have several effects (a detach also clears the default), each once.
        effects = Counter((e.type, e.request.idempotency_key) for e in seen
                          if e.request is not None and e.request.idempotency_key)
        assert effects
        assert max(effects.values()) == 1, "a request was applied twice"
    finally:
        back.close()
        front.close()
