"""Booking mails through the portal's routes and a real SMTP server (aiosmtpd on 127.0.0.1):
the confirmation when a client books, the notice when they cancel, in the clinic's language;
nothing and no error when SMTP isn't set up."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from owl_desktop.mail.smtp import SmtpTransport
from owl_desktop.portal.app import build_deps, create_app
from owl_desktop.services.booking import BookingService
from owl_desktop.services.booking_mail import BookingMail
from owl_desktop.services.mailer import Mailer
from owl_desktop.services.portal_settings import PortalSettings, PortalSettingsService
from owl_desktop.services.smtp_secrets import KeyringSmtpPassword
from tests.integration.mail.conftest import SENDER, configure
from tests.integration.portal.booking_fixtures import Clinic, clinic_fixture  # noqa: F401
from tests.integration.portal.conftest import csrf_of
from tests.integration.portal.test_booking_routes import booking_form
from tests.mail_server import MailServer, running

URL = "https://portal.clinic.example"


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    return sqlite_url


@pytest.fixture
def mail_server(tmp_path: Path) -> Iterator[MailServer]:
    yield from running(tmp_path)


def with_mail(clinic: Clinic) -> None:
    portal = clinic.portal
    mailer = Mailer(portal.uow, KeyringSmtpPassword(), SmtpTransport(), timeout=5)
    clinic.booking = BookingService(portal.uow, clinic.scheduling, portal.clock,
                                    mail=BookingMail(portal.uow, mailer))
    portal.app = create_app(build_deps(portal.accounts, lambda: portal.methods,
                                       lambda: portal.env.publishable_key, portal.env.js_url,
                                       booking=clinic.booking))


def test_confirmation_and_cancellation_mails(clinic: Clinic, mail_server: MailServer) -> None:
    configure(clinic.portal.uow, mail_server, clinic="Clinique Azur", language="fr")
    PortalSettingsService(clinic.portal.uow).save(PortalSettings(
        public_url=URL, clinic_name="Clinique Azur", email_sender=SENDER))
    with_mail(clinic)
    noor = clinic.portal.signed_in()
    token = csrf_of(noor, "/book")
    answer = noor.post("/book", data={**booking_form(clinic, 3, 10), "csrf": token})
    assert answer.headers["location"] == "/book?done=booked"
    [confirmation] = mail_server.wait_for(1)
    assert confirmation.recipients == ["noor@example.com"]
    assert confirmation.message["Subject"] == "Votre rendez-vous chez Clinique Azur est réservé"
    text = confirmation.part("plain")
    assert text.startswith("Bonjour Noor,")
    assert "Massothérapie avec Dr. Anne Roy" in text
    assert " 10 h 00" in text
    assert f"{URL}/book" in text

    [appointment] = clinic.booking.upcoming(clinic.portal.noor)
    noor.post(f"/book/appointments/{appointment.id}/cancel", data={"csrf": token})
    cancellation = mail_server.wait_for(2)[1]
    assert cancellation.message["Subject"] == "Votre rendez-vous chez Clinique Azur est annulé"


def test_no_smtp_no_mail_and_the_booking_still_works(clinic: Clinic, tmp_path: Path) -> None:
    with_mail(clinic)
    noor = clinic.portal.signed_in()
    answer = noor.post("/book", data={**booking_form(clinic), "csrf": csrf_of(noor, "/book")})
    assert answer.headers["location"] == "/book?done=booked"
    [appointment] = clinic.booking.upcoming(clinic.portal.noor)
    assert clinic.booking.mail_confirmation(appointment.id) is False


def test_a_mail_server_down_never_fails_the_booking(clinic: Clinic,
                                                    mail_server: MailServer) -> None:
    configure(clinic.portal.uow, mail_server)
    with_mail(clinic)
    mail_server.stop()
    noor = clinic.portal.signed_in()
    answer = noor.post("/book", data={**booking_form(clinic), "csrf": csrf_of(noor, "/book")})
    assert answer.headers["location"] == "/book?done=booked"
    assert len(clinic.booking.upcoming(clinic.portal.noor)) == 1
