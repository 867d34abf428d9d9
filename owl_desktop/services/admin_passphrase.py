"""The clinic administrator's passphrase: set once, kept only as an argon2id hash in the
database (``key_values``, namespace ``admin``), asked before refunds and changes to
Settings → Payments. Every use, and every refusal, goes into the administrator's history
with who and which desk.

Setting it is race-free across desks (``INSERT … ON CONFLICT DO NOTHING``: the first one
wins, the other is told it is already set).
"""

from __future__ import annotations

import logging

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from owl_desktop.core.clock import Clock, utc_now
from owl_desktop.errors import UserFacingError
from owl_desktop.services.audit import WorkstationProvider, this_workstation
from owl_desktop.store.admin_history_repo import AdminEntry
from owl_desktop.store.models import KeyValueRow
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory
from owl_desktop.store.upsert import insert_ignore

log = logging.getLogger(__name__)

HASH_KEY = "passphrase_hash"
MIN_LENGTH = 10


class AdminAction:
    """Codes in the administrator's history; the desk shows each as a sentence."""

    PASSPHRASE_SET = "passphrase_set"  # noqa: S105 - an action code, not a secret
    REFUSED = "passphrase_refused"
    REFUND = "refund"
    PAYMENT_SETTINGS = "payment_settings"


class PassphraseError(UserFacingError):
    """The passphrase was refused (``reason``: not_set, wrong, too_short, already_set)."""

    def __init__(self, message: str, reason: str, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.reason = reason


def _not_set() -> PassphraseError:
    return PassphraseError(
        "The clinic administrator's passphrase hasn't been set yet.", "not_set",
        hint="Set it in Settings → Payments first.")


class AdminPassphraseService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock = utc_now,
                 workstation: WorkstationProvider = this_workstation,
                 hasher: PasswordHasher | None = None) -> None:
        """``hasher``: argon2id with argon2-cffi's defaults unless given (tests use cheaper
        parameters)."""
        self._uow = uow
        self._clock = clock
        self._workstation = workstation
        self._hasher = hasher or PasswordHasher()

    def is_set(self) -> bool:
        with self._uow() as uow:
            return bool(uow.admin.get(HASH_KEY))

    def set_once(self, passphrase: str) -> None:
        """Set the passphrase; refused when one is set already (it is set once)."""
        if len(passphrase) < MIN_LENGTH:
            raise PassphraseError("The passphrase must have at least {n} characters."
                                  .replace("{n}", str(MIN_LENGTH)), "too_short")
        digest = self._hasher.hash(passphrase)
        with self._uow(write=True) as uow:
            if not insert_ignore(uow.session, KeyValueRow,
                                 {"namespace": "admin", "key": HASH_KEY, "value": digest},
                                 ("namespace", "key")):
                raise PassphraseError(
                    "The clinic administrator's passphrase is already set.", "already_set")
            self._record(uow, AdminAction.PASSPHRASE_SET, "")
            uow.commit()
        log.info("administrator passphrase set")

    def verify(self, passphrase: str, action: str) -> None:
        """Check the passphrase before ``action``; a wrong one is recorded as refused and
        raises ``PassphraseError``. The passphrase is set once and never changes, so checking
        it before the action's own unit of work is as good as inside it (and keeps argon2's
        deliberate slowness outside the database's write lock)."""
        with self._uow() as uow:
            digest = uow.admin.get(HASH_KEY) or ""
        if not digest:
            raise _not_set()
        if not self._matches(digest, passphrase):
            with self._uow(write=True) as uow:
                self._record(uow, AdminAction.REFUSED, action)
                uow.commit()
            raise PassphraseError("That isn't the clinic administrator's passphrase.", "wrong",
                                  hint="Ask the clinic administrator to enter it.")

    def record(self, uow: UnitOfWork, action: str, detail: str) -> None:
        """Inside the action's unit of work (after ``verify``): the history row commits with
        the action."""
        self._record(uow, action, detail)

    def check(self, passphrase: str, action: str, detail: str = "") -> None:
        """``verify``, then record the action in a unit of work of its own."""
        self.verify(passphrase, action)
        with self._uow(write=True) as uow:
            self._record(uow, action, detail)
            uow.commit()

    def history(self, limit: int = 200) -> list[AdminEntry]:
        with self._uow() as uow:
            return uow.admin_history.list(limit)

    def _matches(self, digest: str, passphrase: str) -> bool:
        try:
            return bool(self._hasher.verify(digest, passphrase))
        except (VerificationError, InvalidHashError):
            return False

    def _record(self, uow: UnitOfWork, action: str, detail: str) -> None:
        who = self._workstation(uow)
        uow.admin_history.record(at=self._clock(), actor=who.actor, desk=who.desk,
                                 action=action, detail=detail)


