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

from owl_desktop.payments.errors import StripeRequestError
from owl_desktop.payments.gateway import (
    CustomerInfo,
    MandateInfo,
    PaymentGateway,
    SetupIntentInfo,
)
from owl_desktop.store.outbox_repo import KIND_SET_DEFAULT
from owl_desktop.store.sync_cache_repo import PENDING_VERIFICATION
from owl_desktop.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

# Called when a bank account this desk saved as "pending verification" turns up attached in
# Stripe (its micro-deposits were verified): the payment-method service records it (audit trail,
# first usable method becomes the default). ``PaymentMethodService.record_setup_intent`` fits.
RecordSetup = Callable[[int, SetupIntentInfo], object]


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
                                      self._gateway.retrieve_setup_intent(known.setup_intent_id))
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
            open_entries = uow.outbox.open_for_client(client_id)
            default_pending = any(e.kind == KIND_SET_DEFAULT for e in open_entries)
            in_stripe = {m.id for m in methods}
            for info in methods:
                if cache.upsert_method(client_id, info, now):
                    changes += 1
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
                if cache.delete_method(local.id):
                    changes += 1
            if not default_pending:
                wanted = None
                if customer.default_payment_method_id:
                    row = cache.method_by_stripe_id(customer.default_payment_method_id)
                    wanted = row.id if row is not None and row.client_id == client_id else None
                if cache.set_default_method(client_id, wanted):
                    changes += 1
            uow.commit()
        if changes:
            log.info("reconciled client=%s changes=%s", client_id, changes)
        return ReconcileResult(client_id, changes, calls)

    def _apply_deleted(self, client_id: int, calls: int) -> ReconcileResult:
        """The customer was deleted in Stripe: its methods went with it. The client keeps its
        profile and gets a new customer the next time one is needed."""
        changes = 0
        with self._uow() as uow:
            for local in uow.sync_cache.methods_of(client_id):
                if uow.sync_cache.delete_method(local.id):
                    changes += 1
            uow.sync_cache.link_customer(client_id, None, None, self._clock())
            uow.commit()
        log.info("client=%s: Stripe customer deleted elsewhere; unlinked", client_id)
        return ReconcileResult(client_id, changes + 1, calls, customer_deleted=True)
