"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd): it receives what the app sends,
optionally asks for a user name and password, offers STARTTLS or implicit TLS with a
self-signed certificate, and refuses chosen recipients. ``mail_server`` is the fixture."""

from __future__ import annotations

import datetime
import email
import email.policy
import ipaddress
import logging
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = directory / "smtp.pem", directory / "smtp.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage

    def part(self, subtype: str) -> str:
        body = self.message.get_body(preferencelist=(subtype,))
        assert body is not None, f"no text/{subtype} part"
        return str(body.get_content())


@dataclass
class _Handler:
    refused: set[str] = field(default_factory=set)
    received: list[Received] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any,
                          address: str, rcpt_options: list[str]) -> str:
        if address.lower() in self.refused:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        with self.arrived:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
            self.arrived.notify_all()
        return "250 Message accepted for delivery"


class MailServer:
    """Started by ``start``; ``messages`` holds what arrived. ``security``: ``none``,
    ``starttls`` or ``tls``; ``username``/``password``: AUTH required when set."""

    def __init__(self, directory: Path, *, security: str = "none", username: str = "",
                 password: str = "", careless: bool = False) -> None:
        """``careless``: a refusal repeats the password it was sent (a badly written server
        the app must not echo)."""
        self.host, self.port = "127.0.0.1", free_port()
        self.security, self.username, self.password = security, username, password
        self.careless = careless
        self._handler = _Handler()
        self.client_tls = ssl.create_default_context()
        kwargs: dict[str, Any] = {}
        if security != "none":
            cert, key = self_signed(directory)
            server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            server_tls.load_cert_chain(cert, key)
            self.client_tls = ssl.create_default_context(cafile=str(cert))
            if security == "starttls":
                kwargs.update(tls_context=server_tls, require_starttls=True)
            else:
                kwargs.update(ssl_context=server_tls)
        if username:
            kwargs.update(authenticator=self._authenticate, auth_required=True,
                          # aiosmtpd counts only STARTTLS as TLS; implicit TLS is TLS too
                          auth_require_tls=security == "starttls")
        self._options = kwargs
        self._controller: Controller | None = None

    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str,
                      auth_data: Any) -> AuthResult:
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode() == self.username
              and auth_data.password.decode() == self.password)
        if not ok and self.careless and isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False, message=(
                f"535 5.7.8 Bad password {auth_data.password.decode()} for "
                f"{auth_data.login.decode()}"))
        return AuthResult(success=ok, handled=False)

    def start(self) -> MailServer:
        # The server's own debug log shows the client's AUTH lines: keep it out of the
        # records the tests search for the password (the app's logs are what is checked).
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self._controller = Controller(self._handler, hostname=self.host, port=self.port,
                                      server_hostname="127.0.0.1", **self._options)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def refuse(self, address: str) -> None:
        self._handler.refused.add(address.lower())

    @property
    def messages(self) -> list[Received]:
        return list(self._handler.received)

    def wait_for(self, count: int = 1, timeout: float = 10.0) -> list[Received]:
        """The messages once ``count`` have arrived (fails after ``timeout`` seconds)."""
        with self._handler.arrived:
            self._handler.arrived.wait_for(lambda: len(self._handler.received) >= count,
                                           timeout)
        assert len(self._handler.received) >= count, \
            f"{len(self._handler.received)} mail(s) arrived, expected {count}"
        return self.messages


def running(directory: Path, **options: Any) -> Iterator[MailServer]:
    server = MailServer(directory, **options).start()
    try:
        yield server
    finally:
        server.stop()
