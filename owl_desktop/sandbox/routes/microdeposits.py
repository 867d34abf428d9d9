"""Micro-deposit verification of PAD bank accounts (``verify_microdeposits``), and the test
account whose micro-deposits can't be sent (000666666661), which fails its SetupIntent."""

from __future__ import annotations

from typing import Any

from owl_desktop.sandbox import app as app_mod
from owl_desktop.sandbox import objects, testdata
from owl_desktop.sandbox.app import Ctx, router
from owl_desktop.sandbox.errors import StripeApiError, param_error
from owl_desktop.sandbox.events import diff, emit, emit_ctx
from owl_desktop.sandbox.params import I, L, S, check
from owl_desktop.sandbox.routes.payment_methods import error_object, strip_js_extras
from owl_desktop.sandbox.routes.setup_confirm import succeed_setup
from owl_desktop.sandbox.routes.setup_intents import (
    check_client_secret,
    get_seti,
    render_seti,
)
from owl_desktop.sandbox.state import Account, State


@router.add("POST", "/v1/setup_intents/{seti_id}/verify_microdeposits", "setup_intents",
            "write", publishable=True)
def verify_microdeposits(ctx: Ctx, seti_id: str) -> tuple[int, Any]:
    strip_js_extras(ctx)
    p = check(ctx.params, {"amounts": L(I()), "descriptor_code": S(), "client_secret": S(),
                           "expand": L()})
    seti = get_seti(ctx, seti_id)
    check_client_secret(ctx, seti, p.get("client_secret"))
    action = seti.get("next_action") or {}
    if seti["status"] != "requires_action" or action.get("type") != "verify_with_microdeposits":
        raise StripeApiError(
            400, "This SetupIntent is not awaiting microdeposit verification: its status is "
            f"{seti['status']}.", code="setup_intent_unexpected_state",
            setup_intent=render_seti(ctx, seti, None))
    amounts, code = p.get("amounts"), p.get("descriptor_code")
    if bool(amounts) == bool(code):
        raise param_error("You must provide exactly one of these parameters: amounts, "
                          "descriptor_code.", code=None, param="amounts")
    if amounts is not None and len(amounts) != 2:
        raise param_error("Exactly two amounts are required to verify microdeposits.",
                          code=None, param="amounts")
    before = objects.render(ctx.account, seti, None)
    internal = ctx.account.internal.setdefault(seti["id"], {})
    if ctx.now < action["verify_with_microdeposits"]["arrival_date"] - \
            testdata.MICRODEPOSIT_ARRIVAL_SECONDS:
        pass  # deposits "arrive" at once in test mode, as Stripe's test amounts do
    pm = objects.get(ctx.account, seti["payment_method"], "payment_method")
    mandate = ctx.account.objects.get(seti.get("mandate") or "")
    given = tuple(amounts) if amounts else code
    if given in (testdata.MICRODEPOSIT_AMOUNTS_TOO_MANY, testdata.MICRODEPOSIT_CODE_TOO_MANY):
        internal["microdeposit_attempts"] = testdata.MICRODEPOSIT_MAX_ATTEMPTS
        return _microdeposit_fail(ctx, seti, pm, mandate, before,
                                  "payment_method_microdeposit_verification_attempts_exceeded",
                                  "You have exceeded the number of allowed verification "
                                  "attempts.")
    if given in (testdata.MICRODEPOSIT_AMOUNTS_TIMEOUT, testdata.MICRODEPOSIT_CODE_TIMEOUT):
        return _microdeposit_fail(ctx, seti, pm, mandate, before,
                                  "payment_method_microdeposit_verification_timeout",
                                  "Microdeposit verification timed out. The customer did not "
                                  "verify their bank account within the required 10 days.")
    if given in (testdata.MICRODEPOSIT_AMOUNTS_OK, testdata.MICRODEPOSIT_CODE_OK):
        if mandate is not None:
            m_before = objects.render(ctx.account, mandate, None)
            mandate["status"] = "active"
            emit_ctx(ctx, "mandate.updated", mandate, diff(m_before, mandate))
        succeed_setup(ctx.state, ctx.account, seti, pm, before, request_id=ctx.request_id,
                  idem=ctx.idempotency_key)
        return 200, render_seti(ctx, seti, p.get("expand"))
    internal["microdeposit_attempts"] = internal.get("microdeposit_attempts", 0) + 1
    if internal["microdeposit_attempts"] >= testdata.MICRODEPOSIT_MAX_ATTEMPTS:
        return _microdeposit_fail(ctx, seti, pm, mandate, before,
                                  "payment_method_microdeposit_verification_attempts_exceeded",
                                  "You have exceeded the number of allowed verification "
                                  "attempts.")
    remaining = testdata.MICRODEPOSIT_MAX_ATTEMPTS - internal["microdeposit_attempts"]
    if amounts:
        raise StripeApiError(
            400, "The amounts provided do not match the amounts that were sent to the bank "
            f"account. You have {remaining} verification attempts remaining.",
            code="payment_method_microdeposit_verification_amounts_mismatch", param="amounts")
    raise StripeApiError(
        400, "The descriptor code provided does not match the descriptor code that was sent to "
        f"the bank account. You have {remaining} verification attempts remaining.",
        code="payment_method_microdeposit_verification_descriptor_code_mismatch",
        param="descriptor_code")


