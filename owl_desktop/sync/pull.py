"""Pull sync: read Stripe's events after a stored cursor and reconcile what they name.

Why events, not a periodic full scan: an incremental sync must cost calls in proportion to what
changed (N), not to how many clients the clinic has (M). Each page of up to 100 events is one
call; each *client* named by new events costs one re-fetch of its customer and methods, however
many events name it.

Stripe keeps events 30 days. A desk that is new, or whose cursor event is gone
(``EventCursorExpired``), or that hasn't pulled for longer than the window, reconciles every
linked client in full instead — resumably, committing progress as it goes, throttled by the
gateway wrapper to stay under Stripe's rate limit.

Customers no local client links yet: when an event names one whose metadata says it was made
for a local, unlinked client (same ``owl_client_id`` *and* ``owl_client_ref``: another sandbox
desk's customer for the same demo client), the client is linked to it and reconciled. That
costs one retrieve per such customer named by new events (still N, not M), and none when
every local client is linked. A full reconcile finds them while listing customers.

Each incremental pull also re-reads the events created in the ``OVERLAP_S`` before the cursor
event (deduplicated), since Stripe may list an event after newer ones (``_incremental``).

Cursor bookkeeping (``uow.sync_cursor``, one row): the newest applied event (empty when the
account had none) and when it was created, when the last pull ran, the overlap floor (the
event the last full reconcile started after: the overlap never re-reads before it), and the
full reconcile's progress while one is under way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from owl_desktop.core.customers import adopt
from owl_desktop.domain.stripe_records import StripeAccount
from owl_desktop.payments.errors import EventCursorExpired, StripeRequestError
from owl_desktop.payments.gateway import CustomerInfo, PaymentGateway, StripeEvent
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory
from owl_desktop.sync.progress import EVENTS, FULL, ProgressCallback, SyncProgress, no_progress
from owl_desktop.sync.reconcile import Reconciler

log = logging.getLogger(__name__)

EVENT_TYPES: tuple[str, ...] = (
    "customer.created", "customer.updated", "customer.deleted",
    "payment_method.attached", "payment_method.detached", "payment_method.updated",
    "payment_method.automatically_updated",
    "setup_intent.succeeded", "setup_intent.setup_failed", "setup_intent.canceled",
    "setup_intent.requires_action",
    "mandate.updated",
    "payment_intent.succeeded", "payment_intent.payment_failed", "payment_intent.processing",
    "payment_intent.canceled",
    "refund.created", "refund.updated", "refund.failed",  # sync/refunds.py
)
# Event types that change nothing in the payment-method cache (charges are another feature's).
_NO_RECONCILE_PREFIXES = ("payment_intent.", "refund.")
_MANDATE_PREFIXES = ("mandate.", "setup_intent.")

EVENT_WINDOW = timedelta(days=30)
# Pull in full a little before Stripe's window closes, not after.
STALE_PULL = EVENT_WINDOW - timedelta(days=1)
# Keep processed ids a little longer than Stripe keeps events.
PROCESSED_RETENTION_S = int((EVENT_WINDOW + timedelta(days=2)).total_seconds())
# Listing all customers costs a call per 100; stop after this many pages per 100 linked ones
# (accounts shared with other software may hold far more customers than we link).
LIST_PAGES_PER_100_LINKED = 2
FULL_COMMIT_EVERY = 10

# Events before the cursor event re-read each pull: Stripe may list an event later than newer
# ones, and reading strictly after the cursor would skip it forever.
OVERLAP_S = 60

EventListener = Callable[[Sequence[StripeEvent]], None]


@dataclass
class PullResult:
    full: bool = False
    events_seen: int = 0
    events_new: int = 0
    clients_reconciled: int = 0
    changes: int = 0
    complete: bool = True  # False when stopped early (cancel); the next run resumes
    changed_clients: set[int] = field(default_factory=set)  # local data changed for these


class EventPuller:
    def __init__(self, uow: UnitOfWorkFactory, gateway: PaymentGateway, reconciler: Reconciler,
                 account: StripeAccount, *, clock: Callable[[], datetime],
                 page_size: int = 100) -> None:
        self._uow = uow
        self._account = account
        self._gateway = gateway
        self._reconciler = reconciler
        self._clock = clock
        self._page_size = page_size
        self.listeners: list[EventListener] = []

    # Decisions ---------------------------------------------------------------------------

    def needs_full(self) -> bool:
        with self._uow() as uow:
            return self._needs_full(uow)

    def _needs_full(self, uow: UnitOfWork) -> bool:
        cursor = uow.sync_cursor.get()
        if cursor.full_resume_after is not None or cursor.event_id is None:
            return True
        if cursor.last_pull_at is None:
            return True
        return self._clock() - cursor.last_pull_at > STALE_PULL

    def pull(self, *, progress: ProgressCallback = no_progress,
             should_stop: Callable[[], bool] = lambda: False,
             force_full: bool = False) -> PullResult:
        with self._uow() as uow:
            full = force_full or self._needs_full(uow)
            cursor = uow.sync_cursor.get().event_id
        if full:
            return self.full_reconcile(progress=progress, should_stop=should_stop)
        if not cursor:
            # The account had no events at our last full reconcile: anything now is new.
            if self._gateway.latest_event(EVENT_TYPES) is None:
                self._touch()
                return PullResult()
            return self.full_reconcile(progress=progress, should_stop=should_stop)
        try:
            return self._incremental(cursor, progress, should_stop)
        except EventCursorExpired:
            log.info("event cursor expired: reconciling every linked client")
            return self.full_reconcile(progress=progress, should_stop=should_stop)

    # Incremental -------------------------------------------------------------------------

    def _incremental(self, cursor: str, progress: ProgressCallback,
                     should_stop: Callable[[], bool]) -> PullResult:
        """Events after the cursor, and again those of the ``OVERLAP_S`` before it.

        Stripe may list an event only after newer ones (its ``created`` second is set before
        it is listable): read strictly after the cursor, it would be skipped for good. So one
        call asks for every event created since ``OVERLAP_S`` before the cursor event; those
        already applied are dropped by ``processed_events``. When that fits one page (the
        usual case, and whenever the cursor event is on it) it costs what reading after the
        cursor did, one call, plus pages back through the rest of that minute if it held more;
        with more new events than a page, the forward pages from the cursor follow, then the
        overlap's pages on their own. Either way the extra pages hold one minute's events:
        they follow the number of changes, never the number of clients.
        """
        result = PullResult()
        with self._uow() as uow:
            state = uow.sync_cursor.get()
        floor = state.overlap_floor
        if state.event_created is None:
            return self._forward(cursor, result, progress, should_stop)
        cursor_created = state.event_created
        since = cursor_created - OVERLAP_S
        page = self._gateway.list_events_since(created_gte=since, types=EVENT_TYPES,
                                               limit=self._page_size)
        events = list(page.events)
        ids = [e.id for e in events]
        if cursor in ids:
            # The page is the newest events: with the cursor in it, everything after the
            # cursor is too. Only older ones of the minute may be left (``has_more``).
            reached_floor = floor in ids
            if reached_floor:  # a full reconcile read everything up to that event
                events = events[ids.index(floor) + 1:]
            result.events_seen += len(events)
            self._apply_page(events, result, progress)
            if page.has_more and not reached_floor:
                self._overlap(since, None, ids[0], floor, result, progress, should_stop)
            self._touch()
            return result
        # More new events than a page (or the cursor event gone: the forward read says so,
        # and a full reconcile follows): forward from the cursor, then the overlap.
        self._forward(cursor, result, progress, should_stop)
        self._overlap(since, cursor_created, None, floor, result, progress, should_stop)
        return result

    def _overlap(self, since: int, until: int | None, older_than: str | None, floor: str,
                 result: PullResult, progress: ProgressCallback,
                 should_stop: Callable[[], bool]) -> None:
        """Events created from ``since`` (to ``until``), page by page back in time from
        ``older_than``, down to the floor; applied without moving the cursor."""
        while result.complete:
            if should_stop():
                result.complete = False
                return
            page = self._gateway.list_events_since(
                created_gte=since, created_lte=until, types=EVENT_TYPES,
                older_than_event_id=older_than, limit=self._page_size)
            late = list(page.events)
            if not late:
                return
            older_than = late[0].id
            ids = [e.id for e in late]
            reached_floor = floor in ids
            if reached_floor:  # what a full reconcile read already
                late = late[ids.index(floor) + 1:]
            result.events_seen += len(late)
            self._apply_page(late, result, progress, move_cursor=False)
            if reached_floor or not page.has_more:
                return

    def _forward(self, cursor: str, result: PullResult, progress: ProgressCallback,
                 should_stop: Callable[[], bool]) -> PullResult:
        """Events strictly after the cursor, page by page (``ending_before``), oldest first."""
        after = cursor
        while True:
            if should_stop():
                result.complete = False
                return result
            page = self._gateway.list_events(after_event_id=after, types=EVENT_TYPES,
                                             limit=self._page_size)
            events = list(page.events)
            result.events_seen += len(events)
            self._apply_page(events, result, progress)
            if not page.has_more or not events:
                break
            after = events[-1].id
        self._touch()
        return result

    def _apply_page(self, events: list[StripeEvent], result: PullResult,
                    progress: ProgressCallback, *, move_cursor: bool = True) -> None:
        """Reconcile each client the page's new events name, marking those events processed
        client by client, so a run cut short by the network resumes where it stopped.
        ``move_cursor`` False: events from before the cursor (the overlap) leave it be."""
        if not events:
            return
        with self._uow() as uow:
            done = uow.processed_events.processed_among(e.id for e in events)
            new = [e for e in events if e.id not in done]
            by_client: dict[int, list[StripeEvent]] = {}
            refresh: dict[int, bool] = {}
            unrelated: list[StripeEvent] = []
            unknown: dict[str, list[StripeEvent]] = {}  # customers no local client links
            for event in new:
                if event.type.startswith(_NO_RECONCILE_PREFIXES):
                    unrelated.append(event)  # not about a client's cached methods
                    continue
                client_id = self._client_for(uow, event)
                if client_id is None:
                    named = _named_customer(event)
                    if named is not None:
                        unknown.setdefault(named, []).append(event)
                    else:
                        unrelated.append(event)
                    continue
                by_client.setdefault(client_id, []).append(event)
                refresh[client_id] = (refresh.get(client_id, False)
                                      or event.type.startswith(_MANDATE_PREFIXES))
        adopted = self._adopt_named(unknown)
        for customer_id, customer_events in unknown.items():
            found = adopted.get(customer_id)
            if found is None:
                unrelated.extend(customer_events)
                continue
            client_id = found[0]
            by_client.setdefault(client_id, []).extend(customer_events)
            refresh[client_id] = True
        known = dict(adopted.values())  # client id -> its customer, already fetched
        result.events_new += len(new)
        for listener in self.listeners:
            listener(new)
        self._mark(unrelated)
        for index, client_id in enumerate(sorted(by_client), start=1):
            outcome = self._reconciler.reconcile_client(
                client_id, customer=known.get(client_id), refresh_mandates=refresh[client_id],
                added_by={e.payment_method_id: e.made_by for e in by_client[client_id]
                          if e.payment_method_id and e.made_by is not None})
            self._mark(by_client[client_id])
            result.clients_reconciled += 1
            result.changes += outcome.changes
            if outcome.changes:
                result.changed_clients.add(client_id)
            progress(SyncProgress(EVENTS, index, len(by_client)))
        newest = events[-1]
        if not move_cursor:
            return
        with self._uow() as uow:
            uow.sync_cursor.move(newest.id, newest.created)
            uow.processed_events.prune(newest.created - PROCESSED_RETENTION_S)
            uow.commit()

    def _mark(self, events: Sequence[StripeEvent]) -> None:
        if not events:
            return
        now = self._clock()
        with self._uow() as uow:
            for event in events:
                uow.processed_events.mark_processed(event.id, event.created, now)
            uow.commit()

    @staticmethod
    def _client_for(uow: UnitOfWork, event: StripeEvent) -> int | None:
        links = uow.customer_links
        if event.object_type == "customer":
            return links.client_for_customer(event.object_id)
        if event.customer_id:
            found = links.client_for_customer(event.customer_id)
            if found is not None:
                return found
        if event.object_type == "payment_method":
            method = uow.payment_methods.by_stripe_id(event.object_id)
            return None if method is None else method.client_id
        if event.object_type == "mandate":
            method = uow.payment_methods.by_mandate(event.object_id)
            return None if method is None else method.client_id
        return None

    def _adopt_named(self, unknown: dict[str, list[StripeEvent]]
                     ) -> dict[str, tuple[int, CustomerInfo]]:
        """Link customers made for local unlinked clients (``services.customers.
        adopt_customer``); returns customer id -> (client id, customer) for those linked.
        One retrieve per customer, only for customers no local client links, and none when
        every local client is linked."""
        if not unknown:
            return {}
        with self._uow() as uow:
            if uow.clients.count() <= len(uow.customer_links.linked()):
                return {}
        candidates: list[CustomerInfo] = []
        for customer_id, events in unknown.items():
            if all(e.type == "customer.deleted" for e in events):
                continue
            try:
                info = self._gateway.retrieve_customer(customer_id)
            except StripeRequestError as error:
                if not error.is_missing:
                    raise
                continue
            if info.owl_client_id is not None and info.owl_client_ref and not info.deleted:
                candidates.append(info)
        return self._adopt(candidates)

    def _adopt(self, candidates: Sequence[CustomerInfo]
               ) -> dict[str, tuple[int, CustomerInfo]]:
        """Link each candidate to the unlinked local client it was made for, if any."""
        adopted: dict[str, tuple[int, CustomerInfo]] = {}
        for info in candidates:
            with self._uow(write=True) as uow:
                client_id = adopt(uow, info, account=self._account, now=self._clock())
                uow.commit()
            if client_id is not None:
                adopted[info.id] = (client_id, info)
        for customer_id, (client_id, _info) in adopted.items():
            log.info("client %s linked to customer %s, made for it elsewhere", client_id,
                     customer_id)
        return adopted

    def _touch(self) -> None:
        with self._uow() as uow:
            uow.sync_cursor.touch(self._clock())
            uow.commit()

    # Full reconcile ----------------------------------------------------------------------

    def full_reconcile(self, *, progress: ProgressCallback = no_progress,
                       should_stop: Callable[[], bool] = lambda: False) -> PullResult:
        """Reconcile every linked client, resuming an interrupted run where it stopped."""
        result = PullResult(full=True)
        with self._uow() as uow:
            state = uow.sync_cursor.get()
        resume = state.full_resume_after
        # The event this run starts after, kept here: another desk finishing its own run
        # meanwhile clears the row's (both then move the cursor to a start of their own).
        start_event, start_created = state.full_start_event or "", state.full_start_created or 0
        if resume is None:
            # Events from now on are applied by the next incremental pull (deduplicated,
            # and reconciling twice is harmless), so nothing falls between the two.
            latest = self._gateway.latest_event(EVENT_TYPES)
            start_event, start_created = (latest.id, latest.created) if latest else ("", 0)
            with self._uow() as uow:
                uow.sync_cursor.start_full(start_event, start_created)
                uow.commit()
            resume = 0
        with self._uow() as uow:
            linked = uow.customer_links.linked()
            unlinked_exist = uow.clients.count() > len(linked)
        wanted = {lc.customer_id for lc in linked if lc.client_id > resume}
        customers, candidates = self._list_customers(wanted, should_stop,
                                                     adopt=unlinked_exist)
        adopted = {client_id for client_id, _ in self._adopt(candidates).values()}
        if adopted:  # now linked: reconciled below with the others, even below ``resume``
            with self._uow() as uow:
                linked = uow.customer_links.linked()
            customers.update({c.id: c for c in candidates})
        total = len(linked)
        todo = [lc for lc in linked if lc.client_id > resume or lc.client_id in adopted]
        done = total - len(todo)
        progress(SyncProgress(FULL, done, total))
        for index, linked_customer in enumerate(todo, start=1):
            if should_stop():
                result.complete = False
                return result
            outcome = self._reconciler.reconcile_client(
                linked_customer.client_id, customer=customers.get(linked_customer.customer_id),
                refresh_mandates=True)
            result.clients_reconciled += 1
            result.changes += outcome.changes
            if outcome.changes:
                result.changed_clients.add(linked_customer.client_id)
            done += 1
            progress(SyncProgress(FULL, done, total))
            if index % FULL_COMMIT_EVERY == 0 and linked_customer.client_id > resume:
                with self._uow() as uow:
                    uow.sync_cursor.full_progress(linked_customer.client_id)
                    uow.commit()
        with self._uow() as uow:
            # The reconcile read every client after its start event: the overlap needn't
            # re-read what came before it (M customers made just before would otherwise cost M).
            uow.sync_cursor.finish_full(self._clock(), start_event, start_created)
            uow.commit()
        log.info("full reconcile done: %s clients, %s changes", total, result.changes)
        return result

    def _list_customers(self, wanted: set[str], should_stop: Callable[[], bool], *,
                        adopt: bool = False,
                        ) -> tuple[dict[str, CustomerInfo], list[CustomerInfo]]:
        """Customers by listing (100 a call) rather than one retrieve each, when that is
        cheaper; those not found are retrieved one by one by the reconciler.

        With ``adopt`` (some local clients have no customer), the listing also collects
        customers made by Owl Desktop (``owl_client_id`` and ``owl_client_ref`` set) that no
        local client links, oldest first, for ``_adopt``; it then reads every page up to the
        same cap, counted on all local clients instead of the linked ones.
        """
        found: dict[str, CustomerInfo] = {}
        candidates: list[CustomerInfo] = []
        if len(wanted) < 50 and not adopt:
            return found, candidates
        with self._uow() as uow:
            counted = uow.clients.count() if adopt else len(wanted)
        max_pages = max(1, LIST_PAGES_PER_100_LINKED * (counted // 100 + 1))
        after: str | None = None
        for _ in range(max_pages):
            if should_stop():
                break
            page, has_more = self._gateway.list_customers(limit=100, starting_after=after)
            for customer in page:
                if customer.id in wanted:
                    found[customer.id] = customer
                elif (adopt and customer.owl_client_id is not None
                      and customer.owl_client_ref and not customer.deleted):
                    candidates.append(customer)
            if not has_more or not page or (len(found) == len(wanted) and not adopt):
                break
            after = page[-1].id
        candidates.reverse()  # Stripe lists newest first; should two exist, the first wins
        return found, candidates


def _named_customer(event: StripeEvent) -> str | None:
    """The customer an event is about, if it names one."""
    if event.object_type == "customer":
        return event.object_id or None
    return event.customer_id or None
