"""Mails about online bookings: the confirmation when a client books in the portal and the
notice when they cancel there, in the client's language (else the clinic's), through the
clinic's mailer (``services/mailer.py``) when SMTP is set up.

Sent after the booking is committed, off the request (the portal runs ``send`` as a
background task): a slow or failing mail server never slows or fails a booking; a failure is
logged (without the address).
"""

from __future__ import annotations

import logging

from owl_desktop.domain.scheduling import DEFAULT_TIME_ZONE, Appointment, clinic_zone
from owl_desktop.services.mail_texts import MailContent, when
from owl_desktop.services.mailer import Mailer, MailNotSent
from owl_desktop.services.portal_settings import PortalSettingsService
from owl_desktop.services.scheduling import TIME_ZONE_KEY
from owl_desktop.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

CONFIRMED = "confirmed"
CANCELLED = "cancelled"

_WORDS: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        CONFIRMED: {
            "subject": "Your appointment at {clinic} is booked",
            "lead": "Your appointment is booked: {service} with {practitioner}, {when}.",
            "after": "You can cancel it in the client portal up to {hours} hours before; "
                     "after that, please call the clinic.",
        },
        CANCELLED: {
            "subject": "Your appointment at {clinic} is cancelled",
            "lead": "Your appointment is cancelled: {service} with {practitioner}, {when}.",
            "after": "To book another time, use the client portal.",
        },
        "hello": {"text": "Hello {name},"},
        "link": {"text": "Open the client portal"},
    },
    "fr": {
        CONFIRMED: {
            "subject": "Votre rendez-vous chez {clinic} est réservé",
            "lead": "Votre rendez-vous est réservé\u00a0: {service} avec {practitioner}, "
                    "le {when}.",
            "after": "Vous pouvez l’annuler dans le portail client jusqu’à {hours} heures "
                     "avant; ensuite, veuillez appeler la clinique.",
        },
        CANCELLED: {
            "subject": "Votre rendez-vous chez {clinic} est annulé",
            "lead": "Votre rendez-vous est annulé\u00a0: {service} avec {practitioner}, "
                    "le {when}.",
            "after": "Pour réserver une autre heure, utilisez le portail client.",
        },
        "hello": {"text": "Bonjour {name},"},
        "link": {"text": "Ouvrir le portail client"},
    },
}


def _fill(text: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


class BookingMail:
    def __init__(self, uow: UnitOfWorkFactory, mailer: Mailer) -> None:
        self._uow = uow
        self._mailer = mailer
        self._settings = PortalSettingsService(uow)

    def ready(self) -> bool:
        return self._mailer.ready()

    def content(self, kind: str, appointment: Appointment, language: str, *, name: str,
                clinic: str, hours: int, link: str) -> MailContent:
        with self._uow() as uow:
            zone_name = uow.settings.get(TIME_ZONE_KEY) or DEFAULT_TIME_ZONE
        words = _WORDS["fr" if language == "fr" else "en"]
        service = (appointment.service_name_fr if language == "fr"
                   and appointment.service_name_fr else appointment.service_name_en)
        values = {"clinic": clinic, "name": name, "service": service,
                  "practitioner": appointment.practitioner_name, "hours": str(hours),
                  "when": when(appointment.starts_at, clinic_zone(zone_name), language)}
        return MailContent.of(
            _fill(words[kind]["subject"], values),
            [_fill(words["hello"]["text"], values), _fill(words[kind]["lead"], values)],
            link=link, link_label=words["link"]["text"],
            after_link=[_fill(words[kind]["after"], values)], signature=clinic)

    def send(self, kind: str, appointment_id: int, hours: int) -> bool:
        """Mail the client about this appointment (True when a mail left). Never raises."""
        try:
            return self._send(kind, appointment_id, hours)
        except Exception:
            log.exception("booking mail failed (appointment %s)", appointment_id)
            return False

    def _send(self, kind: str, appointment_id: int, hours: int) -> bool:
        if not self._mailer.ready():
            return False
        with self._uow() as uow:
            appointment = uow.appointments.get(appointment_id)
            client = uow.clients.get(appointment.client_id)
        if not client.email:
            return False
        clinic = self._settings.load()
        link = f"{clinic.public_url.rstrip('/')}/book" if clinic.public_url else ""
        content = self.content(kind, appointment, self._mailer.language_for(client.id),
                               name=client.first_name, clinic=clinic.clinic_name or "",
                               hours=hours, link=link)
        try:
            self._mailer.send(client.email, content)
        except MailNotSent:
            return False  # send() logged why
        log.info("booking mail (%s) sent for appointment %s", kind, appointment_id)
        return True