def _microdeposit_fail(ctx: Ctx, seti: dict[str, Any], pm: dict[str, Any],
                       mandate: dict[str, Any] | None, before: dict[str, Any], code: str,
                       message: str) -> tuple[int, Any]:
    err = StripeApiError(400, message, code=code)
    seti["status"] = "requires_payment_method"
    seti["next_action"] = None
    seti["payment_method"] = None
    error = error_object(err)
    error["payment_method"] = objects.render(ctx.account, pm, None)
    seti["last_setup_error"] = error
    if mandate is not None:
        m_before = objects.render(ctx.account, mandate, None)
        mandate["status"] = "inactive"
        emit_ctx(ctx, "mandate.updated", mandate, diff(m_before, mandate))
    emit_ctx(ctx, "setup_intent.setup_failed", seti, diff(before, seti))
    err.extra["setup_intent"] = render_seti(ctx, seti, None)
    raise err


def microdeposits_due(state: State, account: Account) -> None:
    """Micro-deposits that could not be sent (test account 000666666661) fail the SetupIntent."""
    now = state.now()
    due = [t for t in account.tasks if t["kind"] == "microdeposits_fail" and t["due"] <= now]
    if not due:
        return
    account.tasks[:] = [t for t in account.tasks if t not in due]
    for task in due:
        seti = account.objects.get(task["seti"])
        if seti is None or seti["status"] != "requires_action":
            continue
        pm = account.objects[seti["payment_method"]]
        before = objects.render(account, seti, None)
        err = StripeApiError(
            400, "Microdeposits were failed to be deposited into the customer's bank account. "
            "Please check the account, institution and transit numbers as well as the "
            "currency type.", code="payment_method_microdeposit_failed")
        seti["status"] = "requires_payment_method"
        seti["next_action"] = None
        seti["payment_method"] = None
        error = error_object(err)
        error["payment_method"] = objects.render(account, pm, None)
        seti["last_setup_error"] = error
        mandate = account.objects.get(seti.get("mandate") or "")
        if mandate is not None and mandate["status"] != "inactive":
            m_before = objects.render(account, mandate, None)
            mandate["status"] = "inactive"
            emit(state, account, "mandate.updated", mandate, diff(m_before, mandate))
        emit(state, account, "setup_intent.setup_failed", seti, diff(before, seti))


def verify_all_pending(state: State) -> int:
    """The trainer's shortcut: every bank account awaiting micro-deposits is verified, as if
    the client had typed the right amounts (the mandate turns active, the method attaches,
    Stripe's events are emitted). Returns how many."""
    verified = 0
    with state.lock:
        for account in list(state.accounts.values()):
            for seti in list(account.objects.values()):
                action = seti.get("next_action") or {}
                if seti.get("object") != "setup_intent" or seti.get("status") != \
                        "requires_action" or action.get("type") != "verify_with_microdeposits":
                    continue
                pm = account.objects.get(seti.get("payment_method") or "")
                if pm is None:
                    continue
                before = objects.render(account, seti, None)
                mandate = account.objects.get(seti.get("mandate") or "")
                if mandate is not None:
                    m_before = objects.render(account, mandate, None)
                    mandate["status"] = "active"
                    emit(state, account, "mandate.updated", mandate, diff(m_before, mandate))
                succeed_setup(state, account, seti, pm, before, request_id=None, idem=None)
                verified += 1
        state.save()
    return verified


app_mod.due_hooks.append(microdeposits_due)
