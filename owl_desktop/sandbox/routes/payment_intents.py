"""PaymentIntents: create (and confirm off-session), confirm, retrieve, list, cancel.

Cards settle at once or decline per their test number. PAD (acss_debit) debits stay
``processing`` and settle after :data:`testdata.PAD_SETTLE_SECONDS` of sandbox time: a task
queued on the account runs when the clock passes it (``SandboxServer.advance``).
"""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Any

from owl_desktop.sandbox import app as app_mod
from owl_desktop.sandbox import objects, testdata
from owl_desktop.sandbox.app import Ctx, router
from owl_desktop.sandbox.errors import StripeApiError, param_error
from owl_desktop.sandbox.events import diff, emit, emit_ctx
from owl_desktop.sandbox.lists import LIST_SPEC, paginate
from owl_desktop.sandbox.params import B, D, E, Field, I, L, M, S, check
from owl_desktop.sandbox.pm_types import (
    allowed_types,
    refuse_payment_method_types,
    requested_types,
)
from owl_desktop.sandbox.routes.customers import (
    ADDRESS,
    created_filter,
    get_customer,
    list_item_expand,
    merge_metadata,
    newest_first,
)
from owl_desktop.sandbox.routes.payment_methods import (
    PM_DATA_SPEC,
    create_from_data,
    decline_error,
    ensure_usable,
    error_object,
    resolve_pm,
    strip_js_extras,
)
from owl_desktop.sandbox.state import Account, State, new_id
from owl_desktop.sandbox.three_ds import intent_awaiting_3ds

MINIMUM = {"cad": 50, "usd": 50}
OFF_SESSION = Field("any")
PMO_SPEC: dict[str, Field] = {
    "card": D({"request_three_d_secure": E("any", "automatic", "challenge"),
               "setup_future_usage": E("none", "off_session", "on_session"),
               "capture_method": E("manual"), "network": S()}),
    "acss_debit": D({"mandate_options": D({"custom_mandate_url": S(),
                                           "interval_description": S(),
                                           "payment_schedule": E("combined", "interval",
                                                                 "sporadic"),
                                           "transaction_type": E("business", "personal")}),
                     "setup_future_usage": E("none", "off_session", "on_session"),
                     "verification_method": E("automatic", "instant", "microdeposits"),
                     "target_date": S()}),
}
SHIPPING_SPEC = D({"address": D(ADDRESS, required=True), "name": S(required=True),
                   "carrier": S(), "phone": S(), "tracking_number": S()})
CONFIRM_SPEC: dict[str, Field] = {
    "payment_method": S(), "payment_method_data": D(PM_DATA_SPEC),
    "payment_method_options": D(PMO_SPEC), "off_session": OFF_SESSION, "mandate": S(),
    "mandate_data": D({"customer_acceptance": D({}, required=True)}), "return_url": S(),
    "receipt_email": S(), "setup_future_usage": E("off_session", "on_session"),
    "shipping": SHIPPING_SPEC, "use_stripe_sdk": B(), "error_on_requires_action": B(),
    "capture_method": E("automatic", "automatic_async", "manual"), "expand": L(),
    "client_secret": S(), "payment_method_types": L(), "confirmation_token": S(),
}
SUPPORTED_TYPES = ("card", "acss_debit")
CREATE_SPEC: dict[str, Field] = {
    **{k: v for k, v in CONFIRM_SPEC.items() if k != "client_secret"},
    "amount": I(required=True), "currency": S(required=True), "customer": S(),
    "confirm": B(), "description": S(), "metadata": M(),
    "statement_descriptor": S(), "statement_descriptor_suffix": S(),
    "confirmation_method": E("automatic", "manual"),
    "automatic_payment_methods": D({"enabled": B(required=True),
                                    "allow_redirects": E("always", "never")}),
    "transfer_group": S(), "on_behalf_of": S(), "application_fee_amount": I(),
    "excluded_payment_method_types": L(), "payment_method_configuration": S(),
    "customer_account": S(), "allowed_payment_method_types": L(),
}
PUBLIC_FIELDS = ("id", "object", "amount", "amount_details", "automatic_payment_methods",
                 "canceled_at", "cancellation_reason", "capture_method", "client_secret",
                 "confirmation_method", "created", "currency", "description",
                 "last_payment_error", "livemode", "next_action", "payment_method",
                 "payment_method_configuration_details", "payment_method_types", "processing",
                 "receipt_email", "setup_future_usage", "shipping", "source", "status")
CONFIRMABLE = ("requires_payment_method", "requires_confirmation", "requires_action")


