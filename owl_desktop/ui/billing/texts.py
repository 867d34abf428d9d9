"""Billing's words at the desk: amounts, invoice and payment statuses, how a payment was made,
what a charge's outcome means, and the billing services' error sentences (translated in the
``UserFacingError`` context, where ``ui/messages.py`` looks them up)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from owl_desktop.core.charging import ChargeOutcome
from owl_desktop.domain.billing import (
    InvoiceKind,
    InvoiceStatus,
    Payment,
    PaymentMethodKind,
    PaymentStatus,
)
from owl_desktop.domain.payment_methods import StoredPaymentMethod
from owl_desktop.domain.refunds import CANCELED, FAILED, SUCCEEDED, Refund
from owl_desktop.ui.payment_failures import failure_texts
from owl_desktop.ui.translate import QT_TRANSLATE_NOOP

_C = "BillingTexts"

_INVOICE_STATUS = {
    InvoiceStatus.OPEN: QT_TRANSLATE_NOOP("BillingTexts", "Open"),
    InvoiceStatus.PAID: QT_TRANSLATE_NOOP("BillingTexts", "Paid"),
    InvoiceStatus.VOID: QT_TRANSLATE_NOOP("BillingTexts", "Void"),
}
_PAYMENT_STATUS = {
    PaymentStatus.PENDING: QT_TRANSLATE_NOOP("BillingTexts", "Not confirmed yet"),
    PaymentStatus.PROCESSING: QT_TRANSLATE_NOOP("BillingTexts", "Processing"),
    PaymentStatus.SUCCEEDED: QT_TRANSLATE_NOOP("BillingTexts", "Paid"),
    PaymentStatus.FAILED: QT_TRANSLATE_NOOP("BillingTexts", "Failed"),
    PaymentStatus.REQUIRES_ACTION: QT_TRANSLATE_NOOP("BillingTexts", "Client must confirm"),
}
_KIND = {
    InvoiceKind.NO_SHOW: QT_TRANSLATE_NOOP("BillingTexts", "No-show fee: {service}"),
    InvoiceKind.LATE_CANCELLATION: QT_TRANSLATE_NOOP("BillingTexts",
                                                     "Late cancellation fee: {service}"),
}
_METHOD = {
    PaymentMethodKind.CASH: QT_TRANSLATE_NOOP("BillingTexts", "Cash"),
    PaymentMethodKind.CHEQUE: QT_TRANSLATE_NOOP("BillingTexts", "Cheque"),
    PaymentMethodKind.E_TRANSFER: QT_TRANSLATE_NOOP("BillingTexts", "E-transfer"),
}

# Why a PAD debit failed, by Stripe's code (docs.stripe.com/payments/acss-debit: failures).
_PAD_FAILURES = {
    "insufficient_funds": QT_TRANSLATE_NOOP("BillingTexts",
                                            "The bank account didn't have enough money."),
    "account_closed": QT_TRANSLATE_NOOP("BillingTexts", "The bank account is closed."),
    "no_account": QT_TRANSLATE_NOOP("BillingTexts", "The bank couldn't find this account."),
    "debit_not_authorized": QT_TRANSLATE_NOOP(
        "BillingTexts", "The client told their bank this debit wasn't authorized."),
    "charge_exceeds_source_limit": QT_TRANSLATE_NOOP(
        "BillingTexts", "The debit went over the account's weekly limit."),
    "charge_exceeds_transaction_limit": QT_TRANSLATE_NOOP(
        "BillingTexts", "The debit went over the account's limit per payment."),
}
# Why the card's bank refused a refund Stripe had accepted (the refund's ``failure_reason``).
_REFUND_FAILURES = {
    "expired_or_canceled_card": QT_TRANSLATE_NOOP("BillingTexts",
                                                  "The card has expired or was canceled."),
    "lost_or_stolen_card": QT_TRANSLATE_NOOP("BillingTexts",
                                             "The card was reported lost or stolen."),
}
_REFUND_OTHER = QT_TRANSLATE_NOOP("BillingTexts", "The bank refused the refund.")
_PAD_OTHER = QT_TRANSLATE_NOOP("BillingTexts", "The bank refused the debit.")
_PAD_NEXT = QT_TRANSLATE_NOOP("BillingTexts", "Ask the client for another payment method.")

# The billing services' sentences (core/charging.py, services/billing.py, receipts).
ERROR_SENTENCES = (
    QT_TRANSLATE_NOOP("UserFacingError", "This invoice has already been charged."),
    QT_TRANSLATE_NOOP("UserFacingError", "Its payments are listed on the Billing tab."),
    QT_TRANSLATE_NOOP("UserFacingError", "This invoice was voided."),
    QT_TRANSLATE_NOOP("UserFacingError", "Nothing is charged for it."),
    QT_TRANSLATE_NOOP("UserFacingError", "Nothing is owed on it."),
    QT_TRANSLATE_NOOP("UserFacingError", "A charge for this invoice is already processing."),
    QT_TRANSLATE_NOOP("UserFacingError", "A bank debit settles in a few business days; the "
                                         "Billing tab shows it."),
    QT_TRANSLATE_NOOP("UserFacingError", "This invoice is paid."),
    QT_TRANSLATE_NOOP("UserFacingError", "Nothing is left to charge."),
    QT_TRANSLATE_NOOP("UserFacingError", "A payment for this invoice is already processing."),
    QT_TRANSLATE_NOOP("UserFacingError", "A bank debit settles in a few business days."),
    QT_TRANSLATE_NOOP("UserFacingError", "This payment method can't be charged."),
    QT_TRANSLATE_NOOP("UserFacingError", "Choose a card that hasn't expired or a verified "
                                         "bank account."),
    QT_TRANSLATE_NOOP("UserFacingError", "An invoice with a payment can't be voided."),
    QT_TRANSLATE_NOOP("UserFacingError", "Refund the payment in Stripe first, or leave the "
                                         "invoice as it is."),
    QT_TRANSLATE_NOOP("UserFacingError", "This invoice no longer exists."),
    QT_TRANSLATE_NOOP("UserFacingError", "Close this window and open the client again."),
    QT_TRANSLATE_NOOP("UserFacingError", "Only a payment that went through has a receipt."),
    QT_TRANSLATE_NOOP("UserFacingError", "A bank debit has one once it has settled."),
)


def _t(source: str) -> str:
    return QCoreApplication.translate(_C, source)


def money(cents: int, currency: str = "CAD") -> str:
    """In the desk's locale: $95.00, or 95,00 $ in French."""
    return QLocale().toCurrencyString(cents / 100, "$" if currency in ("CAD", "USD")
                                      else currency)


