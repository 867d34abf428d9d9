"""Why Stripe saved or charged nothing, in the user's language, from Stripe's codes.

The sentences are the app's own (``domain/decline_texts.py``, Qt-free so the portal shares
them), translated here in their ``PaymentFailure`` context; Stripe's own text is for the log.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from owl_desktop.domain.decline_texts import CONTEXT, failure_text


def failure_texts(code: str = "", decline_code: str = "", error_type: str = ""
                  ) -> tuple[str, str]:
    """(what happened, what to do now) for Stripe's error code, decline code and type."""
    text = failure_text(code, decline_code, error_type)
    return (QCoreApplication.translate(CONTEXT, text.message),
            QCoreApplication.translate(CONTEXT, text.hint))


def failure_sentence(code: str = "", decline_code: str = "", error_type: str = "") -> str:
    """Both in one line, for a status line."""
    message, hint = failure_texts(code, decline_code, error_type)
    return f"{message} {hint}".strip()