def _out(ctx: Ctx, pi: dict[str, Any], expand: list[str] | None) -> dict[str, Any]:
    rendered = objects.render(ctx.account, pi, None if ctx.publishable else expand)
    if ctx.publishable:
        return {k: rendered[k] for k in PUBLIC_FIELDS if k in rendered}
    return rendered


def _get(ctx: Ctx, pi_id: str) -> dict[str, Any]:
    return objects.get(ctx.account, pi_id, "payment_intent", param="intent")


def _off_session(value: Any) -> bool:
    if value in (None, "", "false"):
        return False
    if value in ("true", "one_off", "recurring"):
        return True
    raise param_error("Invalid off_session: must be a boolean, or one of one_off or recurring",
                      code=None, param="off_session")


@router.add("POST", "/v1/payment_intents", "payment_intents", "write")
def create(ctx: Ctx) -> tuple[int, Any]:
    p = check(ctx.params, CREATE_SPEC)
    currency = p["currency"].lower()
    if currency not in MINIMUM:
        raise param_error(f"Invalid currency: {p['currency']}. Stripe currently supports these "
                          "currencies in this sandbox: cad, usd.", code=None, param="currency")
    if p["amount"] < MINIMUM[currency]:
        raise StripeApiError(
            400, f"Amount must be at least $0.50 {currency}", code="amount_too_small",
            param="amount")
    if p["amount"] > 99999999:
        raise StripeApiError(400, "Amount must be no more than $999,999.99",
                             code="amount_too_large", param="amount")
    off_session = _off_session(p.get("off_session"))
    if "off_session" in p and not p.get("confirm"):
        raise param_error("You can only set off_session when confirm is set to true.",
                          code=None, param="off_session")
    if p.get("customer"):
        get_customer(ctx, p["customer"], param="customer")
    types = allowed_types(p, SUPPORTED_TYPES)
    apm = None
    if not types:
        apm = {"allow_redirects": "always", "enabled": True}
        if p.get("automatic_payment_methods"):
            apm = {"allow_redirects": p["automatic_payment_methods"].get("allow_redirects",
                                                                          "always"),
                   "enabled": p["automatic_payment_methods"]["enabled"]}
        types = ["card", "acss_debit"]
    pi = objects.payment_intent(
        ctx.now, amount=p["amount"], currency=currency, customer=p.get("customer"),
        description=p.get("description"), metadata=merge_metadata({}, p.get("metadata") or {}),
        payment_method_types=types, automatic_payment_methods=apm,
        allowed_payment_method_types=requested_types(p),
        capture_method=p.get("capture_method") or "automatic",
        confirmation_method=p.get("confirmation_method") or "automatic",
        receipt_email=p.get("receipt_email"), setup_future_usage=p.get("setup_future_usage"),
        statement_descriptor=p.get("statement_descriptor"),
        statement_descriptor_suffix=p.get("statement_descriptor_suffix"),
        transfer_group=p.get("transfer_group"))
    if p.get("payment_method") or p.get("payment_method_data"):
        pm = _pm_from(ctx, p)
        pi["payment_method"] = pm["id"]
        pi["status"] = "requires_confirmation"
    ctx.account.objects[pi["id"]] = pi
    emit_ctx(ctx, "payment_intent.created", pi)
    if p.get("confirm"):
        return _confirm(ctx, pi, p, off_session)
    return 200, _out(ctx, pi, p.get("expand"))


