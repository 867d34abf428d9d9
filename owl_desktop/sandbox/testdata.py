"""Stripe's documented test data: card numbers, ``pm_card_*`` ids, Canadian PAD accounts.

Only Stripe's public test numbers are accepted: a card or bank account that isn't one is
refused when its PaymentMethod would be created (as Stripe's test mode refuses a live card), so a
real number typed during staff training is never stored in any form. For a test number only its
*outcome* is stored, plus its last 4 and a fingerprint (:func:`fingerprint`, keyed with a
public constant: the numbers are public, and Stripe's fingerprints are stable per number).

Card outcomes (``CardProfile``):
- ``setup``: what confirming a SetupIntent does: ``ok``, ``3ds`` (requires_action, challenge),
  or a decline (``decline:<code>:<decline_code>``).
- ``charge``: what an off-session PaymentIntent does: ``ok``, ``auth_required``
  (authentication_required), or ``decline:<code>:<decline_code>``.
- ``after_3ds``: for ``3ds`` cards, what completing the challenge leads to.
- ``refund``: what a refund of its charge does: ``ok`` (succeeds at once), or
  ``fail:<failure_reason>`` (``succeeded`` at first, ``failed`` :data:`REFUND_FAIL_SECONDS`
  later with ``refund.failed``, as Stripe's ``4000000000005126`` does).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

from owl_desktop.sandbox.keys import DEFAULT_ACCOUNT_ID


@dataclass(frozen=True)
class CardProfile:
    number: str
    brand: str
    funding: str = "credit"
    country: str = "US"
    setup: str = "ok"
    charge: str = "ok"
    after_3ds: str = "ok"
    description: str = ""
    refund: str = "ok"


def _c(number: str, brand: str, **kw: str) -> CardProfile:
    return CardProfile(number, brand, **kw)


DECLINE_GENERIC = "decline:card_declined:generic_decline"
DECLINE_FUNDS = "decline:card_declined:insufficient_funds"

#: Test cards by number (docs.stripe.com/testing). Anything else that passes Luhn is a "live"
#: card, refused at PaymentMethod creation with ``test_mode_live_card`` (nothing is stored).
CARDS: dict[str, CardProfile] = {c.number: c for c in [
    _c("4242424242424242", "visa", description="Visa, succeeds"),
    _c("4000056655665556", "visa", funding="debit", description="Visa debit"),
    _c("4000001240000000", "visa", country="CA", description="Visa, Canada"),
    _c("5555555555554444", "mastercard", description="Mastercard"),
    _c("2223003122003222", "mastercard", description="Mastercard 2-series"),
    _c("5200828282828210", "mastercard", funding="debit", description="Mastercard debit"),
    _c("5105105105105100", "mastercard", funding="prepaid", description="Mastercard prepaid"),
    _c("378282246310005", "amex", description="American Express (15 digits, 4-digit CVC)"),
    _c("371449635398431", "amex", description="American Express"),
    _c("6011111111111117", "discover", description="Discover"),
    _c("6011000990139424", "discover", description="Discover"),
    _c("6011981111111113", "discover", funding="debit", description="Discover debit"),
    _c("3056930009020004", "diners", description="Diners Club"),
    _c("36227206271667", "diners", description="Diners Club (14 digits)"),
    _c("3566002020360505", "jcb", country="JP", description="JCB"),
    _c("6200000000000005", "unionpay", country="CN", description="UnionPay"),
    # Declines (at setup and at charge).
    _c("4000000000000002", "visa", setup=DECLINE_GENERIC, charge=DECLINE_GENERIC,
       description="Generic decline"),
    _c("4000000000009995", "visa", setup=DECLINE_FUNDS, charge=DECLINE_FUNDS,
       description="Insufficient funds"),
    _c("4000000000009987", "visa", setup="decline:card_declined:lost_card",
       charge="decline:card_declined:lost_card", description="Lost card"),
    _c("4000000000009979", "visa", setup="decline:card_declined:stolen_card",
       charge="decline:card_declined:stolen_card", description="Stolen card"),
    _c("4000000000000069", "visa", setup="decline:expired_card:expired_card",
       charge="decline:expired_card:expired_card", description="Expired card"),
    _c("4000000000000127", "visa", setup="decline:incorrect_cvc:incorrect_cvc",
       charge="decline:incorrect_cvc:incorrect_cvc", description="Incorrect CVC"),
    _c("4000000000000101", "visa", setup="decline:incorrect_cvc:incorrect_cvc",
       charge="decline:incorrect_cvc:incorrect_cvc",
       description="CVC check fails (the account declines CVC failures)"),
    _c("4000000000000119", "visa", setup="decline:processing_error:processing_error",
       charge="decline:processing_error:processing_error", description="Processing error"),
    _c("4000000000006975", "visa", setup="decline:card_declined:card_velocity_exceeded",
       charge="decline:card_declined:card_velocity_exceeded",
       description="Velocity limit exceeded"),
    _c("4000000000000341", "visa", charge=DECLINE_GENERIC,
       description="Attaches fine, charges decline"),
    _c("4100000000000019", "visa", setup="decline:card_declined:fraudulent",
       charge="decline:card_declined:fraudulent", description="Blocked (highest risk)"),
    # 3-D Secure.
    _c("4000002500003155", "visa", setup="3ds",
       description="Authentication required at setup; off-session charges then succeed"),
    _c("4000002760003184", "visa", setup="3ds", charge="auth_required",
       description="Authentication always required (off-session charges fail)"),
    _c("4000003800000446", "visa", setup="3ds",
       description="Already set up for off-session use"),
    _c("4000008260003178", "visa", setup="3ds", charge=DECLINE_FUNDS,
       description="Authentication required, then insufficient funds"),
    _c("4000000000003220", "visa", setup="3ds", charge="auth_required",
       description="3-D Secure 2 required"),
    _c("4000000000003063", "visa", setup="3ds", charge="auth_required",
       description="3-D Secure required"),
    _c("4000008400001629", "visa", setup="3ds", after_3ds=DECLINE_GENERIC,
       charge=DECLINE_GENERIC, description="3-D Secure required, then declined"),
    _c("4000000000003055", "visa", description="3-D Secure supported, not required"),
    # Refunds.
    _c("4000000000005126", "visa", refund="fail:expired_or_canceled_card",
       description="Refunds succeed, then fail asynchronously (refund.failed)"),
]}

#: Sandbox seconds after which a refund of a ``fail:`` card fails ("some time later", says
#: Stripe; fast-forward with the clock).
REFUND_FAIL_SECONDS = 60

#: Stripe's test PaymentMethod ids, each mapped to its card number.
PM_TOKENS: dict[str, str] = {
    "pm_card_visa": "4242424242424242",
    "pm_card_visa_debit": "4000056655665556",
    "pm_card_ca": "4000001240000000",
    "pm_card_mastercard": "5555555555554444",
    "pm_card_mastercard_debit": "5200828282828210",
    "pm_card_mastercard_prepaid": "5105105105105100",
    "pm_card_amex": "378282246310005",
    "pm_card_discover": "6011111111111117",
    "pm_card_diners": "3056930009020004",
    "pm_card_jcb": "3566002020360505",
    "pm_card_unionpay": "6200000000000005",
    "pm_card_chargeDeclined": "4000000000000002",
    "pm_card_visa_chargeDeclined": "4000000000000002",
    "pm_card_chargeDeclinedInsufficientFunds": "4000000000009995",
    "pm_card_visa_chargeDeclinedInsufficientFunds": "4000000000009995",
    "pm_card_chargeDeclinedLostCard": "4000000000009987",
    "pm_card_visa_chargeDeclinedLostCard": "4000000000009987",
    "pm_card_chargeDeclinedStolenCard": "4000000000009979",
    "pm_card_visa_chargeDeclinedStolenCard": "4000000000009979",
    "pm_card_chargeDeclinedExpiredCard": "4000000000000069",
    "pm_card_visa_chargeDeclinedExpiredCard": "4000000000000069",
    "pm_card_chargeDeclinedIncorrectCvc": "4000000000000127",
    "pm_card_visa_chargeDeclinedIncorrectCvc": "4000000000000127",
    "pm_card_chargeDeclinedProcessingError": "4000000000000119",
    "pm_card_visa_chargeDeclinedProcessingError": "4000000000000119",
    "pm_card_chargeDeclinedVelocityLimitExceeded": "4000000000006975",
    "pm_card_chargeCustomerFail": "4000000000000341",
    "pm_card_radarBlock": "4100000000000019",
    "pm_card_authenticationRequiredOnSetup": "4000002500003155",
    "pm_card_authenticationRequired": "4000002760003184",
    "pm_card_authenticationRequiredSetupForOffSession": "4000003800000446",
    "pm_card_authenticationRequiredChargeDeclinedInsufficientFunds": "4000008260003178",
    "pm_card_threeDSecure2Required": "4000000000003220",
    "pm_card_threeDSecureRequired": "4000000000003063",
    "pm_card_threeDSecureRequiredChargeDeclined": "4000008400001629",
    "pm_card_threeDSecureOptional": "4000000000003055",
    "pm_card_refundFail": "4000000000005126",
}

#: The decline a non-test ("live") card gets, at PaymentMethod creation.
LIVE_CARD = "decline:card_declined:test_mode_live_card"

# ---- card-number rules ------------------------------------------------------------------------

_BRANDS: list[tuple[str, str]] = [
    (r"^3[47]", "amex"), (r"^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)", "mastercard"),
    (r"^4", "visa"), (r"^(6011|65|64[4-9])", "discover"), (r"^(36|30[0-5]|309|38|39)", "diners"),
    (r"^35", "jcb"), (r"^62", "unionpay"),
]
_LENGTHS = {"amex": {15}, "visa": {13, 16, 19}, "mastercard": {16}, "discover": {16, 19},
            "diners": {14, 16}, "jcb": {16}, "unionpay": {16, 17, 18, 19}}


def brand_of(number: str) -> str:
    for pattern, brand in _BRANDS:
        if re.match(pattern, number):
            return brand
    return "unknown"


def luhn_ok(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def length_ok(number: str, brand: str) -> bool:
    return len(number) in _LENGTHS.get(brand, set(range(12, 20)))


def cvc_length(brand: str) -> int:
    return 4 if brand == "amex" else 3


def profile_for(number: str) -> CardProfile | None:
    """The test card's profile, or None for a number that isn't one of Stripe's test cards."""
    return CARDS.get(number)


