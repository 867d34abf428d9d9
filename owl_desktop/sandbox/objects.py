"""Builders for the objects the double returns, field for field like Stripe's.

Each builder returns every field Stripe always sends for its resource in API version
2026-10-28.endive, and none Stripe omits (``tests/integration/sandbox/test_api_definitions.py``
checks every answer against Stripe's definitions, vendored in ``tests/fixtures/stripe/``), with
Stripe's defaults for an object in test mode.
"""

from __future__ import annotations

import copy
import secrets
import string
from typing import Any

from owl_desktop.sandbox.errors import StripeApiError
from owl_desktop.sandbox.state import Account, new_id


def empty_address() -> dict[str, Any]:
    return {"city": None, "country": None, "line1": None, "line2": None, "postal_code": None,
            "state": None}


def address_from(params: dict[str, Any] | None) -> dict[str, Any]:
    addr = empty_address()
    for k, v in (params or {}).items():
        addr[k] = v if v != "" else None
    return addr


def invoice_prefix() -> str:
    return "".join(secrets.choice(string.ascii_uppercase + string.digits) for _ in range(8))


def customer(created: int, **fields: Any) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "id": new_id("cus", 14),
        "object": "customer",
        "address": None,
        "balance": 0,
        "created": created,
        "currency": None,
        "default_source": None,
        "delinquent": False,
        "description": None,
        "discount": None,
        "email": None,
        "invoice_prefix": invoice_prefix(),
        "invoice_settings": {"custom_fields": None, "default_payment_method": None,
                             "footer": None, "rendering_options": None},
        "livemode": False,
        "metadata": {},
        "name": None,
        "next_invoice_sequence": 1,
        "phone": None,
        "preferred_locales": [],
        "shipping": None,
        "tax_exempt": "none",
        "test_clock": None,
    }
    obj.update(fields)
    return obj


def billing_details(params: dict[str, Any] | None) -> dict[str, Any]:
    params = params or {}
    addr = params.get("address")
    return {
        "address": address_from(addr if isinstance(addr, dict) else None),
        "email": params.get("email") or None,
        "name": params.get("name") or None,
        "phone": params.get("phone") or None,
        "tax_id": params.get("tax_id") or None,
    }


def payment_method(type_: str, created: int, details: dict[str, Any],
                   billing: dict[str, Any], metadata: dict[str, Any] | None = None
                   ) -> dict[str, Any]:
    return {
        "id": new_id("pm", 24),
        "object": "payment_method",
        "allow_redisplay": "unspecified",
        "billing_details": billing,
        type_: details,
        "created": created,
        "customer": None,
        "customer_account": None,
        "livemode": False,
        "metadata": metadata or {},
        "type": type_,
    }


def card_details(*, brand: str, last4: str, exp_month: int, exp_year: int, fingerprint: str,
                 funding: str, country: str, cvc_check: str | None) -> dict[str, Any]:
    display = {"amex": "american_express", "diners": "diners_club"}.get(brand, brand)
    return {
        "brand": brand,
        "checks": {"address_line1_check": None, "address_postal_code_check": None,
                   "cvc_check": cvc_check},
        "country": country,
        "display_brand": display,
        "exp_month": exp_month,
        "exp_year": exp_year,
        "fingerprint": fingerprint,
        "funding": funding,
        "generated_from": None,
        "last4": last4,
        "networks": {"available": [brand], "preferred": None},
        "regulated_status": "unregulated",
        "three_d_secure_usage": {"supported": True},
        "wallet": None,
    }


def acss_details(*, bank_name: str | None, institution: str, transit: str, last4: str,
                 fingerprint: str) -> dict[str, Any]:
    return {"bank_name": bank_name, "fingerprint": fingerprint,
            "institution_number": institution, "last4": last4, "transit_number": transit}


def setup_intent(created: int, **fields: Any) -> dict[str, Any]:
    seti_id = new_id("seti", 24)
    obj: dict[str, Any] = {
        "id": seti_id,
        "object": "setup_intent",
        # Always present since 2026-09-30.endive: what the caller named, null when unset.
        "allowed_payment_method_types": None,
        "application": None,
        "automatic_payment_methods": None,
        "cancellation_reason": None,
        "client_secret": f"{seti_id}_secret_{new_id('x', 32)[2:]}",
        "created": created,
        "customer": None,
        "description": None,
        "excluded_payment_method_types": None,
        "flow_directions": None,
        "last_setup_error": None,
        "latest_attempt": None,
        "livemode": False,
        "mandate": None,
        "metadata": {},
        "next_action": None,
        "on_behalf_of": None,
        "payment_method": None,
        "payment_method_configuration_details": None,
        "payment_method_options": {},
        "payment_method_types": ["card"],
        "single_use_mandate": None,
        "status": "requires_payment_method",
        "usage": "off_session",
    }
    obj.update(fields)
    return obj


