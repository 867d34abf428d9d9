"""Mask secrets in log records before any handler writes them.

Stripe secrets can reach a log line by many roads: an f-string in our code, ``%r`` of an object,
an exception whose text echoes the request, a Stripe-compatible server whose error body repeats
the key, a traceback's local variables in a crash report. Rather than trust every call site,
every handler gets :class:`RedactingFilter` (``logs.setup_logging`` installs it), which rewrites
the message, its arguments, the exception text and the stack text of each record.

What is masked (the recognisable prefix is kept so the log still says *what* was there):

* secret and restricted API keys: ``sk_live_``, ``sk_test_``, ``rk_live_``, ``rk_test_``
* client secrets of SetupIntents, PaymentIntents (and any ``<id>_secret_<...>``)
* webhook signing secrets: ``whsec_``
* HTTP ``Authorization`` credentials: ``Bearer <token>``, ``Basic <base64>``

Publishable keys (``pk_``) are public by design and left alone.
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Final

MASK: Final = "[REDACTED]"

_PATTERNS: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    # API keys. Stripe's own partly masked form ("rk_test_*****abcd") has no [A-Za-z0-9] right
    # after the prefix and is left as Stripe wrote it.
    (re.compile(r"\b((?:sk|rk)_(?:live|test)_)[A-Za-z0-9]+"), r"\1" + MASK),
    # Client secrets: seti_123_secret_abc, pi_123_secret_abc, cs_..._secret_...
    (re.compile(r"\b([A-Za-z]+_[A-Za-z0-9]+_secret_)[A-Za-z0-9]+"), r"\1" + MASK),
    # Webhook signing secrets.
    (re.compile(r"\b(whsec_)[A-Za-z0-9+/=]+"), r"\1" + MASK),
    # Authorization headers and their values, whatever the scheme's case.
    (re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=\-]+"), r"\1" + MASK),
    (re.compile(r"(?i)\b(basic\s+)[A-Za-z0-9+/]{12,}={0,2}"), r"\1" + MASK),
)


def redact(text: str) -> str:
    """``text`` with every secret it contains replaced by its prefix and :data:`MASK`."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


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
