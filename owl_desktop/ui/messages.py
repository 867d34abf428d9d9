"""Texts that come from outside ``ui/``, translated in one place.

The domain returns validation *codes*; services raise ``UserFacingError`` with English sentences.
Both are turned into the user's language here. Sources are marked with ``QT_TRANSLATE_NOOP`` so
``pyside6-lupdate`` extracts them; lookups use the same context names.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from owl_desktop.domain.clients import POSTAL_PREFIXES, PROVINCES, FieldError
from owl_desktop.errors import UserFacingError, fill
from owl_desktop.ui.translate import QT_TRANSLATE_NOOP

_FIELD = "FieldError"
_ERRORS = "UserFacingError"
_PROVINCE = "Province"

# Generic sentence per code; a few (field, code) pairs get a more precise one below.
_FIELD_ERRORS: dict[str, str] = {
    FieldError.REQUIRED: QT_TRANSLATE_NOOP("FieldError", "This field is required."),
    FieldError.TOO_LONG: QT_TRANSLATE_NOOP("FieldError", "This is too long."),
    FieldError.INVALID_CHARACTERS: QT_TRANSLATE_NOOP(
        "FieldError", "Remove the invisible or control characters (pasted with the text?)."),
    FieldError.EMAIL_FORMAT: QT_TRANSLATE_NOOP(
        "FieldError", "Enter an email address like name@example.com."),
    FieldError.PHONE_FORMAT: QT_TRANSLATE_NOOP(
        "FieldError", "Enter a phone number with its area code, like 514 555-0199."),
    FieldError.POSTAL_FORMAT: QT_TRANSLATE_NOOP(
        "FieldError", "Enter a Canadian postal code, like H2X 1Y4."),
    FieldError.POSTAL_PROVINCE: QT_TRANSLATE_NOOP(
        "FieldError", "This postal code doesn't match the province: it should start with "
                      "{letters}."),
    FieldError.PROVINCE_UNKNOWN: QT_TRANSLATE_NOOP("FieldError", "Choose a province or territory."),
    FieldError.COUNTRY_UNSUPPORTED: QT_TRANSLATE_NOOP(
        "FieldError", "Only Canadian addresses are supported for now."),
}

_SPECIFIC: dict[tuple[str, str], str] = {
    ("first_name", FieldError.REQUIRED): QT_TRANSLATE_NOOP("FieldError", "Enter the first name."),
    ("last_name", FieldError.REQUIRED): QT_TRANSLATE_NOOP("FieldError", "Enter the last name."),
    ("phone", FieldError.TOO_LONG): QT_TRANSLATE_NOOP(
        "FieldError", "Stripe takes at most 20 characters: shorten the number."),
    ("line1", FieldError.REQUIRED): QT_TRANSLATE_NOOP(
        "FieldError", "Enter the street address, or clear the whole address."),
    ("city", FieldError.REQUIRED): QT_TRANSLATE_NOOP(
        "FieldError", "Enter the city, or clear the whole address."),
    ("province", FieldError.REQUIRED): QT_TRANSLATE_NOOP(
        "FieldError", "Choose the province, or clear the whole address."),
    ("postal_code", FieldError.REQUIRED): QT_TRANSLATE_NOOP(
        "FieldError", "Enter the postal code, or clear the whole address."),
}

_PROVINCE_NAMES: dict[str, str] = {
    "AB": QT_TRANSLATE_NOOP("Province", "Alberta"),
    "BC": QT_TRANSLATE_NOOP("Province", "British Columbia"),
    "MB": QT_TRANSLATE_NOOP("Province", "Manitoba"),
    "NB": QT_TRANSLATE_NOOP("Province", "New Brunswick"),
    "NL": QT_TRANSLATE_NOOP("Province", "Newfoundland and Labrador"),
    "NS": QT_TRANSLATE_NOOP("Province", "Nova Scotia"),
    "NT": QT_TRANSLATE_NOOP("Province", "Northwest Territories"),
    "NU": QT_TRANSLATE_NOOP("Province", "Nunavut"),
    "ON": QT_TRANSLATE_NOOP("Province", "Ontario"),
    "PE": QT_TRANSLATE_NOOP("Province", "Prince Edward Island"),
    "QC": QT_TRANSLATE_NOOP("Province", "Quebec"),
    "SK": QT_TRANSLATE_NOOP("Province", "Saskatchewan"),
    "YT": QT_TRANSLATE_NOOP("Province", "Yukon"),
}
assert set(_PROVINCE_NAMES) == set(PROVINCES)

_COUNTRY_NAMES: dict[str, str] = {"CA": QT_TRANSLATE_NOOP("Country", "Canada")}

# Every UserFacingError sentence raised outside ui/ that staff can meet. Unknown sentences are
# shown as raised (English), so a missing entry degrades, it doesn't break.
_ERROR_SENTENCES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("UserFacingError", "Some fields need attention."),
    QT_TRANSLATE_NOOP("UserFacingError", "The database is busy: another program or desk is "
                                         "holding it."),
    QT_TRANSLATE_NOOP("UserFacingError", "Wait a moment and try again. If it keeps happening, "
                                         "close other copies of Owl Desktop on this computer."),
    QT_TRANSLATE_NOOP("UserFacingError", "The database can't be reached."),
    QT_TRANSLATE_NOOP("UserFacingError", "Check the network connection to the database server, "
                                         "then try again."),
    QT_TRANSLATE_NOOP("UserFacingError", "Check the database server and the network, then try "
                                         "again."),
    QT_TRANSLATE_NOOP("UserFacingError", "The database file can't be opened."),
    QT_TRANSLATE_NOOP("UserFacingError", "Check that the data folder exists and that you may "
                                         "write to it."),
    QT_TRANSLATE_NOOP("UserFacingError", "This client no longer exists."),
    QT_TRANSLATE_NOOP("UserFacingError", "Search again: another desk may have removed it."),
)


def _translate(context: str, source: str) -> str:
    return QCoreApplication.translate(context, source)


def field_error_text(field: str, code: str, *, province: str = "") -> str:
    """The sentence shown under a form field for a validation code."""
    source = _SPECIFIC.get((field, code)) or _FIELD_ERRORS.get(code)
    if source is None:
        return QCoreApplication.translate("FieldError", "This value isn't accepted.")
    text = _translate(_FIELD, source)
    if code == FieldError.POSTAL_PROVINCE:
        text = text.replace("{letters}", "/".join(POSTAL_PREFIXES.get(province, "")))
    return text


def province_name(code: str) -> str:
    source = _PROVINCE_NAMES.get(code)
    return _translate(_PROVINCE, source) if source else code


def province_choices() -> list[tuple[str, str]]:
    """(code, translated name) for every province and territory, sorted by the shown name."""
    return sorted(((code, province_name(code)) for code in PROVINCES), key=lambda c: c[1])


def country_name(code: str) -> str:
    source = _COUNTRY_NAMES.get(code)
    return _translate("Country", source) if source else code


def error_texts(error: UserFacingError) -> tuple[str, str]:
    """(message, hint) of a user-facing error in the user's language. Stripe's errors go by
    their stable code (``ui/stripe_texts.py``); the others by their sentence."""
    from owl_desktop.ui.stripe_texts import error_texts_by_code  # it imports the sync engine

    coded = error_texts_by_code(error)
    if coded is not None:
        return coded
    if error.params or error.amounts:  # placeholders: translate the source, then fill it
        from owl_desktop.ui.billing.texts import money  # as the Billing tab writes amounts

        params = {**error.params, **{name: money(cents, currency.upper())
                                     for name, (cents, currency) in error.amounts.items()}}
        message = fill(_translate(_ERRORS, error.message_source), params)
        hint = fill(_translate(_ERRORS, error.hint_source), params) if error.hint else ""
        return message, hint
    message = _translate(_ERRORS, error.message) if error.message else ""
    hint = _translate(_ERRORS, error.hint) if error.hint else ""
    return message, hint
