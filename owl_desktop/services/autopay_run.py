"""The autopay run: every open invoice of every enrolled client charged to the client's
default method, off-session, through the same charge path as *Charge now*
(``core/charging.py``), one run at a time across every desk and server sharing the database
(the ``autopay`` lease, ``core/lease.py``).

Never charged, with the reason (``Skip``): the client has no default (paused), the default is
an expired card or a bank account not yet verified (or without an active mandate), the invoice
is already paid or being paid (a debit processing), or its last attempt failed on this very
method (it waits for staff, or for a new default: then the next run charges that). An attempt
left *pending* by a run that stopped (killed, cut off) is re-sent with its stored key by the
next run: Stripe answers with the PaymentIntent it made, so nothing is charged twice.
Stripe's rate limit (429) is waited out and the same attempt re-sent: none is lost.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from owl_desktop.core import lease
from owl_desktop.core.charging import (
    AlreadyChargedError,
    ChargeOutcome,
    Hook,
    MethodNotUsableError,
    charge_invoice,
)
from owl_desktop.core.clock import Clock, utc_now
from owl_desktop.domain.audit import Workstation
from owl_desktop.domain.autopay import AUTOMATIC, PROCESSING_KEY, processing_from
from owl_desktop.domain.billing import Invoice, Payment, PaymentStatus
from owl_desktop.domain.payment_methods import StoredPaymentMethod
from owl_desktop.payments.errors import RateLimited
from owl_desktop.payments.gateway import PaymentGateway
from owl_desktop.services.audit import WorkstationProvider, this_workstation
from owl_desktop.services.autopay import autopay_status
from owl_desktop.services.customers import not_connected
from owl_desktop.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

LEASE_NAME = "autopay"
LAST_RUN_KEY = "autopay.last_run"  # the last run's summary (JSON), for every desk to show
RATE_LIMIT_RETRIES = 8

Trigger = Literal["desk", "nightly", "headless"]
GatewaySource = Callable[[], "PaymentGateway | None"]
Progress = Callable[[int, int, "RunLine"], None]


class Skip:
    """Why an invoice wasn't charged (codes; the desk and the command line word them)."""

    PAUSED = "paused"  # enrolled, no default method
    EXPIRED_CARD = "expired_card"
    BANK_NOT_VERIFIED = "bank_not_verified"  # micro-deposits, or no active mandate
    ALREADY_PAID = "already_paid"
    BEING_PAID = "being_paid"  # a debit processing
    FAILED_BEFORE = "failed_before"  # declined on this method: waits for staff or a new default
    NEEDS_AUTHENTICATION = "needs_authentication"  # the client must confirm it in the portal


class Outcome:
    CHARGED = "succeeded"
    PROCESSING = "processing"
    FAILED = "failed"
    REQUIRES_ACTION = "requires_action"
    SKIPPED = "skipped"
    NOT_SENT = "not_sent"  # Stripe couldn't be reached: the next run re-sends it


@dataclass(frozen=True)
class RunLine:
    invoice_id: int
    invoice_number: str
    client_id: int
    amount_cents: int
    currency: str
    outcome: str
    reason: str = ""  # a Skip code, or the decline code


