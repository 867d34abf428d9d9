"""SetupIntents: confirming (server or Stripe.js) and the sandbox's 3-D Secure answers.

A succeeded SetupIntent attaches its PaymentMethod to its customer; an acss_debit one also
creates a Mandate. Cards that need 3-D Secure go to ``requires_action`` with a
``use_stripe_sdk`` next action that the Stripe.js double completes or fails through its
3-D Secure page (``finish_3ds``). The rest of the resource is ``setup_intents.py``.
"""

from __future__ import annotations

from typing import Any

from owl_desktop.sandbox import objects, testdata
from owl_desktop.sandbox.app import Ctx, router
from owl_desktop.sandbox.errors import StripeApiError, param_error
from owl_desktop.sandbox.events import diff, emit, emit_ctx
from owl_desktop.sandbox.params import check
from owl_desktop.sandbox.routes.payment_methods import (
    decline_error,
    ensure_usable,
    error_object,
    strip_js_extras,
)
from owl_desktop.sandbox.routes.setup_intents import (
    CONFIRM_SPEC,
    CONFIRMABLE,
    check_client_secret,
    check_public_expand,
    get_seti,
    options_params,
    pm_from,
    public_view,
    render_seti,
    validate_types_and_options,
)
from owl_desktop.sandbox.state import Account, State, new_id
from owl_desktop.sandbox.three_ds import intent_awaiting_3ds


@router.add("POST", "/v1/setup_intents/{seti_id}/confirm", "setup_intents", "write",
            publishable=True)
def confirm(ctx: Ctx, seti_id: str) -> tuple[int, Any]:
    strip_js_extras(ctx)
    p = check(ctx.params, CONFIRM_SPEC)
    check_public_expand(ctx, p.get("expand"))
    seti = get_seti(ctx, seti_id)
    check_client_secret(ctx, seti, p.get("client_secret"))
    return confirm_intent(ctx, seti, p)


def _unexpected_state(seti: dict[str, Any], allowed: tuple[str, ...]) -> StripeApiError:
    return StripeApiError(
        400, f"You cannot confirm this SetupIntent because it has a status of "
        f"{seti['status']}. Only a SetupIntent with one of the following statuses may be "
        f"confirmed: {', '.join(allowed)}.", code="setup_intent_unexpected_state")


def confirm_intent(ctx: Ctx, seti: dict[str, Any], p: dict[str, Any]) -> tuple[int, Any]:
    online = ((p.get("mandate_data") or {}).get("customer_acceptance") or {}).get("online")
    if online and "infer_from_client" in online and not ctx.publishable:
        path = "mandate_data[customer_acceptance][online][infer_from_client]"
        raise param_error(f"Received unknown parameter: {path}", code="parameter_unknown",
                          param=path)
    if seti["status"] not in CONFIRMABLE:
        err = _unexpected_state(seti, CONFIRMABLE)
        err.extra["setup_intent"] = render_seti(ctx, seti, None)
        raise err
    before = objects.render(ctx.account, seti, None)
    if p.get("payment_method_options"):
        merged = {"payment_method_options": {**options_params(seti),
                                             **p["payment_method_options"]}}
        seti["payment_method_options"] = validate_types_and_options(
            merged, seti["payment_method_types"])
    if p.get("payment_method") or p.get("payment_method_data"):
        pm = pm_from(ctx, p)
    elif seti.get("payment_method"):
        pm = objects.get(ctx.account, seti["payment_method"], "payment_method")
        ensure_usable(ctx, pm)
    else:
        raise StripeApiError(
            400, "You cannot confirm this SetupIntent because it's missing a payment method. "
            "You can either update the SetupIntent with a payment method and then confirm it "
            "again, or confirm it again directly with a payment method.",
            code="setup_intent_unexpected_state",
            setup_intent=render_seti(ctx, seti, None))
    if pm["type"] not in seti["payment_method_types"]:
        raise StripeApiError(
            400, f"The provided PaymentMethod of type {pm['type']} cannot be used with this "
            f"SetupIntent, which allows: {', '.join(seti['payment_method_types'])}.",
            code="payment_intent_invalid_parameter", param="payment_method")
    if pm.get("customer") and seti.get("customer") and pm["customer"] != seti["customer"]:
        raise StripeApiError(
            400, "The provided PaymentMethod is already attached to another Customer. "
            "Detach it first, or use it with that Customer.", param="payment_method")
    seti["payment_method"] = pm["id"]
    seti["last_setup_error"] = None
    seti["next_action"] = None
    internal = ctx.account.internal.setdefault(seti["id"], {})
    if p.get("mandate_data"):
        internal["mandate_data"] = p["mandate_data"]
    internal["ip"] = ctx.client_ip
    internal["user_agent"] = ctx.user_agent
    if pm["type"] == "card":
        return _confirm_card(ctx, seti, pm, before, p)
    return _confirm_acss(ctx, seti, pm, before, p)


