"""Refunds of a payment, whole or part, from a desk: behind the clinic administrator's
passphrase, through Stripe, recorded in the client's history and the administrator's.

Safe against crashes and retries: the refund's row and its idempotency key
(``refund:{payment intent}:{random}``, unique across every database sharing the Stripe
account) are committed before the call; the call carries the key (and puts it in the refund's
metadata). A refund whose answer was lost stays *sending* and ``resume`` replays the same key
(Stripe answers with the refund it made, never a second one); the sync also matches the
``refund.created`` event to the row by that key.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from owl_desktop.core.clock import Clock, utc_now
from owl_desktop.domain.admin_history import refund_detail
from owl_desktop.domain.billing import Payment, PaymentStatus
from owl_desktop.domain.refunds import REFUND_AUDIT as REFUND_AUDIT  # the client's history
from owl_desktop.domain.refunds import Refund, refundable
from owl_desktop.errors import UserFacingError
from owl_desktop.payments.errors import PaymentError, StripeRequestError, StripeUnavailable
from owl_desktop.payments.refunds import RefundGateway, RefundInfo
from owl_desktop.services.admin_passphrase import AdminAction, AdminPassphraseService
from owl_desktop.services.audit import WorkstationProvider, this_workstation
from owl_desktop.services.customers import not_connected
from owl_desktop.services.receipts import money as receipt_money
from owl_desktop.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)


class RefundRefusedError(UserFacingError):
    """Nothing refunded (``reason``: nothing_left, too_much, not_paid)."""

    def __init__(self, message: str, reason: str, hint: str = "",
                 params: dict[str, str] | None = None,
                 amounts: dict[str, tuple[int, str]] | None = None) -> None:
        super().__init__(message, hint=hint, params=params, amounts=amounts)
        self.reason = reason


@dataclass(frozen=True)
class RefundablePayment:
    payment: Payment
    left_cents: int
    client_name: str


@dataclass(frozen=True)
class RefundRequest:
    payment_intent_id: str
    amount: int | None  # minor units; None: all that is left
    reason: str  # Stripe's: requested_by_customer, duplicate, fraudulent, or ""
    note: str = ""  # staff's own words, kept here (never sent to Stripe)
    client_id: int | None = None


class LazyGateway:
    """The connection's gateway at call time (Settings → Stripe may switch it while the app
    runs): ``LazyGateway(current_gateway)`` refuses when Stripe isn't connected."""

    def __init__(self, source: Callable[[], object | None]) -> None:
        self._source = source

    def __getattr__(self, name: str) -> Any:
        gateway = self._source()
        if gateway is None:
            raise not_connected()
        return getattr(gateway, name)


def money(amount: int, currency: str) -> str:
    """For the client's history entry (stored as written; not shown to staff as is)."""
    return f"{amount // 100}.{amount % 100:02d} {currency.upper()}"


