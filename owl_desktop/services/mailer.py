"""The clinic's outgoing mail: one Qt-free service both the desk and the portal use.

API (``Services.mailer``; the portal gets the same object)::

    mailer.ready() -> bool                       # a server and a sender are set
    mailer.language_for(client_id) -> "en"|"fr" # the client's, else the clinic's
    mailer.remember_language(client_id, lang)    # the portal: the language a client uses
    mailer.send(to, content)                     # raises MailNotSent (a UserFacingError)
    mailer.send_test(to, ...)                    # Settings → Online portal's button

``content`` is a :class:`~owl_desktop.services.mail_texts.MailContent` (subject, plain text,
HTML); it goes out as ``multipart/alternative`` from "Clinic name <sender>", over the
configured SMTP server with a timeout (20 s per network step). Each failure is a
:class:`MailNotSent` (a database that can't be read aside) whose ``reason`` is ``not_configured``,
``no_password`` (none given, no keyring, a password file others can read), ``connect``,
``tls``, ``auth``, ``recipient``, ``sender`` or ``rejected`` and whose sentence says what to
check. The password comes from the process's source (``smtp_secrets.py``) at each send and
never appears in a log, an error or a ``repr``.

**Booking confirmations** (the portal's Book tab) call it after the booking is committed, off
the request (a Starlette ``BackgroundTask``: a slow server must not slow the page), and treat a
failure as a logged warning, never as a failed booking::

    if mailer.ready():
        language = mailer.language_for(client_id)
        content = MailContent.of(subject, paragraphs, link=account_url,
                                 link_label=..., signature=clinic_name)
        try:
            mailer.send(client_email, content)
        except MailNotSent:
            log.warning("booking confirmation not sent")  # the reason is logged by send()
"""

from __future__ import annotations

import logging
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid

from owl_desktop.errors import UserFacingError
from owl_desktop.mail.smtp import DEFAULT_TIMEOUT, SmtpFailure, SmtpServer, SmtpTransport
from owl_desktop.services.mail_texts import MailContent, compose
from owl_desktop.services.portal_settings import SETTING_CLINIC_NAME, SETTING_EMAIL_SENDER
from owl_desktop.services.smtp_secrets import SmtpPasswordSource, SmtpPasswordUnavailable
from owl_desktop.services.smtp_settings import LANGUAGES, SmtpSettings, SmtpSettingsService
from owl_desktop.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

_SENTENCES: dict[str, tuple[str, str]] = {
    "not_configured": (
        "Email isn't set up: the clinic's email server or sender address is missing.",
        "An administrator sets them in Settings → Online portal."),
    "no_password": (
        "The email server's password isn't available.",
        "Enter it in Settings → Online portal (or give it to the portal server in "
        "OWL_SMTP_PASSWORD_FILE)."),
    "connect": (
        "The email server {host} can't be reached.",
        "Check the server's name and port in Settings → Online portal, and the internet "
        "connection."),
    "tls": (
        "A secure connection to the email server {host} couldn't be made.",
        "Check the security setting and the port: port 587 usually uses STARTTLS, port 465 "
        "TLS."),
    "auth": (
        "The email server refused the user name or password.",
        "Check the user name and password in Settings → Online portal."),
    "recipient": (
        "The email server refused the address {address}.",
        "Check the email address."),
    "sender": (
        "The email server refused the sender address {address}.",
        "Use a sender address this server lets you send from (Settings → Online portal)."),
    "rejected": (
        "The email server refused the message.",
        "Try again later, or ask whoever runs the email server."),
}


class MailNotSent(UserFacingError):  # noqa: N818 - reads as a sentence
    """No mail left; ``reason`` says why (see the module's docstring)."""

    code = "mail_not_sent"

    def __init__(self, reason: str, *, host: str = "", address: str = "",
                 detail: str = "", sentence: tuple[str, str] | None = None,
                 params: dict[str, str] | None = None) -> None:
        message, hint = sentence or _SENTENCES[reason]
        super().__init__(message, hint=hint, detail=detail,
                         params={"host": host, "address": address, **(params or {})})
        self.reason = reason

    @classmethod
    def no_password(cls, error: SmtpPasswordUnavailable) -> MailNotSent:
        """The password source's own sentence (no keyring, a file others can read)."""
        return cls("no_password", detail=error.detail,
                   sentence=(error.message_source, error.hint_source), params=error.params)


