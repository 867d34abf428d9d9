"""Clients' portal accounts: invitations, passwords, sign-in, sessions (Qt-free, web-free).

Why the rules are what they are:

* **Only hashes of tokens are stored.** Invitation links and session cookies carry a random
  token; the database keeps its SHA-256, so a copy of the database (a backup, a desk's view of
  a shared PostgreSQL) can't be used to sign in or to set someone's password.
* **Passwords are argon2id hashes** (argon2-cffi's defaults, RFC 9106's low-memory profile),
  upgraded on the next sign-in when the parameters change.
* **The same answer whether or not an email exists**: an unknown email still costs one hash
  verification, and every refusal is the same ``SignInRefused``.
* **Rate limits live in the database** (``portal_rate_limits``), per account and per address,
  so several portal workers share them; reaching one refuses before the password is checked.
* **Sessions expire after inactivity** (``SESSION_IDLE``); a new one is made at every sign-in
  (the browser's old cookie is never promoted) and all are dropped when the password changes or
  access is revoked.

One writer per table: this service, through the ``portal_*`` repositories.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from owl_desktop.core.clock import Clock, utc_now
from owl_desktop.domain.clients import Client
from owl_desktop.domain.payment_methods import StoredPaymentMethod, visible
from owl_desktop.errors import UserFacingError, ValidationFailed
from owl_desktop.store.portal_accounts_repo import PortalAccount
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

INVITATION_LIFETIME = timedelta(days=7)
SESSION_IDLE = timedelta(minutes=30)
SIGN_IN_WINDOW = timedelta(minutes=15)
MAX_ATTEMPTS_PER_ACCOUNT = 5
MAX_ATTEMPTS_PER_ADDRESS = 20
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
INVITE = "invite"
RESET = "reset"
# A few of the passwords every list of leaked passwords starts with (lowercased).
_COMMON = frozenset({
    "password123", "password1234", "1234567890", "qwertyuiop", "123456789a", "iloveyou12",
    "motdepasse", "motdepasse1", "azertyuiop", "welcome123", "letmein123", "abcdefghij",
    "0123456789", "1q2w3e4r5t", "qwerty1234", "passw0rd12", "football12", "baseball12",
})


class PortalAccessRefused(UserFacingError):  # noqa: N818 - reads as a sentence
    """Staff can't give this client access; ``reason``: ``no_email`` or ``email_shared``."""

    code = "portal_access_refused"

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class InvitationInvalid(UserFacingError):  # noqa: N818 - reads as a sentence
    """The link is unknown, already used or expired (``reason``), or access was revoked."""

    code = "invitation_invalid"

    def __init__(self, reason: str) -> None:
        super().__init__("This link can't be used any more.",
                         hint="Ask the clinic for a new link.")
        self.reason = reason


class SignInRefused(UserFacingError):  # noqa: N818 - reads as a sentence
    """Wrong email or password, or no access: deliberately one answer for all of them."""

    code = "sign_in_refused"


class TooManyAttempts(UserFacingError):  # noqa: N818 - reads as a sentence
    code = "too_many_attempts"


@dataclass(frozen=True)
class Invitation:
    """A link's secret part (shown once: only its hash is stored)."""

    token: str
    client_id: int
    purpose: str
    expires_at: datetime


@dataclass(frozen=True)
class InvitationView:
    first_name: str
    email: str
    purpose: str


@dataclass(frozen=True)
class SignedIn:
    session_token: str
    csrf_token: str
    client_id: int


@dataclass(frozen=True)
class PortalSession:
    client_id: int
    csrf_token: str


@dataclass(frozen=True)
class MyAccount:
    """What *My account* shows: the client's details and methods, and today's date to judge
    expiry by."""

    client: Client
    methods: list[StoredPaymentMethod]
    today: date


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def fold_email(email: str) -> str:
    return email.strip().lower()


