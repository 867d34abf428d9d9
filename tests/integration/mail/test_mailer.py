"""The mailer against a real SMTP server on 127.0.0.1 (aiosmtpd): what arrives, and each
failure's sentence, never with the password in it or in the log."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from owl_desktop.errors import ValidationFailed
from owl_desktop.mail.smtp import SmtpTransport
from owl_desktop.services.mail_texts import MailContent, compose
from owl_desktop.services.mailer import Mailer, MailNotSent
from owl_desktop.services.smtp_secrets import (
    FileOrEnvironmentSmtpPassword,
    KeyringSmtpPassword,
    SmtpPasswordUnavailable,
)
from owl_desktop.services.smtp_settings import SmtpSettings, SmtpSettingsService
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.integration.mail.conftest import SENDER, SMTP_PASSWORD, SMTP_USER, configure
from tests.mail_server import MailServer, running

# The implicit-TLS test server asks for AUTH on a connection aiosmtpd doesn't count as TLS.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

CONTENT = MailContent.of("Hello <there>", ["First line & more.", "Second."],
                         link="https://portal.example/x?a=1&b=2", link_label="Open",
                         signature="Clinique Azur")


def mailer_for(uow: UnitOfWorkFactory, server: MailServer | None = None,
               timeout: float = 5.0) -> Mailer:
    transport = SmtpTransport(server.client_tls if server is not None else None)
    return Mailer(uow, KeyringSmtpPassword(), transport, timeout=timeout)


def no_secret_anywhere(caplog: pytest.LogCaptureFixture, error: BaseException | None) -> None:
    assert SMTP_PASSWORD not in caplog.text
    if error is not None:
        assert isinstance(error, MailNotSent)
        for text in (str(error), error.message, error.hint, error.detail, repr(error)):
            assert SMTP_PASSWORD not in text


def test_a_multipart_mail_arrives_from_the_clinic(uow_factory: UnitOfWorkFactory,
                                                  mail_server: MailServer) -> None:
    configure(uow_factory, mail_server)
    mailer = mailer_for(uow_factory)
    assert mailer.ready()
    mailer.send("noor@example.com", CONTENT)
    [got] = mail_server.wait_for(1)
    assert got.recipients == ["noor@example.com"]
    assert got.sender == SENDER
    assert got.message["From"] == f"Clinique Azur <{SENDER}>"
    assert got.message["Subject"] == "Hello <there>"
    assert got.message.get_content_type() == "multipart/alternative"
    assert "First line & more." in got.part("plain")
    assert "https://portal.example/x?a=1&b=2" in got.part("plain")
    html = got.part("html")
    assert "First line &amp; more." in html
    assert 'href="https://portal.example/x?a=1&amp;b=2"' in html


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_encrypted_and_signed_in_with_the_keyring_password(
        uow_factory: UnitOfWorkFactory, tmp_path: Path, security: str,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for server in running(tmp_path, security=security, username=SMTP_USER,
                          password=SMTP_PASSWORD):
        configure(uow_factory, server, password=SMTP_PASSWORD)
        # "none" is refused for a distant host, so tests use loopback only with "none";
        # here the server is on loopback but encrypted, as a real one would be.
        mailer_for(uow_factory, server).send("noor@example.com", CONTENT)
        assert len(server.wait_for(1)) == 1
    no_secret_anywhere(caplog, None)


def test_a_wrong_password_is_refused_plainly(uow_factory: UnitOfWorkFactory, tmp_path: Path,
                                             caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for server in running(tmp_path, security="starttls", username=SMTP_USER,
                          password="the-right-one"):
        configure(uow_factory, server, password=SMTP_PASSWORD)
        with pytest.raises(MailNotSent) as caught:
            mailer_for(uow_factory, server).send("noor@example.com", CONTENT)
        assert caught.value.reason == "auth"
        assert caught.value.message == "The email server refused the user name or password."
        assert server.messages == []
    no_secret_anywhere(caplog, caught.value)


def test_nothing_listening_says_the_server_cant_be_reached(
        uow_factory: UnitOfWorkFactory, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    server = MailServer(tmp_path, username=SMTP_USER, password=SMTP_PASSWORD)  # not started
    configure(uow_factory, server, password=SMTP_PASSWORD)
    with pytest.raises(MailNotSent) as caught:
        mailer_for(uow_factory).send("noor@example.com", CONTENT)
    assert caught.value.reason == "connect"
    assert caught.value.message == "The email server 127.0.0.1 can't be reached."
    no_secret_anywhere(caplog, caught.value)


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield int(listener.getsockname()[1])
    stop.set()
    thread.join(5)
    for conn in accepted:
        conn.close()
    listener.close()


def test_a_silent_server_times_out(uow_factory: UnitOfWorkFactory, tmp_path: Path,
                                   silent_server: int) -> None:
    server = MailServer(tmp_path)
    server.port = silent_server
    configure(uow_factory, server)
    with pytest.raises(MailNotSent) as caught:
        mailer_for(uow_factory, timeout=1.0).send("noor@example.com", CONTENT)
    assert caught.value.reason == "connect"


def test_a_refused_recipient_is_named(uow_factory: UnitOfWorkFactory,
                                      mail_server: MailServer) -> None:
    configure(uow_factory, mail_server)
    mail_server.refuse("gone@example.com")
    with pytest.raises(MailNotSent) as caught:
        mailer_for(uow_factory).send("gone@example.com", CONTENT)
    assert caught.value.reason == "recipient"
    assert caught.value.message == "The email server refused the address gone@example.com."


def test_a_line_break_in_an_address_is_refused_before_sending(
        uow_factory: UnitOfWorkFactory, mail_server: MailServer) -> None:
    configure(uow_factory, mail_server)
    with pytest.raises(MailNotSent) as caught:
        mailer_for(uow_factory).send("noor@example.com\r\nBcc: all@example.com", CONTENT)
    assert caught.value.reason == "recipient"
    assert mail_server.messages == []


def test_an_untrusted_certificate_is_a_tls_failure(uow_factory: UnitOfWorkFactory,
                                                   tmp_path: Path) -> None:
    for server in running(tmp_path, security="starttls"):
        configure(uow_factory, server)
        with pytest.raises(MailNotSent) as caught:
            mailer_for(uow_factory).send("noor@example.com", CONTENT)  # system CAs only
        assert caught.value.reason == "tls"
        assert server.messages == []


def test_no_server_or_no_password_says_what_is_missing(uow_factory: UnitOfWorkFactory,
                                                       mail_server: MailServer) -> None:
    mailer = mailer_for(uow_factory)
    assert not mailer.ready()
    with pytest.raises(MailNotSent) as caught:
        mailer.send("noor@example.com", CONTENT)
    assert caught.value.reason == "not_configured"
    mail_server.username = SMTP_USER
    configure(uow_factory, mail_server)  # a user name, but no password kept
    with pytest.raises(MailNotSent) as caught:
        mailer.send("noor@example.com", CONTENT)
    assert caught.value.reason == "no_password"


def test_the_test_mail_uses_the_typed_settings_and_language(
        uow_factory: UnitOfWorkFactory, mail_server: MailServer) -> None:
    configure(uow_factory, mail_server)
    typed = SmtpSettings(host=mail_server.host, port=mail_server.port, security="none")
    mailer_for(uow_factory).send_test("staff@clinic.example", "fr", settings=typed,
                                      sender="autre@clinic.example")
    [got] = mail_server.wait_for(1)
    assert got.sender == "autre@clinic.example"
    assert got.message["Subject"] == "Courriel d’essai de Clinique Azur"
    assert "Les réglages de courriel de la clinique fonctionnent." in got.part("plain")


def test_plain_smtp_only_to_this_machine(uow_factory: UnitOfWorkFactory) -> None:
    service = SmtpSettingsService(uow_factory, KeyringSmtpPassword())
    with pytest.raises(ValidationFailed) as caught:
        service.save(SmtpSettings(host="smtp.example.com", port=25, security="none"))
    assert caught.value.field_errors == {"security": "not_local"}
    with pytest.raises(ValidationFailed) as caught:
        service.save(SmtpSettings(host="smtp example", port=0, security="starttls"))
    assert caught.value.field_errors == {"host": "invalid", "port": "invalid"}


def test_the_password_is_kept_in_the_keyring_and_never_in_the_database(
        uow_factory: UnitOfWorkFactory, mail_server: MailServer, memory_keyring: object,
        ) -> None:
    mail_server.username = SMTP_USER
    configure(uow_factory, mail_server, password=SMTP_PASSWORD)
    service = SmtpSettingsService(uow_factory, KeyringSmtpPassword())
    assert service.has_password()
    with uow_factory() as uow:
        assert SMTP_PASSWORD not in repr(uow.settings.all())
    assert SMTP_PASSWORD in repr(memory_keyring.entries)  # type: ignore[attr-defined]
    service.save(service.load(), forget_password=True)
    assert not service.has_password()


def test_no_keyring_refuses_plainly_and_saves_nothing(uow_factory: UnitOfWorkFactory,
                                                      mail_server: MailServer) -> None:
    keyring.set_keyring(fail.Keyring())  # the fixture puts the memory keyring back
    service = SmtpSettingsService(uow_factory, KeyringSmtpPassword())
    settings = SmtpSettings(host="127.0.0.1", port=2525, security="none", username="u")
    with pytest.raises(SmtpPasswordUnavailable) as caught:
        service.save(settings, SMTP_PASSWORD)
    assert "no secure password store" in caught.value.message
    assert SMTP_PASSWORD not in str(caught.value) + caught.value.detail
    assert service.load().host == ""


def test_a_server_reads_the_password_from_a_private_file_or_the_environment(
        tmp_path: Path) -> None:
    secret = tmp_path / "smtp-password"
    secret.write_text(SMTP_PASSWORD + "\n", encoding="utf-8")
    secret.chmod(0o600)
    source = FileOrEnvironmentSmtpPassword({"OWL_SMTP_PASSWORD_FILE": str(secret)})
    assert source.password() == SMTP_PASSWORD
    secret.chmod(0o644)
    with pytest.raises(SmtpPasswordUnavailable) as caught:
        source.password()
    assert "can be read by other users" in caught.value.message
    assert FileOrEnvironmentSmtpPassword({"OWL_SMTP_PASSWORD": "from-env"}).password() == \
        "from-env"
    assert FileOrEnvironmentSmtpPassword({}).password() is None
    missing = FileOrEnvironmentSmtpPassword({"OWL_SMTP_PASSWORD_FILE": str(tmp_path / "no")})
    with pytest.raises(SmtpPasswordUnavailable):
        missing.password()


def test_a_server_sends_with_the_password_from_its_file(uow_factory: UnitOfWorkFactory,
                                                        tmp_path: Path) -> None:
    secret = tmp_path / "smtp-password"
    secret.write_text(SMTP_PASSWORD, encoding="utf-8")
    secret.chmod(0o600)
    source = FileOrEnvironmentSmtpPassword({"OWL_SMTP_PASSWORD_FILE": str(secret)})
    for server in running(tmp_path, security="tls", username=SMTP_USER,
                          password=SMTP_PASSWORD):
        configure(uow_factory, server)  # nothing in the keyring
        Mailer(uow_factory, source, SmtpTransport(server.client_tls), timeout=5).send(
            "noor@example.com", compose("test", "en", clinic="Clinique Azur"))
        assert server.wait_for(1)[0].message["To"] == "noor@example.com"


def test_no_keyring_when_sending_is_a_plain_mail_not_sent(uow_factory: UnitOfWorkFactory,
                                                          mail_server: MailServer) -> None:
    mail_server.username = SMTP_USER
    configure(uow_factory, mail_server, password=SMTP_PASSWORD)
    keyring.set_keyring(fail.Keyring())  # the fixture puts the memory keyring back
    with pytest.raises(MailNotSent) as caught:
        mailer_for(uow_factory).send("noor@example.com", CONTENT)
    assert caught.value.reason == "no_password"
    assert "no secure password store (keyring)" in caught.value.message
    assert mail_server.messages == []


def test_starttls_asked_of_a_server_without_it_is_a_tls_failure(
        uow_factory: UnitOfWorkFactory, mail_server: MailServer) -> None:
    configure(uow_factory, mail_server)
    SmtpSettingsService(uow_factory, KeyringSmtpPassword()).save(SmtpSettings(
        host=mail_server.host, port=mail_server.port, security="starttls"))
    with pytest.raises(MailNotSent) as caught:
        mailer_for(uow_factory).send("noor@example.com", CONTENT)
    assert caught.value.reason == "tls"
    assert caught.value.message == \
        "A secure connection to the email server 127.0.0.1 couldn't be made."
    assert mail_server.messages == []