class Mailer:
    def __init__(self, uow: UnitOfWorkFactory, passwords: SmtpPasswordSource,
                 transport: SmtpTransport | None = None, *,
                 timeout: float = DEFAULT_TIMEOUT) -> None:
        """``transport``: the SMTP client (tests pass one trusting their own certificate)."""
        self._uow = uow
        self._passwords = passwords
        self._settings = SmtpSettingsService(uow, passwords)
        self._transport = transport or SmtpTransport()
        self._timeout = timeout

    def _clinic(self) -> tuple[str, str]:
        with self._uow() as uow:
            return (uow.settings.get(SETTING_EMAIL_SENDER) or "",
                    uow.settings.get(SETTING_CLINIC_NAME) or "")

    def ready(self) -> bool:
        """Whether mail can be tried: a server and a sender address are set (the password is
        checked when sending)."""
        sender, _name = self._clinic()
        return bool(sender) and self._settings.load().configured

    def clinic_language(self) -> str:
        return self._settings.load().default_language

    def language_for(self, client_id: int) -> str:
        """The language to write to this client in: theirs when known (the portal's language
        they last used), else the clinic's (Settings → Online portal)."""
        with self._uow() as uow:
            known = uow.portal_accounts.language(client_id)
        return known if known in LANGUAGES else self.clinic_language()

    def remember_language(self, client_id: int, language: str) -> None:
        """The portal calls this when a client uses it in ``language`` (signing in,
        asking for a reset link): later mails to them are written in it."""
        if language not in LANGUAGES:
            return
        with self._uow(write=True) as uow:
            uow.portal_accounts.set_language(client_id, language)
            uow.commit()

    def send(self, to: str, content: MailContent) -> None:
        """Send ``content`` to ``to`` with the saved settings. Raises ``MailNotSent``."""
        self._send(to, content, self._settings.load(), password=None, sender=None)

    def send_test(self, to: str, language: str, *, settings: SmtpSettings | None = None,
                  sender: str | None = None, password: str = "") -> None:
        """The test mail, with the settings as typed (``settings``, ``sender``, a newly typed
        ``password``) or, for each left out, as saved."""
        _sender, clinic = self._clinic()
        content = compose("test", language, clinic=clinic or "Owl Desktop")
        self._send(to, content, settings or self._settings.load(),
                   password=password or None, sender=sender)

    def _send(self, to: str, content: MailContent, settings: SmtpSettings, *,
              password: str | None, sender: str | None) -> None:
        saved_sender, clinic = self._clinic()
        sender = (sender if sender is not None else saved_sender).strip()
        if not settings.configured or not sender:
            raise MailNotSent("not_configured")
        if settings.username and password is None:
            try:
                password = self._passwords.password()
            except SmtpPasswordUnavailable as error:
                raise MailNotSent.no_password(error) from None
            if not password:
                raise MailNotSent("no_password")
        server = SmtpServer(settings.host, settings.port, settings.security,
                            settings.username, password or "", self._timeout)
        try:
            message = self._message(sender, clinic, to, content)
        except (ValueError, TypeError, IndexError) as error:  # a line break in an address
            log.warning("mail not built: %s", type(error).__name__)
            raise MailNotSent("recipient", address=" ".join(to.split())[:254]) from None
        try:
            self._transport.send(server, message)
        except SmtpFailure as failure:
            log.warning("mail not sent: %s at %s:%s (%s)", failure.kind, settings.host,
                        settings.port, failure.detail)
            address = sender if failure.kind == "sender" else to
            raise MailNotSent(failure.kind, host=settings.host, address=address,
                              detail=failure.detail) from None
        log.info("mail sent: %r via %s:%s", content.subject[:60], settings.host,
                 settings.port)

    @staticmethod
    def _message(sender: str, clinic: str, to: str, content: MailContent) -> EmailMessage:
        message = EmailMessage()
        message["Subject"] = content.subject
        message["From"] = formataddr((clinic, sender)) if clinic else sender
        message["To"] = to.strip()
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(content.text)
        message.add_alternative(content.html, subtype="html")
        return message

