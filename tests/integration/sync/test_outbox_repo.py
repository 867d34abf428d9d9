"""The outbox and processed-events repositories on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.domain.outbox import DONE, IN_PROGRESS, PENDING
from owl_desktop.store.uow import UnitOfWorkFactory

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)


def _client(uow_factory: UnitOfWorkFactory, name: str = "Ada") -> int:
    with uow_factory() as uow:
        client = uow.clients.add(ClientDraft(first_name=name, last_name="Lovelace",
                                             email="", phone="", address=Address()), NOW)
        uow.commit()
    return client.id


def test_enqueue_commits_with_the_unit_of_work_only(uow_factory: UnitOfWorkFactory) -> None:
    cid = _client(uow_factory)
    with uow_factory() as uow:
        uow.outbox.enqueue("set_default", client_id=cid, payload={"payment_method": "pm_1"},
                           now=NOW)
        # not committed: rolled back on exit
    with uow_factory() as uow:
        assert uow.outbox.count_waiting() == 0
        entry = uow.outbox.enqueue("set_default", client_id=cid,
                                   payload={"payment_method": "pm_1"}, now=NOW)
        uow.commit()
    assert entry.idempotency_key.startswith(f"set_default:{cid}:")
    with uow_factory() as uow:
        assert uow.outbox.count_waiting() == 1
        assert uow.outbox.get(entry.id).payload == {"payment_method": "pm_1"}


def test_queue_is_ordered_per_client_and_a_failure_holds_what_depends_on_it(
        uow_factory: UnitOfWorkFactory) -> None:
    a, b = _client(uow_factory, "A"), _client(uow_factory, "B")
    with uow_factory() as uow:
        a1 = uow.outbox.enqueue("detach", client_id=a, payload={"payment_method": "pm_a1"},
                                now=NOW)
        a2 = uow.outbox.enqueue("set_default", client_id=a,
                                payload={"payment_method": "pm_a1"}, now=NOW)
        b1 = uow.outbox.enqueue("detach", client_id=b, payload={"payment_method": "pm_b1"},
                                now=NOW)
        uow.commit()
    with uow_factory() as uow:
        assert [e.id for e in uow.outbox.heads(NOW)] == [a1.id, b1.id]
        claimed = uow.outbox.claim(a1.id, NOW, LEASE)
        assert claimed is not None
        assert claimed.status == IN_PROGRESS
        assert claimed.attempts == 1
        # a second claim inside the lease loses
        assert uow.outbox.claim(a1.id, NOW, LEASE) is None
        uow.outbox.mark_failed(a1.id, "Stripe refused it.", NOW)
        uow.commit()
    with uow_factory() as uow:
        # a2 names the method of the failed head: it waits behind it
        assert [e.id for e in uow.outbox.heads(NOW)] == [b1.id]
        assert [e.id for e in uow.outbox.failed()] == [a1.id]
        uow.outbox.retry(a1.id, NOW)
        uow.commit()
    with uow_factory() as uow:
        assert [e.id for e in uow.outbox.heads(NOW)] == [a1.id, b1.id]
        assert uow.outbox.get(a1.id).status == PENDING
        uow.outbox.mark_done(a1.id, NOW)
        uow.commit()
    with uow_factory() as uow:
        assert [e.id for e in uow.outbox.heads(NOW)] == [a2.id, b1.id]
        assert uow.outbox.get(a1.id).status == DONE
        assert uow.outbox.count_failed() == 0


def test_an_entry_left_in_progress_by_a_crash_is_reclaimed_after_its_lease(
        uow_factory: UnitOfWorkFactory) -> None:
    cid = _client(uow_factory)
    with uow_factory() as uow:
        entry = uow.outbox.enqueue("detach", client_id=cid, payload={"payment_method": "pm_x"},
                                   now=NOW)
        assert uow.outbox.claim(entry.id, NOW, LEASE) is not None
        uow.commit()
    with uow_factory() as uow:
        assert uow.outbox.heads(NOW + LEASE / 2) == []
        again = uow.outbox.claim(entry.id, NOW + LEASE, LEASE)
        assert again is not None
        assert again.attempts == 2
        assert again.idempotency_key == entry.idempotency_key


def test_backoff_and_wake_all(uow_factory: UnitOfWorkFactory) -> None:
    cid = _client(uow_factory)
    with uow_factory() as uow:
        entry = uow.outbox.enqueue("detach", client_id=cid, payload={"payment_method": "pm_x"},
                                   now=NOW)
        uow.outbox.claim(entry.id, NOW, LEASE)
        uow.outbox.schedule_retry(entry.id, NOW + timedelta(minutes=5), "offline", NOW)
        uow.commit()
    with uow_factory() as uow:
        assert uow.outbox.heads(NOW) == []
        assert uow.outbox.next_wakeup() == NOW + timedelta(minutes=5)
        assert uow.outbox.wake_all(NOW) == 1
        uow.commit()
    with uow_factory() as uow:
        assert [e.id for e in uow.outbox.heads(NOW)] == [entry.id]


def test_processed_events_dedupe_and_prune(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        assert uow.processed_events.mark_processed("evt_1", 100, NOW)
        assert not uow.processed_events.mark_processed("evt_1", 100, NOW)
        uow.processed_events.mark_processed("evt_2", 200, NOW)
        uow.commit()
    with uow_factory() as uow:
        assert uow.processed_events.processed_among(["evt_1", "evt_3", "evt_2"]) == {
            "evt_1", "evt_2"}
        assert uow.processed_events.prune(150) == 1
        uow.commit()
    with uow_factory() as uow:
        assert uow.processed_events.count() == 1


def test_a_failure_holds_only_the_changes_that_depend_on_it(
        uow_factory: UnitOfWorkFactory) -> None:
    cid = _client(uow_factory)
    with uow_factory() as uow:
        refused = uow.outbox.enqueue("set_default", client_id=cid,
                                     payload={"payment_method": "pm_gone"}, now=NOW)
        same_pm = uow.outbox.enqueue("detach", client_id=cid,
                                     payload={"payment_method": "pm_gone"}, now=NOW)
        other = uow.outbox.enqueue("detach", client_id=cid,
                                   payload={"payment_method": "pm_other"}, now=NOW)
        default_again = uow.outbox.enqueue("set_default", client_id=cid,
                                           payload={"payment_method": "pm_third"}, now=NOW)
        profile = uow.outbox.enqueue("customer_update", client_id=cid,
                                     payload={"details": {}}, now=NOW)
        uow.outbox.mark_failed(refused.id, "gone", NOW)
        uow.commit()
    with uow_factory() as uow:
        assert [e.id for e in uow.outbox.heads(NOW)] == [other.id]
        uow.outbox.mark_done(other.id, NOW)
        uow.commit()
    with uow_factory() as uow:
        # another default change waits (an older value never lands after a newer one)
        assert [e.id for e in uow.outbox.heads(NOW)] == [profile.id]
        uow.outbox.discard(refused.id, NOW)
        uow.commit()
    with uow_factory() as uow:
        assert [e.id for e in uow.outbox.heads(NOW)] == [same_pm.id]
    assert default_again.id > same_pm.id


def test_everything_waits_behind_a_failed_customer_creation(
        uow_factory: UnitOfWorkFactory) -> None:
    cid = _client(uow_factory)
    with uow_factory() as uow:
        create = uow.outbox.enqueue_customer_create(cid, {"details": {}}, "customer_create:x:1",
                                                    NOW)
        uow.outbox.enqueue("detach", client_id=cid, payload={"payment_method": "pm_1"},
                           now=NOW)
        uow.outbox.mark_failed(create.id, "refused", NOW)
        uow.commit()
    with uow_factory() as uow:
        assert uow.outbox.heads(NOW) == []
