"""SetupIntents: create, retrieve, update, list, cancel (confirming is ``setup_confirm.py``,
verify_microdeposits ``microdeposits.py``).

A succeeded SetupIntent attaches its PaymentMethod to its customer; an acss_debit one also
creates a Mandate. Cards that need 3-D Secure go to ``requires_action`` with a
``use_stripe_sdk`` next action that the Stripe.js double completes or fails through
``/_sandbox/3ds/{id}/complete|fail``.
"""

from __future__ import annotations

import hmac
from typing import Any

from owl_desktop.sandbox import objects
from owl_desktop.sandbox.app import Ctx, router
from owl_desktop.sandbox.errors import StripeApiError, param_error
from owl_desktop.sandbox.events import diff, emit_ctx
from owl_desktop.sandbox.lists import LIST_SPEC, paginate
from owl_desktop.sandbox.params import B, D, E, Field, I, L, M, S, check
from owl_desktop.sandbox.pm_types import allowed_types, requested_types
from owl_desktop.sandbox.routes.customers import (
    created_filter,
    get_customer,
    list_item_expand,
    merge_metadata,
    newest_first,
)
from owl_desktop.sandbox.routes.payment_methods import (
    PM_DATA_SPEC,
    create_from_data,
    ensure_usable,
    resolve_pm,
    strip_js_extras,
)

ACSS_OPTIONS_SPEC: dict[str, Field] = {
    "currency": E("cad", "usd"),
    "mandate_options": D({
        "custom_mandate_url": S(),
        "default_for": L(E("invoice", "subscription")),
        "interval_description": S(),
        "payment_schedule": E("combined", "interval", "sporadic"),
        "transaction_type": E("business", "personal"),
    }),
    "verification_method": E("automatic", "instant", "microdeposits"),
}
CARD_OPTIONS_SPEC: dict[str, Field] = {
    "mandate_options": D({}, ),
    "network": S(),
    "request_three_d_secure": E("any", "automatic", "challenge"),
    "moto": B(),
}
PMO_SPEC: dict[str, Field] = {"acss_debit": D(ACSS_OPTIONS_SPEC), "card": D(CARD_OPTIONS_SPEC)}
MANDATE_DATA_SPEC: dict[str, Field] = {
    "customer_acceptance": D({
        "type": E("offline", "online", required=True),
        "accepted_at": I(),
        "offline": D({}),
        # infer_from_client: what Stripe.js sends with a publishable key (the API records the
        # browser's IP address and user agent); a secret-key caller must give both.
        "online": D({"ip_address": S(), "user_agent": S(), "infer_from_client": B()}),
    }, required=True),
}
CREATE_SPEC: dict[str, Field] = {
    "customer": S(), "customer_account": S(), "description": S(), "metadata": M(),
    "payment_method": S(), "payment_method_data": D(PM_DATA_SPEC),
    "payment_method_options": D(PMO_SPEC), "payment_method_types": L(),
    "allowed_payment_method_types": L(),
    "usage": E("off_session", "on_session"), "confirm": B(), "return_url": S(),
    "mandate_data": D(MANDATE_DATA_SPEC), "use_stripe_sdk": B(), "expand": L(),
    "automatic_payment_methods": D({"enabled": B(required=True),
                                    "allow_redirects": E("always", "never")}),
    "attach_to_self": B(), "flow_directions": L(E("inbound", "outbound")),
    "on_behalf_of": S(), "payment_method_configuration": S(),
    "excluded_payment_method_types": L(), "confirmation_token": S(),
    "single_use": D({"amount": I(required=True), "currency": S(required=True)}),
}
UPDATE_SPEC: dict[str, Field] = {
    "customer": S(), "description": S(), "metadata": M(), "payment_method": S(),
    "payment_method_data": D(PM_DATA_SPEC), "payment_method_options": D(PMO_SPEC),
    "payment_method_types": L(), "allowed_payment_method_types": L(), "expand": L(),
    "attach_to_self": B(), "flow_directions": L(E("inbound", "outbound")),
    "excluded_payment_method_types": L(), "payment_method_configuration": S(),
    "customer_account": S(),
}
CONFIRM_SPEC: dict[str, Field] = {
    "payment_method": S(), "payment_method_data": D(PM_DATA_SPEC),
    "payment_method_options": D(PMO_SPEC), "mandate_data": D(MANDATE_DATA_SPEC),
    "return_url": S(), "use_stripe_sdk": B(), "expand": L(), "client_secret": S(),
    "confirmation_token": S(),
}
SUPPORTED_TYPES = ("card", "acss_debit")
#: Fields a publishable key sees on a SetupIntent (Stripe hides the rest from the browser).
PUBLIC_FIELDS = ("id", "object", "automatic_payment_methods", "cancellation_reason",
                 "client_secret", "created", "description", "last_setup_error", "livemode",
                 "next_action", "payment_method", "payment_method_configuration_details",
                 "payment_method_types", "status", "usage")
