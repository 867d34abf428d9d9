"""Refunds of a payment, whole or part: Stripe's vocabulary and our rules, without I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

# Stripe's refund reasons (``reason``); "" when staff gave none of these (their note says why).
RefundReason = Literal["", "duplicate", "fraudulent", "requested_by_customer"]
REASONS: tuple[RefundReason, ...] = ("requested_by_customer", "duplicate", "fraudulent", "")

# Stripe's refund statuses.
PENDING = "pending"
SUCCEEDED = "succeeded"
FAILED = "failed"
CANCELED = "canceled"
REQUIRES_ACTION = "requires_action"
# Ours: the row is written before the call, and stays so until Stripe answers.
SENDING = "sending"
# The client's history (audit_log.action): a refund made (at a desk, or noticed by sync when
# made elsewhere), and one Stripe had accepted that the card's bank refused later.
REFUND_AUDIT = "refund"
REFUND_FAILED_AUDIT = "refund_failed"
# Statuses whose amount is (or may still be) taken back from the payment.
COUNTED = (SENDING, PENDING, SUCCEEDED, REQUIRES_ACTION)


@dataclass(frozen=True)
class Refund:
    id: int
    payment_intent_id: str
    stripe_refund_id: str | None
    amount: int
    currency: str
    status: str
    reason: str
    note: str
    created_at: datetime
    client_id: int | None = None
    charge_id: str = ""
    failure_reason: str = ""
    actor: str = ""
    desk: str = ""
    idempotency_key: str | None = None


def refundable(paid: int, refunds: list[Refund]) -> int:
    """What is left to refund of a payment of ``paid`` cents."""
    return max(0, paid - sum(r.amount for r in refunds if r.status in COUNTED))