def _confirm_card(ctx: Ctx, seti: dict[str, Any], pm: dict[str, Any],
                  before: dict[str, Any], p: dict[str, Any]) -> tuple[int, Any]:
    outcome = ctx.account.internal.get(pm["id"], {}).get("setup", "ok")
    request_3ds = (seti["payment_method_options"].get("card") or {}).get(
        "request_three_d_secure")
    if outcome == "ok" and request_3ds in ("any", "challenge"):
        outcome = "3ds"
    if outcome == "3ds":
        seti["status"] = "requires_action"
        seti["next_action"] = objects.three_d_secure_action(ctx.base_url)
        emit_ctx(ctx, "setup_intent.requires_action", seti, diff(before, seti))
        return 200, render_seti(ctx, seti, p.get("expand"))
    if outcome.startswith("decline:"):
        return _fail(ctx, seti, pm, before, decline_error(outcome))
    succeed_setup(ctx.state, ctx.account, seti, pm, before, request_id=ctx.request_id,
                  idem=ctx.idempotency_key)
    return 200, render_seti(ctx, seti, p.get("expand"))


def _fail(ctx: Ctx, seti: dict[str, Any], pm: dict[str, Any], before: dict[str, Any],
          err: StripeApiError) -> tuple[int, Any]:
    seti["status"] = "requires_payment_method"
    seti["payment_method"] = None
    seti["next_action"] = None
    error = error_object(err)
    error["payment_method"] = objects.render(ctx.account, pm, None)
    seti["last_setup_error"] = error
    emit_ctx(ctx, "setup_intent.setup_failed", seti, diff(before, seti))
    err.extra["setup_intent"] = render_seti(ctx, seti, None)
    raise err


def succeed_setup(state: State, account: Account, seti: dict[str, Any], pm: dict[str, Any],
                  before: dict[str, Any], *, request_id: str | None, idem: str | None) -> None:
    """Succeed a SetupIntent: attach its method to its customer, emit Stripe's events."""
    seti["status"] = "succeeded"
    seti["next_action"] = None
    seti["last_setup_error"] = None
    if pm["type"] == "card":
        pm["card"] = {**pm["card"], "checks": {**pm["card"]["checks"],
                                               "cvc_check": "pass" if
                                               pm["card"]["checks"]["cvc_check"] else None}}
    if seti.get("customer") and pm.get("customer") != seti["customer"]:
        pm_before = objects.render(account, pm, None)
        pm["customer"] = seti["customer"]
        emit(state, account, "payment_method.attached", pm, diff(pm_before, pm),
             request_id=request_id, idempotency_key=idem)
    emit(state, account, "setup_intent.succeeded", seti, diff(before, seti),
         request_id=request_id, idempotency_key=idem)