CONFIRMABLE = ("requires_payment_method", "requires_confirmation", "requires_action")


#: What a publishable key may expand on a SetupIntent (with its client secret): only the
#: PaymentMethod, as Stripe.js does with ``expand: ['payment_method']``.
PUBLIC_EXPANDABLE = ("payment_method",)


def public_view(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: obj[k] for k in PUBLIC_FIELDS if k in obj}


def check_public_expand(ctx: Ctx, expand: list[str] | None) -> None:
    """Refuse, before any change, an ``expand`` a publishable key may not ask for."""
    if not ctx.publishable:
        return
    for path in expand or []:
        if path not in PUBLIC_EXPANDABLE:
            raise StripeApiError(400, f"This property cannot be expanded ({path}).",
                                 param="expand", saved=False)


def render_seti(ctx: Ctx, seti: dict[str, Any], expand: list[str] | None) -> dict[str, Any]:
    if ctx.publishable:
        check_public_expand(ctx, expand)
        out = public_view(objects.render(ctx.account, seti, None))
        pm_id = out.get("payment_method")
        if "payment_method" in (expand or []) and isinstance(pm_id, str) and \
                pm_id in ctx.account.objects:
            pm = objects.render(ctx.account, ctx.account.objects[pm_id], None)
            pm.pop("metadata", None)  # not retrievable with a publishable key
            out["payment_method"] = pm
        return out
    return objects.render(ctx.account, seti, expand)


def get_seti(ctx: Ctx, seti_id: str) -> dict[str, Any]:
    return objects.get(ctx.account, seti_id, "setup_intent", stripe_name="setupintent",
                       param="intent")


def check_client_secret(ctx: Ctx, seti: dict[str, Any], secret: str | None) -> None:
    """With a publishable key, the client secret must be given and must match."""
    if not ctx.publishable:
        if secret is not None:
            raise param_error("Received unknown parameter: client_secret",
                              code="parameter_unknown", param="client_secret")
        return
    if not secret:
        raise param_error("Missing required param: client_secret.", code="parameter_missing",
                          param="client_secret")
    if not hmac.compare_digest(secret, seti["client_secret"]):
        raise StripeApiError(
            400, "The client_secret provided does not match the client_secret associated with "
            "the SetupIntent.", code="setup_intent_invalid_parameter", param="client_secret")


def validate_types_and_options(p: dict[str, Any], types: list[str]) -> dict[str, Any]:
    for t in types:
        if t not in SUPPORTED_TYPES:
            raise param_error(
                f"The payment method type provided: {t} is invalid. Please ensure the provided "
                "type is activated in your dashboard (https://dashboard.stripe.com/account/"
                "payments/settings) and your account is enabled for any preview features that "
                "you are trying to use.", code="payment_intent_invalid_parameter",
                param="payment_method_types")
    pmo = p.get("payment_method_options") or {}
    for key in pmo:
        if key not in types:
            raise param_error(
                f"payment_method_options[{key}] was provided, but {key} is not in this "
                "SetupIntent's payment_method_types.", code=None,
                param=f"payment_method_options[{key}]")
    acss = pmo.get("acss_debit")
    if "acss_debit" in types:
        acss = acss or {}
        if not acss.get("currency"):
            raise param_error("Missing required param: payment_method_options[acss_debit]"
                              "[currency].", code="parameter_missing",
                              param="payment_method_options[acss_debit][currency]")
        mo = acss.get("mandate_options") or {}
        for name in ("payment_schedule", "transaction_type"):
            if not mo.get(name):
                path = f"payment_method_options[acss_debit][mandate_options][{name}]"
                raise param_error(f"Missing required param: {path}.",
                                  code="parameter_missing", param=path)
        if mo.get("payment_schedule") in ("interval", "combined") and \
                not mo.get("interval_description"):
            path = "payment_method_options[acss_debit][mandate_options][interval_description]"
            raise param_error(
                f"Missing required param: {path}. It is required when payment_schedule is "
                f"'{mo['payment_schedule']}'.", code="parameter_missing", param=path)
        if len(mo.get("interval_description") or "") > 500:
            raise param_error("interval_description must be at most 500 characters.", code=None,
                              param="payment_method_options[acss_debit][mandate_options]"
                                    "[interval_description]")
    return _pmo_object(pmo, types)


