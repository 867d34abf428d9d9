"""Our own sentences for why Stripe saved or charged nothing, by Stripe's stable codes.

Stripe's ``message`` is English (or in whatever language Stripe.js chose), says nothing of what
to do next, and may change: staff and clients read these sentences instead, in their language,
and Stripe's text goes to the log only. Every decline code Stripe documents
(https://docs.stripe.com/declines/codes) has one, and so has every error code the add and
charge flows can meet (Stripe's API errors, Stripe.js's validation errors, 3-D Secure); any
other code gets the generic sentence of its kind.

Codes that say the card looks lost, stolen or fraudulent get the generic decline, as Stripe
advises (the portal shows these sentences to the cardholder too).

No Qt here: the desk translates the sentences in the ``PaymentFailure`` context
(``ui/payment_failures.py``; ``pyside6-lupdate`` reads this module for the markers below), and
the portal renders the same English sentences through its own catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT = "PaymentFailure"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for translation in ``context`` (Qt's marker, without Qt)."""
    return text


@dataclass(frozen=True)
class FailureText:
    """What happened and what to do now, as English source sentences."""

    message: str
    hint: str


# Hints shared by several sentences.
_ANOTHER_CARD = QT_TRANSLATE_NOOP("PaymentFailure", "Ask the client for another card.")
_CALL_BANK = QT_TRANSLATE_NOOP("PaymentFailure",
                               "Ask the client to call their bank, or for another card.")
_TRY_AGAIN = QT_TRANSLATE_NOOP("PaymentFailure", "Try again. If it fails again, ask the client "
                                                 "to call their bank, or for another card.")
_CHECK_AND_RETRY = QT_TRANSLATE_NOOP("PaymentFailure", "Check it with the client and try again.")
_WAIT_AND_RETRY = QT_TRANSLATE_NOOP("PaymentFailure", "Wait a moment, then try again.")

GENERIC_DECLINE = FailureText(
    QT_TRANSLATE_NOOP("PaymentFailure", "The card was declined. The bank gave no reason."),
    _CALL_BANK)
GENERIC_FAILURE = FailureText(
    QT_TRANSLATE_NOOP("PaymentFailure", "Stripe couldn't save this payment method."),
    QT_TRANSLATE_NOOP("PaymentFailure", "Check the details and try again."))

_AUTHENTICATION = FailureText(
    QT_TRANSLATE_NOOP("PaymentFailure",
                      "The bank asks the cardholder to confirm this card (3-D Secure)."),
    QT_TRANSLATE_NOOP("PaymentFailure", "Try again with the client present to confirm it, or "
                                        "use another card."))
_AUTHENTICATION_FAILED = FailureText(
    QT_TRANSLATE_NOOP("PaymentFailure", "The card wasn't confirmed: the bank's 3-D Secure check "
                                        "failed or was cancelled."),
    QT_TRANSLATE_NOOP("PaymentFailure", "Try again with the client, or use another card."))
_NOT_AUTHORIZED_NOW = FailureText(
    QT_TRANSLATE_NOOP("PaymentFailure", "The bank couldn't approve the card right now."),
    _TRY_AGAIN)
_PROCESSING = FailureText(
    QT_TRANSLATE_NOOP("PaymentFailure", "An error occurred while the card was processed."),
    _WAIT_AND_RETRY)
_LIMIT = FailureText(
    QT_TRANSLATE_NOOP("PaymentFailure", "The card is over its limit."), _CALL_BANK)
_NOT_SUPPORTED = FailureText(
    QT_TRANSLATE_NOOP("PaymentFailure", "This card can't be used for this kind of payment."),
    _ANOTHER_CARD)
_NUMBER = FailureText(
    QT_TRANSLATE_NOOP("PaymentFailure", "The card number is incorrect."), _CHECK_AND_RETRY)
_CVC = FailureText(
    QT_TRANSLATE_NOOP("PaymentFailure", "The security code (CVC) is incorrect."),
    _CHECK_AND_RETRY)
_EXPIRY = FailureText(
    QT_TRANSLATE_NOOP("PaymentFailure", "The expiry date is incorrect."), _CHECK_AND_RETRY)
_PIN = FailureText(
    QT_TRANSLATE_NOOP("PaymentFailure", "The bank asks for the card's PIN, which can't be "
                                        "entered here."), _ANOTHER_CARD)
