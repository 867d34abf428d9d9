"""Icons for payment method types and card brands, drawn as small SVGs in ``resources/icons``.

Each icon comes with the name a screen reader says for it, so an icon is never the only way a
brand is told apart (the brand is also written next to it).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

from owl_desktop.resources import resource_dir


def icon_dir() -> Path:
    """``resources/icons``: next to the sources, or inside a PyInstaller bundle."""
    return resource_dir("icons")

# Stripe's card.brand values that have their own drawing; every other brand gets the generic card.
_BRAND_FILES: dict[str, str] = {
    "visa": "card_visa.svg",
    "mastercard": "card_mastercard.svg",
    "amex": "card_amex.svg",
}
GENERIC_CARD = "card_generic.svg"
BANK = "bank.svg"


def icon_file(method_type: str, brand: str = "") -> str:
    """The file name of the icon for a method: a brand drawing, the generic card, or the bank."""
    if method_type == "acss_debit":
        return BANK
    return _BRAND_FILES.get(brand.lower(), GENERIC_CARD)


@cache
def _load(file_name: str) -> QIcon:
    return QIcon(str(icon_dir() / file_name))


def method_icon(method_type: str, brand: str = "") -> QIcon:
    """The icon for a method; cached, since a list repaints often and the files never change."""
    return _load(icon_file(method_type, brand))