class RefundService:
    def __init__(self, uow: UnitOfWorkFactory, gateway: object,
                 admin: AdminPassphraseService, clock: Clock = utc_now,
                 workstation: WorkstationProvider = this_workstation) -> None:
        """``gateway``: the connection's gateway (any ``RefundGateway``; the metered one)."""
        self._uow = uow
        self._gateway = cast(RefundGateway, gateway)
        self._admin = admin
        self._clock = clock
        self._workstation = workstation

    def refundable_payments(self, limit: int = 200) -> list[RefundablePayment]:
        """Charges that succeeded (cards, settled debits) with something left to refund,
        newest first."""
        out: list[RefundablePayment] = []
        with self._uow() as uow:
            paid = [p for p in uow.payments.with_status(PaymentStatus.SUCCEEDED)
                    if p.is_charge and p.payment_intent_id]
            for payment in sorted(paid, key=lambda p: p.created_at, reverse=True)[:limit]:
                left = refundable(payment.amount_cents,
                                  uow.refunds.for_payment(payment.payment_intent_id))
                if left > 0:
                    out.append(RefundablePayment(payment, left,
                                                 uow.clients.name_of(payment.client_id)))
        return out

    def refund_payment(self, payment: Payment, amount: int | None, reason: str, note: str,
                       passphrase: str) -> Refund:
        """``refund`` for one of billing's payments."""
        return self.refund(RefundRequest(payment.payment_intent_id, amount, reason, note,
                                         payment.client_id),
                           paid=payment.amount_cents, currency=payment.currency,
                           passphrase=passphrase)

    def for_payment(self, payment_intent_id: str) -> list[Refund]:
        with self._uow() as uow:
            return uow.refunds.for_payment(payment_intent_id)

    def left_to_refund(self, payment_intent_id: str, paid: int) -> int:
        return refundable(paid, self.for_payment(payment_intent_id))

    def refund(self, request: RefundRequest, *, paid: int, currency: str,
               passphrase: str) -> Refund:
        """Refund (part of) a payment of ``paid`` minor units. Raises ``PassphraseError``,
        ``RefundRefusedError`` (nothing sent), or the gateway's ``PaymentError``."""
        self._admin.verify(passphrase, AdminAction.REFUND)
        key = f"refund:{request.payment_intent_id}:{uuid.uuid4().hex}"
        with self._uow(write=True) as uow:
            left = refundable(paid, uow.refunds.for_payment(request.payment_intent_id))
            amount = left if request.amount is None else request.amount
            if left <= 0:
                raise RefundRefusedError("This payment has already been refunded in full.",
                                    "nothing_left")
            if amount <= 0 or amount > left:
                raise RefundRefusedError(
                    "At most {left} can be refunded of this payment.", "too_much",
                    params={"left": receipt_money(left, currency, "en")},
                    amounts={"left": (left, currency)})
            who = self._workstation(uow)
            now = self._clock()
            refund = uow.refunds.start(
                key=key, payment_intent_id=request.payment_intent_id,
                client_id=request.client_id, amount=amount, currency=currency,
                reason=request.reason, note_text=request.note, actor=who.actor,
                desk=who.desk, now=now, livemode=False)
            detail = f"{money(amount, currency)} {request.reason}".strip()
            paid_by = uow.payments.by_intent(request.payment_intent_id)
            invoice = uow.invoices.get(paid_by.invoice_id).number if paid_by else ""
            self._admin.record(uow, AdminAction.REFUND, refund_detail(
                payment_intent_id=request.payment_intent_id, amount_cents=amount,
                currency=currency, reason=request.reason, note=request.note, invoice=invoice,
                client=(uow.clients.name_of(request.client_id)
                        if request.client_id is not None else "")))
            if request.client_id is not None:
                uow.audit.record(client_id=request.client_id, at=now, actor=who.actor,
                                 desk=who.desk, action=REFUND_AUDIT, detail=detail)
            uow.commit()
        return self._send(refund)

    def resume(self) -> int:
        """Replay refunds left *sending* (their answer lost): same key, so Stripe returns the
        refund it made, if it made one. Returns how many were settled."""
        with self._uow() as uow:
            unsent = uow.refunds.unanswered()
        settled = 0
        for refund in unsent:
            try:
                self._send(refund)
                settled += 1
            except PaymentError:
                log.warning("refund %s still not answered", refund.id, exc_info=True)
        return settled

    def _send(self, refund: Refund) -> Refund:
        assert refund.idempotency_key is not None
        try:
            info = self._gateway.create_refund(
                payment_intent_id=refund.payment_intent_id, amount=refund.amount,
                reason=refund.reason or None, idempotency_key=refund.idempotency_key)
        except StripeUnavailable:
            raise  # the row stays "sending": resume() replays the same key
        except StripeRequestError:
            with self._uow(write=True) as uow:
                uow.refunds.forget_unsent(refund.idempotency_key)
                uow.commit()
            raise
        return self._record(refund, info)

    def _record(self, refund: Refund, info: RefundInfo) -> Refund:
        assert refund.idempotency_key is not None
        with self._uow(write=True) as uow:
            uow.refunds.record_answer(refund.idempotency_key, stripe_refund_id=info.id,
                                      charge_id=info.charge_id or "", status=info.status,
                                      failure_reason=info.failure_reason or "",
                                      now=self._clock())
            uow.commit()
            found = uow.refunds.by_key(refund.idempotency_key)
        log.info("refund %s: %s", info.id, info.status)
        return found or refund