def _pm_from(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    if p.get("payment_method") and p.get("payment_method_data"):
        raise param_error("You may only specify one of these parameters: payment_method, "
                          "payment_method_data.", code=None, param="payment_method_data")
    if p.get("payment_method"):
        pm = resolve_pm(ctx, p["payment_method"])
    else:
        pm = create_from_data(ctx, p["payment_method_data"], "payment_method_data")
    ensure_usable(ctx, pm)
    return pm


@router.add("POST", "/v1/payment_intents/{pi_id}/confirm", "payment_intents", "write",
            publishable=True)
def confirm(ctx: Ctx, pi_id: str) -> tuple[int, Any]:
    strip_js_extras(ctx)
    p = check(ctx.params, CONFIRM_SPEC)
    refuse_payment_method_types(p)
    pi = _get(ctx, pi_id)
    _check_secret(ctx, pi, p.get("client_secret"))
    return _confirm(ctx, pi, p, _off_session(p.get("off_session")))


def _check_secret(ctx: Ctx, pi: dict[str, Any], secret: str | None) -> None:
    if not ctx.publishable:
        if secret is not None:
            raise param_error("Received unknown parameter: client_secret",
                              code="parameter_unknown", param="client_secret")
        return
    if not secret:
        raise param_error("Missing required param: client_secret.", code="parameter_missing",
                          param="client_secret")
    if not hmac.compare_digest(secret, pi["client_secret"]):
        raise StripeApiError(400, "The client_secret provided does not match the "
                             "client_secret associated with the PaymentIntent.",
                             code="payment_intent_invalid_parameter", param="client_secret")


def _confirm(ctx: Ctx, pi: dict[str, Any], p: dict[str, Any], off_session: bool
             ) -> tuple[int, Any]:
    if pi["status"] not in CONFIRMABLE:
        raise StripeApiError(
            400, f"This PaymentIntent's status is {pi['status']}, but it must be one of "
            f"{', '.join(CONFIRMABLE)} to be confirmed.",
            code="payment_intent_unexpected_state", payment_intent=_out(ctx, pi, None))
    before = objects.render(ctx.account, pi, None)
    if p.get("payment_method") or p.get("payment_method_data"):
        pm = _pm_from(ctx, p)
    elif pi.get("payment_method"):
        pm = objects.get(ctx.account, pi["payment_method"], "payment_method")
        ensure_usable(ctx, pm)
    else:
        raise StripeApiError(
            400, "You cannot confirm this PaymentIntent because it's missing a payment method. "
            "To confirm the PaymentIntent with cus_ or pm_, pass the payment method ID as "
            "payment_method.", code="payment_intent_unexpected_state",
            payment_intent=_out(ctx, pi, None))
    if pm["type"] not in pi["payment_method_types"]:
        raise StripeApiError(
            400, f"The PaymentMethod provided ({pm['type']}) is not allowed for this "
            "PaymentIntent. Please attach a PaymentMethod of one of the following types: "
            f"{', '.join(pi['payment_method_types'])}.",
            code="payment_intent_invalid_parameter", param="payment_method")
    if pm.get("customer") and pm["customer"] != pi.get("customer"):
        raise StripeApiError(
            400, "The provided PaymentMethod belongs to a Customer, but you did not provide "
            "that Customer. Provide the Customer, or use a PaymentMethod that doesn't belong "
            "to a Customer." if not pi.get("customer") else
            "The provided PaymentMethod does not belong to this Customer.",
            param="payment_method")
    pi["payment_method"] = pm["id"]
    pi["last_payment_error"] = None
    pi["next_action"] = None
    if not pm.get("customer"):
        # Used once without a customer: Stripe won't let it be used again.
        ctx.account.internal.setdefault(pm["id"], {})["consumed"] = True
    if pm["type"] == "acss_debit":
        return _confirm_acss(ctx, pi, pm, before, p)
    internal = ctx.account.internal.get(pm["id"], {})
    outcome = internal.get("charge", "ok")
    if _expired(pm, ctx.now):
        outcome = "decline:expired_card:expired_card"
    if outcome == "ok" and not off_session and internal.get("setup") == "3ds":
        pi["status"] = "requires_action"
        pi["next_action"] = objects.three_d_secure_action(ctx.base_url)
        emit_ctx(ctx, "payment_intent.requires_action", pi, diff(before, pi))
        return 200, _out(ctx, pi, p.get("expand"))
    if outcome == "auth_required":
        if off_session:
            err = decline_error("decline:authentication_required:authentication_required")
        else:
            pi["status"] = "requires_action"
            pi["next_action"] = objects.three_d_secure_action(ctx.base_url)
            emit_ctx(ctx, "payment_intent.requires_action", pi, diff(before, pi))
            return 200, _out(ctx, pi, p.get("expand"))
        return _fail(ctx, pi, pm, before, err)
    if outcome.startswith("decline:"):
        return _fail(ctx, pi, pm, before, decline_error(outcome))
    pi["status"] = "succeeded"
    pi["amount_received"] = pi["amount"]
    pi["latest_charge"] = new_id("ch", 24)
    emit_ctx(ctx, "payment_intent.succeeded", pi, diff(before, pi))
    return 200, _out(ctx, pi, p.get("expand"))


def _expired(pm: dict[str, Any], now: int) -> bool:
    """A card whose expiry month has passed on the sandbox clock is declined, as a bank would."""
    today = dt.datetime.fromtimestamp(now, dt.UTC)
    card = pm.get("card") or {}
    return bool(card) and (card["exp_year"], card["exp_month"]) < (today.year, today.month)


def _fail(ctx: Ctx, pi: dict[str, Any], pm: dict[str, Any], before: dict[str, Any],
          err: StripeApiError) -> tuple[int, Any]:
    charge = new_id("ch", 24)
    pi["status"] = "requires_payment_method"
    pi["latest_charge"] = charge
    pi["payment_method"] = None
    error = error_object(err)
    error["charge"] = charge
    error["payment_method"] = objects.render(ctx.account, pm, None)
    error["payment_method_type"] = pm["type"]
    pi["last_payment_error"] = error
    emit_ctx(ctx, "payment_intent.payment_failed", pi, diff(before, pi))
    err.extra["charge"] = charge
    err.extra["payment_intent"] = _out(ctx, pi, None)
    err.extra["payment_method"] = objects.render(ctx.account, pm, None)
    err.extra["payment_method_type"] = pm["type"]
    raise err


def _confirm_acss(ctx: Ctx, pi: dict[str, Any], pm: dict[str, Any], before: dict[str, Any],
                  p: dict[str, Any]) -> tuple[int, Any]:
    mandate = None
    if p.get("mandate"):
        mandate = objects.get(ctx.account, p["mandate"], "mandate", param="mandate")
    else:
        for obj in reversed(ctx.account.objects.values()):
            if obj.get("object") == "mandate" and obj["payment_method"] == pm["id"] and \
                    obj["status"] == "active":
                mandate = obj
                break
    if mandate is None or mandate["status"] != "active" or \
            mandate["payment_method"] != pm["id"]:
        raise StripeApiError(
            400, "The PaymentMethod provided does not have an active mandate. Set it up with a "
            "SetupIntent (acss_debit) first, or provide mandate_data.",
            code="payment_method_unactivated", param="payment_method",
            payment_intent=_out(ctx, pi, None))
    internal = ctx.account.internal.get(pm["id"], {})
    pi["status"] = "processing"
    pi["payment_method_options"] = {"acss_debit": {
        "mandate_options": {"interval_description":
                            mandate["payment_method_details"]["acss_debit"].get(
                                "interval_description"),
                            "payment_schedule": mandate["payment_method_details"]["acss_debit"]
                            .get("payment_schedule"),
                            "transaction_type": mandate["payment_method_details"]["acss_debit"]
                            .get("transaction_type")},
        "verification_method": "automatic"}}
    pi["latest_charge"] = new_id("py", 24)
    ctx.account.tasks.append({
        "kind": "pad_settle", "pi": pi["id"], "mandate": mandate["id"],
        "due": ctx.now + testdata.PAD_SETTLE_SECONDS + int(internal.get("pad_extra_delay", 0)),
    })
    emit_ctx(ctx, "payment_intent.processing", pi, diff(before, pi))
    return 200, _out(ctx, pi, p.get("expand"))


def settle_due(state: State, account: Account) -> None:
    """Run PAD settlements whose time has come (called before each request and on advance)."""
    now = state.now()
    due = sorted((t for t in account.tasks if t["kind"] == "pad_settle" and t["due"] <= now),
                 key=lambda t: t["due"])
    if not due:
        return
    account.tasks[:] = [t for t in account.tasks if t not in due]
    for task in due:
        pi = account.objects.get(task["pi"])
        if pi is None or pi["status"] != "processing":
            continue
        pm = account.objects.get(pi["payment_method"] or "")
        internal = account.internal.get(pi["payment_method"] or "", {})
        before = objects.render(account, pi, None)
        if internal.get("pad_outcome", "succeeded") == "succeeded":
            pi["status"] = "succeeded"
            pi["amount_received"] = pi["amount"]
            emit(state, account, "payment_intent.succeeded", pi, diff(before, pi))
            continue
        pi["status"] = "requires_payment_method"
        pi["last_payment_error"] = {
            "code": internal.get("pad_failure_code"),
            "message": internal.get("pad_failure_message"),
            "payment_method": objects.render(account, pm, None) if pm else None,
            "payment_method_type": "acss_debit",
            "type": "invalid_request_error",
            "doc_url": "https://stripe.com/docs/error-codes/"
                       + str(internal.get("pad_failure_code")).replace("_", "-"),
        }
        pi["payment_method"] = None
        emit(state, account, "payment_intent.payment_failed", pi, diff(before, pi))
        mandate = account.objects.get(task.get("mandate") or "")
        if mandate is not None and internal.get("pad_mandate_after") == "inactive" and \
                mandate["status"] != "inactive":
            m_before = objects.render(account, mandate, None)
            mandate["status"] = "inactive"
            emit(state, account, "mandate.updated", mandate, diff(m_before, mandate))


app_mod.due_hooks.append(settle_due)


def settle_all_now(state: State) -> int:
    """The trainer's shortcut: every PAD debit still processing settles now, as its test
    account says (succeeded, or failed with its code), without moving the clock. Returns
    how many."""
    settled = 0
    with state.lock:
        now = state.now()
        for account in list(state.accounts.values()):
            for task in account.tasks:
                if task["kind"] == "pad_settle" and task["due"] > now:
                    task["due"] = now
            settled += sum(1 for t in account.tasks if t["kind"] == "pad_settle")
            settle_due(state, account)
        state.save()
    return settled


@router.add("GET", "/v1/payment_intents/{pi_id}", "payment_intents", "read", publishable=True)
def retrieve(ctx: Ctx, pi_id: str) -> tuple[int, Any]:
    strip_js_extras(ctx)
    p = check(ctx.params, {"expand": L(), "client_secret": S()})
    pi = _get(ctx, pi_id)
    _check_secret(ctx, pi, p.get("client_secret"))
    return 200, _out(ctx, pi, p.get("expand"))


@router.add("GET", "/v1/payment_intents", "payment_intents", "read")
def list_(ctx: Ctx) -> tuple[int, Any]:
    p = check(ctx.params, {**LIST_SPEC, "customer": S(), "customer_account": S(),
                           "created": D({"gt": I(), "gte": I(), "lt": I(), "lte": I()})})
    items = newest_first(ctx, "payment_intent")
    if p.get("customer"):
        items = [o for o in items if o.get("customer") == p["customer"]]
    items = created_filter(items, p.get("created"))
    return 200, paginate(items, p, "/v1/payment_intents", "payment_intent",
                         lambda o: objects.render(ctx.account, o, list_item_expand(p)))


@router.add("POST", "/v1/payment_intents/{pi_id}/cancel", "payment_intents", "write")
def cancel(ctx: Ctx, pi_id: str) -> tuple[int, Any]:
    p = check(ctx.params, {"cancellation_reason": E("abandoned", "duplicate", "fraudulent",
                                                    "requested_by_customer"), "expand": L()})
    pi = _get(ctx, pi_id)
    allowed = ("requires_payment_method", "requires_capture", "requires_confirmation",
               "requires_action")
    if pi["status"] not in allowed:
        raise StripeApiError(
            400, f"You cannot cancel this PaymentIntent because it has a status of "
            f"{pi['status']}. Only a PaymentIntent with one of the following statuses may be "
            f"canceled: {', '.join(allowed)}.", code="payment_intent_unexpected_state",
            payment_intent=_out(ctx, pi, None))
    before = objects.render(ctx.account, pi, None)
    pi["status"] = "canceled"
    pi["canceled_at"] = ctx.now
    pi["cancellation_reason"] = p.get("cancellation_reason")
    pi["next_action"] = None
    emit_ctx(ctx, "payment_intent.canceled", pi, diff(before, pi))
    return 200, _out(ctx, pi, p.get("expand"))


def finish_3ds_payment(state: State, pi_id: str, client_secret: str, *, succeed: bool
                       ) -> dict[str, Any]:
    """The 3-D Secure challenge's answer for an on-session PaymentIntent (sandbox-only)."""
    with state.lock:
        account, pi = intent_awaiting_3ds(state, pi_id, client_secret, "payment_intent")
        pm = account.objects[pi["payment_method"]]
        before = objects.render(account, pi, None)
        outcome = account.internal.get(pm["id"], {}).get("charge", "ok")
        if succeed and not outcome.startswith("decline:"):
            pi["status"] = "succeeded"
            pi["next_action"] = None
            pi["amount_received"] = pi["amount"]
            pi["latest_charge"] = new_id("ch", 24)
            emit(state, account, "payment_intent.succeeded", pi, diff(before, pi))
        else:
            err = decline_error(outcome) if succeed else StripeApiError(
                402, "We are unable to authenticate your payment method. Please choose a "
                "different payment method and try again.", type_="invalid_request_error",
                code="payment_intent_authentication_failure")
            pi["status"] = "requires_payment_method"
            pi["payment_method"] = None
            pi["next_action"] = None
            error = error_object(err)
            error["payment_method"] = objects.render(account, pm, None)
            error["payment_method_type"] = pm["type"]
            pi["last_payment_error"] = error
            emit(state, account, "payment_intent.payment_failed", pi, diff(before, pi))
        rendered = objects.render(account, pi, None)
        return {k: rendered[k] for k in PUBLIC_FIELDS if k in rendered}