def payment_intent(created: int, **fields: Any) -> dict[str, Any]:
    pi_id = new_id("pi", 24)
    obj: dict[str, Any] = {
        "id": pi_id,
        "object": "payment_intent",
        "allowed_payment_method_types": None,
        "amount": 0,
        "amount_capturable": 0,
        "amount_details": {"tip": {}},
        "amount_received": 0,
        "application": None,
        "application_fee_amount": None,
        "automatic_payment_methods": None,
        "canceled_at": None,
        "cancellation_reason": None,
        "capture_method": "automatic",
        "client_secret": f"{pi_id}_secret_{new_id('x', 25)[2:]}",
        "confirmation_method": "automatic",
        "created": created,
        "currency": "cad",
        "customer": None,
        "customer_account": None,
        "description": None,
        "excluded_payment_method_types": None,
        "last_payment_error": None,
        "latest_charge": None,
        "livemode": False,
        "managed_payments": None,
        "metadata": {},
        "next_action": None,
        "on_behalf_of": None,
        "payment_method": None,
        "payment_method_configuration_details": None,
        "payment_method_options": {},
        "payment_method_types": ["card"],
        # The associated Payment Record (2026-09-30.endive); the double keeps none.
        "payment_record": None,
        "processing": None,
        "receipt_email": None,
        "review": None,
        "setup_future_usage": None,
        "shipping": None,
        "source": None,
        "statement_descriptor": None,
        "statement_descriptor_suffix": None,
        "status": "requires_payment_method",
        "transfer_data": None,
        "transfer_group": None,
    }
    obj.update(fields)
    return obj


def three_d_secure_action(base_url: str) -> dict[str, Any]:
    """Stripe's ``use_stripe_sdk`` next action for a 3-D Secure redirect; ``stripe_js`` points at
    the Stripe.js double's challenge page (Stripe's points at hooks.stripe.com)."""
    source = new_id("src", 24)
    return {"type": "use_stripe_sdk", "use_stripe_sdk": {
        "type": "three_d_secure_redirect", "source": source,
        "stripe_js": f"{base_url}/v3/3ds.html?source={source}&client_secret="
                     f"src_client_secret_{new_id('x', 24)[2:]}"}}


def mandate(created: int, *, payment_method_id: str, acceptance: dict[str, Any],
            acss_options: dict[str, Any], status: str = "active") -> dict[str, Any]:
    return {
        "id": new_id("mandate", 24),
        "object": "mandate",
        "customer_acceptance": acceptance,
        "livemode": False,
        "multi_use": {},
        "payment_method": payment_method_id,
        "payment_method_details": {"acss_debit": acss_options, "type": "acss_debit"},
        "status": status,
        "type": "multi_use",
    }


def account(account_id: str, created: int, email: str, country: str) -> dict[str, Any]:
    currency = {"CA": "cad", "US": "usd"}.get(country, "cad")
    reqs: dict[str, Any] = {"alternatives": [], "current_deadline": None, "currently_due": [],
            "disabled_reason": None, "errors": [], "eventually_due": [], "past_due": [],
            "pending_verification": []}
    return {
        "id": account_id,
        "object": "account",
        "business_profile": {
            "annual_revenue": None, "estimated_worker_count": None, "mcc": None,
            "minority_owned_business_designation": None,
            "name": "Owl Desktop Sandbox", "product_description": None,
            "specified_commercial_transactions_act_url": None,
            "support_address": None, "support_email": None, "support_phone": None,
            "support_url": None, "url": None},
        "business_type": None,
        "capabilities": {"acss_debit_payments": "active", "card_payments": "active",
                         "transfers": "active"},
        "charges_enabled": True,
        "controller": {"type": "account"},
        "country": country,
        "created": created,
        "default_currency": currency,
        "details_submitted": True,
        "email": email,
        "external_accounts": {"object": "list", "data": [], "has_more": False,
                              "url": f"/v1/accounts/{account_id}/external_accounts"},
        "future_requirements": copy.deepcopy(reqs),
        "metadata": {},
        "payouts_enabled": True,
        "requirements": copy.deepcopy(reqs),
        "settings": {
            "bacs_debit_payments": {"display_name": None, "service_user_number": None},
            "branding": {"icon": None, "logo": None, "primary_color": None,
                         "secondary_color": None},
            "card_issuing": {"tos_acceptance": {"date": None, "ip": None}},
            "card_payments": {"decline_on": {"avs_failure": False, "cvc_failure": True},
                              "statement_descriptor_prefix": "OWL",
                              "statement_descriptor_prefix_kana": None,
                              "statement_descriptor_prefix_kanji": None},
            "dashboard": {"display_name": "Owl Desktop Sandbox", "timezone": "America/Toronto"},
            "invoices": {"default_account_tax_ids": None, "hosted_payment_method_save": "offer"},
            "payments": {"statement_descriptor": "OWL DESKTOP SANDBOX",
                         "statement_descriptor_kana": None, "statement_descriptor_kanji": None,
                         "statement_descriptor_prefix_kana": None,
                         "statement_descriptor_prefix_kanji": None},
            "payouts": {"debit_negative_balances": True,
                        "schedule": {"delay_days": 2, "interval": "daily"},
                        "statement_descriptor": None},
            "sepa_debit_payments": {},
        },
        "tos_acceptance": {"date": created, "ip": "127.0.0.1", "user_agent": None},
        "type": "standard",
    }