#: The key of every fingerprint. Public on purpose: fingerprints are only ever made for Stripe's
#: public test numbers (anything else is refused before a fingerprint exists), so nothing secret
#: needs protecting, and no secret is written next to them in the state file.
FINGERPRINT_KEY = b"owl-desktop-sandbox/public-test-numbers/v2"


def fingerprint(*parts: str) -> str:
    """A stable 16-character fingerprint of a *test* number (same number, same fingerprint)."""
    return fingerprint_with(FINGERPRINT_KEY, *parts)


def account_fingerprint(account_id: str, *parts: str) -> str:
    """A test number's fingerprint as Stripe gives it: the same within one account, another in
    another account ("the fingerprint is unique for a given account"). The sandbox's own
    account keeps the fingerprints its saved state files already hold."""
    if not account_id or account_id == DEFAULT_ACCOUNT_ID:
        return fingerprint(*parts)
    return fingerprint("account", account_id, *parts)


def fingerprint_with(key: bytes, *parts: str) -> str:
    """:func:`fingerprint` with another key (the per-file salts of version-1 state files)."""
    digest = hmac.new(key, "|".join(parts).encode(), hashlib.sha256).digest()
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    n = int.from_bytes(digest[:12], "big")
    out = []
    for _ in range(16):
        n, r = divmod(n, 62)
        out.append(alphabet[r])
    return "".join(out)


