"""Sending one outbox entry to Stripe, exactly once: the step the sync's drain loop repeats and
the add flow takes for the customer creation it needs at once.

How "exactly once" holds across crashes:

1. The entry and its idempotency key were committed with the local change.
2. The sender claims the entry (``in_progress`` with a lease) and commits, *then* calls Stripe
   with the stored key.
3. It records the outcome in a second transaction. A crash between 2 and 3 leaves the entry
   ``in_progress``; once the lease runs out it is sent again with the same key, and Stripe
   replays the first answer instead of acting twice.

Stripe forgets idempotency keys after 24 hours, so every operation is also idempotent by
itself: detaching a method that is already detached counts as done, and setting a default or
updating a profile states the wanted result rather than a step. An entry older than
``STALE_AFTER`` first checks Stripe's state and skips the call when it is already there.

A failure is recorded on the entry: transient ones (network, 5xx, 429) back off and retry with
the same key, honouring ``Retry-After``; a permanent one waits for staff, with a sentence
for them, and holds back only the client's changes that depend on it (``core/failures.py``).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from owl_desktop.core import customers
from owl_desktop.core.failures import Failure, backoff_delay, classify
from owl_desktop.domain.audit import by_from_payload
from owl_desktop.domain.outbox import (
    KIND_CUSTOMER_CREATE,
    KIND_CUSTOMER_UPDATE,
    KIND_DETACH,
    KIND_SET_DEFAULT,
)
from owl_desktop.domain.stripe_records import StripeAccount
from owl_desktop.payments.errors import PaymentError, StripeRequestError
from owl_desktop.payments.gateway import CustomerInfo, PaymentGateway
from owl_desktop.store.outbox_repo import OutboxEntry
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

# Longer than any single call with its timeout: a live claim is never taken over.
DEFAULT_LEASE = timedelta(seconds=45)
# Stripe keeps idempotency keys 24 h; past this, check state before resending.
STALE_AFTER = timedelta(hours=23)

# What staff read when the method chosen as default was removed at Stripe meanwhile.
METHOD_GONE_MESSAGE = ("This payment method was removed at Stripe (on another desk or in the "
                       "Stripe Dashboard) after it was chosen here, so it can't be the default.")

# Test and diagnostics hook: called with ("claimed" | "sent" | "recorded", entry).
Hook = Callable[[str, OutboxEntry], None]


class _AlreadyDone(Exception):  # noqa: N818 - control flow, not a failure
    """Stripe is already in the wanted state; nothing to send."""


@dataclass(frozen=True)
class _Created:
    info: CustomerInfo
    adopted: bool


class OutboxSender:
    def __init__(self, uow: UnitOfWorkFactory, gateway: PaymentGateway,
                 account: StripeAccount, *, clock: Callable[[], datetime],
                 lease: timedelta = DEFAULT_LEASE, hook: Hook | None = None,
                 rng: random.Random | None = None) -> None:
        self._uow = uow
        self._gateway = gateway
        self._account = account
        self._clock = clock
        self._lease = lease
        self.hook = hook
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not crypto

    def send(self, entry_id: int, *, even_if_waiting: bool = False) -> str | Failure | None:
        """Claim, send and record one entry: "sent", the ``Failure`` recorded, or None when
        another desk or thread holds it. ``even_if_waiting``: don't wait out its backoff
        (staff asked for it now)."""
        now = self._clock()
        with self._uow() as uow:
            entry = uow.outbox.claim(entry_id, now, self._lease,
                                     even_if_waiting=even_if_waiting)
            uow.commit()
        if entry is None:
            return None
        self._notify("claimed", entry)
        created: _Created | None = None
        try:
            created = self._perform(entry)
        except _AlreadyDone:
            pass
        except Exception as error:  # every failure is recorded, none dropped
            failure = classify(error)
            self._record_failure(entry, failure, error)
            return failure
        self._notify("sent", entry)
        with self._uow(write=True) as uow:
            self._apply_local(uow, entry, created)
            uow.outbox.mark_done(entry.id, self._clock())
            uow.commit()
        self._notify("recorded", entry)
        log.info("outbox sent id=%s kind=%s client=%s attempt=%s", entry.id, entry.kind,
                 entry.client_id, entry.attempts)
        return "sent"

    def _notify(self, point: str, entry: OutboxEntry) -> None:
        if self.hook is not None:
            self.hook(point, entry)

    def _record_failure(self, entry: OutboxEntry, failure: Failure, error: Exception) -> None:
        now = self._clock()
        with self._uow(write=True) as uow:
            if failure.transient:
                delay = backoff_delay(entry.attempts, failure.retry_after, self._rng)
                uow.outbox.schedule_retry(entry.id, now + timedelta(seconds=delay),
                                          failure.as_text(), now)
            elif entry.kind == KIND_CUSTOMER_CREATE and isinstance(error, PaymentError):
                # Stripe refused to make it (nothing was made): the next need queues a new
                # creation with the profile as it is then, instead of replaying this refusal.
                uow.outbox.mark_failed(entry.id, failure.as_text(), now)
                uow.outbox.discard(entry.id, now)
            else:
                uow.outbox.mark_failed(entry.id, failure.as_text(), now)
            uow.commit()
        if failure.transient:
            log.info("outbox id=%s kind=%s will retry: %s", entry.id, entry.kind, failure.code)
        else:
            log.warning("outbox id=%s kind=%s failed for good: %s (%s)", entry.id, entry.kind,
                        failure.code, getattr(error, "detail", "") or type(error).__name__)

    # Sending each kind -------------------------------------------------------------------

    def _stale(self, entry: OutboxEntry) -> bool:
        return self._clock() - entry.created_at > STALE_AFTER

    def _customer_of(self, entry: OutboxEntry) -> str | None:
        if entry.client_id is None:
            return None
        with self._uow() as uow:
            return uow.customer_links.customer_of(entry.client_id)

    def _perform(self, entry: OutboxEntry) -> _Created | None:
        if entry.kind == KIND_DETACH:
            self._detach(entry)
        elif entry.kind == KIND_SET_DEFAULT:
            self._set_default(entry)
        elif entry.kind == KIND_CUSTOMER_UPDATE:
            self._update_customer(entry)
        elif entry.kind == KIND_CUSTOMER_CREATE:
            return self._create_customer(entry)
        else:
            raise ValueError(f"unknown outbox kind {entry.kind!r}")
        return None

    def _detach(self, entry: OutboxEntry) -> None:
        pm = str(entry.payload["payment_method"])
        if self._stale(entry) and self._is_detached(pm):
            raise _AlreadyDone
        try:
            self._gateway.detach_payment_method(pm, idempotency_key=entry.idempotency_key)
        except StripeRequestError:
            # Detached or deleted elsewhere meanwhile? Then the wanted state holds.
            if self._is_detached(pm):
                raise _AlreadyDone from None
            raise

    def _is_detached(self, pm: str) -> bool:
        try:
            info = self._gateway.retrieve_payment_method(pm)
        except StripeRequestError as error:
            if error.is_missing:
                return True
            raise
        return info.customer_id is None

    def _set_default(self, entry: OutboxEntry) -> None:
        customer = self._customer_of(entry)
        if customer is None:
            raise _AlreadyDone  # no Stripe customer: no methods, nothing to point at
        pm = entry.payload.get("payment_method")
        pm = str(pm) if pm else None
        if self._stale(entry) and self._default_of(customer) == pm:
            raise _AlreadyDone
        try:
            self._gateway.set_default_payment_method(
                customer, pm, idempotency_key=entry.idempotency_key,
                made_by=by_from_payload(entry.payload.get("by")))
        except StripeRequestError as error:
            # Like _detach: a refusal of a state Stripe already holds (a clear Stripe won't
            # take as "", a key reused by another desk, the default method detached elsewhere
            # so Stripe cleared it itself) is no failure.
            if self._default_of(customer) == pm:
                raise _AlreadyDone from None
            if pm is not None and not self._is_attached_to(pm, customer):
                # Removed elsewhere (another desk, the Dashboard) after this desk chose it: a
                # conflict for staff (DESIGN: visible, not guessed at), in plain words rather
                # than Stripe's "The customer does not have a payment method with the ID…".
                raise StripeRequestError(
                    METHOD_GONE_MESSAGE, param=error.param, stripe_code=error.stripe_code,
                    http_status=error.http_status, request_id=error.request_id,
                    detail=error.detail) from error
            raise

    def _default_of(self, customer: str) -> str | None:
        return self._gateway.retrieve_customer(customer).default_payment_method_id

    def _is_attached_to(self, pm: str, customer: str) -> bool:
        try:
            info = self._gateway.retrieve_payment_method(pm)
        except StripeRequestError as error:
            if error.is_missing:
                return False
            raise
        return info.customer_id == customer

    def _update_customer(self, entry: OutboxEntry) -> None:
        customer = self._customer_of(entry)
        if customer is None or entry.client_id is None:
            raise _AlreadyDone  # created later with the then-current profile
        self._gateway.update_customer(
            customer, customers.details_from_payload(entry.client_id, entry.payload),
            idempotency_key=entry.idempotency_key)

    def _create_customer(self, entry: OutboxEntry) -> _Created:
        if entry.client_id is None or self._customer_of(entry) is not None:
            raise _AlreadyDone
        info, adopted = customers.send_creation(self._uow, self._gateway, entry,
                                                stale=self._stale(entry))
        return _Created(info, adopted)

    # Local effects once Stripe agrees ----------------------------------------------------

    def _apply_local(self, uow: UnitOfWork, entry: OutboxEntry,
                     created: _Created | None) -> None:
        if entry.kind == KIND_DETACH:
            uow.payment_methods.delete_by_stripe_id(str(entry.payload["payment_method"]))
        elif created is not None and entry.client_id is not None:
            customers.link_created(uow, entry.client_id, created.info, adopted=created.adopted,
                                   account=self._account, now=self._clock())
