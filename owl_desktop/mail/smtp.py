"""Sending one message to an SMTP server (standard library ``smtplib``), and nothing else.

Every failure becomes a :class:`SmtpFailure` with a ``kind`` the mailer turns into a sentence
(``connect``, ``tls``, ``auth``, ``recipient``, ``sender``, ``rejected``) and a ``detail`` for
the log: the exception's class and the server's numeric reply code, never the server's text
(it may echo what we sent) and never the password. ``smtplib``'s debug output stays off.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage

STARTTLS = "starttls"
TLS = "tls"
NONE = "none"
SECURITIES = (STARTTLS, TLS, NONE)
DEFAULT_PORTS = {STARTTLS: 587, TLS: 465, NONE: 25}
DEFAULT_TIMEOUT = 20.0


@dataclass(frozen=True)
class SmtpServer:
    """Where and how to connect. ``password`` is left out of ``repr`` (and so of logs)."""

    host: str
    port: int
    security: str = STARTTLS
    username: str = ""
    password: str = field(default="", repr=False)
    timeout: float = DEFAULT_TIMEOUT


class SmtpFailure(Exception):  # noqa: N818 - reads as a sentence
    """Sending failed; ``kind`` says at which step, ``detail`` is safe to log."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(kind)
        self.kind = kind
        self.detail = detail


def _detail(error: BaseException) -> str:
    code = getattr(error, "smtp_code", None)
    return type(error).__name__ + (f" {code}" if code else "")


class SmtpTransport:
    """Connects, secures, signs in and sends, one connection per message (a clinic sends a
    few mails an hour: no pool to go stale). ``tls_context``: the certificates to trust
    (the system's by default; tests pass their own)."""

    def __init__(self, tls_context: ssl.SSLContext | None = None) -> None:
        self._tls_context = tls_context

    def _context(self) -> ssl.SSLContext:
        return self._tls_context or ssl.create_default_context()

    def send(self, server: SmtpServer, message: EmailMessage) -> None:
        """Send ``message`` (its From/To headers name the envelope). Raises ``SmtpFailure``."""
        if server.security not in SECURITIES:
            raise SmtpFailure("tls", f"unknown security {server.security!r}")
        client = self._connect(server)
        try:
            self._secure_and_sign_in(client, server)
            self._deliver(client, message)
        finally:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()

    def _connect(self, server: SmtpServer) -> smtplib.SMTP:
        # gethostname, not smtplib's default getfqdn: a reverse DNS lookup can hang.
        helo = socket.gethostname() or "localhost"
        try:
            if server.security == TLS:
                return smtplib.SMTP_SSL(server.host, server.port, local_hostname=helo,
                                        timeout=server.timeout, context=self._context())
            return smtplib.SMTP(server.host, server.port, local_hostname=helo,
                                timeout=server.timeout)
        except ssl.SSLError as error:
            raise SmtpFailure("tls", _detail(error)) from None
        except (OSError, smtplib.SMTPException) as error:
            raise SmtpFailure("connect", _detail(error)) from None

    def _secure_and_sign_in(self, client: smtplib.SMTP, server: SmtpServer) -> None:
        try:
            if server.security == STARTTLS:
                client.starttls(context=self._context())
        except (ssl.SSLError, smtplib.SMTPNotSupportedError, smtplib.SMTPResponseException,
                ssl.CertificateError) as error:
            raise SmtpFailure("tls", _detail(error)) from None
        except (OSError, smtplib.SMTPException) as error:
            raise SmtpFailure("connect", _detail(error)) from None
        if not server.username:
            return
        try:
            client.login(server.username, server.password)
        except (smtplib.SMTPAuthenticationError, smtplib.SMTPNotSupportedError) as error:
            raise SmtpFailure("auth", _detail(error)) from None
        except smtplib.SMTPException as error:
            # SMTPException("No suitable authentication method found.") and the like.
            raise SmtpFailure("auth", type(error).__name__) from None
        except OSError as error:
            raise SmtpFailure("connect", _detail(error)) from None

    @staticmethod
    def _deliver(client: smtplib.SMTP, message: EmailMessage) -> None:
        try:
            refused = client.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            raise SmtpFailure("recipient", type(error).__name__) from None
        except smtplib.SMTPSenderRefused as error:
            raise SmtpFailure("sender", _detail(error)) from None
        except (smtplib.SMTPDataError, smtplib.SMTPResponseException) as error:
            raise SmtpFailure("rejected", _detail(error)) from None
        except (OSError, smtplib.SMTPException) as error:
            raise SmtpFailure("connect", _detail(error)) from None
        if refused:  # some recipients refused (we send to one, so this is all of them)
            raise SmtpFailure("recipient", "SMTPRecipientsRefused")
