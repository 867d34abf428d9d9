"""Mails about portal access: the invitation staff email from the desk, and the password
reset a client asks for on the portal's *Forgot your password?* page (Qt-free, web-free).

Why the reset works as it does:

* **The same answer whether or not the email exists.** ``check_reset`` only counts the request
  (it raises ``TooManyAttempts`` past the limits, the same for every address); the lookup and
  the mail happen in ``send_reset``, which the portal runs after the page has been answered,
  so neither the words nor the time of the answer say whether an account exists.
* **Rate limits in the database** (``portal_rate_limits``, shared by every portal worker): 3
  requests per email and 10 per network address an hour.
* **A single-use link that expires in an hour**, stored like an invitation (only its SHA-256,
  ``portal_invitations`` with purpose ``reset``); making one ends the client's earlier links.
  Setting the new password (``reset_password``) checks its strength as the invitation does and
  signs the client out everywhere.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from owl_desktop.core.clock import Clock, utc_now
from owl_desktop.domain.scheduling import DEFAULT_TIME_ZONE, clinic_zone
from owl_desktop.services.mail_texts import compose, when
from owl_desktop.services.mailer import Mailer, MailNotSent
from owl_desktop.services.portal_accounts import (
    RESET,
    Invitation,
    InvitationInvalid,
    InvitationView,
    PortalAccountService,
    TooManyAttempts,
    fold_email,
    token_hash,
)
from owl_desktop.services.portal_settings import PortalSettingsService
from owl_desktop.services.scheduling import TIME_ZONE_KEY
from owl_desktop.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

RESET_LIFETIME = timedelta(hours=1)
RESET_WINDOW = timedelta(hours=1)
MAX_RESETS_PER_ACCOUNT = 3
MAX_RESETS_PER_ADDRESS = 10


@dataclass(frozen=True)
class EmailedInvitation:
    """An invitation made and emailed (``address``), or made but not emailed (``error``: the
    link still works; staff give it or its QR code another way)."""

    link: str
    invitation: Invitation
    address: str
    error: MailNotSent | None = None


class PortalMailService:
    def __init__(self, uow: UnitOfWorkFactory, accounts: PortalAccountService,
                 mailer: Mailer, clock: Clock = utc_now) -> None:
        self._uow = uow
        self._accounts = accounts
        self._mailer = mailer
        self._settings = PortalSettingsService(uow)
        self._clock = clock

    @property
    def mailer(self) -> Mailer:
        return self._mailer

    def can_email(self) -> bool:
        """Mail is set up and the portal has a public address to link to."""
        return self._mailer.ready() and bool(self._settings.load().public_url)

    def _when(self, instant: datetime, language: str) -> str:
        with self._uow() as uow:
            name = uow.settings.get(TIME_ZONE_KEY) or DEFAULT_TIME_ZONE
        try:
            zone = clinic_zone(name)
        except ValueError:
            zone = clinic_zone(DEFAULT_TIME_ZONE)
        return when(instant, zone, language)

    # The desk --------------------------------------------------------------------------------

    def email_invitation(self, client_id: int) -> EmailedInvitation:
        """A new invitation link (earlier ones stop working), emailed to the client in their
        language. Raises ``PortalAccessRefused`` (no usable email) or ``MailNotSent`` when mail
        isn't set up; a failure to send returns the link with the ``error``."""
        clinic = self._settings.load()
        if not self._mailer.ready() or not clinic.public_url:
            raise MailNotSent("not_configured")
        invitation = self._accounts.invite(client_id)
        link = clinic.invitation_link(invitation.token)
        with self._uow() as uow:
            client = uow.clients.get(client_id)
        language = self._mailer.language_for(client_id)
        content = compose("invitation", language, link=link, name=client.first_name,
                          clinic=clinic.clinic_name or clinic.public_url,
                          expires=self._when(invitation.expires_at, language))
        try:
            self._mailer.send(client.email, content)
        except MailNotSent as error:
            return EmailedInvitation(link, invitation, client.email, error)
        log.info("portal invitation emailed to client %s (%s)", client_id, language)
        return EmailedInvitation(link, invitation, client.email)

    # The portal: forgot your password? -------------------------------------------------------

    def check_reset(self, email: str, address: str) -> None:
        """Count a reset request; ``TooManyAttempts`` past the limits (whether or not the
        email exists)."""
        email, now = fold_email(email)[:254], self._clock()
        with self._uow(write=True) as uow:
            per_account = uow.portal_rate_limits.hit(f"reset:account:{email}", now,
                                                     RESET_WINDOW)
            per_address = uow.portal_rate_limits.hit(f"reset:address:{address}", now,
                                                     RESET_WINDOW)
            uow.commit()
        if per_account > MAX_RESETS_PER_ACCOUNT or per_address > MAX_RESETS_PER_ADDRESS:
            log.info("portal reset rate-limited (%s)",
                     "account" if per_account > MAX_RESETS_PER_ACCOUNT else "address")
            raise TooManyAttempts("Too many requests for a new password.",
                                  hint="Wait an hour, then try again.")

    def send_reset(self, email: str, language: str) -> bool:
        """Email a reset link to the account using ``email``, if there is one (True when a
        mail left). Never raises: the page has answered already; failures are logged.
        The link is built from the clinic's public address, never from the request's Host
        header (a forged one would send the client's link to someone else's server)."""
        try:
            return self._send_reset(fold_email(email)[:254], language)
        except Exception:
            log.exception("portal reset mail failed")
            return False

    def _send_reset(self, email: str, language: str) -> bool:
        clinic = self._settings.load()
        if not clinic.public_url:
            log.warning("portal reset not sent: the portal's public address isn't set")
            return False
        now = self._clock()
        token = secrets.token_urlsafe(32)
        with self._uow(write=True) as uow:
            account = uow.portal_accounts.by_email(email) if email else None
            if account is None:
                return False
            client = uow.clients.get(account.client_id)
            uow.portal_invitations.drop_for_client(account.client_id)
            uow.portal_invitations.add(token_hash(token), account.client_id, RESET, now,
                                       now + RESET_LIFETIME)
            uow.portal_accounts.set_language(account.client_id, language)
            uow.commit()
        link = f"{clinic.public_url.rstrip('/')}/reset/{token}"
        content = compose("reset", language, link=link, name=client.first_name,
                          clinic=clinic.clinic_name or clinic.public_url,
                          minutes=str(int(RESET_LIFETIME.total_seconds() // 60)))
        try:
            self._mailer.send(account.email, content)
        except MailNotSent:
            return False  # send() logged why
        log.info("portal reset link emailed for client %s", account.client_id)
        return True

    def reset_view(self, token: str) -> InvitationView:
        """Who a reset link is for; raises ``InvitationInvalid`` (an invitation link is not a
        reset link)."""
        view = self._accounts.invitation(token)
        if view.purpose != RESET:
            raise InvitationInvalid("unknown")
        return view

    def reset_password(self, token: str, password: str, confirm: str) -> None:
        """Set the new password, once; signs the client out everywhere. Raises
        ``ValidationFailed`` (field codes) or ``InvitationInvalid``."""
        self.reset_view(token)
        self._accounts.accept(token, password, confirm)

    def remember_language(self, client_id: int, language: str) -> None:
        self._mailer.remember_language(client_id, language)