@dataclass
class RunSummary:
    trigger: str
    started_at: datetime
    finished_at: datetime | None = None
    lines: list[RunLine] = field(default_factory=list)
    busy: bool = False  # another desk or server was running it: nothing done here
    stopped: bool = False  # stopped before the end (asked to, or the lease was lost)

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)

    def skipped_by_reason(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for line in self.lines:
            if line.outcome == Outcome.SKIPPED:
                counts[line.reason] = counts.get(line.reason, 0) + 1
        return counts

    def to_json(self) -> str:
        data = asdict(self)
        data["started_at"] = self.started_at.isoformat()
        data["finished_at"] = self.finished_at.isoformat() if self.finished_at else None
        return json.dumps(data)


@dataclass(frozen=True)
class Candidate:
    invoice: Invoice
    default: StoredPaymentMethod | None
    skip: str  # "" when it is to be charged


def skip_reason(invoice: Invoice, default: StoredPaymentMethod | None, chargeable: bool,
                payments: list[Payment]) -> str:
    """The rule, in the order staff would look: the invoice, then the method."""
    if invoice.due_cents <= 0:
        return Skip.ALREADY_PAID
    if any(p.status is PaymentStatus.PROCESSING for p in payments):
        return Skip.BEING_PAID
    if default is None:
        return Skip.PAUSED
    if not chargeable:
        return Skip.EXPIRED_CARD if default.is_card else Skip.BANK_NOT_VERIFIED
    latest = max((p for p in payments if p.attempt is not None), default=None,
                 key=lambda p: p.attempt or 0)
    if latest is not None and latest.payment_method_id == default.id:
        if latest.status is PaymentStatus.FAILED:
            return Skip.FAILED_BEFORE
        if latest.status is PaymentStatus.REQUIRES_ACTION:
            return Skip.NEEDS_AUTHENTICATION
    return ""


class AutopayRunner:
    def __init__(self, uow: UnitOfWorkFactory, gateway: GatewaySource, clock: Clock = utc_now,
                 workstation: WorkstationProvider = this_workstation, *,
                 lease_ttl: timedelta = timedelta(minutes=2),
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._uow = uow
        self._gateway = gateway
        self._clock = clock
        self._workstation = workstation
        self._ttl = lease_ttl
        self._sleep = sleep
        self.hook: Hook | None = None  # crash drills only (the charge path's hook points)
        # Told of every charge's outcome (the failed-payment mail to the client; never raises).
        self.after_charge: Callable[[ChargeOutcome], object] | None = None

    def plan(self) -> list[Candidate]:
        """Open invoices of enrolled clients, each with the method it would be charged to or
        the reason it won't be."""
        today = self._clock().date()
        out: list[Candidate] = []
        with self._uow() as uow:
            automatic = processing_from(uow.settings.get(PROCESSING_KEY)) == AUTOMATIC
            clients = set(uow.clients.autopay_enrolled(automatic))
            invoices = [i for i in uow.invoices.list_open() if i.client_id in clients]
            statuses = {}
            for client_id in sorted({i.client_id for i in invoices}):
                statuses[client_id] = autopay_status(
                    client_id, True, uow.payment_methods.list_for_client(client_id), today)
            for invoice in invoices:
                status = statuses[invoice.client_id]
                payments = uow.payments.for_invoice(invoice.id)
                reason = skip_reason(invoice, status.default, status.charges is not None,
                                     payments)
                out.append(Candidate(invoice, status.default, reason))
        return out

    def last_run(self) -> RunSummary | None:
        with self._uow() as uow:
            raw = uow.settings.get(LAST_RUN_KEY)
        if not raw:
            return None
        data = json.loads(raw)
        return RunSummary(
            trigger=data["trigger"], started_at=datetime.fromisoformat(data["started_at"]),
            finished_at=(datetime.fromisoformat(data["finished_at"])
                         if data["finished_at"] else None),
            lines=[RunLine(**line) for line in data["lines"]], busy=data["busy"],
            stopped=data["stopped"])

    def run(self, trigger: Trigger = "desk", *, progress: Progress | None = None,
            should_stop: Callable[[], bool] = lambda: False,
            before: Callable[[], bool] | None = None,
            after: Callable[[], None] | None = None) -> RunSummary:
        """One run, if no other is under way (else ``busy``). ``before`` (under the lease)
        may decide there is nothing to do after all (the nightly run another desk finished);
        ``after`` runs under the lease once the run went to its end."""
        gateway = self._gateway()
        if gateway is None:
            raise not_connected()
        summary = RunSummary(trigger, self._clock())
        held = lease.take(self._uow, LEASE_NAME, self._clock, self._ttl)
        if held is None:
            summary.busy = True
            log.info("autopay run (%s): another run is under way", trigger)
            return summary
        try:
            if before is not None and not before():
                summary.busy = True
                return summary
            with self._uow() as uow:
                who = self._workstation(uow)
            who = Workstation(actor="autopay", desk=who.desk)
            plan = self.plan()
            log.info("autopay run (%s): %d open invoices of enrolled clients", trigger,
                     len(plan))
            for done, candidate in enumerate(plan, start=1):
                if held.lost or should_stop():
                    summary.stopped = True
                    break
                line = self._one(candidate, gateway, who)
                summary.lines.append(line)
                if progress is not None:
                    progress(done, len(plan), line)
            summary.finished_at = self._clock()
            if not summary.stopped and after is not None:
                after()
            with self._uow(write=True) as uow:
                uow.settings.set(LAST_RUN_KEY, summary.to_json())
                uow.commit()
            log.info("autopay run (%s): %d charged, %d processing, %d failed, %d skipped",
                     trigger, summary.count(Outcome.CHARGED), summary.count(Outcome.PROCESSING),
                     summary.count(Outcome.FAILED), summary.count(Outcome.SKIPPED))
            return summary
        finally:
            held.release()

    def _one(self, candidate: Candidate, gateway: PaymentGateway, who: Workstation) -> RunLine:
        invoice = candidate.invoice

        def line(outcome: str, reason: str = "") -> RunLine:
            return RunLine(invoice.id, invoice.number, invoice.client_id, invoice.due_cents,
                           invoice.currency, outcome, reason)

        if candidate.skip or candidate.default is None:
            return line(Outcome.SKIPPED, candidate.skip or Skip.PAUSED)
        for attempt in range(RATE_LIMIT_RETRIES + 1):
            try:
                outcome = charge_invoice(self._uow, gateway, invoice.id, candidate.default.id,
                                         who=who, now=self._clock, hook=self.hook)
            except AlreadyChargedError as refused:
                reason = (Skip.BEING_PAID if "processing" in refused.message
                          else Skip.ALREADY_PAID)
                return line(Outcome.SKIPPED, reason)
            except MethodNotUsableError:
                return line(Outcome.SKIPPED, Skip.EXPIRED_CARD if candidate.default.is_card
                            else Skip.BANK_NOT_VERIFIED)
            except RateLimited as limited:
                if attempt == RATE_LIMIT_RETRIES:
                    return line(Outcome.NOT_SENT, "rate_limited")
                self._sleep(limited.retry_after or min(8.0, 0.5 * 2 ** attempt))
                continue
            except Exception as error:  # Stripe unreachable: pending, re-sent next run
                code = getattr(error, "code", type(error).__name__)
                log.warning("autopay: invoice %s not sent (%s)", invoice.uuid, code)
                return line(Outcome.NOT_SENT, str(code))
            if self.after_charge is not None:
                self.after_charge(outcome)
            return line(str(outcome.status.value), outcome.decline_code)
        return line(Outcome.NOT_SENT, "rate_limited")
