"""The desk's *Email the invitation*, as a service against a real SMTP server: the mail
arrives in the client's language (else the clinic's) and its link sets the password."""

from __future__ import annotations

import re

import pytest

from owl_desktop.mail.smtp import SmtpTransport
from owl_desktop.services.mailer import Mailer, MailNotSent
from owl_desktop.services.portal_accounts import (
    InvitationInvalid,
    PortalAccessRefused,
    PortalAccountService,
)
from owl_desktop.services.portal_mail import PortalMailService
from owl_desktop.services.portal_settings import PortalSettings, PortalSettingsService
from owl_desktop.services.smtp_secrets import KeyringSmtpPassword
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.integration.mail.conftest import SENDER, configure
from tests.integration.portal.helpers import GOOD_PASSWORD, fast_hasher, make_client
from tests.mail_server import MailServer

URL = "https://portal.clinic.example"


def service(uow: UnitOfWorkFactory) -> PortalMailService:
    accounts = PortalAccountService(uow, hasher=fast_hasher())
    mailer = Mailer(uow, KeyringSmtpPassword(), SmtpTransport(), timeout=5)
    return PortalMailService(uow, accounts, mailer)


def set_up(uow: UnitOfWorkFactory, server: MailServer, language: str = "en") -> None:
    configure(uow, server, language=language)
    PortalSettingsService(uow).save(PortalSettings(public_url=URL, clinic_name="Clinique Azur",
                                                   email_sender=SENDER))


def link_in(text: str) -> str:
    found = re.search(re.escape(URL) + r"/invitation/[A-Za-z0-9_\-]+", text)
    assert found, text
    return found.group(0)


def test_the_invitation_arrives_and_its_link_sets_the_password(
        uow_factory: UnitOfWorkFactory, mail_server: MailServer) -> None:
    set_up(uow_factory, mail_server)
    mail = service(uow_factory)
    noor = make_client(uow_factory)
    assert mail.can_email()
    sent = mail.email_invitation(noor)
    assert sent.error is None
    assert sent.address == "noor@example.com"
    [got] = mail_server.wait_for(1)
    assert got.recipients == ["noor@example.com"]
    assert got.message["Subject"] == "Your client portal at Clinique Azur"
    text = got.part("plain")
    assert text.startswith("Hello Noor,")
    link = link_in(text)
    assert link == sent.link
    assert link in got.part("html")
    token = link.rsplit("/", 1)[1]
    accounts = PortalAccountService(uow_factory, hasher=fast_hasher())
    assert accounts.invitation(token).email == "noor@example.com"
    accounts.accept(token, GOOD_PASSWORD, GOOD_PASSWORD)
    with pytest.raises(InvitationInvalid):
        accounts.invitation(token)


def test_french_by_the_clinic_then_by_the_client(uow_factory: UnitOfWorkFactory,
                                                 mail_server: MailServer) -> None:
    set_up(uow_factory, mail_server, language="fr")
    mail = service(uow_factory)
    noor = make_client(uow_factory)
    mail.email_invitation(noor)
    [first] = mail_server.wait_for(1)
    assert first.message["Subject"] == "Votre portail client chez Clinique Azur"
    assert first.part("plain").startswith("Bonjour Noor,")
    assert "Choisir mon mot de passe" in first.part("html")
    # The client used the portal in English: the next mail is in English.
    mail.remember_language(noor, "en")
    mail.email_invitation(noor)
    second = mail_server.wait_for(2)[1]
    assert second.message["Subject"] == "Your client portal at Clinique Azur"
    # A new link replaced the first one.
    first_token = link_in(first.part("plain")).rsplit("/", 1)[1]
    with pytest.raises(InvitationInvalid):
        PortalAccountService(uow_factory, hasher=fast_hasher()).invitation(first_token)


def test_a_server_down_still_gives_the_link_with_the_reason(uow_factory: UnitOfWorkFactory,
                                                            mail_server: MailServer) -> None:
    set_up(uow_factory, mail_server)
    mail_server.stop()
    noor = make_client(uow_factory)
    sent = service(uow_factory).email_invitation(noor)
    assert sent.error is not None
    assert sent.error.reason == "connect"
    assert sent.link.startswith(URL + "/invitation/")
    token = sent.link.rsplit("/", 1)[1]
    assert PortalAccountService(uow_factory).invitation(token).first_name == "Noor"


def test_no_mail_set_up_or_no_email_is_refused(uow_factory: UnitOfWorkFactory,
                                               mail_server: MailServer) -> None:
    mail = service(uow_factory)
    noor = make_client(uow_factory)
    assert not mail.can_email()
    with pytest.raises(MailNotSent) as caught:
        mail.email_invitation(noor)
    assert caught.value.reason == "not_configured"
    set_up(uow_factory, mail_server)
    nameless = make_client(uow_factory, "Sans", "Courriel", "")
    with pytest.raises(PortalAccessRefused):
        mail.email_invitation(nameless)
    assert mail_server.messages == []