_NO_LONGER_VALID = FailureText(
    QT_TRANSLATE_NOOP("PaymentFailure", "The card or its account is no longer valid."),
    _CALL_BANK)

# Every decline code of https://docs.stripe.com/declines/codes.
DECLINE_TEXTS: dict[str, FailureText] = {
    "authentication_required": _AUTHENTICATION,
    "authentication_not_handled": _AUTHENTICATION,
    "mobile_device_authentication_required": _AUTHENTICATION,
    "approve_with_id": _NOT_AUTHORIZED_NOW,
    "issuer_not_available": FailureText(
        QT_TRANSLATE_NOOP("PaymentFailure", "The card's bank couldn't be reached."), _TRY_AGAIN),
    "reenter_transaction": _NOT_AUTHORIZED_NOW,
    "try_again_later": _NOT_AUTHORIZED_NOW,
    "processing_error": _PROCESSING,
    "call_issuer": GENERIC_DECLINE,
    "do_not_honor": GENERIC_DECLINE,
    "do_not_try_again": GENERIC_DECLINE,
    "generic_decline": GENERIC_DECLINE,
    "no_action_taken": GENERIC_DECLINE,
    "not_permitted": GENERIC_DECLINE,
    "revocation_of_all_authorizations": GENERIC_DECLINE,
    "revocation_of_authorization": GENERIC_DECLINE,
    "security_violation": GENERIC_DECLINE,
    "service_not_allowed": GENERIC_DECLINE,
    "stop_payment_order": GENERIC_DECLINE,
    "transaction_not_allowed": GENERIC_DECLINE,
    # Lost, stolen, fraud, block lists: not said (Stripe's advice), like any other decline.
    "fraudulent": GENERIC_DECLINE,
    "lost_card": GENERIC_DECLINE,
    "stolen_card": GENERIC_DECLINE,
    "pickup_card": GENERIC_DECLINE,
    "restricted_card": GENERIC_DECLINE,
    "merchant_blacklist": GENERIC_DECLINE,
    "card_not_supported": _NOT_SUPPORTED,
    "currency_not_supported": FailureText(
        QT_TRANSLATE_NOOP("PaymentFailure", "This card can't pay in Canadian dollars."),
        _ANOTHER_CARD),
    "card_velocity_exceeded": _LIMIT,
    "withdrawal_count_limit_exceeded": _LIMIT,
    "insufficient_funds": FailureText(
        QT_TRANSLATE_NOOP("PaymentFailure", "The card has insufficient funds."), _ANOTHER_CARD),
    "duplicate_transaction": FailureText(
        QT_TRANSLATE_NOOP("PaymentFailure", "The bank saw the same payment a moment ago."),
        QT_TRANSLATE_NOOP("PaymentFailure", "Check whether it already went through before "
                                            "trying again.")),
    "expired_card": FailureText(
        QT_TRANSLATE_NOOP("PaymentFailure", "The card has expired."), _ANOTHER_CARD),
    "incorrect_number": _NUMBER,
    "invalid_number": _NUMBER,
    "incorrect_cvc": _CVC,
    "invalid_cvc": _CVC,
    "invalid_expiry_month": _EXPIRY,
    "invalid_expiry_year": _EXPIRY,
    "incorrect_zip": FailureText(
        QT_TRANSLATE_NOOP("PaymentFailure", "The postal code doesn't match the card's billing "
                                            "address."), _CHECK_AND_RETRY),
    "incorrect_address": FailureText(
        QT_TRANSLATE_NOOP("PaymentFailure", "The address doesn't match the card's billing "
                                            "address."), _CHECK_AND_RETRY),
    "incorrect_pin": _PIN,
    "invalid_pin": _PIN,
    "offline_pin_required": _PIN,
    "online_or_offline_pin_required": _PIN,
    "pin_try_exceeded": FailureText(
        QT_TRANSLATE_NOOP("PaymentFailure", "Too many wrong PINs were tried with this card."),
        _ANOTHER_CARD),
    "invalid_amount": FailureText(
        QT_TRANSLATE_NOOP("PaymentFailure", "The bank refused the amount."), _CALL_BANK),
    "invalid_account": _NO_LONGER_VALID,
    "new_account_information_available": _NO_LONGER_VALID,
    "testmode_decline": FailureText(
        QT_TRANSLATE_NOOP("PaymentFailure", "This is one of Stripe's test cards: it works only "
                                            "in test mode."),
        QT_TRANSLATE_NOOP("PaymentFailure", "Use a real card.")),
}

