"""Sentences from the Stripe side of the app (gateway, sync, payment services), translated.

Why codes: a sync problem is stored in the database and shown later, perhaps by a newer version
or in another language, so it is translated by its stable code (``SyncProblem.code`` /
``hint_code``, ``SyncSummary.error_code``, ``PaymentError.code``), never by matching English
text. The English sentences stay the fallback for what has no code of ours. A decline or a
refused SetupIntent is said in the app's own words by Stripe's codes
(``ui/payment_failures.py``); Stripe's sentence is only logged.

Errors raised and shown at once (``UserFacingError`` from the services) keep the app's general
rule (``ui/messages.error_texts``: the sentence is its own key in the "UserFacingError"
context); their sentences are listed at the end of this module so the catalogues hold them.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from owl_desktop.errors import UserFacingError
from owl_desktop.payments.errors import (
    CardDeclined,
    PaymentError,
    PermissionMissing,
    StripeUnavailable,
)
from owl_desktop.sync.engine import SyncProblem, SyncSummary
from owl_desktop.ui.payment_failures import failure_texts
from owl_desktop.ui.translate import QT_TRANSLATE_NOOP

_CTX = "StripeTexts"

# What to do next, by sync.failures hint code.
SYNC_HINTS: dict[str, str] = {
    "when_online": QT_TRANSLATE_NOOP("StripeTexts",
                                     "It will be sent when the connection comes back."),
    "retry_soon": QT_TRANSLATE_NOOP("StripeTexts", "It will be tried again shortly."),
    "check_key": QT_TRANSLATE_NOOP("StripeTexts",
                                   "Check the Stripe key in Settings, then choose Retry."),
    "check_client": QT_TRANSLATE_NOOP(
        "StripeTexts", "Open the client to check their payment methods, then choose Retry, or "
                       "Discard to keep what Stripe has."),
    "contact_support": QT_TRANSLATE_NOOP(
        "StripeTexts", "Try again. If it fails again, discard it and contact support (the "
                       "details are in the log)."),
}

# Why a sync run stopped early, by SyncSummary.error_code.
RUN_ERRORS: dict[str, str] = {
    "paused": QT_TRANSLATE_NOOP("StripeTexts", "Stripe asked for a pause (too many requests)."),
    "unreachable": QT_TRANSLATE_NOOP("StripeTexts", "Stripe can't be reached."),
    "unexpected": QT_TRANSLATE_NOOP(
        "StripeTexts", "The sync stopped on an unexpected error; it will try again."),
    "already_running": QT_TRANSLATE_NOOP("StripeTexts", "A sync is already running."),
}

# What failed, by code, where the sentence is the app's own (not Stripe's words): the
# gateway's PaymentError codes and sync.failures' codes. (message, hint); hint "" = none.
ERRORS: dict[str, tuple[str, str]] = {
    "offline": (QT_TRANSLATE_NOOP("StripeTexts", "Stripe can't be reached."),
                QT_TRANSLATE_NOOP("StripeTexts",
                                  "Check the internet connection; the app will try again.")),
    "stripe_unavailable": (
        QT_TRANSLATE_NOOP("StripeTexts", "Stripe is having trouble right now."),
        QT_TRANSLATE_NOOP("StripeTexts", "The app will try again shortly.")),
    "rate_limited": (
        QT_TRANSLATE_NOOP("StripeTexts", "Stripe is receiving too many requests right now."),
        QT_TRANSLATE_NOOP("StripeTexts", "The app will try again shortly.")),
    "invalid_api_key": (
        QT_TRANSLATE_NOOP("StripeTexts",
                          "Stripe refused the secret key: it is wrong, expired or revoked."),
        QT_TRANSLATE_NOOP("StripeTexts", "An administrator should reconnect Stripe in "
                                         "Settings.")),
    "permission_missing": (
        QT_TRANSLATE_NOOP("StripeTexts",
                          "The Stripe key is missing a permission this action needs."),
        QT_TRANSLATE_NOOP("StripeTexts",
                          "An administrator should grant it to the restricted key.")),
    "idempotency_conflict": (
        QT_TRANSLATE_NOOP("StripeTexts",
                          "Stripe refused a repeated request with different details."), ""),
    "event_cursor_expired": (
        QT_TRANSLATE_NOOP("StripeTexts",
                          "Stripe no longer has the last event this desk synced."),
        QT_TRANSLATE_NOOP("StripeTexts", "The app reconciles every client with Stripe "
                                         "instead.")),
    "unexpected": (
        QT_TRANSLATE_NOOP("StripeTexts",
                          "Owl Desktop hit an unexpected error while sending this change."),
        ""),
}
# Codes whose message is Stripe's own when Stripe gave one (card declines, refused requests):
# only the app's hint for them is translated by code.
HINTS_OF_STRIPE_MESSAGES: dict[str, str] = {
    "card_declined": QT_TRANSLATE_NOOP("StripeTexts",
                                       "Ask the client for another payment method."),
    "authentication_required": QT_TRANSLATE_NOOP(
        "StripeTexts", "Ask the client to confirm the payment or use another method."),
}
# The sync's own sentences that travel without a code of their own: translated by their words
# (see ``_fallback``). Keep them identical to the English in owl_desktop/sync/.
OWN_SENTENCES = (
    QT_TRANSLATE_NOOP("StripeTexts", "This payment method was removed at Stripe (on another "
                                     "desk or in the Stripe Dashboard) after it was chosen "
                                     "here, so it can't be the default."),
)
_PERMISSION_NAME = re.compile(r"\(([a-z_]+)\)\.?$")


def _t(source: str) -> str:
    return QCoreApplication.translate(_CTX, source) if source else ""


def _fallback(text: str) -> str:
    """An English sentence without a code (problems stored before codes were, or a service's
    sentence): one of ours by its words, else the app-wide sentence lookup, else as written."""
    if not text:
        return ""
    ours = QCoreApplication.translate(_CTX, text)
    return ours if ours != text else QCoreApplication.translate("UserFacingError", text)


def coded_texts(code: str, message: str, hint: str) -> tuple[str, str] | None:
    """(message, hint) for a code whose sentences are the app's own; None when unknown."""
    known = ERRORS.get(code)
    if known is None:
        return None
    text = _t(known[0])
    if code == "permission_missing":
        named = _PERMISSION_NAME.search(message)
        if named:  # the permission's name is Stripe's (rak_...): kept as is
            text = f"{text} ({named.group(1)})"
    return text, _t(known[1]) if known[1] else _fallback(hint)


