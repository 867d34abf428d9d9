"""The entry page's words, translated the Qt way and handed to the page with ``prepare``.

The page (``resources/web/entry.html``) carries English defaults; these replace them, keyed by
the ``data-text`` attributes, so French follows the app's language like the rest of the UI.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from owl_desktop.ui.translate import QT_TRANSLATE_NOOP

_CONTEXT = "EntryPage"

_SOURCES: dict[str, str] = {
    "title": QT_TRANSLATE_NOOP("EntryPage", "Payment method"),
    "name_label_card": QT_TRANSLATE_NOOP("EntryPage", "Name on the card"),
    "name_label_bank": QT_TRANSLATE_NOOP("EntryPage", "Account holder's name"),
    "email_label": QT_TRANSLATE_NOOP("EntryPage", "Email"),
    "address_heading": QT_TRANSLATE_NOOP("EntryPage", "Billing address"),
    "line1_label": QT_TRANSLATE_NOOP("EntryPage", "Address"),
    "line2_label": QT_TRANSLATE_NOOP("EntryPage", "Apartment, suite (optional)"),
    "city_label": QT_TRANSLATE_NOOP("EntryPage", "City"),
    "state_label": QT_TRANSLATE_NOOP("EntryPage", "Province"),
    "postal_label": QT_TRANSLATE_NOOP("EntryPage", "Postal code"),
    "postal_format": QT_TRANSLATE_NOOP("EntryPage", "Enter a Canadian postal code, like H2X 1Y4."),
    "postal_province": QT_TRANSLATE_NOOP(
        "EntryPage", "This postal code doesn't match the province: it should start with "
                     "{letters}."),
    "card_heading": QT_TRANSLATE_NOOP("EntryPage", "Card"),
    "number_label": QT_TRANSLATE_NOOP("EntryPage", "Card number"),
    "expiry_label": QT_TRANSLATE_NOOP("EntryPage", "Expiry date"),
    "cvc_label": QT_TRANSLATE_NOOP("EntryPage", "Security code (CVC)"),
    "incomplete_number": QT_TRANSLATE_NOOP("EntryPage", "The card number is incomplete."),
    "incomplete_expiry": QT_TRANSLATE_NOOP("EntryPage", "The expiry date is incomplete."),
    "incomplete_cvc": QT_TRANSLATE_NOOP("EntryPage", "The security code is incomplete."),
    "bank_explanation": QT_TRANSLATE_NOOP(
        "EntryPage", "When you continue, Stripe's window asks for the institution, transit and "
                     "account numbers, then shows the pre-authorized debit agreement for the "
                     "client to accept."),
}


def page_texts() -> dict[str, str]:
    """Every label of the entry page in the app's current language."""
    return {key: QCoreApplication.translate(_CONTEXT, source) for key, source in _SOURCES.items()}
