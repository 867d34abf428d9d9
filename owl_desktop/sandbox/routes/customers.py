"""Customers: create, retrieve, update, delete, list, and a customer's payment methods."""

from __future__ import annotations

import re
from typing import Any

from owl_desktop.sandbox import objects
from owl_desktop.sandbox.app import Ctx, router
from owl_desktop.sandbox.errors import StripeApiError, param_error
from owl_desktop.sandbox.events import diff, emit_ctx
from owl_desktop.sandbox.lists import LIST_SPEC, paginate
from owl_desktop.sandbox.params import B, D, E, Field, I, L, M, S, check
from owl_desktop.sandbox.search import compile_query, searchable_customers

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ADDRESS: dict[str, Field] = {"city": S(), "country": S(), "line1": S(), "line2": S(),
                             "postal_code": S(), "state": S()}
_INVOICE_SETTINGS: dict[str, Field] = {
    "custom_fields": L(D({"name": S(required=True), "value": S(required=True)})),
    "default_payment_method": S(), "footer": S(),
    "rendering_options": D({"amount_tax_display": E("exclude_tax", "include_inclusive_tax"),
                            "template": S()}),
}
_COMMON: dict[str, Field] = {
    "address": D(ADDRESS), "balance": I(), "description": S(), "email": S(),
    "invoice_prefix": S(), "invoice_settings": D(_INVOICE_SETTINGS), "metadata": M(),
    "name": S(), "next_invoice_sequence": I(), "phone": S(), "preferred_locales": L(),
    "shipping": D({"address": D(ADDRESS, required=True), "name": S(required=True),
                   "phone": S()}),
    "tax_exempt": E("exempt", "none", "reverse"), "expand": L(),
    "tax": D({"ip_address": S(), "validate_location": E("auto", "deferred", "immediately")}),
    "coupon": S(), "promotion_code": S(), "source": S(),
}
CREATE_SPEC: dict[str, Field] = {
    **_COMMON, "payment_method": S(), "test_clock": S(),
    "tax_id_data": L(D({"type": S(required=True), "value": S(required=True)})),
    "cash_balance": D({"settings": D({"reconciliation_mode": S()})}),
}
UPDATE_SPEC: dict[str, Field] = {**_COMMON, "default_source": S(),
                                 "cash_balance": D({"settings": D({"reconciliation_mode": S()})})}
LIST_CUSTOMERS_SPEC: dict[str, Field] = {
    **LIST_SPEC, "email": S(), "test_clock": S(),
    "created": D({"gt": I(), "gte": I(), "lt": I(), "lte": I()}),
}
PM_LIST_SPEC: dict[str, Field] = {
    **LIST_SPEC, "type": S(), "allow_redisplay": E("always", "limited", "unspecified"),
}
_ = B  # kept for parity with other route modules' spec vocabulary


def _apply(ctx: Ctx, obj: dict[str, Any], p: dict[str, Any]) -> None:
    if "email" in p and p["email"] and not _EMAIL.match(p["email"]):
        raise param_error(f"Invalid email address: {p['email']}", code="email_invalid",
                          param="email")
    for key in ("description", "email", "name", "phone", "invoice_prefix"):
        if key in p:
            obj[key] = p[key] or None
    if "invoice_prefix" in p and not obj["invoice_prefix"]:
        obj["invoice_prefix"] = objects.invoice_prefix()
    if "balance" in p:
        obj["balance"] = p["balance"] or 0
    if p.get("next_invoice_sequence"):
        obj["next_invoice_sequence"] = p["next_invoice_sequence"]
    if p.get("tax_exempt"):
        obj["tax_exempt"] = p["tax_exempt"]
    if "preferred_locales" in p:
        obj["preferred_locales"] = p["preferred_locales"] or []
    if "address" in p:
        obj["address"] = objects.address_from(p["address"]) if p["address"] else None
    if "shipping" in p:
        obj["shipping"] = None if not p["shipping"] else {
            "address": objects.address_from(p["shipping"].get("address")),
            "name": p["shipping"].get("name"), "phone": p["shipping"].get("phone")}
    if "metadata" in p:
        obj["metadata"] = merge_metadata(obj["metadata"], p["metadata"])
    inv = p.get("invoice_settings")
    if inv:
        settings = dict(obj["invoice_settings"])
        if "default_payment_method" in inv:
            pm_id = inv["default_payment_method"]
            if pm_id:
                pm = ctx.account.objects.get(pm_id)
                if pm is None or pm.get("object") != "payment_method":
                    raise StripeApiError(
                        400, f"No such PaymentMethod: '{pm_id}'", code="resource_missing",
                        param="invoice_settings[default_payment_method]")
                if pm.get("customer") != obj["id"]:
                    raise StripeApiError(
                        400, f"The customer does not have a payment method with the ID {pm_id}. "
                        "The payment method must be attached to the customer.",
                        code="resource_missing",
                        param="invoice_settings[default_payment_method]")
            settings["default_payment_method"] = pm_id or None
        if "footer" in inv:
            settings["footer"] = inv["footer"] or None
        if "custom_fields" in inv:
            settings["custom_fields"] = inv["custom_fields"] or None
        if "rendering_options" in inv:
            ro = inv["rendering_options"]
            settings["rendering_options"] = None if not ro else {
                "amount_tax_display": ro.get("amount_tax_display"),
                "template": ro.get("template")}
        obj["invoice_settings"] = settings


