"""The portal's words for a refund that didn't go through (issue 17): the card's bank refused
it after Stripe had accepted it, so the client is told why in plain words, and whom to ask.
Merged into the catalogue by ``i18n.py`` (same keys in both languages; a test checks). A card
reported lost or stolen gets the general sentence, as for declines."""

from __future__ import annotations

EN: dict[str, str] = {
    "refund_failed": "The refund of {amount} on {date} didn't go through. {reason} Please "
                     "contact the clinic to be refunded another way.",
    "refund_failure_expired_or_canceled_card": "The card has expired or was canceled.",
    "refund_failure_other": "The card's bank couldn't accept it.",
}

FR: dict[str, str] = {
    "refund_failed": "Le remboursement de {amount} du {date} n’a pas abouti. {reason} "
                     "Veuillez communiquer avec la clinique pour être remboursé autrement.",
    "refund_failure_expired_or_canceled_card": "La carte est expirée ou a été annulée.",
    "refund_failure_other": "La banque de la carte n’a pas pu l’accepter.",
}


def failure_key(failure_reason: str) -> str:
    """The catalogue key of why a refund failed (Stripe's ``failure_reason``)."""
    key = f"refund_failure_{failure_reason}"
    return key if key in EN else "refund_failure_other"