def _confirm_acss(ctx: Ctx, seti: dict[str, Any], pm: dict[str, Any],
                  before: dict[str, Any], p: dict[str, Any]) -> tuple[int, Any]:
    internal = ctx.account.internal[seti["id"]]
    md = internal.get("mandate_data")
    if not md:
        if ctx.publishable:
            md = {"customer_acceptance": {"type": "online", "online": {
                "ip_address": ctx.client_ip, "user_agent": ctx.user_agent or "Stripe.js"}}}
        else:
            raise param_error(
                "Missing required param: mandate_data. A mandate is required to confirm a "
                "SetupIntent with an acss_debit PaymentMethod from your server.",
                code="parameter_missing", param="mandate_data")
    acceptance = md["customer_acceptance"]
    if acceptance["type"] == "online":
        online = acceptance.get("online") or {}
        if not online.get("ip_address") or not online.get("user_agent"):
            if ctx.publishable:
                online = {"ip_address": online.get("ip_address") or ctx.client_ip,
                          "user_agent": online.get("user_agent") or ctx.user_agent
                          or "Stripe.js"}
            else:
                missing = "ip_address" if not online.get("ip_address") else "user_agent"
                path = f"mandate_data[customer_acceptance][online][{missing}]"
                raise param_error(f"Missing required param: {path}.", code="parameter_missing",
                                  param=path)
        accept_obj = {"accepted_at": acceptance.get("accepted_at") or ctx.now,
                      "online": {"ip_address": online["ip_address"],
                                 "user_agent": online["user_agent"]}, "type": "online"}
    else:
        accept_obj = {"accepted_at": acceptance.get("accepted_at") or ctx.now,
                      "offline": {}, "type": "offline"}
    acss_opts = seti["payment_method_options"]["acss_debit"]
    mandate = objects.mandate(ctx.now, payment_method_id=pm["id"], acceptance=accept_obj,
                              acss_options=mandate_details(acss_opts), status="pending")
    ctx.account.objects[mandate["id"]] = mandate
    seti["mandate"] = mandate["id"]
    verification = acss_opts.get("verification_method") or "automatic"
    pm_internal = ctx.account.internal.get(pm["id"], {})
    if verification == "instant" or pm_internal.get("verified"):
        mandate["status"] = "active"
        succeed_setup(ctx.state, ctx.account, seti, pm, before, request_id=ctx.request_id,
                  idem=ctx.idempotency_key)
        return 200, render_seti(ctx, seti, p.get("expand"))
    arrival = ctx.now + testdata.MICRODEPOSIT_ARRIVAL_SECONDS
    seti["status"] = "requires_action"
    seti["next_action"] = {"type": "verify_with_microdeposits", "verify_with_microdeposits": {
        "arrival_date": arrival,
        "hosted_verification_url": f"https://payments.stripe.com/microdeposit/"
                                   f"{new_id('sacs_test', 24)}",
        "microdeposit_type": "amounts",
    }}
    ctx.account.internal[seti["id"]]["microdeposit_attempts"] = 0
    if pm_internal.get("pad_outcome") == "microdeposits_fail":
        ctx.account.tasks.append({"kind": "microdeposits_fail", "seti": seti["id"],
                                  "due": ctx.now + testdata.MICRODEPOSIT_SEND_FAIL_SECONDS})
    emit_ctx(ctx, "setup_intent.requires_action", seti, diff(before, seti))
    return 200, render_seti(ctx, seti, p.get("expand"))


def mandate_details(acss_opts: dict[str, Any]) -> dict[str, Any]:
    mo = acss_opts.get("mandate_options") or {}
    return {"default_for": mo.get("default_for") or [],
            "interval_description": mo.get("interval_description"),
            "payment_schedule": mo.get("payment_schedule"),
            "transaction_type": mo.get("transaction_type")}


def finish_3ds(state: State, seti_id: str, client_secret: str, *, succeed: bool
               ) -> dict[str, Any]:
    """The 3-D Secure challenge's answer (sandbox-only route); returns the public view."""
    with state.lock:
        account, seti = intent_awaiting_3ds(state, seti_id, client_secret, "setup_intent")
        pm = account.objects[seti["payment_method"]]
        before = objects.render(account, seti, None)
        after = account.internal.get(pm["id"], {}).get("after_3ds", "ok")
        if succeed and after == "ok":
            succeed_setup(state, account, seti, pm, before, request_id=None, idem=None)
        else:
            if succeed:
                err = decline_error(after)
            else:
                err = StripeApiError(
                    402, "We are unable to authenticate your payment method. Please choose a "
                    "different payment method and try again.", type_="invalid_request_error",
                    code="setup_intent_authentication_failure")
            seti["status"] = "requires_payment_method"
            seti["payment_method"] = None
            seti["next_action"] = None
            error = error_object(err)
            error["payment_method"] = objects.render(account, pm, None)
            seti["last_setup_error"] = error
            emit(state, account, "setup_intent.setup_failed", seti, diff(before, seti))
        return public_view(objects.render(account, seti, None))