# ---- lookup and expansion ---------------------------------------------------------------------

KIND_BY_PREFIX = {"cus": "customer", "pm": "payment_method", "seti": "setup_intent",
                  "pi": "payment_intent", "mandate": "mandate", "evt": "event",
                  "setatt": "setup_attempt", "ch": "charge"}


def get(account: Account, obj_id: str, kind: str, *, param: str = "id",
        stripe_name: str | None = None) -> dict[str, Any]:
    """The stored object of ``kind``, or Stripe's 404 ``No such <name>: '<id>'``."""
    obj = account.objects.get(obj_id)
    if obj is None or obj.get("object") != kind:
        name = stripe_name or {"customer": "customer", "payment_method": "PaymentMethod",
                               "setup_intent": "setupintent", "payment_intent": "payment_intent",
                               "mandate": "mandate", "event": "event"}.get(kind, kind)
        raise StripeApiError(404, f"No such {name}: '{obj_id}'", code="resource_missing",
                             param=param)
    return obj


# Which fields may be expanded, per object kind.
EXPANDABLE: dict[str, set[str]] = {
    "setup_intent": {"customer", "payment_method", "mandate", "latest_attempt",
                     "single_use_mandate", "on_behalf_of", "application"},
    "payment_intent": {"customer", "payment_method", "latest_charge", "on_behalf_of",
                       "application", "review", "source"},
    "customer": {"invoice_settings.default_payment_method", "default_source",
                 "test_clock"},
    "payment_method": {"customer"},
    "mandate": {"payment_method"},
    "refund": {"charge", "payment_intent", "balance_transaction", "customer",
               "failure_balance_transaction", "source_transfer_reversal",
               "transfer_reversal"},
}


def render(account: Account, obj: dict[str, Any], expand: list[str] | None) -> dict[str, Any]:
    """A copy of ``obj`` with each ``expand`` path (dotted) replaced by the object it names."""
    out = copy.deepcopy(obj)
    for path in expand or []:
        _expand_path(account, out, path.split("."), path)
    return out


def _expand_path(account: Account, node: dict[str, Any], parts: list[str], full: str) -> None:
    kind = node.get("object", "")
    head, rest = parts[0], parts[1:]
    if kind in EXPANDABLE and not rest and head not in EXPANDABLE[kind] and \
            head not in {p.split(".")[0] for p in EXPANDABLE[kind]}:
        raise StripeApiError(400, f"This property cannot be expanded ({full}).",
                             param="expand", saved=False)
    if head not in node:
        raise StripeApiError(400, f"This property cannot be expanded ({full}).",
                             param="expand", saved=False)
    value = node[head]
    if isinstance(value, str) and value in account.objects:
        value = copy.deepcopy(account.objects[value])
        node[head] = value
    elif isinstance(value, str):
        # Stripe would put the whole object here (a Charge, a SetupAttempt); the double keeps
        # none of those, and a bare id where an object belongs would be a wrong shape.
        missing = {"ch": "Charge", "py": "Charge", "setatt": "SetupAttempt"}.get(
            value.split("_", 1)[0], "")
        raise StripeApiError(400, f"The sandbox can't expand {full}: it doesn't keep the "
                             f"{missing or 'object'} Stripe would put there.", param="expand",
                             saved=False)
    if rest:
        if isinstance(value, dict):
            if value.get("object") == "list":
                for item in value.get("data", []):
                    _expand_path(account, item, rest, full)
            else:
                _expand_path(account, value, rest, full)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    _expand_path(account, item, rest, full)
