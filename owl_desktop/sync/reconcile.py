"""Make one client's cached payment methods, default and mandates equal to Stripe's.

Network first (the customer, its methods, the mandates that need reading), then one short
write transaction that re-reads the local state, asks the pure planner
(``sync/reconcile_plan.py``) what to change, and applies it: no database lock is held during a
call, and a change made locally meanwhile is planned with, not overwritten.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from owl_desktop.core.audit import record_method_change
from owl_desktop.core.setups import record_setup_outcome
from owl_desktop.domain.audit import ELSEWHERE, Workstation
from owl_desktop.domain.outbox import KIND_SET_DEFAULT
from owl_desktop.domain.payment_methods import (
    PENDING_VERIFICATION,
    REMOVED,
    AuditAction,
    StoredPaymentMethod,
)
from owl_desktop.payments.errors import StripeRequestError
from owl_desktop.payments.gateway import CustomerInfo, MandateInfo, PaymentGateway
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory
from owl_desktop.sync.reconcile_plan import (
    Change,
    ForgetMethod,
    LocalState,
    MandateState,
    SetDefault,
    StoreMandate,
    StoreMethod,
    StripeState,
    plan,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReconcileResult:
    client_id: int
    changes: int
    api_calls: int
    customer_deleted: bool = False


class Reconciler:
    def __init__(self, uow: UnitOfWorkFactory, gateway: PaymentGateway,
                 clock: Callable[[], datetime], *, here: Workstation = ELSEWHERE) -> None:
        """``here``: this desk, which applies the first-default rule to a bank account
        verified elsewhere (and sends it to Stripe), so the trail names it."""
        self._uow = uow
        self._gateway = gateway
        self._clock = clock
        self._here = here

    def reconcile_client(self, client_id: int, *, customer: CustomerInfo | None = None,
                         refresh_mandates: bool = False,
                         added_by: Mapping[str, Workstation] | None = None) -> ReconcileResult:
        """Fetch the client's customer (unless given) and methods, then apply them locally.

        ``refresh_mandates`` re-reads the mandate of every bank-debit method; otherwise only
        methods whose mandate isn't known yet cost a call. ``added_by``: who added which method at
        another desk, as the pulled SetupIntent events said (their metadata).
        """
        with self._uow() as uow:
            customer_id = uow.customer_links.customer_of(client_id)
            cached = {m.stripe_id: m for m in
                      uow.payment_methods.list_for_client(client_id, include_removed=True)}
        if customer_id is None:
            return ReconcileResult(client_id, 0, 0)
        fetched_at = self._clock()
        calls = 0
        if customer is None:
            calls += 1
            try:
                customer = self._gateway.retrieve_customer(customer_id)
            except StripeRequestError as error:
                if not error.is_missing:
                    raise
                customer = CustomerInfo(id=customer_id, livemode=False,
                                        default_payment_method_id=None, deleted=True)
        if customer.deleted:
            return self._apply_deleted(client_id, customer_id, calls)

        calls += 1
        methods = self._gateway.list_payment_methods(customer_id)
        for info in methods:
            known = cached.get(info.id)
            if known is not None and known.status == PENDING_VERIFICATION \
                    and known.setup_intent_id:
                # Attached: its micro-deposits were verified elsewhere. Same bookkeeping as
                # one saved here ("verified", first usable method becomes the default).
                calls += 1
                record_setup_outcome(
                    self._uow, self._gateway, client_id,
                    self._gateway.retrieve_setup_intent(known.setup_intent_id),
                    who=ELSEWHERE, first_default_by=self._here, clock=self._clock)
        mandates: dict[str, MandateState] = {}
        for info in methods:
            if info.type != "acss_debit":
                continue
            known = cached.get(info.id)
            if known is not None and known.mandate_id and not refresh_mandates:
                continue
            calls += 1
            mandates[info.id] = self._mandate(info.id, customer_id, known)

        stripe = StripeState(methods, customer.default_payment_method_id, mandates, fetched_at,
                             added_by=added_by or {}, default_set_by=customer.default_set_by)
        with self._uow(write=True) as uow:
            uow.clients.lock(client_id)
            if uow.customer_links.customer_of(client_id) != customer_id:
                return ReconcileResult(client_id, 0, calls)  # relinked meanwhile: next run
            local = LocalState(
                uow.payment_methods.list_for_client(client_id, include_removed=True),
                default_pending=any(e.kind == KIND_SET_DEFAULT
                                    for e in uow.outbox.open_for_client(client_id)))
            changes = self._apply(uow, client_id, plan(client_id, local, stripe))
            uow.commit()
        if changes:
            log.info("reconciled client=%s changes=%s", client_id, changes)
        return ReconcileResult(client_id, changes, calls)

    def _mandate(self, pm_id: str, customer_id: str,
                 known: StoredPaymentMethod | None) -> MandateState:
        found: MandateInfo | None
        if known is not None and known.mandate_id:
            try:
                found = self._gateway.retrieve_mandate(known.mandate_id)
            except StripeRequestError as error:
                if not error.is_missing:
                    raise
                return MandateState("", "")
        else:
            found = self._gateway.find_mandate_for(pm_id, customer_id)
        return MandateState("", "") if found is None else MandateState(found.id, found.status)

    def _apply(self, uow: UnitOfWork, client_id: int, changes: list[Change]) -> int:
        """Apply the plan; returns how many local changes it made."""
        now = self._clock()
        count = 0
        methods = uow.payment_methods
        for change in changes:
            if isinstance(change, StoreMethod):
                done = methods.upsert(change.info, client_id, now)
                count += done.changed
                if change.audit is not None:
                    record_method_change(uow, done.method, change.audit, change.who, now)
            elif isinstance(change, StoreMandate):
                stored = methods.by_stripe_id(change.stripe_id)
                if stored is not None:
                    count += methods.set_mandate(stored.id, change.mandate.id,
                                                 change.mandate.status, now)
            elif isinstance(change, ForgetMethod):
                if change.audit is not None:
                    record_method_change(uow, change.method, change.audit, ELSEWHERE, now)
                count += methods.delete(change.method.id)
            elif isinstance(change, SetDefault):
                target = None if change.stripe_id is None else \
                    methods.by_stripe_id(change.stripe_id)
                if change.stripe_id is None or target is not None:
                    count += methods.set_default(client_id, target.id if target else None,
                                                 now)
                audited = target if change.stripe_id is not None else change.audited_method
                if change.audit is not None and isinstance(audited, StoredPaymentMethod):
                    record_method_change(uow, audited, change.audit, change.who, now)
        return count

    def _apply_deleted(self, client_id: int, customer_id: str, calls: int) -> ReconcileResult:
        """The customer was deleted in Stripe: its methods went with it. The client keeps its
        profile and gets a new customer the next time one is needed."""
        now = self._clock()
        with self._uow(write=True) as uow:
            uow.clients.lock(client_id)
            changes = 0
            for method in uow.payment_methods.list_for_client(client_id, include_removed=True):
                news = method.status not in (REMOVED, PENDING_VERIFICATION)
                if news:
                    record_method_change(uow, method, AuditAction.REMOVED, ELSEWHERE, now)
                    if method.is_default:
                        record_method_change(uow, method, AuditAction.DEFAULT_CLEARED,
                                             ELSEWHERE, now)
                changes += uow.payment_methods.delete(method.id)
            uow.customer_links.unlink(client_id, customer_id, now)
            uow.commit()
        log.info("client=%s: Stripe customer deleted elsewhere; unlinked", client_id)
        return ReconcileResult(client_id, changes + 1, calls, customer_deleted=True)