# ---- Canadian pre-authorized debit ---------------------------------------------------------------

PAD_INSTITUTION = "000"
PAD_TRANSIT = "11000"
PAD_BANK_NAME = "STRIPE TEST BANK"
#: Seconds a PAD debit stays ``processing`` before settling (fast-forward with the clock).
PAD_SETTLE_SECONDS = 3 * 24 * 3600
#: Extra delay of the ``900...`` accounts.
PAD_SLOW_EXTRA_SECONDS = 3 * 60


@dataclass(frozen=True)
class PadProfile:
    """What a test account does: its debits' outcome (``succeeded``/``failed``, or
    ``microdeposits_fail`` for an account that can't be verified), failure code and message,
    what happens to the mandate, and any extra settlement delay."""

    outcome: str
    failure_code: str | None = None
    failure_message: str | None = None
    mandate_after: str = "active"
    extra_delay: int = 0
    description: str = ""


_FUNDS = "The customer's account has insufficient funds to cover this payment."

#: Stripe's PAD test accounts (institution 000, transit 11000), from "Accept a Canadian
#: pre-authorized debit payment" > Test your integration.
PAD_ACCOUNTS: dict[str, PadProfile] = {
    "000123456789": PadProfile("succeeded", description="Debits succeed"),
    "900123456789": PadProfile("succeeded", extra_delay=PAD_SLOW_EXTRA_SECONDS,
                               description="Debits succeed, three minutes later"),
    "000222222227": PadProfile("failed", "insufficient_funds", _FUNDS,
                               description="Debits fail (insufficient_funds)"),
    "900222222227": PadProfile("failed", "insufficient_funds", _FUNDS,
                               extra_delay=PAD_SLOW_EXTRA_SECONDS,
                               description="Debits fail (insufficient_funds), three minutes "
                                           "later"),
    "000666666661": PadProfile("microdeposits_fail",
                               description="Micro-deposits can't be sent: the SetupIntent "
                                           "fails (payment_method_microdeposit_failed)"),
    "000777777771": PadProfile(
        "failed", "charge_exceeds_source_limit",
        "The payment amount causes the account to exceed its weekly payment volume limit.",
        description="Debits fail: weekly volume limit (charge_exceeds_source_limit)"),
    "000888888881": PadProfile(
        "failed", "charge_exceeds_transaction_limit",
        "The payment amount exceeds the account's transaction limit.",
        description="Debits fail: transaction limit (charge_exceeds_transaction_limit)"),
}
#: Stripe's test PaymentMethod ids for PAD: already verified, no micro-deposits needed.
PAD_TOKENS: dict[str, PadProfile] = {
    "pm_acssDebit_success": PadProfile("succeeded", description="Debits succeed"),
    "pm_acssDebit_noAccount": PadProfile(
        "failed", "no_account", "The customer's bank account could not be located.",
        description="Debits fail (no_account)"),
    "pm_acssDebit_accountClosed": PadProfile(
        "failed", "account_closed", "The customer's bank account has been closed.",
        description="Debits fail (account_closed)"),
    "pm_acssDebit_insufficientFunds": PadProfile("failed", "insufficient_funds", _FUNDS,
                                                 description="Debits fail"),
    "pm_acssDebit_debitNotAuthorized": PadProfile(
        "failed", "debit_not_authorized",
        "The customer notified their bank that this payment was unauthorized.",
        mandate_after="inactive",
        description="Debits fail (debit_not_authorized); the mandate becomes inactive"),
    "pm_acssDebit_dispute": PadProfile("succeeded",
                                       description="Debits succeed (disputes not modelled)"),
}
#: Seconds after confirmation at which micro-deposits "fail to send" (000666666661).
MICRODEPOSIT_SEND_FAIL_SECONDS = 60

