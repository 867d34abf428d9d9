"""Sending the outbox: queued local changes go to Stripe in order, per client, exactly once.

How "exactly once" holds across crashes:

1. The entry and its idempotency key were committed with the local change.
2. The drainer claims the entry (``in_progress`` with a lease) and commits, *then* calls Stripe
   with the stored key.
3. It records the outcome in a second transaction. A crash between 2 and 3 leaves the entry
   ``in_progress``; once the lease runs out it is sent again with the same key, and Stripe
   replays the first answer instead of acting twice.

Stripe forgets idempotency keys after 24 hours, so every operation is also idempotent by
itself: detaching a method that is already detached counts as done, and setting a default or
updating a profile states the wanted result rather than a step. An entry older than
``STALE_AFTER`` first checks Stripe's state and skips the call when it is already there.

Transient failures (network, 5xx, 429) back off and retry with the same key, honouring
``Retry-After``; a permanent one stops that client's queue with a sentence for staff.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from owl_desktop.payments.errors import StripeRequestError
from owl_desktop.payments.gateway import BillingAddress, CustomerDetails, PaymentGateway
from owl_desktop.services.customers import client_ref
from owl_desktop.store.outbox_repo import (
    KIND_CUSTOMER_CREATE,
    KIND_CUSTOMER_UPDATE,
    KIND_DETACH,
    KIND_SET_DEFAULT,
    OutboxEntry,
)
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory
from owl_desktop.sync.failures import Failure, backoff_delay, classify

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


@dataclass
class DrainResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    offline: bool = False
    rate_limited: bool = False
    errors: list[str] = field(default_factory=list)
    # Clients whose local data or pending state changed (sent, retried or failed entries).
    clients: set[int] = field(default_factory=set)


def details_from_payload(client_id: int, payload: dict[str, Any]) -> CustomerDetails:
    d = payload.get("details") or {}
    a = d.get("address") or {}
    return CustomerDetails(
        client_id=client_id, name=str(d.get("name", "")), email=str(d.get("email", "")),
        phone=str(d.get("phone", "")),
        address=BillingAddress(line1=str(a.get("line1", "")), line2=str(a.get("line2", "")),
                               city=str(a.get("city", "")), state=str(a.get("state", "")),
                               postal_code=str(a.get("postal_code", "")),
                               country=str(a.get("country", ""))))


class OutboxDrainer:
    def __init__(self, uow: UnitOfWorkFactory, gateway: PaymentGateway, *,
                 clock: Callable[[], datetime], lease: timedelta = DEFAULT_LEASE,
                 hook: Hook | None = None, rng: random.Random | None = None) -> None:
        self._uow = uow
        self._gateway = gateway
        self._clock = clock
        self._lease = lease
        self._hook = hook
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not crypto
        # After a 429, Stripe's Retry-After holds for every request, not just the one refused.
        self.paused_until: datetime | None = None

    def pause(self, seconds: float) -> None:
        until = self._clock() + timedelta(seconds=seconds)
        if self.paused_until is None or until > self.paused_until:
            self.paused_until = until

    def pause_remaining(self) -> float:
        if self.paused_until is None:
            return 0.0
        return max(0.0, (self.paused_until - self._clock()).total_seconds())

    def drain(self, *, should_stop: Callable[[], bool] = lambda: False,
              on_sent: Callable[[int], None] | None = None) -> DrainResult:
        """Send every entry that may go now. Stops early when offline or rate limited."""
        result = DrainResult()
        tried: set[int] = set()
        while not should_stop():
            with self._uow() as uow:
                heads = [e for e in uow.outbox.heads(self._clock()) if e.id not in tried]
            if not heads:
                break
            for head in heads:
                if should_stop():
                    break
                tried.add(head.id)
                outcome = self._send_one(head.id)
                if outcome is None:
                    continue
                if head.client_id is not None:
                    result.clients.add(head.client_id)
                if not isinstance(outcome, Failure):
                    result.sent += 1
                    if on_sent is not None:
                        on_sent(result.sent)
                    continue
                failure = outcome
                result.errors.append(failure.message)
                if failure.transient:
                    result.retried += 1
                else:
                    result.failed += 1
                if failure.rate_limited:
                    self.pause(failure.retry_after or backoff_delay(1, None, self._rng))
                if failure.offline or failure.rate_limited:
                    result.offline = failure.offline
                    result.rate_limited = failure.rate_limited
                    return result
        return result

    def _send_one(self, entry_id: int) -> str | Failure | None:
        now = self._clock()
        with self._uow() as uow:
            entry = uow.outbox.claim(entry_id, now, self._lease)
            uow.commit()
        if entry is None:
            return None  # another desk or thread has it
        self._notify("claimed", entry)
        try:
            self._perform(entry)
        except _AlreadyDone:
            pass
        except Exception as error:  # every failure is recorded, none dropped
            failure = classify(error)
            self._record_failure(entry, failure, error)
            return failure
        self._notify("sent", entry)
        with self._uow() as uow:
            self._apply_local(uow, entry)
            uow.outbox.mark_done(entry.id, self._clock())
            uow.commit()
        self._notify("recorded", entry)
        log.info("outbox sent id=%s kind=%s client=%s attempt=%s", entry.id, entry.kind,
                 entry.client_id, entry.attempts)
        return "sent"

    def _notify(self, point: str, entry: OutboxEntry) -> None:
        if self._hook is not None:
            self._hook(point, entry)

    def _record_failure(self, entry: OutboxEntry, failure: Failure, error: Exception) -> None:
        now = self._clock()
        with self._uow() as uow:
            if failure.transient:
                delay = backoff_delay(entry.attempts, failure.retry_after, self._rng)
                uow.outbox.schedule_retry(entry.id, now + timedelta(seconds=delay),
                                          failure.as_text(), now)
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
            return uow.sync_cache.customer_of(entry.client_id)

    def _perform(self, entry: OutboxEntry) -> None:
        if entry.kind == KIND_DETACH:
            self._detach(entry)
        elif entry.kind == KIND_SET_DEFAULT:
            self._set_default(entry)
        elif entry.kind == KIND_CUSTOMER_UPDATE:
            self._update_customer(entry)
        elif entry.kind == KIND_CUSTOMER_CREATE:
            self._create_customer(entry)
        else:
            raise ValueError(f"unknown outbox kind {entry.kind!r}")

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
            self._gateway.set_default_payment_method(customer, pm,
                                                     idempotency_key=entry.idempotency_key)
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
        self._gateway.update_customer(customer, details_from_payload(entry.client_id,
                                                                     entry.payload),
                                      idempotency_key=entry.idempotency_key)

    def _create_customer(self, entry: OutboxEntry) -> None:
        if entry.client_id is None or self._customer_of(entry) is not None:
            raise _AlreadyDone
        with self._uow() as uow:
            client = uow.clients.get(entry.client_id)
        # The client's reference (id + creation time) goes into the metadata, and a recovery
        # matches on it: another database's client with the same id (a reinstall on the same
        # Stripe account) must never be adopted.
        details = replace(details_from_payload(entry.client_id, entry.payload),
                          client_ref=client_ref(client))
        existing = None
        if self._stale(entry):
            existing = self._gateway.find_customer_by_client_id(
                entry.client_id, email=client.email, client_ref=details.client_ref)
        info = existing or self._gateway.create_customer(
            details, idempotency_key=entry.idempotency_key)
        with self._uow() as uow:
            if uow.sync_cache.customer_of(entry.client_id) is None:
                uow.sync_cache.link_customer(entry.client_id, info.id, info.livemode,
                                             self._clock())
            uow.commit()

    # Local effects once Stripe agrees ----------------------------------------------------

    def _apply_local(self, uow: UnitOfWork, entry: OutboxEntry) -> None:
        if entry.kind == KIND_DETACH:
            local = uow.sync_cache.method_by_stripe_id(str(entry.payload["payment_method"]))
            if local is not None:
                uow.sync_cache.delete_method(local.id)
