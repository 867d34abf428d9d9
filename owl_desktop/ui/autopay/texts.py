"""Autopay's words at the desk: outcomes and skip reasons (``services/autopay_run.py``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from owl_desktop.services.autopay_run import Outcome, RunLine, Skip
from owl_desktop.ui.billing.texts import money
from owl_desktop.ui.payment_failures import failure_sentence
from owl_desktop.ui.translate import QT_TRANSLATE_NOOP

_SKIPS = {
    Skip.PAUSED: QT_TRANSLATE_NOOP("AutopayTexts", "Skipped: autopay is paused (no default "
                                                   "payment method)."),
    Skip.EXPIRED_CARD: QT_TRANSLATE_NOOP("AutopayTexts", "Skipped: the default card has "
                                                         "expired."),
    Skip.BANK_NOT_VERIFIED: QT_TRANSLATE_NOOP("AutopayTexts", "Skipped: the default bank "
                                                              "account isn't verified yet."),
    Skip.ALREADY_PAID: QT_TRANSLATE_NOOP("AutopayTexts", "Skipped: already paid."),
    Skip.BEING_PAID: QT_TRANSLATE_NOOP("AutopayTexts", "Skipped: a payment is already "
                                                       "processing."),
    Skip.FAILED_BEFORE: QT_TRANSLATE_NOOP("AutopayTexts", "Skipped: this method was declined "
                                                          "before; waiting for a new default "
                                                          "or a retry (Failed payments)."),
    Skip.NEEDS_AUTHENTICATION: QT_TRANSLATE_NOOP("AutopayTexts", "Skipped: waiting for the "
                                                                 "client to confirm the "
                                                                 "payment."),
}
_OUTCOMES = {
    Outcome.CHARGED: QT_TRANSLATE_NOOP("AutopayTexts", "Paid."),
    Outcome.PROCESSING: QT_TRANSLATE_NOOP("AutopayTexts", "Bank debit sent: it settles in a "
                                                          "few business days."),
    Outcome.NOT_SENT: QT_TRANSLATE_NOOP("AutopayTexts", "Not sent: Stripe couldn't be "
                                                        "reached. The next run sends it."),
}


def line_text(line: RunLine) -> str:
    if line.outcome == Outcome.SKIPPED:
        return QCoreApplication.translate("AutopayTexts", _SKIPS.get(line.reason,
                                                                      _SKIPS[Skip.PAUSED]))
    if line.outcome in (Outcome.FAILED, Outcome.REQUIRES_ACTION):
        return failure_sentence(decline_code=line.reason)
    return QCoreApplication.translate("AutopayTexts", _OUTCOMES.get(line.outcome, "Paid."))


def amount_text(cents: int, currency: str) -> str:
    """As the Billing tab writes it, in the desk's language: $80.00, or 80,00 $ in French."""
    return money(cents, currency.upper())