def error_texts_by_code(error: UserFacingError) -> tuple[str, str] | None:
    """For ``ui.messages.error_texts``: a gateway error translated by its code, or None."""
    if not isinstance(error, PaymentError):
        return _setup_refusal_texts(error)
    code = "offline" if isinstance(error, StripeUnavailable) and error.offline else error.code
    if code == "stripe_unavailable" and error.message == "Stripe can't be reached.":
        code = "offline"  # a connection error answered by an HTTP status (proxy)
    texts = coded_texts(code, error.message, error.hint)
    if texts is None and isinstance(error, PermissionMissing):
        texts = coded_texts("permission_missing", error.message, error.hint)
    if texts is None and isinstance(error, CardDeclined):
        # The app's sentence for the decline (Stripe's is logged by the gateway).
        texts = failure_texts(error.stripe_code or error.code, error.decline_code or "",
                              "card_error")
    if texts is None and error.code in HINTS_OF_STRIPE_MESSAGES:
        texts = (_fallback(error.message), _t(HINTS_OF_STRIPE_MESSAGES[error.code]))
    return texts


def _setup_refusal_texts(error: UserFacingError) -> tuple[str, str] | None:
    """A SetupIntent Stripe refused (services' ``SetupNotCompleted`` with Stripe's last error
    code): the app's sentence for that code instead of Stripe's."""
    stripe_code = getattr(error, "stripe_code", None)
    if getattr(error, "code", "") != "setup_not_completed" or not stripe_code:
        return None
    return failure_texts(str(stripe_code))


