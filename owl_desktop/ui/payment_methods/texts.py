"""The words the payment method list shows, translated in one place.

Brand names, state labels and the formats for "•••• 4242" and expiry dates live here so the
list model, the row widgets, the autopay panel and the audit view say the same thing the same
way, in the user's language. Sources are marked with ``QT_TRANSLATE_NOOP`` so lupdate finds them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from owl_desktop.ui.translate import QT_TRANSLATE_NOOP

_CTX = "PaymentMethodTexts"

# Stripe's card.brand values (and what Stripe.js may report) with the names people know.
_BRANDS: dict[str, str] = {
    "visa": QT_TRANSLATE_NOOP("PaymentMethodTexts", "Visa"),
    "mastercard": QT_TRANSLATE_NOOP("PaymentMethodTexts", "Mastercard"),
    "amex": QT_TRANSLATE_NOOP("PaymentMethodTexts", "American Express"),
    "discover": QT_TRANSLATE_NOOP("PaymentMethodTexts", "Discover"),
    "diners": QT_TRANSLATE_NOOP("PaymentMethodTexts", "Diners Club"),
    "jcb": QT_TRANSLATE_NOOP("PaymentMethodTexts", "JCB"),
    "unionpay": QT_TRANSLATE_NOOP("PaymentMethodTexts", "UnionPay"),
    "eftpos_au": QT_TRANSLATE_NOOP("PaymentMethodTexts", "eftpos"),
    "cartes_bancaires": QT_TRANSLATE_NOOP("PaymentMethodTexts", "Cartes Bancaires"),
    "interac": QT_TRANSLATE_NOOP("PaymentMethodTexts", "Interac"),
}

# The audit trail keeps brands as shown ("American Express"): the same names, looked up by name.
_BRANDS_BY_NAME: dict[str, str] = {name: name for name in _BRANDS.values()}

# State codes the model reports per row (see ``model.MethodState``).
_STATES: dict[str, str] = {
    "expired": QT_TRANSLATE_NOOP("PaymentMethodTexts", "Expired"),
    "expires_soon": QT_TRANSLATE_NOOP("PaymentMethodTexts", "Expires soon"),
    "pending_verification": QT_TRANSLATE_NOOP("PaymentMethodTexts", "Pending verification"),
    "pending_sync": QT_TRANSLATE_NOOP("PaymentMethodTexts", "Pending sync"),
    "removing": QT_TRANSLATE_NOOP("PaymentMethodTexts", "Removal pending sync"),
}

_STATE_EXPLANATIONS: dict[str, str] = {
    "expired": QT_TRANSLATE_NOOP(
        "PaymentMethodTexts", "This card has expired and can't be charged."),
    "expires_soon": QT_TRANSLATE_NOOP(
        "PaymentMethodTexts", "This card expires this month or next."),
    "pending_verification": QT_TRANSLATE_NOOP(
        "PaymentMethodTexts", "Waiting for verification: Stripe sends two small deposits to "
                              "this account and the client confirms their amounts. Until then "
                              "it can't be charged or made the default."),
    "pending_sync": QT_TRANSLATE_NOOP(
        "PaymentMethodTexts", "Changed on this desk; it will reach Stripe when the connection "
                              "is back."),
    "removing": QT_TRANSLATE_NOOP(
        "PaymentMethodTexts", "Removed on this desk, not yet at Stripe: it is sent as soon as "
                              "the connection is back, and the row then goes away."),
}

# Short words and sentence patterns used below ({name} placeholders are replaced after lookup).
_CARD = QT_TRANSLATE_NOOP("PaymentMethodTexts", "Card")
_BANK_ACCOUNT = QT_TRANSLATE_NOOP("PaymentMethodTexts", "Bank account")
_ENDING_IN = QT_TRANSLATE_NOOP("PaymentMethodTexts", "{title} ending in {last4}")
_EXPIRES_ON = QT_TRANSLATE_NOOP("PaymentMethodTexts", "expires {date}")
_DEFAULT_WORD = QT_TRANSLATE_NOOP("PaymentMethodTexts", "default")

# What happens next for a bank account awaiting micro-deposit verification (shown in its
# details and as the reason it can't be the default yet).
_VERIFICATION_NEXT = QT_TRANSLATE_NOOP(
    "PaymentMethodTexts", "Stripe sends two small deposits to this account within 1–2 business "
                          "days and emails the client how to confirm their amounts. The account "
                          "can be charged and made the default once they are confirmed.")
_SET_DEFAULT_AFTER_VERIFICATION = QT_TRANSLATE_NOOP(
    "PaymentMethodTexts", "Set as default (once verified)")
_SET_DEFAULT_EXPIRED = QT_TRANSLATE_NOOP("PaymentMethodTexts", "Set as default (expired)")

DOTS = "\u2022\u2022\u2022\u2022"


def verification_next() -> str:
    return tr(_VERIFICATION_NEXT)


def set_default_unavailable(state: str) -> str:
    """The greyed *Set as default* entry, saying why ("" when the plain entry is right)."""
    if state == "pending_verification":
        return tr(_SET_DEFAULT_AFTER_VERIFICATION)
    if state == "expired":
        return tr(_SET_DEFAULT_EXPIRED)
    return ""


def tr(source: str) -> str:
    """Translate a source string already marked with ``QT_TRANSLATE_NOOP`` in this context."""
    return QCoreApplication.translate(_CTX, source)


def brand_name(brand: str) -> str:
    """The card brand as people say it; an unknown brand is shown as Stripe names it."""
    source = _BRANDS.get(brand.lower()) or _BRANDS_BY_NAME.get(brand)
    if source is not None:
        return tr(source)
    return brand.replace("_", " ").title() if brand else tr(_CARD)


def method_title(method_type: str, brand: str, bank_name: str) -> str:
    """Brand for a card, bank name for a bank account (or a plain word when Stripe gave none)."""
    if method_type == "acss_debit":
        return bank_name or tr(_BANK_ACCOUNT)
    return brand_name(brand)


def type_name(method_type: str) -> str:
    return tr(_BANK_ACCOUNT) if method_type == "acss_debit" else tr(_CARD)


def masked_last4(last4: str) -> str:
    """Only ever the last 4 digits, behind four dots."""
    return f"{DOTS} {last4}"


def expiry_text(exp_month: int | None, exp_year: int | None) -> str:
    """MM/YYYY, the way the card itself shows it; empty when unknown."""
    if not exp_month or not exp_year:
        return ""
    return f"{exp_month:02d}/{exp_year:04d}"


def state_label(code: str) -> str:
    source = _STATES.get(code)
    return tr(source) if source else code


def state_explanation(code: str) -> str:
    source = _STATE_EXPLANATIONS.get(code)
    return tr(source) if source else ""


def spoken_summary(title: str, last4: str, expiry: str, is_default: bool,
                   states: list[str]) -> str:
    """What a screen reader says for a row: one sentence with everything the row shows."""
    parts = [tr(_ENDING_IN).replace("{title}", title).replace("{last4}", last4)]
    if expiry:
        parts.append(tr(_EXPIRES_ON).replace("{date}", expiry))
    if is_default:
        parts.append(tr(_DEFAULT_WORD))
    parts.extend(state_label(s).lower() for s in states)
    return ", ".join(parts)
