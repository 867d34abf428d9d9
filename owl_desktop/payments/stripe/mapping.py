"""Stripe's objects to our result dataclasses (``payments/gateway.py``).

Why a module of its own: this is where we decide what the app may keep of what Stripe sends
(last 4 digits and the bank branch, never more) and how it reads fields that Stripe, or a
Stripe-compatible server, may leave out. Pure functions over SDK objects, no network, so the
unit tests feed them Stripe's own fixtures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import stripe

from owl_desktop.domain.audit import Workstation
from owl_desktop.payments.errors import StripeRequestError
from owl_desktop.payments.gateway import (
    AccountInfo,
    BillingAddress,
    CustomerDetails,
    CustomerInfo,
    MandateInfo,
    PaymentIntentInfo,
    PaymentMethodInfo,
    SetupIntentInfo,
    SetupIntentStatus,
    StripeEvent,
)

METADATA_CLIENT_ID = "owl_client_id"
METADATA_CLIENT_REF = "owl_client_ref"


def get_field(obj: Any, key: str) -> Any:
    """A field that Stripe (or a Stripe-compatible server) may leave out: None when absent."""
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(key)
    return obj[key] if key in obj else None  # noqa: SIM401 - StripeObject has no .get


def is_livemode(obj: Any) -> bool:
    return bool(get_field(obj, "livemode"))


def object_id(value: str | Any | None) -> str | None:
    """An expandable field: an id string, an expanded object, or nothing."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return str(value.id)


# Who did it, on the calls a desk makes anyway (issue 12): read back by other desks' syncs.
METADATA_BY = "owl_by"
METADATA_DESK = "owl_desk"
METADATA_DEFAULT_BY = "owl_default_by"
METADATA_DEFAULT_DESK = "owl_default_desk"
METADATA_DEFAULT_PM = "owl_default_pm"


def made_by_metadata(who: Workstation | None) -> dict[str, str]:
    """A SetupIntent's metadata naming the staff member and desk (Stripe: 500 chars)."""
    if who is None:
        return {}
    return {METADATA_BY: who.actor[:500], METADATA_DESK: who.desk[:500]}


def default_by_metadata(who: Workstation | None, payment_method_id: str | None
                        ) -> dict[str, str]:
    """A customer's metadata naming who chose its default, and for which method ("" unsets
    a key: a cleared default names nobody)."""
    if who is None:
        return {}
    if not payment_method_id:
        return {METADATA_DEFAULT_BY: "", METADATA_DEFAULT_DESK: "", METADATA_DEFAULT_PM: ""}
    return {METADATA_DEFAULT_BY: who.actor[:500], METADATA_DEFAULT_DESK: who.desk[:500],
            METADATA_DEFAULT_PM: payment_method_id}


def _workstation(metadata: Any, by: str, desk: str) -> Workstation | None:
    actor, where = get_field(metadata, by), get_field(metadata, desk)
    if not actor or not where:
        return None
    return Workstation(actor=str(actor), desk=str(where))


def customer_metadata(details: CustomerDetails) -> dict[str, str]:
    """The metadata that ties a Stripe customer to its client (read back by ``customer_info``)."""
    metadata = {METADATA_CLIENT_ID: str(details.client_id)}
    if details.client_ref:
        metadata[METADATA_CLIENT_REF] = details.client_ref
    return metadata


def _address(addr: Any) -> BillingAddress:
    if addr is None:
        return BillingAddress()
    return BillingAddress(
        line1=get_field(addr, "line1") or "", line2=get_field(addr, "line2") or "",
        city=get_field(addr, "city") or "", state=get_field(addr, "state") or "",
        postal_code=get_field(addr, "postal_code") or "",
        country=get_field(addr, "country") or "")


def account_info(acct: stripe.Account) -> AccountInfo:
    """The dashboard's display name, else the business profile's name."""
    display = ""
    settings = get_field(acct, "settings")
    if settings is not None and get_field(settings, "dashboard") is not None:
        display = get_field(settings["dashboard"], "display_name") or ""
    profile = get_field(acct, "business_profile")
    if not display and profile is not None:
        display = get_field(profile, "name") or ""
    return AccountInfo(id=acct.id, livemode=is_livemode(acct), display_name=display,
                       country=get_field(acct, "country") or "",
                       default_currency=get_field(acct, "default_currency") or "")


def canonical_customer(matches: Sequence[CustomerInfo]) -> CustomerInfo | None:
    """The customer that stands for a client when several were made for it (two desks
    creating at once, a lost answer before keys were shared): the oldest, by ``created``
    and then id, so every desk picks the same one whatever order Stripe listed them in
    (search promises no order; lists are newest first)."""
    return min(matches, key=lambda m: (m.created, m.id), default=None)


def customer_info(customer: stripe.Customer) -> CustomerInfo:
    if get_field(customer, "deleted"):
        return CustomerInfo(id=customer.id, livemode=is_livemode(customer),
                            default_payment_method_id=None, deleted=True)
    settings = get_field(customer, "invoice_settings")
    default = (object_id(get_field(settings, "default_payment_method"))
               if settings is not None else None)
    metadata = get_field(customer, "metadata") or {}
    raw_client = get_field(metadata, METADATA_CLIENT_ID)
    owl_client_id = int(raw_client) if raw_client and str(raw_client).isdigit() else None
    return CustomerInfo(
        id=customer.id, livemode=is_livemode(customer), default_payment_method_id=default,
        owl_client_id=owl_client_id,
        owl_client_ref=str(get_field(metadata, METADATA_CLIENT_REF) or ""),
        name=get_field(customer, "name") or "", email=get_field(customer, "email") or "",
        phone=get_field(customer, "phone") or "",
        address=_address(get_field(customer, "address")),
        created=int(get_field(customer, "created") or 0),
        default_set_by=(_workstation(metadata, METADATA_DEFAULT_BY, METADATA_DEFAULT_DESK)
                        if default and get_field(metadata, METADATA_DEFAULT_PM) == default
                        else None))


