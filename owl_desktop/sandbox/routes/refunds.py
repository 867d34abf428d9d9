"""Refunds: create (whole or part, of a PaymentIntent or a charge), retrieve, list.

A card refund succeeds at once; a PAD (acss_debit) refund stays ``pending`` and succeeds after
:data:`testdata.PAD_SETTLE_SECONDS` of sandbox time, as Stripe's bank refunds take days. The
charge a PaymentIntent made is kept as an object from its first refund on (the double doesn't
serve ``/v1/charges``), so ``charge.refunded`` carries it with ``amount_refunded`` and
``refunded`` as Stripe sends them. Events: ``refund.created``, ``charge.refunded``, and
``refund.updated`` / ``charge.refund.updated`` when a pending refund settles. A refund of a
card whose test profile says so (``4000000000005126``, ``pm_card_refundFail``) is ``succeeded``
at first and fails :data:`testdata.REFUND_FAIL_SECONDS` later: ``status`` ``failed`` with its
``failure_reason`` and a ``failure_balance_transaction`` (the money back in the balance), the
charge's ``amount_refunded`` lowered again, and ``refund.updated``, ``charge.refund.updated``
and ``refund.failed``. Errors are
worded as Stripe words them (amount larger than what is left, already refunded, nothing to
refund).
"""

from __future__ import annotations

from typing import Any

from owl_desktop.sandbox import app as app_mod
from owl_desktop.sandbox import objects, testdata
from owl_desktop.sandbox.app import Ctx, router
from owl_desktop.sandbox.errors import StripeApiError, param_error
from owl_desktop.sandbox.events import diff, emit, emit_ctx
from owl_desktop.sandbox.lists import CREATED, LIST_SPEC, paginate
from owl_desktop.sandbox.params import B, E, I, L, M, S, check
from owl_desktop.sandbox.routes.customers import (
    created_filter,
    list_item_expand,
    merge_metadata,
    newest_first,
)
from owl_desktop.sandbox.state import Account, State, new_id

CREATE_SPEC = {
    "amount": I(), "charge": S(), "payment_intent": S(), "currency": S(), "customer": S(),
    "reason": E("duplicate", "fraudulent", "requested_by_customer"), "metadata": M(),
    "expand": L(), "instructions_email": S(), "origin": E("customer_balance"),
    "refund_application_fee": B(), "reverse_transfer": B(),
}
LIST_PARAMS = {**LIST_SPEC, "charge": S(), "payment_intent": S(), "created": CREATED}


def _money(amount: int, currency: str) -> str:
    """How Stripe writes an amount in its messages: ``$54.45``."""
    symbol = {"cad": "$", "usd": "$", "eur": "€", "gbp": "£"}.get(currency, "")
    return f"{symbol}{amount // 100}.{amount % 100:02d}"


def _charge_for(ctx: Ctx, pi: dict[str, Any]) -> dict[str, Any]:
    """The charge object of a succeeded PaymentIntent (made on first need, then kept)."""
    charge_id = pi.get("latest_charge") or new_id("ch", 24)
    pi["latest_charge"] = charge_id
    charge = ctx.account.objects.get(charge_id)
    if charge is not None:
        return charge
    pm = ctx.account.objects.get(pi.get("payment_method") or "") or {}
    details: dict[str, Any] = {"type": pm.get("type", "card")}
    if pm.get("type") == "acss_debit":
        bank = pm["acss_debit"]
        details["acss_debit"] = {k: bank.get(k) for k in (
            "bank_name", "fingerprint", "institution_number", "last4", "transit_number")}
    elif pm.get("card"):
        card = pm["card"]
        details["card"] = {
            "amount_authorized": pi["amount"], "authorization_code": None,
            "brand": card.get("brand"), "checks": {"address_line1_check": None,
                                                   "address_postal_code_check": None,
                                                   "cvc_check": None},
            "country": card.get("country"), "electronic_commerce_indicator": None,
            "exp_month": card["exp_month"], "exp_year": card["exp_year"],
            "fingerprint": card.get("fingerprint"), "funding": card.get("funding"),
            "installments": None, "last4": card.get("last4"), "mandate": None,
            "network": card.get("brand"), "network_transaction_id": None,
            "regulated_status": None, "three_d_secure": None, "transaction_link_id": None,
            "wallet": None}
    billing = pm.get("billing_details") or objects.billing_details(None)
    charge = {
        "id": charge_id, "object": "charge", "amount": pi["amount"],
        "amount_captured": pi["amount"], "amount_refunded": 0, "application": None,
        "application_fee": None, "application_fee_amount": None,
        "balance_transaction": new_id("txn", 24), "billing_details": billing,
        "calculated_statement_descriptor": "OWL DESKTOP SANDBOX", "captured": True,
        "created": pi["created"], "currency": pi["currency"], "customer": pi.get("customer"),
        "description": pi.get("description"), "disputed": False,
        "failure_balance_transaction": None, "failure_code": None, "failure_message": None,
        "fraud_details": {}, "livemode": False, "metadata": {}, "on_behalf_of": None,
        "outcome": {"advice_code": None, "network_advice_code": None,
                    "network_decline_code": None, "network_status": "approved_by_network",
                    "reason": None, "risk_level": "normal",
                    "seller_message": "Payment complete.", "type": "authorized"},
        "paid": True, "payment_intent": pi["id"], "payment_method": pi.get("payment_method"),
        "payment_method_details": details, "receipt_email": pi.get("receipt_email"),
        "receipt_number": None,
        "receipt_url": f"{ctx.base_url}/receipts/payment/{charge_id}", "refunded": False,
        "review": None, "shipping": None, "source": None, "source_transfer": None,
        "statement_descriptor": None, "statement_descriptor_suffix": None,
        "status": "succeeded", "transfer_data": None, "transfer_group": None,
    }
    ctx.account.objects[charge_id] = charge
    return charge


