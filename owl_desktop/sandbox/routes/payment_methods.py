"""PaymentMethods: create (Stripe.js, publishable key), retrieve, list, attach, detach, update.

Only Stripe's public test numbers are accepted, as in Stripe's test mode: any other card is
refused at creation with ``test_mode_live_card`` and any other bank account with a 400, before
anything is stored (no PaymentMethod, fingerprint, last4 or event), so a real number typed in
sandbox mode leaves no trace. For a test number the stored object keeps last4 and a fingerprint,
and ``internal[pm_id]`` keeps only the test outcome of the number.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from owl_desktop.sandbox import objects, testdata
from owl_desktop.sandbox.app import Ctx, router
from owl_desktop.sandbox.errors import StripeApiError, param_error
from owl_desktop.sandbox.events import diff, emit_ctx
from owl_desktop.sandbox.lists import LIST_SPEC, paginate
from owl_desktop.sandbox.params import D, E, Field, L, M, S, check
from owl_desktop.sandbox.routes.customers import (
    ADDRESS,
    get_customer,
    list_item_expand,
    merge_metadata,
    newest_first,
)

BILLING_SPEC: dict[str, Field] = {
    "address": D(ADDRESS), "email": S(), "name": S(), "phone": S(), "tax_id": S(),
}
CARD_SPEC: dict[str, Field] = {
    "number": S(), "exp_month": S(), "exp_year": S(), "cvc": S(), "token": S(),
    "networks": D({"preferred": S()}),
}
ACSS_SPEC: dict[str, Field] = {
    "institution_number": S(required=True), "transit_number": S(required=True),
    "account_number": S(required=True),
}
PM_DATA_SPEC: dict[str, Field] = {
    "type": S(required=True), "billing_details": D(BILLING_SPEC), "card": D(CARD_SPEC),
    "acss_debit": D(ACSS_SPEC), "metadata": M(),
    "allow_redisplay": E("always", "limited", "unspecified"),
}
CREATE_SPEC: dict[str, Field] = {**PM_DATA_SPEC, "expand": L(), "customer": S(),
                                 "payment_method": S()}
UPDATE_SPEC: dict[str, Field] = {
    "billing_details": D(BILLING_SPEC), "metadata": M(), "expand": L(),
    "allow_redisplay": E("always", "limited", "unspecified"),
    "card": D({"exp_month": S(), "exp_year": S(), "networks": D({"preferred": S()})}),
}
#: Parameters Stripe.js adds to its requests; accepted (and ignored) with a publishable key.
STRIPE_JS_EXTRAS = ("key", "payment_user_agent", "guid", "muid", "sid", "time_on_page",
                    "referrer", "_stripe_version", "_stripe_account", "use_stripe_sdk",
                    "client_attribution_metadata", "expected_payment_method_type",
                    "pasted_fields")
TYPES = ("card", "acss_debit")


def strip_js_extras(ctx: Ctx) -> None:
    if ctx.publishable:
        for k in STRIPE_JS_EXTRAS:
            ctx.params.pop(k, None)
        pmd = ctx.params.get("payment_method_data")
        if isinstance(pmd, dict):
            for k in STRIPE_JS_EXTRAS:
                pmd.pop(k, None)


def _card_error(message: str, code: str, param: str) -> StripeApiError:
    return StripeApiError(402, message, type_="card_error", code=code, param=param,
                          saved=False)


def _exp(value: str | None, name: str, prefix: str) -> int:
    if value is None or value == "":
        raise param_error(f"Missing required param: {prefix}[{name}].",
                          code="parameter_missing", param=f"{prefix}[{name}]")
    if not re.fullmatch(r"\d{1,4}", value):
        code = "invalid_expiry_month" if name == "exp_month" else "invalid_expiry_year"
        word = "month" if name == "exp_month" else "year"
        raise _card_error(f"Your card's expiration {word} is invalid.", code,
                          f"{prefix}[{name}]")
    return int(value)


def build_card(ctx: Ctx, card: dict[str, Any], billing: dict[str, Any],
               metadata: dict[str, Any] | None, prefix: str = "card"
               ) -> tuple[dict[str, Any], dict[str, Any]]:
    """Validate raw card fields like Stripe's API; return (pm object, internal outcome)."""
    token = card.get("token")
    if token:
        if set(card) - {"token"}:
            raise param_error("You cannot provide both card[token] and other card fields.",
                              code=None, param=f"{prefix}[token]")
        number = testdata.PM_TOKENS.get("pm_card_" + token.removeprefix("tok_"))
        if number is None:
            raise StripeApiError(400, f"No such token: '{token}'", code="resource_missing",
                                 param=f"{prefix}[token]")
        now = dt.datetime.fromtimestamp(ctx.now, dt.UTC)
        card = {"number": number, "exp_month": "12", "exp_year": str(now.year + 3)}
    elif not ctx.publishable and card.get("number"):
        raise StripeApiError(
            400, "Sending credit card numbers directly to the Stripe API is generally unsafe. "
            "We suggest you use test tokens that map to the test card you are using, see "
            "https://stripe.com/docs/testing. To enable raw card data APIs in test mode, see "
            "https://support.stripe.com/questions/enabling-access-to-raw-card-data-apis.",
            saved=False)
    number = re.sub(r"[\s-]", "", card.get("number") or "")
    if not number:
        raise param_error(f"Missing required param: {prefix}[number].",
                          code="parameter_missing", param=f"{prefix}[number]")
    if not number.isdigit():
        raise _card_error("Your card number is invalid.", "invalid_number",
                          f"{prefix}[number]")
    brand = testdata.brand_of(number)
    if not testdata.length_ok(number, brand):
        raise _card_error("Your card number is invalid.", "invalid_number",
                          f"{prefix}[number]")
    if not testdata.luhn_ok(number):
        raise _card_error("Your card number is incorrect.", "incorrect_number",
                          f"{prefix}[number]")
    month = _exp(card.get("exp_month"), "exp_month", prefix)
    year = _exp(card.get("exp_year"), "exp_year", prefix)
    if year < 100:
        year += 2000
    if not 1 <= month <= 12:
        raise _card_error("Your card's expiration month is invalid.", "invalid_expiry_month",
                          f"{prefix}[exp_month]")
    now = dt.datetime.fromtimestamp(ctx.now, dt.UTC)
    if year < now.year or year > now.year + 50:
        raise _card_error("Your card's expiration year is invalid.", "invalid_expiry_year",
                          f"{prefix}[exp_year]")
    if year == now.year and month < now.month:
        raise _card_error("Your card's expiration month is invalid.", "invalid_expiry_month",
                          f"{prefix}[exp_month]")
    cvc = card.get("cvc")
    if cvc is not None and cvc != "" and (
            not cvc.isdigit() or len(cvc) != testdata.cvc_length(brand)):
        raise _card_error("Your card's security code is invalid.", "invalid_cvc",
                          f"{prefix}[cvc]")
    profile = testdata.profile_for(number)
    if profile is None:
        raise live_card_error()
    details = objects.card_details(
        brand=brand if brand != "unknown" else profile.brand, last4=number[-4:],
        exp_month=month, exp_year=year,
        fingerprint=testdata.account_fingerprint(ctx.caller.account_id, "card", number),
        funding=profile.funding, country=profile.country,
        cvc_check="unchecked" if cvc else None)
    pm = objects.payment_method("card", ctx.now, details, objects.billing_details(billing),
                                metadata)
    internal = {"setup": profile.setup, "charge": profile.charge,
                "after_3ds": profile.after_3ds, "refund": profile.refund}
    return pm, internal