#: Micro-deposit verification values (amounts in cents, or descriptor codes).
MICRODEPOSIT_AMOUNTS_OK = (32, 45)
MICRODEPOSIT_CODE_OK = "SM11AA"
MICRODEPOSIT_CODE_TOO_MANY = "SM33CC"
MICRODEPOSIT_AMOUNTS_TOO_MANY = (10, 11)
MICRODEPOSIT_CODE_TIMEOUT = "SM44DD"
MICRODEPOSIT_AMOUNTS_TIMEOUT = (40, 41)
MICRODEPOSIT_MAX_ATTEMPTS = 3
MICRODEPOSIT_ARRIVAL_SECONDS = 2 * 24 * 3600


def pad_profile(institution: str, transit: str, account_number: str) -> PadProfile | None:
    """The test account's profile, or None unless all three numbers are Stripe's test ones."""
    if institution != PAD_INSTITUTION or transit != PAD_TRANSIT:
        return None
    return PAD_ACCOUNTS.get(account_number)


#: The sandbox's own answer to bank details that aren't Stripe's test ones (Stripe documents
#: the test numbers but not the error for others; a 400 naming them is the sandbox's choice).
PAD_NOT_TEST_MESSAGE = (
    "Only Stripe's test bank accounts can be used in test mode: institution number "
    f"{PAD_INSTITUTION}, transit number {PAD_TRANSIT} and one of the account numbers "
    f"{', '.join(PAD_ACCOUNTS)}. See https://docs.stripe.com/payments/acss-debit"
    "/accept-a-payment (Test your integration).")
