"""The charging calls of ``StripeGateway`` (PaymentIntents), kept in their own module.

See ``StripeGateway.charge_off_session`` for the request shapes (cards off-session; PAD with
its mandate) and ``find_charge`` for finding a charge whose answer was lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import stripe

from owl_desktop.payments.gateway import PaymentIntentInfo, PaymentMethodType
from owl_desktop.payments.stripe.errors import translate
from owl_desktop.payments.stripe.mapping import payment_intent_info

if TYPE_CHECKING:
    from stripe.params import PaymentIntentCreateParams


class ChargeCalls:
    """Mixed into ``StripeGateway``, which sets ``_client``."""

    _client: stripe.StripeClient

    def charge_off_session(self, *, customer_id: str, payment_method_id: str, amount: int,
                           currency: str, idempotency_key: str, description: str = "",
                           payment_method_type: PaymentMethodType = "card",
                           mandate_id: str | None = None,
                           metadata: Mapping[str, str] | None = None) -> PaymentIntentInfo:
        """Confirm at once, with nobody present. A decline raises ``CardDeclined`` (with the
        failed PaymentIntent's id); a PAD debit comes back ``processing`` and settles days
        later.

        Cards: ``off_session=true`` (the bank can't ask the cardholder to authenticate, so it
        declines with ``authentication_required`` instead of waiting).
        PAD (``acss_debit``): Stripe's "reuse a payment method with an existing authorized
        mandate" shape (docs.stripe.com/payments/acss-debit/set-up-payment, "Accept future
        payments"): ``payment_method``, ``customer`` and the ``mandate`` from the SetupIntent,
        ``confirm=true``; no ``mandate_data`` or ``payment_method_options[acss_debit]
        [mandate_options]``, which would ask for a new mandate (the customer must accept it).
        The currency must be the mandate's (CAD for the app's SetupIntents).
        """
        params: PaymentIntentCreateParams = {
            "amount": amount, "currency": currency.lower(), "customer": customer_id,
            "payment_method": payment_method_id, "confirm": True,
        }
        if payment_method_type == "acss_debit":
            if not mandate_id:
                raise ValueError("a PAD charge needs the payment method's mandate id")
            params["allowed_payment_method_types"] = ["acss_debit"]
            params["mandate"] = mandate_id
        else:
            params["allowed_payment_method_types"] = ["card"]
            params["off_session"] = True
        if description:
            params["description"] = description
        if metadata:
            params["metadata"] = dict(metadata)
        with translate("charge_off_session"):
            pi = self._client.v1.payment_intents.create(
                params=params, options={"idempotency_key": idempotency_key})
        return payment_intent_info(pi)

    def retrieve_payment_intent(self, payment_intent_id: str) -> PaymentIntentInfo:
        with translate("retrieve_payment_intent"):
            pi = self._client.v1.payment_intents.retrieve(payment_intent_id)
        return payment_intent_info(pi)

    def cancel_payment_intent(self, payment_intent_id: str, *,
                              idempotency_key: str) -> PaymentIntentInfo:
        with translate("cancel_payment_intent"):
            pi = self._client.v1.payment_intents.cancel(
                payment_intent_id, params={"cancellation_reason": "abandoned"},
                options={"idempotency_key": idempotency_key})
        return payment_intent_info(pi)

    def find_charge(self, customer_id: str, invoice_ref: str, attempt: int, *,
                    created_gte: int) -> PaymentIntentInfo | None:
        """Lists the customer's PaymentIntents since ``created_gte`` (Search would lag behind
        a charge made seconds ago) and matches the metadata."""
        with translate("list_payment_intents"):
            page = self._client.v1.payment_intents.list(params={
                "customer": customer_id, "created": {"gte": created_gte}, "limit": 100})
            for pi in page.auto_paging_iter():
                info = payment_intent_info(pi)
                if info.owl_invoice == invoice_ref and info.owl_attempt == attempt:
                    return info
        return None