def payment_method_info(pm: stripe.PaymentMethod) -> PaymentMethodInfo:
    """Keep what DESIGN.md lists: last 4 and bank numbers that identify the branch, never more."""
    billing = get_field(pm, "billing_details")
    holder = get_field(billing, "name") or "" if billing is not None else ""
    email = get_field(billing, "email") or "" if billing is not None else ""
    address = _address(get_field(billing, "address") if billing is not None else None)
    common: dict[str, Any] = {
        "id": pm.id, "customer_id": object_id(get_field(pm, "customer")),
        "livemode": is_livemode(pm),
        "holder_name": holder, "holder_email": email, "billing_address": address,
        "created": int(get_field(pm, "created") or 0),
    }
    if pm.type == "card" and get_field(pm, "card") is not None:
        card = pm["card"]
        return PaymentMethodInfo(
            type="card", last4=get_field(card, "last4") or "",
            fingerprint=get_field(card, "fingerprint") or "",
            brand=get_field(card, "brand") or "", exp_month=get_field(card, "exp_month"),
            exp_year=get_field(card, "exp_year"), **common)
    if pm.type == "acss_debit" and get_field(pm, "acss_debit") is not None:
        bank = pm["acss_debit"]
        return PaymentMethodInfo(
            type="acss_debit", last4=get_field(bank, "last4") or "",
            fingerprint=get_field(bank, "fingerprint") or "",
            bank_name=get_field(bank, "bank_name") or "",
            institution_number=get_field(bank, "institution_number") or "",
            transit_number=get_field(bank, "transit_number") or "", **common)
    raise StripeRequestError(f"Payment methods of type {pm.type!r} are not supported.",
                             stripe_code="unsupported_payment_method_type")


def mandate_info(mandate: stripe.Mandate) -> MandateInfo:
    status: Literal["active", "inactive", "pending"] = (
        "active" if mandate.status == "active"
        else "inactive" if mandate.status == "inactive" else "pending")
    return MandateInfo(id=mandate.id, status=status,
                       payment_method_id=object_id(mandate.payment_method) or "",
                       livemode=is_livemode(mandate))


_SETUP_STATUSES: tuple[SetupIntentStatus, ...] = (
    "requires_payment_method", "requires_confirmation", "requires_action", "processing",
    "succeeded", "canceled")


def setup_intent_info(si: stripe.SetupIntent) -> SetupIntentInfo:
    pm = get_field(si, "payment_method")
    pm_info = None if pm is None or isinstance(pm, str) else payment_method_info(pm)
    mandate = get_field(si, "mandate")
    next_action = get_field(si, "next_action")
    error = get_field(si, "last_setup_error")
    status: SetupIntentStatus = next((s for s in _SETUP_STATUSES if s == si.status),
                                     "requires_payment_method")
    return SetupIntentInfo(
        id=si.id, status=status, customer_id=object_id(get_field(si, "customer")),
        client_secret=get_field(si, "client_secret") or "",
        payment_method_types=tuple(get_field(si, "payment_method_types") or ()),
        livemode=is_livemode(si), payment_method=pm_info,
        payment_method_id=object_id(pm),
        next_action_type=get_field(next_action, "type") if next_action is not None else None,
        mandate_id=object_id(mandate),
        mandate_status=(None if mandate is None or isinstance(mandate, str)
                        else mandate_info(mandate).status),
        last_error_code=get_field(error, "code") if error is not None else None,
        last_error_message=(get_field(error, "message") if error is not None else None),
    )


def payment_intent_info(pi: stripe.PaymentIntent) -> PaymentIntentInfo:
    error = get_field(pi, "last_payment_error")
    raw_metadata = get_field(pi, "metadata")
    metadata: dict[str, Any] = {}
    if raw_metadata is not None:
        metadata = (raw_metadata.to_dict() if hasattr(raw_metadata, "to_dict")
                    else dict(raw_metadata))
    failure_code = (None if error is None
                    else get_field(error, "decline_code") or get_field(error, "code"))
    return PaymentIntentInfo(
        id=pi.id, status=pi.status, amount=pi.amount, currency=pi.currency,
        customer_id=object_id(get_field(pi, "customer")),
        payment_method_id=object_id(get_field(pi, "payment_method")),
        livemode=is_livemode(pi),
        failure_code=failure_code,
        failure_message=get_field(error, "message") if error is not None else None,
        owl_invoice=str(metadata.get("owl_invoice") or ""),
        owl_attempt=_int_or_none(metadata.get("owl_attempt")),
        client_secret=str(get_field(pi, "client_secret") or ""))


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def event_info(event: stripe.Event) -> StripeEvent:
    obj: Any = event.data.object
    object_type = str(get_field(obj, "object") or event.type.rsplit(".", 1)[0])
    customer = (get_field(obj, "customer") if object_type != "customer"
                else get_field(obj, "id"))
    if customer is None and event.type == "payment_method.detached":
        previous = get_field(event.data, "previous_attributes") or {}
        customer = get_field(previous, "customer")
    made_by, pm = None, None
    if object_type == "setup_intent":
        made_by = _workstation(get_field(obj, "metadata") or {}, METADATA_BY, METADATA_DESK)
        pm = object_id(get_field(obj, "payment_method"))
    return StripeEvent(id=event.id, type=event.type, created=event.created,
                       object_type=object_type, object_id=str(get_field(obj, "id") or ""),
                       customer_id=object_id(customer), livemode=is_livemode(event),
                       payment_method_id=pm, made_by=made_by)
