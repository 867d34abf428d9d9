"""``SyncEngine``: one sync run = send the outbox, then pull Stripe's changes.

Qt-free and blocking: the UI runs it on a worker thread (``ui/sync/controller.py``), tests and
benchmarks call it directly. One run at a time per engine; several desks (processes) may run
their own engines on one database — outbox claims and idempotency keys keep that safe.

Usage::

    engine = SyncEngine(uow_factory, gateway, account) # gateway: any PaymentGateway
    summary = engine.run_once(progress=print)          # SyncSummary
    engine.status()                                    # SyncStatus: online, waiting, problems
    engine.problems(); engine.retry_problem(id); engine.discard_problem(id)
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from owl_desktop.core.clock import utc_now
from owl_desktop.core.failures import classify, decline_code_of, decode
from owl_desktop.core.outbox_sender import DEFAULT_LEASE, Hook, OutboxSender
from owl_desktop.domain.audit import Workstation
from owl_desktop.domain.outbox import (
    KIND_CUSTOMER_CREATE,
    KIND_CUSTOMER_UPDATE,
    KIND_DETACH,
    KIND_SET_DEFAULT,
)
from owl_desktop.domain.payment_methods import REMOVED
from owl_desktop.domain.stripe_records import StripeAccount
from owl_desktop.errors import DatabaseError
from owl_desktop.payments.errors import PaymentError, StripeRequestError
from owl_desktop.payments.gateway import PaymentGateway
from owl_desktop.store.outbox_repo import OutboxEntry
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory
from owl_desktop.sync.metered import DEFAULT_RATE_PER_S, MeteredGateway
from owl_desktop.sync.online import OnlineState, OnlineTracker
from owl_desktop.sync.outbox import OutboxDrainer
from owl_desktop.sync.payments import PaymentSettler
from owl_desktop.sync.progress import SENDING, ProgressCallback, SyncProgress, no_progress
from owl_desktop.sync.pull import EVENT_TYPES, EventPuller, PullResult
from owl_desktop.sync.reconcile import Reconciler
from owl_desktop.sync.refunds import RefundSync
from owl_desktop.sync.setups import SetupSweeper

log = logging.getLogger(__name__)

__all__ = ["KIND_CUSTOMER_CREATE", "KIND_CUSTOMER_UPDATE", "KIND_DETACH", "KIND_SET_DEFAULT",
           "SyncEngine", "SyncProblem", "SyncStatus", "SyncSummary"]

# Why a run stopped early, by code (``SyncSummary.error_code``); the UI translates by code.
RUN_PAUSED = "paused"
RUN_UNREACHABLE = "unreachable"
RUN_UNEXPECTED = "unexpected"
RUN_ALREADY_RUNNING = "already_running"
RUN_ERRORS: dict[str, str] = {
    RUN_PAUSED: "Stripe asked for a pause (too many requests).",
    RUN_UNREACHABLE: "Stripe can't be reached.",
    RUN_UNEXPECTED: "The sync stopped on an unexpected error; it will try again.",
    RUN_ALREADY_RUNNING: "A sync is already running.",
}
PRUNE_DONE_AFTER = timedelta(days=30)


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar shows; read from the database and memory, never the network."""

    online: OnlineState
    waiting: int  # changes not yet sent
    problems: int  # changes that failed and need staff
    running: bool
    last_success_at: datetime | None


@dataclass(frozen=True)
class SyncProblem:
    """A failed outbox entry, as the *Sync problems* view lists it."""

    entry_id: int
    client_id: int | None
    client_name: str
    kind: str  # customer_update | set_default | detach | customer_create
    method_label: str  # e.g. "visa •••• 4242" when the change is about a payment method
    message: str  # what failed, for staff (English; the UI translates by ``code``)
    hint: str  # what to do next (English; the UI translates by ``hint_code``)
    attempts: int
    created_at: datetime
    updated_at: datetime
    code: str = ""  # PaymentError.code, or a sync.failures code; "" for old rows
    hint_code: str = ""  # a key of sync.failures.HINTS; "" when the hint is the error's own
    decline_code: str = ""  # a card decline's reason as Stripe codes it


