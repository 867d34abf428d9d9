"""Refunds through the gateway: the result type and the calls (``RefundGateway``), kept apart
from ``gateway.py`` so the charge path and refunds grow independently. ``StripeGateway``
implements both protocols."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

# Our key in a refund's metadata: finds the local row written before the call, and tells
# refunds made here from those made in Stripe's Dashboard.
METADATA_REFUND_KEY = "owl_refund_key"


@dataclass(frozen=True)
class RefundInfo:
    id: str
    amount: int  # minor units
    currency: str
    status: str  # pending, requires_action, succeeded, failed, canceled
    payment_intent_id: str | None
    charge_id: str | None
    reason: str | None
    created: int
    livemode: bool
    customer_id: str | None = None
    failure_reason: str | None = None
    # Our idempotency key when the refund was made by the app (its metadata), else None.
    owl_key: str | None = None


class RefundGateway(Protocol):
    def create_refund(self, *, payment_intent_id: str, amount: int | None, reason: str | None,
                      idempotency_key: str) -> RefundInfo:
        """Refund ``amount`` (None: what is left) of a succeeded PaymentIntent."""
        ...

    def retrieve_refund(self, refund_id: str) -> RefundInfo: ...

    def list_refunds(self, payment_intent_id: str) -> list[RefundInfo]:
        """Every refund of a PaymentIntent, newest first (a call per 100)."""
        ...

    def list_refunds_since(self, created_gte: int, *, limit: int = 100,
                           starting_after: str | None = None
                           ) -> tuple[list[RefundInfo], bool]:
        """One page of the account's refunds created at or after ``created_gte`` (Unix
        seconds), newest first, and whether more follow (one call)."""
        ...
