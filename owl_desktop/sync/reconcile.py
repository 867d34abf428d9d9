"""Make one client's cached payment methods, default and mandates equal to Stripe's.

Stripe is the truth for payment methods, except for changes this desk has queued and not yet
sent: those stay as the desk made them (a method being removed stays "removed", a default being
changed stays the new one) until the outbox has sent them, so a sync never undoes a staff
action that is still on its way.

Network first, then one short local transaction: no database lock is held during a call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from owl_desktop.domain.payment_methods import AuditAction, StoredPaymentMethod
from owl_desktop.payments.errors import StripeRequestError
from owl_desktop.payments.gateway import (
    CustomerInfo,
    MandateInfo,
    PaymentGateway,
    SetupIntentInfo,
)
from owl_desktop.services.audit import ELSEWHERE, NOTICED_BY_SYNC, Workstation
from owl_desktop.store.outbox_repo import KIND_SET_DEFAULT
from owl_desktop.store.sync_cache_repo import PENDING_VERIFICATION, REMOVED, CachedMethod
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

# Called when a bank account this desk saved as "pending verification" turns up attached in
# Stripe (its micro-deposits were verified): the payment-method service records it (audit trail
# "verified", first usable method becomes the default). ``PaymentMethodService.
# record_setup_intent`` fits; the third argument says who to audit (``ELSEWHERE``).
RecordSetup = Callable[[int, SetupIntentInfo, Workstation], object]


@dataclass(frozen=True)
class ReconcileResult:
    client_id: int
    changes: int
    api_calls: int
    customer_deleted: bool = False


class Reconciler:
    def __init__(self, uow: UnitOfWorkFactory, gateway: PaymentGateway,
                 clock: Callable[[], datetime]) -> None:
        self._uow = uow
        self._gateway = gateway
        self._clock = clock
        self.record_setup: RecordSetup | None = None

    def reconcile_client(self, client_id: int, *, customer: CustomerInfo | None = None,
                         refresh_mandates: bool = False) -> ReconcileResult:
        """Fetch the client's customer (unless given) and methods, then apply them locally.

        ``refresh_mandates`` re-reads the mandate of every bank-debit method; otherwise only
        methods whose mandate isn't known yet cost a call.
        """
        with self._uow() as uow:
            customer_id = uow.sync_cache.customer_of(client_id)
            cached = {m.stripe_id: m for m in uow.sync_cache.methods_of(client_id)}
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
            return self._apply_deleted(client_id, calls)

        calls += 1
        methods = self._gateway.list_payment_methods(customer_id)
        if self.record_setup is not None:
            for info in methods:
                known = cached.get(info.id)
                if known is not None and known.status == PENDING_VERIFICATION \
                        and known.setup_intent_id:
                    calls += 1
                    self.record_setup(client_id,
                                      self._gateway.retrieve_setup_intent(known.setup_intent_id),
                                      ELSEWHERE)
        mandates: dict[str, MandateInfo | None] = {}
        for info in methods:
            if info.type != "acss_debit":
                continue
            known = cached.get(info.id)
            if known is not None and known.mandate_id and not refresh_mandates:
                continue
            calls += 1
            if known is not None and known.mandate_id:
                try:
                    mandates[info.id] = self._gateway.retrieve_mandate(known.mandate_id)
                except StripeRequestError as error:
                    if not error.is_missing:
                        raise
                    mandates[info.id] = None
            else:
                mandates[info.id] = self._gateway.find_mandate_for(info.id, customer_id)

        now = self._clock()
        changes = 0
        with self._uow() as uow:
            cache = uow.sync_cache
            if cache.customer_of(client_id) != customer_id:
                return ReconcileResult(client_id, 0, calls)  # relinked meanwhile: next run
            trail = _Trail(uow, client_id, now)
            open_entries = uow.outbox.open_for_client(client_id)
            default_pending = any(e.kind == KIND_SET_DEFAULT for e in open_entries)
            in_stripe = {m.id for m in methods}
            for info in methods:
                before = cache.method_by_stripe_id(info.id)
                if cache.upsert_method(client_id, info, now):
                    changes += 1
                    trail.after_upsert(before, info.id)
                mandate = mandates.get(info.id)
                row = cache.method_by_stripe_id(info.id)
                if row is not None and info.id in mandates:
                    mid, status = (mandate.id, mandate.status) if mandate else ("", "")
                    if cache.set_mandate(row.id, mid, status, now):
                        changes += 1
            for local in cache.methods_of(client_id):
                if local.stripe_id in in_stripe:
                    continue
                if local.status == PENDING_VERIFICATION:
                    continue  # not attached until its micro-deposits are verified
                if local.created_at >= fetched_at:
                    continue  # added on this desk while we were fetching
                trail.before_delete(local)
                if cache.delete_method(local.id):
                    changes += 1
            if not default_pending:
                wanted = None
                if customer.default_payment_method_id:
                    row = cache.method_by_stripe_id(customer.default_payment_method_id)
                    wanted = row.id if row is not None and row.client_id == client_id else None
                if cache.set_default_method(client_id, wanted):
                    changes += 1
            trail.default_outcome()
            uow.commit()
        if changes:
            log.info("reconciled client=%s changes=%s", client_id, changes)
        return ReconcileResult(client_id, changes, calls)

    def _apply_deleted(self, client_id: int, calls: int) -> ReconcileResult:
        """The customer was deleted in Stripe: its methods went with it. The client keeps its
        profile and gets a new customer the next time one is needed."""
        changes = 0
        with self._uow() as uow:
            trail = _Trail(uow, client_id, self._clock())
            for local in uow.sync_cache.methods_of(client_id):
                trail.before_delete(local)
                if uow.sync_cache.delete_method(local.id):
                    changes += 1
            trail.default_outcome()
            uow.sync_cache.link_customer(client_id, None, None, self._clock())
            uow.commit()
        log.info("client=%s: Stripe customer deleted elsewhere; unlinked", client_id)
        return ReconcileResult(client_id, changes + 1, calls, customer_deleted=True)


class _Trail:
    """Audit rows for what a reconcile changes locally: methods added, verified or removed
    elsewhere, and the default changed or cleared there ("Stripe" / "elsewhere"), so the trail
    holds every change, not only those made on this desk.

    Only changes to what staff see count: a row this desk already marked removed (its detach
    is on its way or done) or still pending verification isn't news when Stripe agrees.
    """

    def __init__(self, uow: UnitOfWork, client_id: int, now: datetime) -> None:
        self._uow = uow
        self._client_id = client_id
        self._now = now
        self._default_before = uow.sync_cache.default_method_id(client_id)
        self._removed: dict[int, StoredPaymentMethod] = {}

    def after_upsert(self, before: CachedMethod | None, stripe_id: str) -> None:
        stored = self._uow.payment_methods.by_stripe_id(stripe_id)
        if stored is None or stored.client_id != self._client_id:
            return
        if before is None or before.client_id != self._client_id:
            self._record(stored, AuditAction.ADDED)
        elif before.status == PENDING_VERIFICATION and stored.status != PENDING_VERIFICATION:
            self._record(stored, AuditAction.VERIFIED)

    def before_delete(self, local: CachedMethod) -> None:
        if local.status in (REMOVED, PENDING_VERIFICATION):
            return
        stored = self._uow.payment_methods.get(local.id)
        self._removed[local.id] = stored
        self._record(stored, AuditAction.REMOVED)

    def default_outcome(self) -> None:
        after = self._uow.sync_cache.default_method_id(self._client_id)
        before = self._default_before
        if after == before:
            return
        if after is not None:
            self._record(self._uow.payment_methods.get(after), AuditAction.SET_DEFAULT)
            return
        gone = self._removed.get(before) if before is not None else None
        if gone is None and before is not None:
            gone = self._uow.payment_methods.get(before)
        if gone is not None and gone.status != REMOVED:
            self._record(gone, AuditAction.DEFAULT_CLEARED)

    def _record(self, method: StoredPaymentMethod, action: str) -> None:
        self._uow.audit.record(
            client_id=self._client_id, at=self._now, actor=ELSEWHERE.actor,
            desk=ELSEWHERE.desk, action=action, method_type=method.type,
            method_label=method.label, last4=method.last4, detail=NOTICED_BY_SYNC)
