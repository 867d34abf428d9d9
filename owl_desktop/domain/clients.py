"""Clients and their contact details, with the validation rules of the profile form.

Validation returns error *codes* per field, not sentences: the UI turns codes into text in the
user's language (see ``ui/messages.py``), so this module stays free of Qt and of any language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime

from owl_desktop.domain.text import digits, words

PROVINCES: dict[str, str] = {
    "AB": "Alberta",
    "BC": "British Columbia",
    "MB": "Manitoba",
    "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador",
    "NS": "Nova Scotia",
    "NT": "Northwest Territories",
    "NU": "Nunavut",
    "ON": "Ontario",
    "PE": "Prince Edward Island",
    "QC": "Quebec",
    "SK": "Saskatchewan",
    "YT": "Yukon",
}

# First letter of a Canadian postal code per province (Canada Post's forward sortation areas).
POSTAL_PREFIXES: dict[str, str] = {
    "AB": "T", "BC": "V", "MB": "R", "NB": "E", "NL": "A", "NS": "B", "NT": "X", "NU": "X",
    "ON": "KLMNP", "PE": "C", "QC": "GHJ", "SK": "S", "YT": "Y",
}

# Canada Post never uses D, F, I, O, Q or U; W and Z never start a code. Written so that
# JavaScript reads it the same (the entry page checks billing addresses with it).
POSTAL_CODE_PATTERN = r"^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$"
_POSTAL_CODE = re.compile(POSTAL_CODE_PATTERN)
# Pragmatic address check: one @, a dot in the domain, no spaces. The same rule Stripe's
# customer email accepts in practice; deliverability is not ours to judge.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")

# A Stripe customer's phone holds at most 20 characters: the form allows no more.
STRIPE_PHONE_MAX = 20
# How many clients a search lists at most (the services and the search panel agree on it).
SEARCH_LIMIT = 50

MAX_LENGTHS: dict[str, int] = {
    "first_name": 100, "last_name": 100, "email": 254, "phone": STRIPE_PHONE_MAX,
    "line1": 200, "line2": 200, "city": 100, "postal_code": 10,
}


# Invisible characters a paste can carry at a field's ends (zero-width space, joiners, word
# joiner, byte-order mark, soft hyphen): trimmed like spaces.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def trim(value: str) -> str:
    """``value`` without spaces or invisible characters at either end."""
    before = None
    while before != value:
        before = value
        value = value.strip().strip(_INVISIBLE)
    return value


def has_unsafe_characters(value: str) -> bool:
    """Control characters (NUL, escape, line breaks...) or lone surrogates: never stored.

    PostgreSQL refuses NUL outright and a lone surrogate can't be encoded as UTF-8 at all,
    while SQLite would keep both: refusing them here makes both databases behave alike.
    """
    return any(unicodedata.category(c) in ("Cc", "Cs") for c in value)


class FieldError:
    """Error codes, one per failed rule. The UI maps each to a sentence."""

    REQUIRED = "required"
    INVALID_CHARACTERS = "invalid_characters"
    TOO_LONG = "too_long"
    EMAIL_FORMAT = "email_format"
    PHONE_FORMAT = "phone_format"
    POSTAL_FORMAT = "postal_format"
    POSTAL_PROVINCE = "postal_province"
    PROVINCE_UNKNOWN = "province_unknown"
    COUNTRY_UNSUPPORTED = "country_unsupported"


@dataclass(frozen=True)
class Address:
    line1: str = ""
    line2: str = ""
    city: str = ""
    province: str = ""
    postal_code: str = ""
    country: str = "CA"

    @property
    def is_empty(self) -> bool:
        return not (self.line1 or self.line2 or self.city or self.postal_code)

    def one_line(self) -> str:
        parts = [self.line1, self.line2, self.city, self.province, self.postal_code]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class ClientDraft:
    """What the profile form holds: raw-ish text, not yet trusted."""

    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    address: Address = field(default_factory=Address)

    def normalized(self) -> ClientDraft:
        """Trim spaces, upper-case postal code and province, format the phone number."""
        a = self.address
        postal = trim(a.postal_code).upper().replace(" ", "")
        if len(postal) == 6:
            postal = f"{postal[:3]} {postal[3:]}"
        return ClientDraft(
            first_name=" ".join(trim(self.first_name).split()),
            last_name=" ".join(trim(self.last_name).split()),
            email=trim(self.email),
            phone=format_phone(trim(self.phone)),
            address=Address(
                line1=trim(a.line1), line2=trim(a.line2), city=trim(a.city),
                province=trim(a.province).upper(), postal_code=postal,
                country=(trim(a.country).upper() or "CA"),
            ),
        )


@dataclass(frozen=True)
class Client:
    """A clinic's client as stored locally (the truth for contact details)."""

    id: int
    first_name: str
    last_name: str
    email: str
    phone: str
    address: Address
    created_at: datetime
    updated_at: datetime
    stripe_customer_id: str | None = None
    autopay_enabled: bool = False  # the client's own "on" (see autopay_mode)
    autopay_mode: str = "default"  # domain.autopay: "default", "on" or "off"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def has_valid_email(self) -> bool:
        return is_valid_email(self.email)

    def as_draft(self) -> ClientDraft:
        return ClientDraft(self.first_name, self.last_name, self.email, self.phone, self.address)

    def with_draft(self, draft: ClientDraft, updated_at: datetime) -> Client:
        return replace(self, first_name=draft.first_name, last_name=draft.last_name,
                       email=draft.email, phone=draft.phone, address=draft.address,
                       updated_at=updated_at)