# Error codes (Stripe's ``error.code``) the add and charge flows can meet, besides declines.
ERROR_TEXTS: dict[str, FailureText] = {
    "card_declined": GENERIC_DECLINE,
    "authentication_required": _AUTHENTICATION,
    "setup_intent_authentication_failure": _AUTHENTICATION_FAILED,
    "payment_intent_authentication_failure": _AUTHENTICATION_FAILED,
    "expired_card": DECLINE_TEXTS["expired_card"],
    "incorrect_number": _NUMBER,
    "invalid_number": _NUMBER,
    "incorrect_cvc": _CVC,
    "invalid_cvc": _CVC,
    "invalid_expiry_month": _EXPIRY,
    "invalid_expiry_year": _EXPIRY,
    "incorrect_zip": DECLINE_TEXTS["incorrect_zip"],
    "processing_error": _PROCESSING,
    # Stripe.js's validation errors (the fields say them too, in Stripe's words).
    "incomplete_number": FailureText(
        QT_TRANSLATE_NOOP("PaymentFailure", "The card number is incomplete."), _CHECK_AND_RETRY),
    "incomplete_expiry": FailureText(
        QT_TRANSLATE_NOOP("PaymentFailure", "The expiry date is incomplete."), _CHECK_AND_RETRY),
    "incomplete_cvc": FailureText(
        QT_TRANSLATE_NOOP("PaymentFailure", "The security code (CVC) is incomplete."),
        _CHECK_AND_RETRY),
    "invalid_expiry_year_past": FailureText(
        QT_TRANSLATE_NOOP("PaymentFailure", "The expiry date is in the past."), _ANOTHER_CARD),
    "incomplete_payment_details": FailureText(
        QT_TRANSLATE_NOOP("PaymentFailure", "The bank account wasn't added: Stripe's window was "
                                            "closed before the agreement was accepted."),
        QT_TRANSLATE_NOOP("PaymentFailure", "Try again when the client is ready.")),
    "setup_intent_unexpected_state": FailureText(
        QT_TRANSLATE_NOOP("PaymentFailure", "This setup was already finished or cancelled."),
        QT_TRANSLATE_NOOP("PaymentFailure", "Close this window and add the payment method "
                                            "again.")),
    "rate_limit": FailureText(
        QT_TRANSLATE_NOOP("PaymentFailure", "Stripe is receiving too many requests right now."),
        _WAIT_AND_RETRY),
    "api_connection_error": FailureText(
        QT_TRANSLATE_NOOP("PaymentFailure", "Stripe can't be reached."),
        QT_TRANSLATE_NOOP("PaymentFailure", "Check the internet connection and try again.")),
    "api_error": FailureText(
        QT_TRANSLATE_NOOP("PaymentFailure", "Stripe had a problem with this request."),
        _WAIT_AND_RETRY),
}
# Stripe.js's error types that stand for a code of their own.
_TYPE_CODES = {"rate_limit_error": "rate_limit", "api_connection_error": "api_connection_error",
               "api_error": "api_error"}


def failure_text(code: str = "", decline_code: str = "", error_type: str = "") -> FailureText:
    """Our sentence for a failure: by decline code, else error code, else error type; the
    generic decline for a card error we don't know, the generic failure for anything else."""
    known = (DECLINE_TEXTS.get(decline_code) or ERROR_TEXTS.get(code)
             or ERROR_TEXTS.get(_TYPE_CODES.get(error_type, "")))
    if known is not None:
        return known
    if decline_code or code == "card_declined" or error_type == "card_error":
        return GENERIC_DECLINE
    return GENERIC_FAILURE


def all_sentences() -> set[str]:
    """Every English sentence of the tables (for the translation checks)."""
    texts = [*DECLINE_TEXTS.values(), *ERROR_TEXTS.values(), GENERIC_DECLINE, GENERIC_FAILURE]
    return {s for t in texts for s in (t.message, t.hint) if s}
