"""The online-booking rule of Settings → Online portal: "Require a valid payment method to
book via the client portal" (default No) and the message clients see when asked to add one
(English and French, plain text with line breaks; the clinic's no-show policy, typically).

Stored in the database's settings beside the portal's other settings, so every desk and the
portal read the same. Qt-free and web-free.
"""

from __future__ import annotations

from dataclasses import dataclass

from owl_desktop.errors import ValidationFailed
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory

SETTING_REQUIRE_METHOD = "portal.booking_requires_method"
SETTING_MESSAGE_EN = "portal.booking_message_en"
SETTING_MESSAGE_FR = "portal.booking_message_fr"
MAX_MESSAGE = 2000

DEFAULT_MESSAGE_EN = (
    "To book online, please keep a valid payment method on file.\n"
    "\n"
    "Our policy: an appointment missed, or cancelled with less notice than the clinic asks "
    "for, may be charged to this payment method. Nothing is charged when you book.")
DEFAULT_MESSAGE_FR = (
    "Pour réserver en ligne, veuillez garder un mode de paiement valide à votre dossier.\n"
    "\n"
    "Notre politique : un rendez-vous manqué, ou annulé avec un préavis plus court que celui "
    "demandé par la clinique, peut être facturé à ce mode de paiement. Rien n’est facturé au "
    "moment de la réservation.")


@dataclass(frozen=True)
class BookingRule:
    require_method: bool = False
    message_en: str = DEFAULT_MESSAGE_EN
    message_fr: str = DEFAULT_MESSAGE_FR

    def message(self, language: str) -> str:
        """The message in the client's language (the other one if that one is empty)."""
        first, second = ((self.message_fr, self.message_en) if language.startswith("fr")
                         else (self.message_en, self.message_fr))
        return first or second


def normalized_message(text: str) -> str:
    """Line breaks kept (as ``\\n``), trailing spaces and outer blank lines dropped."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n")
             .split("\n")]
    return "\n".join(lines).strip("\n").strip()


def rule_problems(rule: BookingRule) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in ("message_en", "message_fr"):
        if len(getattr(rule, name)) > MAX_MESSAGE:
            found[name] = "too_long"
    if rule.require_method and not (rule.message_en or rule.message_fr):
        found["message_en"] = "required"
    return found


def rule_in(uow: UnitOfWork) -> BookingRule:
    """The rule, read in ``uow`` (for services reading more with it)."""
    required = uow.settings.get(SETTING_REQUIRE_METHOD) == "yes"
    en = uow.settings.get(SETTING_MESSAGE_EN)
    fr = uow.settings.get(SETTING_MESSAGE_FR)
    return BookingRule(required, DEFAULT_MESSAGE_EN if en is None else en,
                       DEFAULT_MESSAGE_FR if fr is None else fr)


class BookingSettingsService:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def load(self) -> BookingRule:
        with self._uow() as uow:
            return rule_in(uow)

    def save(self, rule: BookingRule) -> BookingRule:
        """Check and store; raises ``ValidationFailed`` (codes ``too_long``, ``required``)."""
        rule = BookingRule(rule.require_method, normalized_message(rule.message_en),
                           normalized_message(rule.message_fr))
        found = rule_problems(rule)
        if found:
            raise ValidationFailed(found)
        with self._uow(write=True) as uow:
            uow.settings.set(SETTING_REQUIRE_METHOD, "yes" if rule.require_method else "no")
            uow.settings.set(SETTING_MESSAGE_EN, rule.message_en)
            uow.settings.set(SETTING_MESSAGE_FR, rule.message_fr)
            uow.commit()
        return rule