def merge_metadata(current: dict[str, Any], update: dict[str, Any] | None) -> dict[str, Any]:
    """Stripe merges metadata keys; an empty value deletes a key; ``metadata=""`` clears all."""
    if update is None:
        return {}
    merged = dict(current)
    for k, v in update.items():
        if len(k) > 40:
            raise param_error(f"Metadata keys must be at most 40 characters (got '{k}').",
                              code=None, param=f"metadata[{k}]")
        if v == "":
            merged.pop(k, None)
        else:
            if len(v) > 500:
                raise param_error("Metadata values can have up to 500 characters, but you "
                                  f"passed in a value that is {len(v)} characters.", code=None,
                                  param=f"metadata[{k}]")
            merged[k] = v
    if len(merged) > 50:
        raise param_error("You can have at most 50 metadata keys.", code=None, param="metadata")
    return merged


def get_customer(ctx: Ctx, cus_id: str, param: str = "id",
                 allow_deleted: bool = False) -> dict[str, Any]:
    obj = objects.get(ctx.account, cus_id, "customer", param=param)
    if obj.get("deleted") and not allow_deleted:
        raise StripeApiError(404, f"No such customer: '{cus_id}'", code="resource_missing",
                             param=param)
    return obj


@router.add("POST", "/v1/customers", "customers", "write")
def create(ctx: Ctx) -> tuple[int, Any]:
    from owl_desktop.sandbox.routes.payment_methods import attach_pm

    p = check(ctx.params, CREATE_SPEC)
    obj = objects.customer(ctx.now)
    pm_id = p.get("payment_method")
    pm = None
    if pm_id:
        pm = objects.get(ctx.account, pm_id, "payment_method", param="payment_method")
    _apply(ctx, obj, {k: v for k, v in p.items() if k != "invoice_settings"})
    ctx.account.objects[obj["id"]] = obj
    if pm is not None:
        attach_pm(ctx, pm, obj["id"])
    if p.get("invoice_settings"):
        _apply(ctx, obj, {"invoice_settings": p["invoice_settings"]})
    emit_ctx(ctx, "customer.created", obj)
    return 200, objects.render(ctx.account, obj, p.get("expand"))


@router.add("GET", "/v1/customers/search", "customers", "read")
def search(ctx: Ctx) -> tuple[int, Any]:
    """Customer search; it lags writes by the ``search_lag_s`` fault (none by default)."""
    p = check(ctx.params, {"query": S(required=True), "limit": I(), "page": S(),
                           "expand": L()})
    matcher = compile_query(p["query"], {"created", "email", "name", "phone"})
    found = [o for o in searchable_customers(ctx.account, ctx.now, ctx.faults.search_lag_s)
             if matcher(o)]
    limit = p.get("limit") or 10
    if not 1 <= limit <= 100:
        raise param_error(f"Invalid limit: must be at least 1 and at most 100 (got {limit})",
                          code=None, param="limit")
    start = 0
    if p.get("page"):
        try:
            start = int(p["page"].removeprefix("page_"))
        except ValueError:
            raise param_error("Invalid page.", code=None, param="page") from None
    chunk = found[start:start + limit]
    more = start + limit < len(found)
    return 200, {"object": "search_result", "data": [
        objects.render(ctx.account, o, list_item_expand(p)) for o in chunk],
        "has_more": more, "next_page": f"page_{start + limit}" if more else None,
        "url": "/v1/customers/search"}