def _pmo_object(pmo: dict[str, Any], types: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "card" in types:
        card = pmo.get("card") or {}
        out["card"] = {"mandate_options": None, "network": card.get("network"),
                       "request_three_d_secure": card.get("request_three_d_secure")
                       or "automatic"}
    if "acss_debit" in types:
        acss = pmo.get("acss_debit") or {}
        mo = acss.get("mandate_options") or {}
        mandate_options: dict[str, Any] = {
            "default_for": mo.get("default_for") or [],
            "interval_description": mo.get("interval_description"),
            "payment_schedule": mo.get("payment_schedule"),
            "transaction_type": mo.get("transaction_type"),
        }
        if mo.get("custom_mandate_url"):  # Stripe omits it when unset (never null)
            mandate_options = {"custom_mandate_url": mo["custom_mandate_url"], **mandate_options}
        out["acss_debit"] = {
            "currency": acss.get("currency"),
            "mandate_options": mandate_options,
            "verification_method": acss.get("verification_method") or "automatic",
        }
    return out


@router.add("POST", "/v1/setup_intents", "setup_intents", "write")
def create(ctx: Ctx) -> tuple[int, Any]:
    p = check(ctx.params, CREATE_SPEC)
    types = allowed_types(p, SUPPORTED_TYPES) or ["card"]
    pmo = validate_types_and_options(p, types)
    if p.get("customer"):
        get_customer(ctx, p["customer"], param="customer")
    seti = objects.setup_intent(
        ctx.now, customer=p.get("customer"), description=p.get("description"),
        metadata=merge_metadata({}, p.get("metadata") or {}), payment_method_types=types,
        allowed_payment_method_types=requested_types(p),
        payment_method_options=pmo, usage=p.get("usage") or "off_session",
        flow_directions=p.get("flow_directions"))
    if p.get("automatic_payment_methods"):
        seti["automatic_payment_methods"] = {
            "allow_redirects": p["automatic_payment_methods"].get("allow_redirects", "always"),
            "enabled": p["automatic_payment_methods"]["enabled"]}
    if p.get("payment_method") or p.get("payment_method_data"):
        pm = pm_from(ctx, p)
        seti["payment_method"] = pm["id"]
        seti["status"] = "requires_confirmation"
    ctx.account.objects[seti["id"]] = seti
    emit_ctx(ctx, "setup_intent.created", seti)
    if p.get("confirm"):
        from owl_desktop.sandbox.routes.setup_confirm import confirm_intent  # its module

        return confirm_intent(ctx, seti, p)
    return 200, render_seti(ctx, seti, p.get("expand"))


def pm_from(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    if p.get("payment_method") and p.get("payment_method_data"):
        raise param_error("You may only specify one of these parameters: payment_method, "
                          "payment_method_data.", code=None, param="payment_method_data")
    if p.get("payment_method"):
        pm = resolve_pm(ctx, p["payment_method"])
    else:
        pm = create_from_data(ctx, p["payment_method_data"], "payment_method_data")
    ensure_usable(ctx, pm)
    return pm


@router.add("GET", "/v1/setup_intents/{seti_id}", "setup_intents", "read", publishable=True)
def retrieve(ctx: Ctx, seti_id: str) -> tuple[int, Any]:
    strip_js_extras(ctx)
    p = check(ctx.params, {"expand": L(), "client_secret": S()})
    check_public_expand(ctx, p.get("expand"))
    seti = get_seti(ctx, seti_id)
    check_client_secret(ctx, seti, p.get("client_secret"))
    return 200, render_seti(ctx, seti, p.get("expand"))


@router.add("POST", "/v1/setup_intents/{seti_id}", "setup_intents", "write")
def update(ctx: Ctx, seti_id: str) -> tuple[int, Any]:
    p = check(ctx.params, UPDATE_SPEC)
    seti = get_seti(ctx, seti_id)
    if seti["status"] in ("succeeded", "canceled", "processing"):
        raise StripeApiError(
            400, f"You cannot update this SetupIntent because it has a status of "
            f"{seti['status']}.", code="setup_intent_unexpected_state")
    types = allowed_types(p, SUPPORTED_TYPES) or seti["payment_method_types"]
    if "allowed_payment_method_types" in p or "payment_method_options" in p:
        merged = dict(p)
        if "payment_method_options" not in p:
            merged["payment_method_options"] = options_params(seti)
        seti["payment_method_options"] = validate_types_and_options(merged, types)
        seti["payment_method_types"] = types
        if "allowed_payment_method_types" in p:
            seti["allowed_payment_method_types"] = requested_types(p)
    if "customer" in p:
        if p["customer"]:
            get_customer(ctx, p["customer"], param="customer")
        seti["customer"] = p["customer"] or None
    if "description" in p:
        seti["description"] = p["description"] or None
    if "metadata" in p:
        seti["metadata"] = merge_metadata(seti["metadata"], p["metadata"])
    if p.get("payment_method") or p.get("payment_method_data"):
        seti["payment_method"] = pm_from(ctx, p)["id"]
        seti["status"] = "requires_confirmation"
    # Stripe has no setup_intent.updated event: an update leaves none.
    return 200, render_seti(ctx, seti, p.get("expand"))


def options_params(seti: dict[str, Any]) -> dict[str, Any]:
    """The stored options, back in request form (to revalidate after a type change)."""
    out: dict[str, Any] = {}
    acss = seti["payment_method_options"].get("acss_debit")
    if acss:
        mo = {k: v for k, v in acss["mandate_options"].items() if v not in (None, [])}
        out["acss_debit"] = {"currency": acss["currency"], "mandate_options": mo,
                             "verification_method": acss["verification_method"]}
    return out


@router.add("GET", "/v1/setup_intents", "setup_intents", "read")
def list_(ctx: Ctx) -> tuple[int, Any]:
    p = check(ctx.params, {**LIST_SPEC, "customer": S(), "payment_method": S(),
                           "attach_to_self": B(), "customer_account": S(),
                           "created": D({"gt": I(), "gte": I(), "lt": I(), "lte": I()})})
    items = newest_first(ctx, "setup_intent")
    if p.get("customer"):
        items = [o for o in items if o.get("customer") == p["customer"]]
    if p.get("payment_method"):
        items = [o for o in items if o.get("payment_method") == p["payment_method"]]
    items = created_filter(items, p.get("created"))
    return 200, paginate(items, p, "/v1/setup_intents", "setupintent",
                         lambda o: objects.render(ctx.account, o, list_item_expand(p)))


@router.add("POST", "/v1/setup_intents/{seti_id}/cancel", "setup_intents", "write")
def cancel(ctx: Ctx, seti_id: str) -> tuple[int, Any]:
    p = check(ctx.params, {"cancellation_reason": E("abandoned", "duplicate",
                                                    "requested_by_customer"),
                           "expand": L()})
    seti = get_seti(ctx, seti_id)
    allowed = ("requires_payment_method", "requires_confirmation", "requires_action")
    if seti["status"] not in allowed:
        raise StripeApiError(
            400, f"You cannot cancel this SetupIntent because it has a status of "
            f"{seti['status']}. Only a SetupIntent with one of the following statuses may be "
            f"canceled: {', '.join(allowed)}.", code="setup_intent_unexpected_state",
            setup_intent=render_seti(ctx, seti, None))
    before = objects.render(ctx.account, seti, None)
    seti["status"] = "canceled"
    seti["cancellation_reason"] = p.get("cancellation_reason")
    seti["next_action"] = None
    mandate = ctx.account.objects.get(seti.get("mandate") or "")
    if mandate is not None and mandate["status"] == "pending":
        m_before = objects.render(ctx.account, mandate, None)
        mandate["status"] = "inactive"
        emit_ctx(ctx, "mandate.updated", mandate, diff(m_before, mandate))
    emit_ctx(ctx, "setup_intent.canceled", seti, diff(before, seti))
    return 200, render_seti(ctx, seti, p.get("expand"))
