"""What the Stripe.js double's pre-authorized debit dialog asks the sandbox privately.

Real Stripe.js learns a SetupIntent's verification method and mandate options, and runs instant
bank verification, through Stripe's own private endpoints (a publishable key can't read
``payment_method_options``, and the public API has no instant-verification parameter for
``acss_debit``). The double's equivalents are two sandbox-only routes, both guarded by the
SetupIntent's client secret like the 3-D Secure answers:

- ``GET /_sandbox/acss/{seti_id}?client_secret=...`` -> ``{verification_method, currency,
  mandate_options}``: what the dialog offers (bank login and/or manual entry) and the agreement.
- ``POST /_sandbox/acss/{seti_id}/bank_login`` ``{client_secret, account, name, email}``: the
  fake test bank's answer once the customer has logged in and picked ``account`` (a key of
  :data:`TEST_BANK_ACCOUNTS`; the pop-up only ever offers these names, never a number typed by
  the user, so it can only produce Stripe's test accounts). It creates the ``acss_debit``
  PaymentMethod of that Stripe test account, marked instantly verified
  (``internal[pm]["verified"]``, the marker the ``pm_acssDebit_*`` test ids carry too), and
  answers only its id, bank name and last 4. The account number never leaves the sandbox;
  confirming the SetupIntent with that PaymentMethod
  then succeeds at once with an active mandate, whatever the verification method.
"""

from __future__ import annotations

import hmac
from typing import Any

from owl_desktop.sandbox import objects, testdata
from owl_desktop.sandbox.errors import StripeApiError, param_error
from owl_desktop.sandbox.state import Account, State

#: The sandbox test bank's accounts (institution 000, transit 11000): Stripe's documented PAD
#: test account numbers whose debits settle or fail as ``testdata.PAD_ACCOUNTS`` says. The
#: micro-deposit-failure account (000666666661) is left out: instant verification needs none.
TEST_BANK_ACCOUNTS: dict[str, str] = {
    "success": "000123456789",
    "success_delayed": "900123456789",
    "insufficient_funds": "000222222227",
    "insufficient_funds_delayed": "900222222227",
    "weekly_limit": "000777777771",
    "transaction_limit": "000888888881",
}


def _find(state: State, seti_id: str, client_secret: str) -> tuple[Account, dict[str, Any]]:
    account, seti, _account_id = _find_with_id(state, seti_id, client_secret)
    return account, seti


def _find_with_id(state: State, seti_id: str, client_secret: str
                  ) -> tuple[Account, dict[str, Any], str]:
    found = next(((account_id, account) for account_id, account in state.accounts.items()
                  if (account.objects.get(seti_id) or {}).get("object") == "setup_intent"),
                 None)
    if found is None:
        raise StripeApiError(404, f"No such setupintent: '{seti_id}'", code="resource_missing",
                             param="intent")
    account_id, account = found
    seti = account.objects[seti_id]
    if not client_secret:
        raise param_error("Missing required param: client_secret.", code="parameter_missing",
                          param="client_secret")
    if not hmac.compare_digest(client_secret, seti["client_secret"]):
        raise StripeApiError(400, "The client_secret provided does not match the client_secret "
                             "associated with the SetupIntent.",
                             code="setup_intent_invalid_parameter", param="client_secret")
    if "acss_debit" not in seti["payment_method_types"]:
        raise StripeApiError(400, "This SetupIntent does not allow acss_debit.",
                             code="setup_intent_unexpected_state")
    return account, seti, account_id


def dialog_options(state: State, seti_id: str, client_secret: str) -> dict[str, Any]:
    """What the bank dialog needs to know about the SetupIntent."""
    with state.lock:
        _account, seti = _find(state, seti_id, client_secret)
        acss = seti["payment_method_options"].get("acss_debit") or {}
        return {"verification_method": acss.get("verification_method") or "automatic",
                "currency": acss.get("currency"),
                "mandate_options": dict(acss.get("mandate_options") or {})}


def bank_login(state: State, seti_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """The test bank's answer: a verified acss_debit PaymentMethod for the chosen account."""
    with state.lock:
        account, seti, account_id = _find_with_id(state, seti_id,
                                                  str(body.get("client_secret") or ""))
        if seti["status"] not in ("requires_payment_method", "requires_confirmation",
                                  "requires_action"):
            raise StripeApiError(400, "You cannot verify a bank account for this SetupIntent "
                                 f"because it has a status of {seti['status']}.",
                                 code="setup_intent_unexpected_state")
        acss = seti["payment_method_options"].get("acss_debit") or {}
        if acss.get("verification_method") == "microdeposits":
            raise StripeApiError(400, "Instant verification is not available for this "
                                 "SetupIntent: its verification_method is microdeposits.",
                                 code="setup_intent_unexpected_state")
        number = TEST_BANK_ACCOUNTS.get(str(body.get("account") or ""))
        if number is None:
            raise param_error(f"Invalid account: must be one of "
                              f"{', '.join(TEST_BANK_ACCOUNTS)}.", code=None, param="account")
        billing = {"name": str(body.get("name") or ""), "email": str(body.get("email") or "")}
        for field in ("name", "email"):
            if not billing[field]:
                raise param_error(f"Missing required param: billing_details[{field}].",
                                  code="parameter_missing", param=f"billing_details[{field}]")
        inst, transit = testdata.PAD_INSTITUTION, testdata.PAD_TRANSIT
        pad = testdata.pad_profile(inst, transit, number)
        if pad is None:  # TEST_BANK_ACCOUNTS holds only Stripe's test accounts (a test checks)
            raise StripeApiError(500, "The sandbox test bank offered a non-test account.",
                                 type_="api_error")
        details = objects.acss_details(
            bank_name=testdata.PAD_BANK_NAME, institution=inst, transit=transit,
            last4=number[-4:],
            fingerprint=testdata.account_fingerprint(account_id, "acss", inst, transit, number))
        pm = objects.payment_method("acss_debit", state.now(), details,
                                    objects.billing_details(billing))
        account.objects[pm["id"]] = pm
        account.internal[pm["id"]] = {
            "pad_outcome": pad.outcome, "pad_failure_code": pad.failure_code,
            "pad_failure_message": pad.failure_message,
            "pad_mandate_after": pad.mandate_after, "pad_extra_delay": pad.extra_delay,
            "verified": True, "verified_by": "instant"}
        return {"payment_method": pm["id"], "bank_name": details["bank_name"],
                "last4": details["last4"]}
