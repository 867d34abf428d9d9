"""Refund calls of ``StripeGateway`` (a mixin over its ``StripeClient``), typed by
stripe-python's ``RefundCreateParams``. Our idempotency key rides in the refund's metadata as
well, so the sync can match a refund event to the row written before the call."""

from __future__ import annotations

from typing import TYPE_CHECKING

import stripe

from owl_desktop.payments.refunds import METADATA_REFUND_KEY, RefundInfo
from owl_desktop.payments.stripe.errors import translate
from owl_desktop.payments.stripe.mapping import get_field, is_livemode, object_id

if TYPE_CHECKING:
    from stripe.params import RefundCreateParams, RefundListParams


def refund_info(refund: stripe.Refund) -> RefundInfo:
    metadata = get_field(refund, "metadata") or {}
    return RefundInfo(
        id=refund.id, amount=refund.amount, currency=refund.currency,
        status=str(refund.status or "pending"),
        payment_intent_id=object_id(get_field(refund, "payment_intent")),
        charge_id=object_id(get_field(refund, "charge")),
        reason=get_field(refund, "reason"), created=refund.created,
        livemode=is_livemode(refund),
        customer_id=object_id(get_field(refund, "customer")),
        failure_reason=get_field(refund, "failure_reason"),
        owl_key=get_field(metadata, METADATA_REFUND_KEY))


class RefundCalls:
    _client: stripe.StripeClient

    def create_refund(self, *, payment_intent_id: str, amount: int | None, reason: str | None,
                      idempotency_key: str) -> RefundInfo:
        params: RefundCreateParams = {"payment_intent": payment_intent_id,
                                      "metadata": {METADATA_REFUND_KEY: idempotency_key}}
        if amount is not None:
            params["amount"] = amount
        if reason in ("duplicate", "fraudulent", "requested_by_customer"):
            params["reason"] = reason
        with translate("create_refund"):
            refund = self._client.v1.refunds.create(
                params=params, options={"idempotency_key": idempotency_key})
        return refund_info(refund)

    def retrieve_refund(self, refund_id: str) -> RefundInfo:
        with translate("retrieve_refund"):
            return refund_info(self._client.v1.refunds.retrieve(refund_id))

    def list_refunds(self, payment_intent_id: str) -> list[RefundInfo]:
        params: RefundListParams = {"payment_intent": payment_intent_id, "limit": 100}
        with translate("list_refunds"):
            page = self._client.v1.refunds.list(params=params)
            return [refund_info(r) for r in page.auto_paging_iter()]

    def list_refunds_since(self, created_gte: int, *, limit: int = 100,
                           starting_after: str | None = None
                           ) -> tuple[list[RefundInfo], bool]:
        params: RefundListParams = {"created": {"gte": created_gte}, "limit": limit}
        if starting_after is not None:
            params["starting_after"] = starting_after
        with translate("list_refunds_since"):
            page = self._client.v1.refunds.list(params=params)
        return [refund_info(r) for r in page.data], bool(page.has_more)
