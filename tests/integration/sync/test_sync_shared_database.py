"""Several desks on one database (a clinic's PostgreSQL server, or one SQLite file): their
engines drain the same outbox at once, and each change still reaches Stripe once."""

from __future__ import annotations

import threading
from collections import Counter

import stripe

from owl_desktop.sync.engine import SyncSummary
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
)


def test_two_engines_draining_one_outbox_apply_each_change_once(
        desk_factory: DeskFactory, database_url: str,
        stripe_client: stripe.StripeClient) -> None:
    one = desk_factory("one", database_url)
    two = desk_factory("two", database_url)
    clinic = []
    for n in range(5):
        cid = add_client(one, f"Shared{n}")
        cus = new_customer(stripe_client, f"Shared{n}", cid)
        link(one, cid, cus)
        clinic.append((cid, cus, [attach_card(stripe_client, cus) for _ in range(3)]))
    one.sync()
    for cid, _cus, (pm1, pm2, pm3) in clinic:
        local_remove(one, cid, pm1)
        local_set_default(two, cid, pm2)
        local_remove(two, cid, pm3)
        local_edit_profile(one, cid, f"shared{cid}@example.com")

    results: list[SyncSummary] = []
    start = threading.Barrier(2)

    def run(desk_name: str) -> None:
        desk = one if desk_name == "one" else two
        start.wait()
        results.append(desk.sync())

    threads = [threading.Thread(target=run, args=(name,)) for name in ("one", "two")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sum(r.sent for r in results) == 20, results
    assert all(r.failed == 0 for r in results)
    one.sync()
    assert_desk_matches_stripe(one, stripe_client)
    detached = Counter(e.data.object.id for e in events_of(stripe_client,
                                                             "payment_method.detached"))
    updated = Counter(e.data.object.id for e in events_of(stripe_client, "customer.updated"))
    for _cid, cus, (pm1, _pm2, pm3) in clinic:
        assert detached[pm1] == 1
        assert detached[pm3] == 1
        assert updated[cus] == 2
