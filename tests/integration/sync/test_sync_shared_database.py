"""Several desks on one database (a clinic's PostgreSQL server, or one SQLite file): their
engines drain the same outbox at once, and each change still reaches Stripe once."""

from __future__ import annotations

import threading
from collections import Counter

import stripe

from owl_desktop.sync.engine import SyncSummary
from owl_desktop.sync.progress import FULL, SyncProgress
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


def test_a_full_reconcile_finishing_inside_another_keeps_the_cursor(
        desk_factory: DeskFactory, database_url: str,
        stripe_client: stripe.StripeClient) -> None:
    """Two desks' first syncs overlap: the second finishes its full reconcile while the
    first is still in its own. Each moves the cursor to the event it started after, so the
    next sync is an incremental one, not a full reconcile again (and again)."""
    one = desk_factory("one", database_url)
    two = desk_factory("two", database_url)
    cid = add_client(one, "Ada")
    cus = new_customer(stripe_client, "Ada", cid)
    link(one, cid, cus)
    attach_card(stripe_client, cus)
    inner: list[SyncSummary] = []

    def meanwhile(progress: SyncProgress) -> None:
        if progress.phase == FULL and not inner:  # one's full reconcile is under way
            inner.append(two.sync())

    outer = one.sync(progress=meanwhile)

    assert [s.pull.full if s.pull else None for s in (*inner, outer)] == [True, True]
    assert (outer.error, inner[0].error) == ("", "")
    with one.uow() as uow:
        cursor = uow.sync_cursor.get()
    assert cursor.event_id, cursor  # "" would mean "the account had no events": full again
    assert cursor.full_resume_after is None
    for desk in (one, two):
        again = desk.sync()
        assert again.pull is not None
        assert not again.pull.full, desk.name
    assert_desk_matches_stripe(one, stripe_client)
