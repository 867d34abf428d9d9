"""Mask secrets in log records before any handler writes them.

Stripe secrets can reach a log line by many roads: an f-string in our code, ``%r`` of an object,
an exception whose text echoes the request, a Stripe-compatible server whose error body repeats
the key, a traceback's local variables in a crash report. Rather than trust every call site,
every handler gets :class:`RedactingFilter` (``logs.setup_logging`` installs it), which rewrites
the message, its arguments, the exception text and the stack text of each record.

What is masked (the recognisable prefix is kept so the log still says *what* was there):

* secret and restricted API keys: ``sk_live_``, ``sk_test_``, ``rk_live_``, ``rk_test_``, even
  glued to the text before them (``api_key_sk_live_…``, ``2sk_live_…``)
* client secrets of SetupIntents, PaymentIntents, Checkout Sessions (``cs_live_…_secret_…``) and
  any ``<prefix>_<id>_secret_<...>``
* webhook signing secrets: ``whsec_``
* HTTP ``Authorization`` credentials: ``Bearer <token>``, ``Basic <base64>``
* card numbers: 13–19 digits (spaces or dashes allowed between them) that start like a card
  (2–6) and pass the Luhn check. The web view logs console messages of every frame, Stripe's
  included, so a number typed into a field could reach a log line that way. Timestamps (10, 13,
  16 or 19 digits starting with 1 until 2033), Stripe ids (letters glued on) and amounts don't
  qualify; a 13–19-digit id starting with 2–6 is masked one time in ten (Luhn), a fair price.
* bank account numbers where they are recognisable: labelled (``account_number=…``,
  ``"account_number": "…"``, ``account number 0001234567``), written as a Canadian cheque line
  (transit-institution-account, ``12345-001-1234567``), or an IBAN with a valid check.
  Bare digit runs are not guessed at: they are as likely to be an id or an amount.

Publishable keys (``pk_``) are public by design and left alone.
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Final

MASK: Final = "[REDACTED]"

# Left anchors: a key glued to the text before it (``api_key_sk_live_…``, ``2sk_live_…``) is still
# a key, so API keys and webhook secrets have none; client secrets only refuse a letter or digit
# glued before their first segment (the segment takes the rest of the token anyway).
_PATTERNS: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    # API keys. Stripe's own partly masked form ("rk_test_*****abcd") has no [A-Za-z0-9] right
    # after the prefix and is left as Stripe wrote it.
    (re.compile(r"((?:sk|rk)_(?:live|test)_)[A-Za-z0-9]+"), r"\1" + MASK),
    # Client secrets: seti_123_secret_abc, pi_123_secret_abc, cs_live_a1B2_secret_xyz, and any
    # <prefix>_<id>_secret_<x>. The id (the segment before "_secret_") must look like one: a
    # digit in it, or 12+ characters; so snake_case words ("client_secret_missing",
    # "test_no_secret_reaches", a function name in a traceback) are left alone.
    (re.compile(r"(?<![A-Za-z0-9])((?:[A-Za-z0-9]+_)+(?=[A-Za-z]*[0-9]|[A-Za-z0-9]{12})"
                r"[A-Za-z0-9]+_secret_)[A-Za-z0-9]+"), r"\1" + MASK),
    # Webhook signing secrets.
    (re.compile(r"(whsec_)[A-Za-z0-9+/=]+"), r"\1" + MASK),
    # Authorization headers and their values, whatever the scheme's case.
    (re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=\-]+"), r"\1" + MASK),
    (re.compile(r"(?i)\b(basic\s+)[A-Za-z0-9+/]{12,}={0,2}"), r"\1" + MASK),
)

CARD_MASK: Final = "[REDACTED card]"
ACCOUNT_MASK: Final = "[REDACTED account]"

# A card-like run: first digit 2-6, then 12-18 more digits, each optionally after one space or
# dash; not glued to letters, digits or "_" on either side, nor part of a decimal (so ids,
# longer numbers and floats don't qualify). The Luhn check in _mask_card decides the rest.
_CARD: Final = re.compile(
    r"(?<![A-Za-z0-9_.])[2-6](?:[ -]?[0-9]){12,18}(?![A-Za-z0-9_]|\.[0-9])")

# "account_number": "000123456789", account_number=000123456789, account number 000123456789,
# acct no. 123-4567-89. Value: 5-17 digits (spaces/dashes allowed), not followed by more
# word characters, so "account acct_1Abc" or "account 12 clients" stay.
_LABELLED_ACCOUNT: Final = re.compile(
    r"(?i)((?:bank[ _-]?)?(?:account|acct)[ _-]?(?:number|num|no\.?|#)\"?'?\s*[:=]?\s*[\"']?)"
    r"([0-9](?:[ -]?[0-9]){4,16})(?![A-Za-z0-9_])")
# Canadian cheque line: transit (5) - institution (3) - account (7-12), dashes or spaces.
_CHEQUE_LINE: Final = re.compile(
    r"(?<![A-Za-z0-9_-])[0-9]{5}[- ][0-9]{3}[- ][0-9]{7,12}(?![A-Za-z0-9_-])")
# IBAN: country, check digits, 11-30 letters/digits (groups of 4 with spaces allowed); masked
# only when the mod-97 check holds.
_IBAN: Final = re.compile(r"(?<![A-Za-z0-9_])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9_])")


def luhn_ok(digits: str) -> bool:
    """The Luhn checksum every card number satisfies (and 9 in 10 random numbers don't)."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _iban_ok(text: str) -> bool:
    compact = text.replace(" ", "")
    moved = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in moved)
    return int(number) % 97 == 1


def _mask_card(match: re.Match[str]) -> str:
    digits = re.sub(r"[ -]", "", match.group(0))
    return CARD_MASK if luhn_ok(digits) else match.group(0)


def _mask_iban(match: re.Match[str]) -> str:
    return ACCOUNT_MASK if _iban_ok(match.group(0)) else match.group(0)


def redact(text: str) -> str:
    """``text`` with every secret it contains replaced by its prefix and :data:`MASK`, and every
    recognisable card or bank account number replaced by :data:`CARD_MASK` /
    :data:`ACCOUNT_MASK`."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    text = _CARD.sub(_mask_card, text)
    text = _LABELLED_ACCOUNT.sub(lambda m: m.group(1) + ACCOUNT_MASK, text)
    text = _CHEQUE_LINE.sub(ACCOUNT_MASK, text)
    return _IBAN.sub(_mask_iban, text)


def contains_secret(text: str) -> bool:
    """True when :func:`redact` would change ``text`` (used by tests and the canary scan)."""
    return redact(text) != text


class RedactingFilter(logging.Filter):
    """A handler filter that rewrites each record so no secret survives formatting.

    It renders the message with its arguments first (so ``%r`` of an object is covered), then
    freezes the result: ``msg`` becomes the redacted text and ``args`` empty. The exception is
    rendered to ``exc_text`` and ``exc_info`` dropped, because ``logging.Formatter`` prints
    ``exc_text`` when set and other formatters could re-render the live exception otherwise.
    Redacting twice is harmless, so sharing a record between handlers is fine.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not hide the record, nor leak args
            message = f"{record.msg!s} (unformattable arguments dropped)"
        record.msg = redact(message)
        record.args = ()
        if record.exc_info and record.exc_info[0] is not None:
            rendered = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            record.exc_text = redact(rendered)
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install(handler: logging.Handler) -> None:
    """Add the filter to ``handler`` once."""
    if not any(isinstance(f, RedactingFilter) for f in handler.filters):
        handler.addFilter(RedactingFilter())