def build_acss(ctx: Ctx, acss: dict[str, Any], billing: dict[str, Any],
               metadata: dict[str, Any] | None, prefix: str = "acss_debit"
               ) -> tuple[dict[str, Any], dict[str, Any]]:
    inst, transit, acct = (acss.get("institution_number", ""), acss.get("transit_number", ""),
                           acss.get("account_number", ""))
    if not re.fullmatch(r"\d{3}", inst):
        raise param_error("Invalid institution number: must be 3 digits.",
                          code="parameter_invalid_string", param=f"{prefix}[institution_number]")
    if not re.fullmatch(r"\d{5}", transit):
        raise param_error("Invalid transit number: must be 5 digits.",
                          code="parameter_invalid_string", param=f"{prefix}[transit_number]")
    if not re.fullmatch(r"\d{7,12}", acct):
        raise param_error("Invalid account number: must be between 7 and 12 digits.",
                          code="parameter_invalid_string", param=f"{prefix}[account_number]")
    bd_prefix = "billing_details" if prefix == "acss_debit" else \
        "payment_method_data[billing_details]"
    for field in ("name", "email"):
        if not billing.get(field):
            raise param_error(f"Missing required param: {bd_prefix}[{field}].",
                              code="parameter_missing", param=f"{bd_prefix}[{field}]")
    pad = testdata.pad_profile(inst, transit, acct)
    if pad is None:
        # Which number is wrong: the first of institution, transit, account that isn't a test one.
        wrong = ("institution_number" if inst != testdata.PAD_INSTITUTION else
                 "transit_number" if transit != testdata.PAD_TRANSIT else "account_number")
        raise StripeApiError(400, testdata.PAD_NOT_TEST_MESSAGE, param=f"{prefix}[{wrong}]",
                             saved=False)
    details = objects.acss_details(
        bank_name=testdata.PAD_BANK_NAME, institution=inst, transit=transit,
        last4=acct[-4:],
        fingerprint=testdata.account_fingerprint(ctx.caller.account_id, "acss", inst, transit,
                                                 acct))
    pm = objects.payment_method("acss_debit", ctx.now, details,
                                objects.billing_details(billing), metadata)
    internal = {"pad_outcome": pad.outcome, "pad_failure_code": pad.failure_code,
                "pad_failure_message": pad.failure_message,
                "pad_mandate_after": pad.mandate_after, "pad_extra_delay": pad.extra_delay}
    return pm, internal