def _payment_intent_of(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    if p.get("payment_intent") and p.get("charge"):
        raise param_error("You may only specify one of these parameters: charge, "
                          "payment_intent.", code=None, param="charge")
    if p.get("payment_intent"):
        return objects.get(ctx.account, p["payment_intent"], "payment_intent",
                           param="payment_intent")
    if p.get("charge"):
        charge = ctx.account.objects.get(p["charge"])
        pi = next((o for o in ctx.account.objects.values()
                   if o.get("object") == "payment_intent" and o.get("latest_charge")
                   == p["charge"] and o.get("status") == "succeeded"), None)
        if (charge is None or charge.get("object") != "charge") and pi is None:
            raise StripeApiError(404, f"No such charge: '{p['charge']}'",
                                 code="resource_missing", param="charge")
        if pi is None:
            pi = objects.get(ctx.account, charge["payment_intent"], "payment_intent")  # type: ignore[index]
        return pi
    raise param_error("One of the following params should be provided for this request: "
                      "payment_intent or charge.", code=None, param=None)


def _refund(ctx: Ctx, charge: dict[str, Any], pi: dict[str, Any], amount: int,
            p: dict[str, Any]) -> dict[str, Any]:
    pm = ctx.account.objects.get(pi.get("payment_method") or "") or {}
    bank = pm.get("type") == "acss_debit"
    refund = {
        "id": new_id("re", 24), "object": "refund", "amount": amount,
        "balance_transaction": new_id("txn", 24), "charge": charge["id"],
        "created": ctx.now, "currency": charge["currency"], "customer": pi.get("customer"),
        "customer_account": None,
        "metadata": merge_metadata({}, p.get("metadata") or {}),
        "payment_intent": pi["id"], "payment_method": pi.get("payment_method"),
        "reason": p.get("reason"), "receipt_number": None, "source_transfer_reversal": None,
        "status": "pending" if bank else "succeeded", "transfer_reversal": None,
    }
    if not bank:  # Stripe's definitions have no bank-debit destination details: none sent
        refund["destination_details"] = {
            "type": "card", "card": {"reference_status": "pending",
                                     "reference_type": "acquirer_reference_number",
                                     "type": "refund"}}
    return refund


@router.add("POST", "/v1/refunds", "refunds", "write")
def create(ctx: Ctx) -> tuple[int, Any]:
    p = check(ctx.params, CREATE_SPEC)
    pi = _payment_intent_of(ctx, p)
    if pi["status"] != "succeeded":
        raise StripeApiError(
            400, f"This PaymentIntent ({pi['id']}) does not have a successful charge to "
            "refund.", code="charge_not_refundable" if pi["status"] == "processing" else None,
            param="payment_intent")
    charge = _charge_for(ctx, pi)
    left = charge["amount"] - charge["amount_refunded"]
    if left <= 0:
        raise StripeApiError(400, f"Charge {charge['id']} has already been refunded.",
                             code="charge_already_refunded", param=None)
    amount = p.get("amount")
    if amount is None:
        amount = left
    if amount <= 0:
        raise param_error("Invalid positive integer", code="parameter_invalid_integer",
                          param="amount")
    if amount > left:
        if charge["amount_refunded"]:
            message = (f"Refund amount ({_money(amount, charge['currency'])}) is greater than "
                       f"unrefunded amount on charge ({_money(left, charge['currency'])})")
        else:
            message = (f"Refund amount ({_money(amount, charge['currency'])}) is greater than "
                       f"charge amount ({_money(charge['amount'], charge['currency'])})")
        raise StripeApiError(400, message, code="amount_too_large", param="amount")
    refund = _refund(ctx, charge, pi, amount, p)
    ctx.account.objects[refund["id"]] = refund
    before = objects.render(ctx.account, charge, None)
    charge["amount_refunded"] += amount
    charge["refunded"] = charge["amount_refunded"] >= charge["amount"]
    emit_ctx(ctx, "refund.created", refund)
    emit_ctx(ctx, "charge.refunded", charge, diff(before, charge))
    if refund["status"] == "pending":
        ctx.account.tasks.append({"kind": "refund_settle", "refund": refund["id"],
                                  "due": ctx.now + testdata.PAD_SETTLE_SECONDS})
    outcome = str(ctx.account.internal.get(pi.get("payment_method") or "", {})
                  .get("refund", "ok"))
    if outcome.startswith("fail:"):
        ctx.account.tasks.append({"kind": "refund_fail", "refund": refund["id"],
                                  "reason": outcome.removeprefix("fail:"),
                                  "due": ctx.now + testdata.REFUND_FAIL_SECONDS})
    return 200, objects.render(ctx.account, refund, p.get("expand"))


def settle_due(state: State, account: Account) -> None:
    """Pending bank refunds whose time has come succeed, and refunds of a card that fails them
    fail (before each request, and on advance)."""
    now = state.now()
    due = [t for t in account.tasks if t["kind"] in ("refund_settle", "refund_fail")
           and t["due"] <= now]
    if not due:
        return
    account.tasks[:] = [t for t in account.tasks if t not in due]
    for task in sorted(due, key=lambda t: t["due"]):
        refund = account.objects.get(task["refund"])
        if task["kind"] == "refund_fail":
            if refund is not None and refund["status"] == "succeeded":
                _fail(state, account, refund, task["reason"])
            continue
        if refund is None or refund["status"] != "pending":
            continue
        before = objects.render(account, refund, None)
        refund["status"] = "succeeded"
        emit(state, account, "refund.updated", refund, diff(before, refund))
        emit(state, account, "charge.refund.updated", refund, diff(before, refund))


def _fail(state: State, account: Account, refund: dict[str, Any], reason: str) -> None:
    """The card's bank refused the refund: the money comes back to the balance and the charge
    counts it as refunded no more."""
    before = objects.render(account, refund, None)
    refund["status"] = "failed"
    refund["failure_reason"] = reason
    refund["failure_balance_transaction"] = new_id("txn", 24)
    changes = diff(before, refund)
    charge = account.objects.get(refund.get("charge") or "")
    if charge is not None:
        charge["amount_refunded"] = max(0, charge["amount_refunded"] - refund["amount"])
        charge["refunded"] = False
    emit(state, account, "refund.updated", refund, changes)
    emit(state, account, "charge.refund.updated", refund, changes)
    emit(state, account, "refund.failed", refund, changes)


app_mod.due_hooks.append(settle_due)


@router.add("GET", "/v1/refunds/{refund_id}", "refunds", "read")
def retrieve(ctx: Ctx, refund_id: str) -> tuple[int, Any]:
    p = check(ctx.params, {"expand": L()})
    refund = objects.get(ctx.account, refund_id, "refund", stripe_name="refund")
    return 200, objects.render(ctx.account, refund, p.get("expand"))


@router.add("GET", "/v1/refunds", "refunds", "read")
def list_(ctx: Ctx) -> tuple[int, Any]:
    p = check(ctx.params, LIST_PARAMS)
    universe = newest_first(ctx, "refund")
    items = universe
    if p.get("charge"):
        items = [o for o in items if o.get("charge") == p["charge"]]
    if p.get("payment_intent"):
        items = [o for o in items if o.get("payment_intent") == p["payment_intent"]]
    items = created_filter(items, p.get("created"))
    return 200, paginate(items, p, "/v1/refunds", "refund",
                         lambda o: objects.render(ctx.account, o, list_item_expand(p)),
                         universe=universe)