@router.add("GET", "/v1/customers/{cus_id}", "customers", "read")
def retrieve(ctx: Ctx, cus_id: str) -> tuple[int, Any]:
    p = check(ctx.params, {"expand": L()})
    obj = get_customer(ctx, cus_id, allow_deleted=True)
    if obj.get("deleted"):
        return 200, {"id": obj["id"], "object": "customer", "deleted": True}
    return 200, objects.render(ctx.account, obj, p.get("expand"))


@router.add("POST", "/v1/customers/{cus_id}", "customers", "write")
def update(ctx: Ctx, cus_id: str) -> tuple[int, Any]:
    p = check(ctx.params, UPDATE_SPEC)
    obj = get_customer(ctx, cus_id)
    before = objects.render(ctx.account, obj, None)
    _apply(ctx, obj, p)
    prev = diff(before, obj)
    if prev:
        emit_ctx(ctx, "customer.updated", obj, prev)
    return 200, objects.render(ctx.account, obj, p.get("expand"))


@router.add("DELETE", "/v1/customers/{cus_id}", "customers", "write")
def delete(ctx: Ctx, cus_id: str) -> tuple[int, Any]:
    check(ctx.params, {})
    obj = get_customer(ctx, cus_id)
    snapshot = objects.render(ctx.account, obj, None)
    for pm in list(ctx.account.objects.values()):
        if pm.get("object") == "payment_method" and pm.get("customer") == cus_id:
            from owl_desktop.sandbox.routes.payment_methods import detach_pm

            detach_pm(ctx, pm, clear_default=False)
    obj.clear()
    obj.update({"id": cus_id, "object": "customer", "deleted": True})
    emit_ctx(ctx, "customer.deleted", snapshot)
    return 200, {"id": cus_id, "object": "customer", "deleted": True}


def newest_first(ctx: Ctx, kind: str) -> list[dict[str, Any]]:
    # Insertion order is creation order; a stable sort on ``created`` keeps it for ties.
    items = [o for o in reversed(ctx.account.objects.values())
             if o.get("object") == kind and not o.get("deleted")]
    items.sort(key=lambda o: o.get("created", 0), reverse=True)
    return items


def created_filter(items: list[dict[str, Any]], created: dict[str, Any] | None,
                   field: str = "created") -> list[dict[str, Any]]:
    if not created:
        return items
    ops = {"gt": lambda a, b: a > b, "gte": lambda a, b: a >= b,
           "lt": lambda a, b: a < b, "lte": lambda a, b: a <= b}
    for op, bound in created.items():
        if bound is None:
            continue
        items = [o for o in items if ops[op](o[field], bound)]
    return items


@router.add("GET", "/v1/customers", "customers", "read")
def list_(ctx: Ctx) -> tuple[int, Any]:
    p = check(ctx.params, _created_spec(LIST_CUSTOMERS_SPEC))
    items = newest_first(ctx, "customer")
    if p.get("email"):
        items = [o for o in items if o.get("email") == p["email"]]
    items = created_filter(items, p.get("created"))
    return 200, paginate(items, p, "/v1/customers", "customer",
                         lambda o: objects.render(ctx.account, o, list_item_expand(p)))


def _created_spec(spec: dict[str, Field]) -> dict[str, Field]:
    return spec


def list_item_expand(p: dict[str, Any]) -> list[str]:
    """``expand[]=data.x`` on a list expands ``x`` on each item."""
    out = []
    for path in p.get("expand") or []:
        if not path.startswith("data."):
            raise StripeApiError(400, f"This property cannot be expanded ({path}).",
                                 param="expand", saved=False)
        out.append(path[5:])
    return out


@router.add("GET", "/v1/customers/{cus_id}/payment_methods", "payment_methods", "read")
def list_payment_methods(ctx: Ctx, cus_id: str) -> tuple[int, Any]:
    p = check(ctx.params, PM_LIST_SPEC)
    get_customer(ctx, cus_id, param="customer")
    items = [o for o in newest_first(ctx, "payment_method") if o.get("customer") == cus_id]
    if p.get("type"):
        items = [o for o in items if o["type"] == p["type"]]
    if p.get("allow_redisplay"):
        items = [o for o in items if o["allow_redisplay"] == p["allow_redisplay"]]
    return 200, paginate(items, p, f"/v1/customers/{cus_id}/payment_methods",
                         "PaymentMethod",
                         lambda o: objects.render(ctx.account, o, list_item_expand(p)))
