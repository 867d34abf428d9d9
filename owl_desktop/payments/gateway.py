"""What the app asks of Stripe, in business terms, and what it gets back.

Results are our own frozen dataclasses, never SDK objects, so the rest of the app does not
depend on stripe-python and tests can reason about plain values. Every mutating call takes an
``idempotency_key`` that the caller derived from the business action and persisted *before*
calling (see the outbox), so a retry after a crash is applied by Stripe once.

Errors: implementations raise subclasses of ``owl_desktop.payments.errors.PaymentError``
(a ``UserFacingError``) carrying Stripe's ``user_message`` where Stripe gives one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from owl_desktop.domain.audit import Workstation
from owl_desktop.domain.stripe_records import (
    BillingAddress,
    PaymentMethodInfo,
    PaymentMethodType,
)

__all__ = ["BillingAddress", "PaymentMethodInfo", "PaymentMethodType"]  # defined in domain

# How a bank account (acss_debit) is verified: "automatic" offers the bank login (instant) or
# its numbers typed in (micro-deposits, 1-2 business days); "instant" the bank login only.
BankVerification = Literal["automatic", "instant"]

SetupIntentStatus = Literal[
    "requires_payment_method", "requires_confirmation", "requires_action", "processing",
    "succeeded", "canceled",
]


@dataclass(frozen=True)
class CustomerDetails:
    """What we send Stripe about a client (never more)."""

    client_id: int
    name: str
    email: str
    phone: str
    address: BillingAddress
    # Tells this database's client N from another database's (a reinstall, a test run on the
    # same Stripe account): stored as metadata.owl_client_ref, checked when recovering.
    client_ref: str = ""


@dataclass(frozen=True)
class CustomerInfo:
    id: str
    livemode: bool
    default_payment_method_id: str | None
    deleted: bool = False
    owl_client_id: int | None = None
    owl_client_ref: str = ""
    # Contact details as Stripe holds them (to compare with the local profile after sync).
    name: str = ""
    email: str = ""
    phone: str = ""
    address: BillingAddress = field(default_factory=BillingAddress)
    # Unix seconds (0 when unknown, e.g. a deleted customer): picks the canonical one of two
    # customers made for one client (the oldest).
    created: int = 0
    # Who chose the current default at a desk (the customer's metadata names the method it
    # was set for); None when unknown or set elsewhere (the Dashboard, the portal).
    default_set_by: Workstation | None = None


@dataclass(frozen=True)
class SetupIntentInfo:
    id: str
    status: SetupIntentStatus
    customer_id: str | None
    # Goes to Stripe.js only; kept out of repr so logging the object can't leak it.
    client_secret: str = field(repr=False)
    payment_method_types: tuple[str, ...]
    livemode: bool
    payment_method: PaymentMethodInfo | None = None
    # Set even when the method is not expanded (e.g. after create or cancel).
    payment_method_id: str | None = None
    # e.g. "verify_with_microdeposits" when a PAD account awaits micro-deposits
    next_action_type: str | None = None
    mandate_id: str | None = None
    # When the mandate was expanded (retrieve_setup_intent): "active", "inactive", "pending".
    mandate_status: str | None = None
    last_error_code: str | None = None
    last_error_message: str | None = None


@dataclass(frozen=True)
class MandateInfo:
    id: str
    status: Literal["active", "inactive", "pending"]
    payment_method_id: str
    livemode: bool


@dataclass(frozen=True)
class PaymentIntentInfo:
    id: str
    status: str  # succeeded, processing, requires_payment_method, requires_action, canceled...
    amount: int  # minor units
    currency: str
    customer_id: str | None
    payment_method_id: str | None
    livemode: bool
    failure_code: str | None = None
    failure_message: str | None = None
    # The invoice it charges (``metadata.owl_invoice``, the invoice's uuid) and the attempt
    # (``metadata.owl_attempt``): how sync finds a charge whose answer was never recorded.
    owl_invoice: str = ""
    owl_attempt: int | None = None
    # What Stripe.js needs to let the customer confirm it (secret-key reads only; never
    # logged or stored): the portal hands it to that customer's own page.
    client_secret: str = field(default="", repr=False)


@dataclass(frozen=True)
class StripeEvent:
    id: str
    type: str
    created: int
    object_type: str  # "customer", "payment_method", "setup_intent", "mandate", ...
    object_id: str
    # Customer the object belongs to, when the event's object names one.
    customer_id: str | None = None
    livemode: bool = False
    # A SetupIntent's: the method it saved, and who started it (its metadata), if known.
    payment_method_id: str | None = None
    made_by: Workstation | None = None


@dataclass(frozen=True)
class EventPage:
    """Events strictly newer than the cursor asked for, **oldest first**.

    ``has_more`` is true when events newer than the last one here exist: ask again with
    ``after_event_id=events[-1].id``.
    """

    events: tuple[StripeEvent, ...]
    has_more: bool


@dataclass(frozen=True)
class AccountInfo:
    id: str
    livemode: bool
    display_name: str
    country: str = ""
    default_currency: str = ""


class PaymentGateway(Protocol):
    """Business-named Stripe calls. Implemented by ``payments.stripe.StripeGateway``."""

    # Account and keys
    def retrieve_account(self) -> AccountInfo: ...

    # Customers
    def create_customer(self, details: CustomerDetails, *, idempotency_key: str) -> CustomerInfo:
        ...

    def update_customer(self, customer_id: str, details: CustomerDetails, *,
                        idempotency_key: str) -> CustomerInfo: ...

    def retrieve_customer(self, customer_id: str) -> CustomerInfo: ...

    def find_customer_by_client_id(self, client_id: int, *, email: str = "",
                                   client_ref: str = "", scan_all: bool = True,
                                   ) -> CustomerInfo | None:
        """The customer whose ``metadata.owl_client_id`` matches (crash recovery, and the
        look-up before creating one, so another sandbox desk's customer is adopted).

        Not proof of absence right after a write: Stripe's search index lags (normally under
        a minute); the creation's idempotency key covers that window. ``email`` narrows the
        list fallback used where search is unavailable; without an email that fallback lists
        every customer, which ``scan_all=False`` declines (returns None). ``client_ref``, when
        given, must match ``metadata.owl_client_ref`` too.
        """
        ...

    def set_default_payment_method(self, customer_id: str, payment_method_id: str | None, *,
                                   idempotency_key: str, made_by: Workstation | None = None,
                                   ) -> CustomerInfo:
        """``made_by`` goes in the customer's metadata with the method, so other desks' history
        names who chose this default (no extra call)."""
        ...

    def list_customers(self, *, limit: int = 100,
                       starting_after: str | None = None) -> tuple[list[CustomerInfo], bool]:
        ...

    # Setup (adding a method)
    def create_setup_intent(self, customer_id: str, kind: PaymentMethodType, *,
                            idempotency_key: str, made_by: Workstation | None = None,
                            verification: BankVerification = "automatic",
                            ) -> SetupIntentInfo:
        """``made_by`` goes in the SetupIntent's metadata: other desks' history names who
        added the method. ``verification``: a bank account's
        ``payment_method_options.acss_debit.verification_method`` (ignored for a card). A
        replay of the key must pass the same ``made_by`` and ``verification``."""
        ...

    def retrieve_setup_intent(self, setup_intent_id: str) -> SetupIntentInfo:
        """With its payment method expanded."""
        ...

    def cancel_setup_intent(self, setup_intent_id: str, *, idempotency_key: str) -> None: ...

    # Payment methods
    def list_payment_methods(self, customer_id: str) -> list[PaymentMethodInfo]:
        """Every card and acss_debit method attached to the customer (all pages)."""
        ...

    def retrieve_payment_method(self, payment_method_id: str) -> PaymentMethodInfo: ...

    def detach_payment_method(self, payment_method_id: str, *,
                              idempotency_key: str) -> PaymentMethodInfo: ...

    def retrieve_mandate(self, mandate_id: str) -> MandateInfo: ...

    def find_mandate_for(self, payment_method_id: str, customer_id: str) -> MandateInfo | None:
        ...

    # Charging
    def charge_off_session(self, *, customer_id: str, payment_method_id: str, amount: int,
                           currency: str, idempotency_key: str, description: str = "",
                           payment_method_type: PaymentMethodType = "card",
                           mandate_id: str | None = None,
                           metadata: Mapping[str, str] | None = None) -> PaymentIntentInfo:
        """Charge a saved method with nobody present. A bank account (``acss_debit``) needs
        its active mandate's id (``StoredPaymentMethod.mandate_id``). ``metadata`` names what
        is charged (the invoice); a replay of the key must send the same."""
        ...

    def retrieve_payment_intent(self, payment_intent_id: str) -> PaymentIntentInfo: ...

    def cancel_payment_intent(self, payment_intent_id: str, *,
                              idempotency_key: str) -> PaymentIntentInfo:
        """Cancel a charge nobody will finish (e.g. one waiting for the customer's
        authentication that another attempt replaces): it can no longer be confirmed. One
        that can't be cancelled any more (it succeeded, is processing, or was cancelled)
        raises ``StripeRequestError``."""
        ...

    def find_charge(self, customer_id: str, invoice_ref: str, attempt: int, *,
                    created_gte: int) -> PaymentIntentInfo | None:
        """The customer's PaymentIntent made for this invoice attempt (``metadata.owl_invoice``
        and ``owl_attempt``), created at or after ``created_gte`` (Unix seconds), or None:
        whether a charge whose answer was lost was made."""
        ...

    # Sync
    def latest_event(self, types: Sequence[str]) -> StripeEvent | None:
        """The newest event of these types (the cursor to start from), or None."""
        ...

    def list_events(self, *, after_event_id: str, types: Sequence[str],
                    created_after: int | None = None, limit: int = 100) -> EventPage:
        """Up to ``limit`` events strictly newer than ``after_event_id``, oldest first.

        Raises ``EventCursorExpired`` when Stripe no longer has that event (older than its
        30-day window): reconcile in full, then restart from ``latest_event``.
        """
        ...

    def list_events_since(self, *, created_gte: int, types: Sequence[str],
                          created_lte: int | None = None, older_than_event_id: str | None = None,
                          limit: int = 100) -> EventPage:
        """The newest ``limit`` events created at or after ``created_gte`` (and at or before
        ``created_lte``; listed after ``older_than_event_id``, to page back), oldest first;
        ``has_more`` when older ones in that range were left out. For the pull's overlap: an
        event may become listable after newer ones."""
        ...


# --- key checks ---
# Used by services/stripe_connection.py to check a candidate pair of keys before saving them.

AppPermission = Literal[
    "customers_write", "setup_intents_write", "payment_methods_write",
    "payment_intents_write", "mandates_read", "events_read", "refunds_write",
]
PublishableKeyStatus = Literal["same_account", "other_account", "invalid", "revoked"]


@dataclass(frozen=True)
class KeyAccount:
    """Whose key this is. ``id`` is ``None`` if Stripe wouldn't say (a restricted key that may
    not read the account and a refusal that doesn't name it)."""

    id: str | None
    livemode: bool | None  # None when Stripe didn't say (the key's prefix tells the mode)
    display_name: str = ""


class KeyCheckGateway(Protocol):
    """Side-effect-free (or self-cleaning) checks of the gateway's own secret key."""

    def identify_account(self) -> KeyAccount:
        """The account the secret key belongs to; raises ``InvalidApiKey`` when refused."""
        ...

    def has_permission(self, permission: AppPermission) -> bool:
        """``False`` when Stripe answers 403 for ``permission``; never changes anything."""
        ...

    def check_publishable_key(self, publishable_key: str) -> PublishableKeyStatus:
        """Whether ``publishable_key`` belongs to the secret key's account (and works)."""
        ...