def sync_problem_texts(problem: SyncProblem) -> tuple[str, str]:
    """(what failed, what to do) of a sync problem, in the user's language. A decline is said
    in the app's words for its decline code (Stripe's sentence stays in the log)."""
    if problem.code in HINTS_OF_STRIPE_MESSAGES:
        return failure_texts(problem.code, problem.decline_code, "card_error")
    coded = coded_texts(problem.code, problem.message, problem.hint)
    message, hint = coded if coded is not None else (_fallback(problem.message),
                                                     _fallback(problem.hint))
    if problem.hint_code in SYNC_HINTS:
        hint = _t(SYNC_HINTS[problem.hint_code])
    return message, hint


def run_error_text(summary: SyncSummary) -> str:
    """Why a sync run stopped early, in the user's language ("" when it didn't)."""
    if not summary.error:
        return ""
    if summary.error_code in RUN_ERRORS:
        return _t(RUN_ERRORS[summary.error_code])
    coded = coded_texts(summary.error_code, summary.error, "")
    return coded[0] if coded is not None else _fallback(summary.error)


# Sentences the services raise as UserFacingError (message and hint), translated by
# ui.messages.error_texts in the "UserFacingError" context.
_SERVICE_SENTENCES = (
    # services/payment_methods.py
    QT_TRANSLATE_NOOP("UserFacingError", "A bank account needs the client's email address for "
                                         "the debit agreement."),
    QT_TRANSLATE_NOOP("UserFacingError", "Add a valid email to the profile first."),
    QT_TRANSLATE_NOOP("UserFacingError", "Adding a payment method needs an internet connection "
                                         "to Stripe."),
    QT_TRANSLATE_NOOP("UserFacingError", "The payment method may be saved at Stripe, but this "
                                         "desk can't reach Stripe to show it."),
    QT_TRANSLATE_NOOP("UserFacingError", "It will appear after the next sync once the "
                                         "connection is back."),
    QT_TRANSLATE_NOOP("UserFacingError", "This setup belongs to another client."),
    QT_TRANSLATE_NOOP("UserFacingError", "Adding the payment method was cancelled."),
    QT_TRANSLATE_NOOP("UserFacingError", "Check the details or try another payment method."),
    QT_TRANSLATE_NOOP("UserFacingError", "The payment method was not saved."),
    QT_TRANSLATE_NOOP("UserFacingError", "Nothing was added. Try again when the client is "
                                         "ready."),
    QT_TRANSLATE_NOOP("UserFacingError", "The payment method isn't confirmed yet."),
    QT_TRANSLATE_NOOP("UserFacingError", "Finish the confirmation in the form, then save "
                                         "again."),
    # services/customers.py
    QT_TRANSLATE_NOOP("UserFacingError", "Stripe isn't connected on this desk."),
    QT_TRANSLATE_NOOP("UserFacingError", "An administrator can connect it in Settings → "
                                         "Stripe."),
    QT_TRANSLATE_NOOP("UserFacingError", "Stripe can't be reached, or its answer didn't "
                                         "arrive. If Stripe received the client's record, the "
                                         "next sync checks it and finishes the job; nothing is "
                                         "made twice."),
    QT_TRANSLATE_NOOP("UserFacingError", "This client's Stripe record is being created on "
                                         "another desk."),
    QT_TRANSLATE_NOOP("UserFacingError", "Try again in a moment."),
    QT_TRANSLATE_NOOP("UserFacingError", "Check the internet connection and try again."),
    # services/stripe_connection.py
    QT_TRANSLATE_NOOP("UserFacingError", "Connecting these keys unlinks every client from the "
                                         "previous Stripe account or mode. Confirm to "
                                         "continue."),
    # payments/stripe/errors.py, when Stripe gave no sentence of its own
    QT_TRANSLATE_NOOP("UserFacingError", "The card was declined."),
    QT_TRANSLATE_NOOP("UserFacingError", "The bank asks the cardholder to confirm this "
                                         "payment."),
    QT_TRANSLATE_NOOP("UserFacingError", "Stripe refused the request."),
)