def money_affixes(currency: str = "CAD") -> tuple[str, str]:
    """The prefix and suffix an amount box shows, placed as ``money`` places the symbol:
    ("$", "") in English, ("", " $") in French."""
    locale = QLocale()
    number = locale.toString(1.0, "f", 2)
    prefix, _, suffix = money(100, currency).partition(number)
    return prefix, suffix


def invoice_status_text(status: InvoiceStatus) -> str:
    return _t(_INVOICE_STATUS[status])


def payment_status_text(status: PaymentStatus) -> str:
    return _t(_PAYMENT_STATUS[status])


def invoice_description(kind: InvoiceKind, description: str) -> str:
    pattern = _KIND.get(kind)
    return _t(pattern).replace("{service}", description) if pattern else description


def method_label(method: StoredPaymentMethod) -> str:
    """A saved method, as the charge dialog lists it: "Visa •••• 4242"."""
    name = method.brand_name if method.is_card else (
        method.bank_name or QCoreApplication.translate("BillingTexts", "Bank account"))
    text = f"{name} {method.masked}"
    if method.is_default:
        return text + QCoreApplication.translate("BillingTexts", " (default)")
    return text


def payment_method_text(payment: Payment) -> str:
    if payment.is_charge:
        name = payment.brand or (QCoreApplication.translate("BillingTexts", "Card")
                                 if payment.method is PaymentMethodKind.CARD
                                 else QCoreApplication.translate("BillingTexts",
                                                                 "Bank account"))
        return f"{name} •••• {payment.last4}" if payment.last4 else name
    text = _t(_METHOD[payment.method])
    return f"{text} ({payment.reference})" if payment.reference else text


def failure_text(payment: Payment) -> str:
    """Why a charge didn't go through, in our own words (never Stripe's text)."""
    if payment.status is PaymentStatus.REQUIRES_ACTION:
        return needs_client_text()
    if payment.status is not PaymentStatus.FAILED:
        return ""
    if payment.method is PaymentMethodKind.PAD:
        return debit_failure_text(payment.failure_code)
    message, hint = failure_texts(code="card_declined", decline_code=payment.failure_code)
    return f"{message} {hint}".strip()


def debit_failure_text(code: str) -> str:
    """Why a bank debit was returned, by Stripe's failure code, and what to do next."""
    reason = _PAD_FAILURES.get(code, _PAD_OTHER)
    return " ".join((QCoreApplication.translate("BillingTexts", reason),
                     QCoreApplication.translate("BillingTexts", _PAD_NEXT)))


def refund_text(refund: Refund) -> str:
    """A payment's refund as the Billing tab says it: done, under way, or failed and why."""
    amount = money(refund.amount, refund.currency.upper())
    if refund.status == SUCCEEDED:
        pattern = QCoreApplication.translate("BillingTexts", "Refunded {amount}.")
    elif refund.status == CANCELED:
        pattern = QCoreApplication.translate("BillingTexts", "Refund of {amount} canceled.")
    elif refund.status == FAILED:
        reason = _t(_REFUND_FAILURES.get(refund.failure_reason, _REFUND_OTHER))
        pattern = QCoreApplication.translate(
            "BillingTexts", "Refund of {amount} failed: {reason} Refund the client another "
                            "way (cash, cheque or e-transfer).").replace("{reason}", reason)
    else:
        pattern = QCoreApplication.translate("BillingTexts", "Refund of {amount} under way.")
    return pattern.replace("{amount}", amount)


def needs_client_text() -> str:
    return QCoreApplication.translate(
        "BillingTexts", "The bank asks the cardholder to confirm this payment. Ask the client "
                        "to confirm it (for example on the client portal), or use another "
                        "card.")


def outcome_text(outcome: ChargeOutcome) -> str:
    amount = money(outcome.payment.amount_cents, outcome.payment.currency)
    method = payment_method_text(outcome.payment)
    if outcome.status is PaymentStatus.SUCCEEDED:
        return QCoreApplication.translate("BillingTexts", "Charged {amount} to {method}.").replace(
            "{amount}", amount).replace("{method}", method)
    if outcome.status is PaymentStatus.PROCESSING:
        return QCoreApplication.translate(
            "BillingTexts", "The bank debit of {amount} was sent. It settles in a few business "
                            "days; this tab shows it then.").replace("{amount}", amount)
    return failure_text(outcome.payment)
