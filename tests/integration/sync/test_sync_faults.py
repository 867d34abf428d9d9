"""Sync through a bad network (the sandbox's fault injection): it finishes, equal to Stripe,
with every change applied once."""

from __future__ import annotations

import time
from collections import Counter

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
)


def _clinic(desk: Desk, sc: stripe.StripeClient, clients: int) -> list[tuple[int, str, list[str]]]:
    out = []
    for n in range(clients):
        cid = add_client(desk, f"Client{n}")
        cus = new_customer(sc, f"Client{n}", cid)
        link(desk, cid, cus)
        out.append((cid, cus, [attach_card(sc, cus), attach_card(sc, cus)]))
    return out


def _change_everything(desk: Desk, clinic: list[tuple[int, str, list[str]]]) -> None:
    for cid, _cus, (pm1, pm2) in clinic:
        local_set_default(desk, cid, pm2)
        local_remove(desk, cid, pm1)
        local_edit_profile(desk, cid, f"client{cid}@example.com")


def _assert_each_applied_once(sc: stripe.StripeClient,
                              clinic: list[tuple[int, str, list[str]]]) -> None:
    detached = Counter(e.data.object.id for e in events_of(sc, "payment_method.detached"))
    updated = Counter(e.data.object.id for e in events_of(sc, "customer.updated"))
    for cid, cus, (pm1, _pm2) in clinic:
        assert detached[pm1] == 1
        # one for the default, one for the profile: never a duplicate
        assert updated[cus] == 2, (cid, updated[cus])
        assert sc.v1.customers.retrieve(cus).email == f"client{cid}@example.com"


def test_flaky_network_a_share_of_calls_failing(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient,
        sandbox: SandboxServer) -> None:
    desk = desk_factory("A", desk_header="A")
    clinic = _clinic(desk, stripe_client, 4)
    desk.sync()
    _change_everything(desk, clinic)
    sandbox.faults.set(desk="A", error_500_rate=0.25, drop_connections_rate=0.2)
    runs = desk.sync_until_quiet(rounds=80)
    assert any(r.error for r in runs), "the faults never bit: the test proves nothing"
    sandbox.faults.clear("A")
    desk.sync()
    assert_desk_matches_stripe(desk, stripe_client)
    _assert_each_applied_once(stripe_client, clinic)


def test_calls_that_time_out_after_stripe_acted_are_replayed_not_repeated(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient,
        sandbox: SandboxServer) -> None:
    """Latency longer than the client's timeout: Stripe acts, the desk never hears back."""
    desk = desk_factory("A", desk_header="A", timeout_s=1.5)
    clinic = _clinic(desk, stripe_client, 2)
    desk.sync()
    _change_everything(desk, clinic)
    sandbox.faults.set(desk="A", latency_ms=3000)
    summary = desk.sync()
    assert summary.sent == 0
    assert not summary.online
    assert desk.engine.tracker.state is OnlineState.OFFLINE
    assert summary.waiting == 6
    # Stripe acts on what the desk gave up on (its latency, longer under load) before the
    # desk replays it.
    deadline = time.monotonic() + 20
    while sandbox.app.idempotency_keys_in_use():
        assert time.monotonic() < deadline, "Stripe never finished the calls in flight"
        time.sleep(0.05)
    sandbox.faults.clear("A")
    desk.clock.advance(seconds=5)
    runs = desk.sync_until_quiet()
    assert sum(r.sent for r in runs) == 6
    assert desk.engine.tracker.state is OnlineState.ONLINE
    assert_desk_matches_stripe(desk, stripe_client)
    _assert_each_applied_once(stripe_client, clinic)


def test_429_storm_backs_off_for_retry_after_then_drains(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient,
        sandbox: SandboxServer) -> None:
    desk = desk_factory("A", desk_header="A")
    clinic = _clinic(desk, stripe_client, 2)
    desk.sync()
    _change_everything(desk, clinic)
    sandbox.faults.set(desk="A", rate_limit_429_rate=1.0, retry_after_s=30)
    summary = desk.sync()
    assert summary.sent == 0
    assert summary.online  # rate limited is not offline
    assert summary.next_attempt_in_s is not None
    assert summary.next_attempt_in_s >= 29
    # the storm made one request, not one per waiting change
    assert summary.api_calls == 1
    again = desk.sync()  # too early: nothing is resent
    assert again.sent == 0
    assert desk.engine.metered.calls["set_default_payment_method"] == 1
    sandbox.faults.clear("A")
    desk.clock.advance(seconds=31)
    desk.sync_until_quiet()
    assert_desk_matches_stripe(desk, stripe_client)
    _assert_each_applied_once(stripe_client, clinic)


def test_offline_desk_queues_then_drains_by_itself_on_reconnect(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient,
        sandbox: SandboxServer) -> None:
    desk = desk_factory("A", desk_header="A")
    clinic = _clinic(desk, stripe_client, 2)
    desk.sync()
    sandbox.faults.set(desk="A", drop_connections_rate=1.0)
    _change_everything(desk, clinic)
    offline = desk.sync()
    assert not offline.online
    assert offline.waiting == 6
    assert desk.engine.status().online is OnlineState.OFFLINE
    calls = desk.engine.metered.total_calls
    probe = desk.sync()  # while offline: one probe, nothing else
    assert desk.engine.metered.total_calls == calls + 1
    assert probe.waiting == 6
    sandbox.faults.clear("A")
    # no clock change: the backoff is lifted because the desk is back online
    back = desk.sync()
    assert back.online
    assert back.sent == 6, back
    assert_desk_matches_stripe(desk, stripe_client)
    _assert_each_applied_once(stripe_client, clinic)