def create_from_data(ctx: Ctx, data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Create and store a PaymentMethod from validated payment-method data."""
    type_ = data.get("type")
    tparam = f"{prefix}[type]" if prefix else "type"
    if not type_:
        raise param_error(f"Missing required param: {tparam}.", code="parameter_missing",
                          param=tparam)
    if type_ not in TYPES:
        raise param_error(f"Invalid {tparam}: must be one of {', '.join(TYPES)}",
                          code=None, param=tparam)
    billing = data.get("billing_details") or {}
    metadata = data.get("metadata") or None
    for other in TYPES:
        if other != type_ and data.get(other) is not None:
            raise param_error(
                f"You passed {other} details but the payment method type is {type_}.",
                code=None, param=f"{prefix}[{other}]" if prefix else other)
    sub = data.get(type_)
    sparam = f"{prefix}[{type_}]" if prefix else type_
    if not sub:
        raise param_error(f"Missing required param: {sparam}.", code="parameter_missing",
                          param=sparam)
    if type_ == "card":
        pm, internal = build_card(ctx, sub, billing, metadata, sparam)
    else:
        pm, internal = build_acss(ctx, sub, billing, metadata, sparam)
    if data.get("allow_redisplay"):
        pm["allow_redisplay"] = data["allow_redisplay"]
    ctx.account.objects[pm["id"]] = pm
    ctx.account.internal[pm["id"]] = internal
    return pm


def resolve_pm(ctx: Ctx, pm_id: str, param: str = "payment_method") -> dict[str, Any]:
    """A stored PaymentMethod, or a fresh one for Stripe's ``pm_card_*`` and
    ``pm_acssDebit_*`` test ids."""
    pad = testdata.PAD_TOKENS.get(pm_id)
    if pad is not None:
        details = objects.acss_details(
            bank_name=testdata.PAD_BANK_NAME, institution=testdata.PAD_INSTITUTION,
            transit=testdata.PAD_TRANSIT, last4="6789",
            fingerprint=testdata.account_fingerprint(ctx.caller.account_id, "acss-token", pm_id))
        pm = objects.payment_method("acss_debit", ctx.now, details, objects.billing_details(
            {"name": "Jenny Rosen", "email": "jenny@example.com"}))
        ctx.account.objects[pm["id"]] = pm
        ctx.account.internal[pm["id"]] = {
            "pad_outcome": pad.outcome, "pad_failure_code": pad.failure_code,
            "pad_failure_message": pad.failure_message,
            "pad_mandate_after": pad.mandate_after, "pad_extra_delay": pad.extra_delay,
            "verified": True}
        return pm
    number = testdata.PM_TOKENS.get(pm_id)
    if number is not None:
        now = dt.datetime.fromtimestamp(ctx.now, dt.UTC)
        pm, internal = _build_test_pm(ctx, number, now.year + 3)
        ctx.account.objects[pm["id"]] = pm
        ctx.account.internal[pm["id"]] = internal
        return pm
    return objects.get(ctx.account, pm_id, "payment_method", param=param)


def _build_test_pm(ctx: Ctx, number: str, year: int) -> tuple[dict[str, Any], dict[str, Any]]:
    profile = testdata.CARDS[number]
    details = objects.card_details(
        brand=profile.brand, last4=number[-4:], exp_month=12, exp_year=year,
        fingerprint=testdata.account_fingerprint(ctx.caller.account_id, "card", number),
        funding=profile.funding, country=profile.country, cvc_check=None)
    pm = objects.payment_method("card", ctx.now, details, objects.billing_details(None))
    return pm, {"setup": profile.setup, "charge": profile.charge,
                "after_3ds": profile.after_3ds, "refund": profile.refund}


def ensure_usable(ctx: Ctx, pm: dict[str, Any], param: str = "payment_method") -> None:
    """Refuse a PaymentMethod that was detached or consumed, as Stripe does."""
    if ctx.account.internal.get(pm["id"], {}).get("consumed"):
        raise StripeApiError(
            400, "The provided PaymentMethod was previously used with a PaymentIntent without "
            "Customer attachment, shared with a connected account without Customer attachment, "
            "or was detached from a Customer. It may not be used again. To use a PaymentMethod "
            "multiple times, you must attach it to a Customer first.", param=param)


def live_card_error() -> StripeApiError:
    """Stripe test mode's answer to a real ("live") card number, given at PaymentMethod
    creation. Not saved for idempotent replays, so no record (whose parameter hash would
    be derived from the number) is kept either."""
    err = decline_error(testdata.LIVE_CARD)
    err.saved = False
    return err


def decline_error(outcome: str, *, param: str | None = None, **extra: Any) -> StripeApiError:
    """Stripe's card error for a ``decline:<code>:<decline_code>`` outcome."""
    _, code, decline = outcome.split(":")
    messages = {
        "insufficient_funds": "Your card has insufficient funds.",
        "expired_card": "Your card has expired.",
        "incorrect_cvc": "Your card's security code is incorrect.",
        "processing_error": "An error occurred while processing your card. Try again in a "
                            "little bit.",
        "card_velocity_exceeded": "Your card was declined for making repeated attempts too "
                                  "frequently or exceeding its amount limit.",
        "test_mode_live_card": "Your card was declined. Your request was in test mode, but used "
                               "a non test (live) card. For a list of valid test cards, visit: "
                               "https://stripe.com/docs/testing.",
        "authentication_required": "Your card was declined. This transaction requires "
                                   "authentication.",
    }
    message = messages.get(decline, "Your card was declined.")
    if code in ("expired_card", "incorrect_cvc", "processing_error"):
        return StripeApiError(402, message, type_="card_error", code=code,
                             param=param or {"expired_card": "exp_month",
                                             "incorrect_cvc": "cvc"}.get(code), **extra)
    return StripeApiError(402, message, type_="card_error", code=code, decline_code=decline,
                          param=param, **extra)


def error_object(err: StripeApiError) -> dict[str, Any]:
    """The error hash as stored in ``last_setup_error`` / ``last_payment_error``."""
    body: dict[str, Any] = dict(err.body("")["error"])
    body.pop("request_log_url", None)
    return body


def attach_pm(ctx: Ctx, pm: dict[str, Any], cus_id: str) -> dict[str, Any]:
    if pm.get("customer") == cus_id:
        return pm
    if pm.get("customer"):
        raise StripeApiError(400, "The payment method you provided has already been attached "
                             "to a customer.", param="payment_method")
    ensure_usable(ctx, pm)
    before = objects.render(ctx.account, pm, None)
    pm["customer"] = cus_id
    emit_ctx(ctx, "payment_method.attached", pm, diff(before, pm))
    return pm


def detach_pm(ctx: Ctx, pm: dict[str, Any], *, clear_default: bool = True) -> dict[str, Any]:
    cus_id = pm.get("customer")
    before = objects.render(ctx.account, pm, None)
    pm["customer"] = None
    ctx.account.internal.setdefault(pm["id"], {})["consumed"] = True
    emit_ctx(ctx, "payment_method.detached", pm, diff(before, pm))
    cus = ctx.account.objects.get(cus_id or "")
    if clear_default and cus and not cus.get("deleted") and \
            cus["invoice_settings"].get("default_payment_method") == pm["id"]:
        cus_before = objects.render(ctx.account, cus, None)
        cus["invoice_settings"] = {**cus["invoice_settings"], "default_payment_method": None}
        emit_ctx(ctx, "customer.updated", cus, diff(cus_before, cus))
    return pm


@router.add("POST", "/v1/payment_methods", "payment_methods", "write", publishable=True)
def create(ctx: Ctx) -> tuple[int, Any]:
    strip_js_extras(ctx)
    p = check(ctx.params, CREATE_SPEC)
    if p.get("customer") or p.get("payment_method"):
        if ctx.publishable:
            raise StripeApiError(400, "You cannot clone a PaymentMethod with a publishable key.",
                                 param="customer")
        raise param_error("Cloning PaymentMethods is only available to Connect platforms.",
                          code=None, param="customer")
    pm = create_from_data(ctx, p)
    return 200, objects.render(ctx.account, pm, p.get("expand"))


@router.add("GET", "/v1/payment_methods/{pm_id}", "payment_methods", "read")
def retrieve(ctx: Ctx, pm_id: str) -> tuple[int, Any]:
    p = check(ctx.params, {"expand": L()})
    pm = resolve_pm(ctx, pm_id, param="id")
    return 200, objects.render(ctx.account, pm, p.get("expand"))


@router.add("GET", "/v1/customers/{cus_id}/payment_methods/{pm_id}", "payment_methods", "read")
def retrieve_for_customer(ctx: Ctx, cus_id: str, pm_id: str) -> tuple[int, Any]:
    p = check(ctx.params, {"expand": L()})
    get_customer(ctx, cus_id, param="customer")
    pm = objects.get(ctx.account, pm_id, "payment_method", param="payment_method")
    if pm.get("customer") != cus_id:
        raise StripeApiError(404, f"No such PaymentMethod: '{pm_id}'", code="resource_missing",
                             param="payment_method")
    return 200, objects.render(ctx.account, pm, p.get("expand"))


@router.add("GET", "/v1/payment_methods", "payment_methods", "read")
def list_(ctx: Ctx) -> tuple[int, Any]:
    p = check(ctx.params, {**LIST_SPEC, "customer": S(), "type": S(), "customer_account": S(),
                           "allow_redisplay": E("always", "limited", "unspecified")})
    items = newest_first(ctx, "payment_method")
    if p.get("customer"):
        get_customer(ctx, p["customer"], param="customer")
        items = [o for o in items if o.get("customer") == p["customer"]]
    else:
        items = [o for o in items if not o.get("customer")]
    if p.get("type"):
        items = [o for o in items if o["type"] == p["type"]]
    if p.get("allow_redisplay"):
        items = [o for o in items if o["allow_redisplay"] == p["allow_redisplay"]]
    return 200, paginate(items, p, "/v1/payment_methods", "PaymentMethod",
                         lambda o: objects.render(ctx.account, o, list_item_expand(p)))


@router.add("POST", "/v1/payment_methods/{pm_id}/attach", "payment_methods", "write")
def attach(ctx: Ctx, pm_id: str) -> tuple[int, Any]:
    p = check(ctx.params, {"customer": S(required=True), "expand": L(),
                           "customer_account": S()})
    pm = resolve_pm(ctx, pm_id, param="payment_method")
    get_customer(ctx, p["customer"], param="customer")
    if pm.get("customer") and pm["customer"] != p["customer"]:
        raise StripeApiError(400, "The payment method you provided has already been attached "
                             "to a customer.", param="payment_method")
    ensure_usable(ctx, pm)
    outcome = ctx.account.internal.get(pm["id"], {}).get("setup", "ok")
    if pm["type"] == "card" and outcome.startswith("decline:"):
        raise decline_error(outcome)
    attach_pm(ctx, pm, p["customer"])
    return 200, objects.render(ctx.account, pm, p.get("expand"))


@router.add("POST", "/v1/payment_methods/{pm_id}/detach", "payment_methods", "write")
def detach(ctx: Ctx, pm_id: str) -> tuple[int, Any]:
    p = check(ctx.params, {"expand": L()})
    pm = objects.get(ctx.account, pm_id, "payment_method", param="payment_method")
    if not pm.get("customer"):
        raise StripeApiError(400, "The payment method you provided is not attached to a "
                             "customer so detachment is impossible.")
    detach_pm(ctx, pm)
    return 200, objects.render(ctx.account, pm, p.get("expand"))


@router.add("POST", "/v1/payment_methods/{pm_id}", "payment_methods", "write")
def update(ctx: Ctx, pm_id: str) -> tuple[int, Any]:
    p = check(ctx.params, UPDATE_SPEC)
    pm = objects.get(ctx.account, pm_id, "payment_method", param="payment_method")
    if not pm.get("customer"):
        raise StripeApiError(400, "You must save this PaymentMethod to a customer before you "
                             "can update it.")
    before = objects.render(ctx.account, pm, None)
    if "card" in p and p["card"] is not None:
        if pm["type"] != "card":
            raise param_error("You cannot update card details on a PaymentMethod of type "
                              f"{pm['type']}.", code=None, param="card")
        card = dict(pm["card"])
        if p["card"].get("exp_month"):
            month = _exp(p["card"]["exp_month"], "exp_month", "card")
            if not 1 <= month <= 12:
                raise _card_error("Your card's expiration month is invalid.",
                                  "invalid_expiry_month", "card[exp_month]")
            card["exp_month"] = month
        if p["card"].get("exp_year"):
            year = _exp(p["card"]["exp_year"], "exp_year", "card")
            card["exp_year"] = year + 2000 if year < 100 else year
            now = dt.datetime.fromtimestamp(ctx.now, dt.UTC)
            if card["exp_year"] < now.year or card["exp_year"] > now.year + 50:
                raise _card_error("Your card's expiration year is invalid.",
                                  "invalid_expiry_year", "card[exp_year]")
        pm["card"] = card
    if p.get("billing_details"):
        bd = dict(pm["billing_details"])
        for k, v in p["billing_details"].items():
            if k == "address":
                addr = dict(bd["address"] or objects.empty_address())
                for ak, av in (v or {}).items():
                    addr[ak] = av or None
                bd["address"] = addr
            else:
                bd[k] = v or None
        pm["billing_details"] = bd
    if "metadata" in p:
        pm["metadata"] = merge_metadata(pm["metadata"], p["metadata"])
    if p.get("allow_redisplay"):
        pm["allow_redisplay"] = p["allow_redisplay"]
    prev = diff(before, pm)
    if prev:
        emit_ctx(ctx, "payment_method.updated", pm, prev)
    return 200, objects.render(ctx.account, pm, p.get("expand"))