def password_problem(password: str, *, email: str = "", names: tuple[str, ...] = ()) -> str:
    """The reason ``password`` is too weak (a code the portal words), or "" when it will do.

    Length first (NIST SP 800-63B: long beats complicated), then the obvious guesses: a
    well-known password, one character class repeated, or the client's own name or email.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return "too_short"
    if len(password) > MAX_PASSWORD_LENGTH:
        return "too_long"
    lowered = password.lower()
    if lowered in _COMMON or len(set(lowered)) < 4:
        return "too_common"
    personal = [email.split("@")[0].lower(), *(n.lower() for n in names)]
    if any(len(p) >= 4 and p in lowered for p in personal):
        return "too_personal"
    return ""


class PortalAccountService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock = utc_now,
                 hasher: PasswordHasher | None = None) -> None:
        """``hasher``: argon2id with argon2-cffi's defaults unless given (tests use cheaper
        parameters; ``benchmarks/`` measures the real ones)."""
        self._uow = uow
        self._clock = clock
        self._hasher = hasher or PasswordHasher()

    @cached_property
    def _dummy_hash(self) -> str:
        """Verified against when the email is unknown, so the answer takes as long. Made at
        the first sign-in, not when the service is built: one argon2 hash costs a desk's
        start-up a few hundred milliseconds (issue 18)."""
        return self._hasher.hash(secrets.token_urlsafe(16))

    # Staff: access and links ----------------------------------------------------------------

    def invite(self, client_id: int, purpose: str = INVITE) -> Invitation:
        """Open the client's account (if new) and make a single-use link valid 7 days; earlier
        unused links stop working. Raises ``PortalAccessRefused`` without a usable email."""
        now = self._clock()
        token = secrets.token_urlsafe(32)
        with self._uow(write=True) as uow:
            client = uow.clients.get(client_id)
            if not client.has_valid_email:
                raise PortalAccessRefused(
                    "This client has no valid email address, which they would sign in with.",
                    reason="no_email")
            email = fold_email(client.email)
            if uow.portal_accounts.email_taken_by_other(client_id, email):
                raise PortalAccessRefused(
                    "Another client with portal access uses this email address.",
                    reason="email_shared")
            if not uow.portal_accounts.open(client_id, email, now):
                uow.portal_accounts.set_email(client_id, email)
            uow.portal_invitations.drop_for_client(client_id)
            expires = now + INVITATION_LIFETIME
            uow.portal_invitations.add(token_hash(token), client_id, purpose, now, expires)
            uow.commit()
        log.info("portal %s link made for client %s", purpose, client_id)
        return Invitation(token, client_id, purpose, expires)

    def revoke(self, client_id: int) -> bool:
        """End access: the account, its links and its sessions go. True if it had access."""
        with self._uow(write=True) as uow:
            uow.portal_sessions.drop_for_client(client_id)
            uow.portal_invitations.drop_for_client(client_id)
            had = uow.portal_accounts.close(client_id)
            uow.commit()
        return had

    def access(self, client_id: int) -> PortalAccount | None:
        """The client's account (last sign-in, whether a password is set), or None."""
        with self._uow() as uow:
            return uow.portal_accounts.get(client_id)

    def give_demo_access(self, password: str, limit: int = 500) -> int:
        """Sandbox mode only (the caller checks): every demo client with an email can sign in
        with ``password`` at once. Returns how many accounts were given it."""
        with self._uow() as uow:
            ids = [c.id for c in uow.clients.search("", limit)]
        return self.set_demo_password(ids, password)

    def set_demo_password(self, client_ids: list[int], password: str) -> int:
        """Sandbox mode only: these clients sign in with ``password`` (one hash for all)."""
        done = 0
        password_hash = self._hasher.hash(password)
        for client_id in client_ids:
            with self._uow(write=True) as uow:
                client = uow.clients.get(client_id)
                account = uow.portal_accounts.get(client_id)
                if account is not None and account.password_hash:
                    continue
                email = fold_email(client.email)
                if not client.has_valid_email or \
                        uow.portal_accounts.email_taken_by_other(client_id, email):
                    continue
                uow.portal_accounts.open(client_id, email, self._clock())
                uow.portal_accounts.set_password(client_id, password_hash, self._clock())
                uow.commit()
                done += 1
        return done

    # The client: links, passwords, sign-in ------------------------------------------------------

    def invitation(self, token: str) -> InvitationView:
        """Who the link is for; raises ``InvitationInvalid``."""
        now = self._clock()
        with self._uow() as uow:
            found = uow.portal_invitations.get(token_hash(token))
            if found is None:
                raise InvitationInvalid("unknown")
            if found.used_at is not None:
                raise InvitationInvalid("used")
            if found.expires_at <= now:
                raise InvitationInvalid("expired")
            account = uow.portal_accounts.get(found.client_id)
            if account is None:
                raise InvitationInvalid("revoked")
            client = uow.clients.get(found.client_id)
        return InvitationView(client.first_name, account.email, found.purpose)

    def accept(self, token: str, password: str, confirm: str) -> None:
        """Set the password the link allows, once. Raises ``ValidationFailed`` (field codes)
        or ``InvitationInvalid``; signs the client out everywhere else."""
        view = self.invitation(token)
        with self._uow() as uow:
            found = uow.portal_invitations.get(token_hash(token))
            assert found is not None
            client = uow.clients.get(found.client_id)
        problem = password_problem(password, email=view.email,
                                   names=(client.first_name, client.last_name))
        if problem:
            raise ValidationFailed({"password": problem})
        if password != confirm:
            raise ValidationFailed({"confirm": "mismatch"})
        password_hash = self._hasher.hash(password)
        now = self._clock()
        with self._uow(write=True) as uow:
            if not uow.portal_invitations.use(token_hash(token), now):
                raise InvitationInvalid("used")
            uow.portal_accounts.set_password(found.client_id, password_hash, now)
            uow.portal_sessions.drop_for_client(found.client_id)
            uow.commit()
        log.info("portal password set for client %s (%s)", found.client_id, found.purpose)

    def sign_in(self, email: str, password: str, address: str) -> SignedIn:
        """A new session for the right email and password. Raises ``TooManyAttempts`` past the
        limits (before checking anything) or ``SignInRefused`` (one answer for every cause)."""
        email = fold_email(email)[:254]
        now = self._clock()
        account_key, address_key = f"signin:account:{email}", f"signin:address:{address}"
        with self._uow(write=True) as uow:
            per_account = uow.portal_rate_limits.hit(account_key, now, SIGN_IN_WINDOW)
            per_address = uow.portal_rate_limits.hit(address_key, now, SIGN_IN_WINDOW)
            uow.commit()
        if per_account > MAX_ATTEMPTS_PER_ACCOUNT or per_address > MAX_ATTEMPTS_PER_ADDRESS:
            log.info("portal sign-in rate-limited (%s)",
                     "account" if per_account > MAX_ATTEMPTS_PER_ACCOUNT else "address")
            raise TooManyAttempts("Too many sign-in attempts.",
                                  hint="Wait 15 minutes, then try again.")
        with self._uow() as uow:
            account = uow.portal_accounts.by_email(email) if email else None
        stored = account.password_hash if account is not None and account.password_hash \
            else self._dummy_hash
        try:
            self._hasher.verify(stored, password)
            matched = account is not None and stored is not self._dummy_hash
        except (VerificationError, InvalidHashError):
            matched = False
        if not matched or account is None:
            raise SignInRefused("The email or password is wrong.",
                                hint="Check both, or use the link the clinic sent you.")
        rehashed = (self._hasher.hash(password)
                    if self._hasher.check_needs_rehash(stored) else None)
        session_token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        with self._uow(write=True) as uow:
            uow.portal_rate_limits.clear(account_key)
            uow.portal_accounts.signed_in(account.client_id, now, rehashed)
            uow.portal_sessions.drop_idle(now - SESSION_IDLE)
            uow.portal_sessions.add(token_hash(session_token), account.client_id, csrf, now)
            uow.commit()
        log.info("portal sign-in for client %s", account.client_id)
        return SignedIn(session_token, csrf, account.client_id)

    def session(self, token: str) -> PortalSession | None:
        """The signed-in client behind a cookie's token, or None (unknown, idle too long, or
        access revoked). Each use keeps it alive."""
        if not token:
            return None
        with self._uow() as uow:
            return self._live_session(uow, token_hash(token), self._clock())

    @staticmethod
    def _live_session(uow: UnitOfWork, key: str, now: datetime) -> PortalSession | None:
        found = uow.portal_sessions.get(key)
        if found is None:
            return None
        if found.last_seen_at <= now - SESSION_IDLE:
            uow.portal_sessions.drop(key)
            uow.commit()
            return None
        if now - found.last_seen_at > timedelta(seconds=30):  # spare the writes
            uow.portal_sessions.touch(key, now)
            uow.commit()
        return PortalSession(found.client_id, found.csrf_token)

    def sign_out(self, token: str) -> None:
        with self._uow() as uow:
            uow.portal_sessions.drop(token_hash(token))
            uow.commit()

    # The client: what they see ------------------------------------------------------------------

    def my_account(self, client_id: int) -> MyAccount:
        """The client's details and payment methods, from the database only (no Stripe)."""
        with self._uow() as uow:
            client = uow.clients.get(client_id)
            methods = visible(uow.payment_methods.list_for_client(client_id))
        return MyAccount(client, methods, self._clock().date())

    def account_page(self, token: str) -> tuple[PortalSession, MyAccount] | None:
        """``session`` then ``my_account`` in ONE unit of work: what each *My account* request
        needs, with one connection and transaction instead of two (benchmarks/portal_load.py).
        None: no live session."""
        if not token:
            return None
        now = self._clock()
        with self._uow() as uow:
            session = self._live_session(uow, token_hash(token), now)
            if session is None:
                return None
            client = uow.clients.get(session.client_id)
            methods = visible(uow.payment_methods.list_for_client(session.client_id))
        return session, MyAccount(client, methods, now.date())