@dataclass(frozen=True)
class ClientSummary:
    """A search hit: just what the client list shows."""

    id: int
    full_name: str
    email: str
    phone: str
    city: str


def is_valid_email(email: str) -> bool:
    # No invisible or control character inside an address: Stripe and mail servers refuse them.
    return bool(email) and len(email) <= MAX_LENGTHS["email"] and bool(_EMAIL.match(email)) \
        and not any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in email)


def phone_for_stripe(phone: str) -> str:
    """The phone Stripe may get: a phone stored before the 20-character limit and longer than
    it is not sent (Stripe would refuse the whole update); staff are asked to shorten it."""
    return phone if len(phone) <= STRIPE_PHONE_MAX else ""


def phone_too_long(phone: str) -> bool:
    return len(phone) > STRIPE_PHONE_MAX


def format_phone(phone: str) -> str:
    """Format a North American number as (514) 555-0199; leave anything else as typed."""
    raw = phone.strip()
    d = digits(raw)
    if len(d) == 11 and d.startswith("1"):
        d = d[1:]
    if len(d) == 10 and (not raw.startswith("+") or raw.startswith("+1")):
        return f"({d[:3]}) {d[3:6]}-{d[6:]}"
    return raw


def validate_client(draft: ClientDraft) -> dict[str, str]:
    """Check a normalized draft; returns {field: error code}, empty when valid.

    Field names are those of the form: first_name, last_name, email, phone, line1, line2, city,
    province, postal_code, country.
    """
    errors: dict[str, str] = {}
    a = draft.address
    values = {
        "first_name": draft.first_name, "last_name": draft.last_name, "email": draft.email,
        "phone": draft.phone, "line1": a.line1, "line2": a.line2, "city": a.city,
        "postal_code": a.postal_code,
    }
    for name, value in values.items():
        if len(value) > MAX_LENGTHS[name]:
            errors[name] = FieldError.TOO_LONG
    if not draft.first_name:
        errors["first_name"] = FieldError.REQUIRED
    if not draft.last_name:
        errors["last_name"] = FieldError.REQUIRED
    if draft.email and not is_valid_email(draft.email):
        errors["email"] = FieldError.EMAIL_FORMAT
    if draft.phone:
        d = digits(draft.phone)
        if not 10 <= len(d) <= 15 or any(c.isalpha() for c in draft.phone):
            errors["phone"] = FieldError.PHONE_FORMAT
    if a.country != "CA":
        errors["country"] = FieldError.COUNTRY_UNSUPPORTED
    if a.province and a.province not in PROVINCES:
        errors["province"] = FieldError.PROVINCE_UNKNOWN
    if a.postal_code:
        if not _POSTAL_CODE.match(a.postal_code):
            errors["postal_code"] = FieldError.POSTAL_FORMAT
        elif a.province in POSTAL_PREFIXES and a.postal_code[0] not in POSTAL_PREFIXES[a.province]:
            errors["postal_code"] = FieldError.POSTAL_PROVINCE
    for name, value in (*values.items(), ("province", a.province), ("country", a.country)):
        if has_unsafe_characters(value):
            errors[name] = FieldError.INVALID_CHARACTERS
    if not a.is_empty:
        # A partial address is useless for billing; ask for the parts Stripe and mail need.
        for name, value in (("line1", a.line1), ("city", a.city), ("province", a.province),
                            ("postal_code", a.postal_code)):
            if not value and name not in errors:
                errors[name] = FieldError.REQUIRED
    return errors


def search_text(draft: ClientDraft) -> str:
    """The folded text the search index holds for a client: names, email and phone digits."""
    phone_digits = digits(draft.phone)
    parts = [draft.first_name, draft.last_name, draft.email, phone_digits]
    if len(phone_digits) >= 7:
        parts.append(phone_digits[-7:])
        parts.append(phone_digits[-4:])
    return words(" ".join(p for p in parts if p))
