"""What the app keeps of Stripe's objects, as plain values shared by every layer.

The gateway (``payments/``) returns these and the store persists them, so they live here rather
than in either: the store must not depend on the payments layer. Never a full card or account
number: Stripe never sends one to a secret key anyway, and there is no field for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

PaymentMethodType = Literal["card", "acss_debit"]

# A PAD account awaiting micro-deposits: Stripe's SetupIntent ``next_action.type``.
VERIFY_WITH_MICRODEPOSITS = "verify_with_microdeposits"


@dataclass(frozen=True)
class BillingAddress:
    line1: str = ""
    line2: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""


@dataclass(frozen=True)
class PaymentMethodInfo:
    """A payment method as the app may keep it: last 4 digits only, never a full number."""

    id: str
    type: PaymentMethodType
    customer_id: str | None
    livemode: bool
    last4: str
    fingerprint: str = ""
    # Cards
    brand: str = ""
    exp_month: int | None = None
    exp_year: int | None = None
    # Canadian PAD (acss_debit)
    bank_name: str = ""
    institution_number: str = ""
    transit_number: str = ""
    # Billing details (holder name, email, address)
    holder_name: str = ""
    holder_email: str = ""
    billing_address: BillingAddress = field(default_factory=BillingAddress)
    created: int = 0


@dataclass(frozen=True)
class StripeAccount:
    """The Stripe account and mode a connection talks to: ids only mean something inside it."""

    id: str
    livemode: bool


@dataclass(frozen=True)
class CustomerLink:
    """A client's Stripe customer, with the account and mode it was made in."""

    client_id: int
    customer_id: str
    livemode: bool | None
    account_id: str | None