@dataclass
class SyncSummary:
    online: bool = True
    sent: int = 0
    retried: int = 0
    failed: int = 0
    pull: PullResult | None = None
    api_calls: int = 0
    waiting: int = 0
    problems: int = 0
    error: str = ""  # a sentence when the run stopped early (offline, Stripe down ...)
    error_code: str = ""  # its stable code (RUN_ERRORS, or a PaymentError code): translate by it
    duration_s: float = 0.0
    # Seconds until the earliest backed-off entry may go; None when nothing waits on a timer.
    next_attempt_in_s: float | None = None
    events: list[str] = field(default_factory=list)
    # Clients whose local data changed in this run (to reload what is on screen).
    changed_clients: list[int] = field(default_factory=list)


class SyncEngine:
    def __init__(self, uow: UnitOfWorkFactory, gateway: PaymentGateway | MeteredGateway,
                 account: StripeAccount, *, clock: Callable[[], datetime] = utc_now,
                 tracker: OnlineTracker | None = None,
                 rate_per_s: float | None = DEFAULT_RATE_PER_S,
                 lease: timedelta = DEFAULT_LEASE, hook: Hook | None = None,
                 here: Workstation) -> None:
        """``account``: the Stripe account and mode the gateway talks to (links made here
        record it). ``here``: this desk, for audit rows of rules it applies."""
        self._uow = uow
        self.account = account
        self._clock = clock
        if isinstance(gateway, MeteredGateway):
            self.metered = gateway
            if tracker is not None:
                self.metered.tracker = tracker
        else:
            self.metered = MeteredGateway(gateway, tracker=tracker, rate_per_s=rate_per_s)
        self.tracker = self.metered.tracker
        api = self.metered.as_gateway()
        self.reconciler = Reconciler(uow, api, clock, here=here)
        self.sender = OutboxSender(uow, api, account, clock=clock, lease=lease, hook=hook)
        self.drainer = OutboxDrainer(uow, self.sender, clock=clock)
        self.puller = EventPuller(uow, api, self.reconciler, account, clock=clock)
        self.refunds = RefundSync(uow, api, clock)
        self.puller.listeners.append(self.refunds)
        self.setups = SetupSweeper(uow, api, clock=clock)
        # Charges settling later (PAD debits), from the pull's payment_intent.* events.
        self.payments = PaymentSettler(uow, api, clock=clock)
        self.puller.listeners.append(self.payments.on_events)
        self._gateway = api
        self._run_lock = threading.Lock()
        self._running = False
        self._reconnected = threading.Event()
        self._last_success_at: datetime | None = None
        self.tracker.subscribe(self._on_online_change)

    # Running -----------------------------------------------------------------------------

    def _on_online_change(self, old: OnlineState, new: OnlineState) -> None:
        if old is OnlineState.OFFLINE and new is OnlineState.ONLINE:
            self._reconnected.set()

    def probe(self) -> bool:
        """One cheap call to learn whether Stripe answers again."""
        try:
            self._gateway.latest_event(EVENT_TYPES[:1])
        except PaymentError:
            return not self.tracker.is_offline
        return True

    def run_once(self, progress: ProgressCallback = no_progress, *, force_full: bool = False,
                 should_stop: Callable[[], bool] = lambda: False) -> SyncSummary:
        """Send what waits, then pull Stripe's changes. Never raises for Stripe or database
        trouble: the summary says what happened; the next run carries on."""
        if not self._run_lock.acquire(blocking=False):
            summary = SyncSummary(error=RUN_ERRORS[RUN_ALREADY_RUNNING],
                                  error_code=RUN_ALREADY_RUNNING)
            self._fill_counts(summary)
            return summary
        self._running = True
        started = time.monotonic()
        calls_before = self.metered.total_calls
        summary = SyncSummary()
        try:
            self._run(summary, progress, force_full, should_stop)
        finally:
            summary.api_calls = self.metered.total_calls - calls_before
            summary.duration_s = time.monotonic() - started
            summary.online = not self.tracker.is_offline
            try:
                self._fill_counts(summary)
            except DatabaseError as error:
                if not summary.error:
                    summary.error, summary.error_code = error.message, "database"
            self._running = False
            self._run_lock.release()
        log.info("sync run: sent=%s retried=%s failed=%s calls=%s error=%s in %.2fs",
                 summary.sent, summary.retried, summary.failed, summary.api_calls,
                 summary.error or "-", summary.duration_s)
        return summary

    def _run(self, summary: SyncSummary, progress: ProgressCallback, force_full: bool,
             should_stop: Callable[[], bool]) -> None:
        try:
            if self.drainer.pause_remaining() > 0:
                summary.error, summary.error_code = RUN_ERRORS[RUN_PAUSED], RUN_PAUSED
                return
            if self.tracker.is_offline and not self.probe():
                summary.error = RUN_ERRORS[RUN_UNREACHABLE]
                summary.error_code = RUN_UNREACHABLE
                return
            if self._reconnected.is_set():
                self._reconnected.clear()
                with self._uow() as uow:
                    woken = uow.outbox.wake_all(self._clock())
                    uow.commit()
                summary.events.append(f"reconnected: {woken} waiting change(s) resumed")
            progress(SyncProgress(SENDING, 0, None))
            drained = self.drainer.drain(
                should_stop=should_stop,
                on_sent=lambda n: progress(SyncProgress(SENDING, n, None)))
            summary.sent, summary.retried, summary.failed = (
                drained.sent, drained.retried, drained.failed)
            changed = set(drained.clients)
            summary.changed_clients = sorted(changed)
            if drained.offline or drained.rate_limited:
                summary.error = drained.errors[-1] if drained.errors else ""
                summary.error_code = RUN_UNREACHABLE if drained.offline else RUN_PAUSED
                return
            changed |= self._verify_old_links()
            changed |= self._reconcile_requested()
            summary.changed_clients = sorted(changed)
            summary.pull = self.puller.pull(progress=progress, should_stop=should_stop,
                                            force_full=force_full)
            changed |= summary.pull.changed_clients
            changed |= self.payments.take_changed(full=summary.pull.full)
            if summary.pull.full:  # refunds made or changed meanwhile had no event read
                changed |= self.refunds.after_full()
            summary.changed_clients = sorted(changed)
            with self._uow() as uow:
                queued_meanwhile = bool(uow.outbox.heads(self._clock()))
            if queued_meanwhile:  # e.g. a default chosen when a pending method was verified
                again = self.drainer.drain(should_stop=should_stop)
                summary.sent += again.sent
                summary.retried += again.retried
                summary.failed += again.failed
                changed |= again.clients
                summary.changed_clients = sorted(changed)
            with self._uow() as uow:
                uow.outbox.prune_done(self._clock() - PRUNE_DONE_AFTER)
                uow.commit()
            cancelled = self.setups.sweep()  # SetupIntents left open by a crash
            if cancelled:
                summary.events.append(f"{cancelled} unfinished setup(s) cancelled")
            self._last_success_at = self._clock()
        except (PaymentError, DatabaseError) as error:
            failure = classify(error)
            if failure.rate_limited:
                self.drainer.pause(failure.retry_after or 2.0)
            summary.error, summary.error_code = failure.message, failure.code
            log.info("sync run stopped: %s", failure.code)
        except Exception:  # a bug or an unexpected database state: log it, keep the app up
            log.exception("sync run failed")
            summary.error, summary.error_code = RUN_ERRORS[RUN_UNEXPECTED], RUN_UNEXPECTED

    def _reconcile_requested(self) -> set[int]:
        """Re-read the clients asked for (a discarded change, an adopted customer)."""
        with self._uow() as uow:
            requested = uow.reconcile_requests.requested()
        for client_id, _at in requested:
            self.reconciler.reconcile_client(client_id, refresh_mandates=True)
        if requested:
            with self._uow() as uow:  # those asked again meanwhile wait for the next run
                uow.reconcile_requests.done(requested)
                uow.commit()
        return {client_id for client_id, _at in requested}

    def _verify_old_links(self) -> set[int]:
        """Links an older version made without recording the account: one that Stripe knows
        in this account gets it recorded; one it doesn't is unlinked (by the reconcile)."""
        with self._uow() as uow:
            unverified = uow.customer_links.unverified()
        changed: set[int] = set()
        for link in unverified:
            try:
                info = self._gateway.retrieve_customer(link.customer_id)
            except StripeRequestError as error:
                if not error.is_missing:
                    raise
                info = None
            if info is None or info.deleted or info.livemode != self.account.livemode:
                self.reconciler.reconcile_client(link.client_id, customer=info)
                changed.add(link.client_id)
                continue
            with self._uow() as uow:
                uow.customer_links.record_account(link.client_id, link.customer_id,
                                                  self.account)
                uow.commit()
        return changed

    # Reading state (cheap, any thread) ---------------------------------------------------

    @property
    def running(self) -> bool:
        return self._running

    def status(self) -> SyncStatus:
        with self._uow() as uow:
            waiting = uow.outbox.count_waiting()
            problems = uow.outbox.count_failed()
        return SyncStatus(online=self.tracker.state, waiting=waiting, problems=problems,
                          running=self._running, last_success_at=self._last_success_at)

    def _fill_counts(self, summary: SyncSummary) -> None:
        with self._uow() as uow:
            summary.waiting = uow.outbox.count_waiting()
            summary.problems = uow.outbox.count_failed()
            wake = uow.outbox.next_wakeup()
        if wake is not None:
            summary.next_attempt_in_s = max(0.0, (wake - self._clock()).total_seconds())
        pause = self.drainer.pause_remaining()
        if pause > 0:
            summary.next_attempt_in_s = max(summary.next_attempt_in_s or 0.0, pause)

    def seconds_until_next_attempt(self) -> float | None:
        with self._uow() as uow:
            wake = uow.outbox.next_wakeup()
        return None if wake is None else max(0.0, (wake - self._clock()).total_seconds())

    # Sync problems -----------------------------------------------------------------------

    def problems(self) -> list[SyncProblem]:
        with self._uow() as uow:
            return [self._problem(uow, e) for e in uow.outbox.failed()]

    @staticmethod
    def _problem(uow: UnitOfWork, entry: OutboxEntry) -> SyncProblem:
        code, message, hint_code, hint = decode(entry.last_error)
        label = ""
        pm = entry.payload.get("payment_method")
        if pm:
            method = uow.payment_methods.by_stripe_id(str(pm))
            if method is not None:
                name = method.brand or method.bank_name or method.type
                label = f"{name} •••• {method.last4}"
        return SyncProblem(
            entry_id=entry.id, client_id=entry.client_id,
            client_name=uow.clients.name_of(entry.client_id)
            if entry.client_id is not None else "",
            kind=entry.kind, method_label=label, message=message, hint=hint,
            attempts=entry.attempts, created_at=entry.created_at, updated_at=entry.updated_at,
            code=code, hint_code=hint_code, decline_code=decline_code_of(entry.last_error))

    def retry_problem(self, entry_id: int) -> None:
        """Put a failed change back in its queue (same key, so still applied once)."""
        with self._uow(write=True) as uow:
            uow.outbox.retry(entry_id, self._clock())
            uow.commit()

    def discard_problem(self, entry_id: int) -> None:
        """Give up on a failed change; the client is re-read from Stripe on the next run so
        the local copy shows what Stripe really has (e.g. a method that wasn't removed)."""
        with self._uow(write=True) as uow:
            now = self._clock()
            entry = uow.outbox.discard(entry_id, now)
            if entry.kind == KIND_DETACH:
                method = uow.payment_methods.by_stripe_id(str(entry.payload["payment_method"]))
                if method is not None and method.status == REMOVED:
                    # Let the reconcile bring it back as Stripe has it.
                    uow.payment_methods.delete(method.id)
            if entry.client_id is not None:
                uow.reconcile_requests.request(entry.client_id, now)
            uow.commit()

