"""The clinic administrator's passphrase: set once, kept only as an argon2id hash in the
database (``key_values``, namespace ``admin``), asked before refunds and changes to
Settings → Payments. Every use, every refusal, every change goes into the administrator's
history with who and which desk.

Setting it is race-free across desks (``INSERT … ON CONFLICT DO NOTHING``: the first one
wins, the other is told it is already set); so is changing it (compare and swap on the stored
hash). Forgotten, it can only be cleared by whoever can reach the database
(``owl-desktop reset-admin-passphrase``, ``reset``): the next use then sets a new one. The
passphrase keeps refunds and payment settings from staff at the desk; it is no protection
against someone who can write to the database itself.
"""

from __future__ import annotations

import logging

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from owl_desktop.core.clock import Clock, utc_now
from owl_desktop.domain.admin_history import (
    AdminAction,
    AdminEntry,
    refused_detail,
    reset_detail,
)
from owl_desktop.errors import UserFacingError
from owl_desktop.services.audit import WorkstationProvider, this_workstation
from owl_desktop.store.models import KeyValueRow
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory
from owl_desktop.store.upsert import insert_ignore

log = logging.getLogger(__name__)

HASH_KEY = "passphrase_hash"
MIN_LENGTH = 10


__all__ = ["HASH_KEY", "MIN_LENGTH", "AdminAction", "AdminPassphraseService", "PassphraseError"]

class PassphraseError(UserFacingError):
    """The passphrase was refused (``reason``: not_set, wrong, too_short, already_set,
    changed_meanwhile)."""

    def __init__(self, message: str, reason: str, hint: str = "",
                 params: dict[str, str] | None = None) -> None:
        super().__init__(message, hint=hint, params=params)
        self.reason = reason


def _long_enough(passphrase: str) -> None:
    if len(passphrase) < MIN_LENGTH:
        raise PassphraseError("The passphrase must have at least {n} characters.",
                              "too_short", params={"n": str(MIN_LENGTH)})


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
        """Set the passphrase; refused when one is set already (``change`` changes it)."""
        _long_enough(passphrase)
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

    def change(self, current: str, new: str) -> None:
        """Replace the passphrase, given the current one (a wrong one is recorded as refused).
        Two desks changing it at once: the first wins, the other is told
        (``changed_meanwhile``) and nothing of theirs is stored."""
        _long_enough(new)
        digest = self.verify(current, AdminAction.PASSPHRASE_CHANGED)
        new_digest = self._hasher.hash(new)
        with self._uow(write=True) as uow:
            if not uow.admin.replace_if(HASH_KEY, digest, new_digest):
                raise PassphraseError(
                    "The passphrase was changed at another desk meanwhile.", "changed_meanwhile",
                    hint="Ask the clinic administrator for the new one.")
            self._record(uow, AdminAction.PASSPHRASE_CHANGED, "")
            uow.commit()
        log.info("administrator passphrase changed")

    def reset(self, command: str) -> bool:
        """Clear a forgotten passphrase (``command`` names what did it, for the history):
        the next refund or change to Settings → Payments sets a new one. False when none
        was set (nothing done, nothing recorded)."""
        with self._uow(write=True) as uow:
            if not uow.admin.get(HASH_KEY):
                return False
            uow.admin.delete(HASH_KEY)
            self._record(uow, AdminAction.PASSPHRASE_RESET, reset_detail(command))
            uow.commit()
        log.warning("administrator passphrase cleared by %s", command)
        return True

    def verify(self, passphrase: str, action: str) -> str:
        """Check the passphrase before ``action``; a wrong one is recorded as refused and
        raises ``PassphraseError``. Returns the hash it matched. Checked before the action's
        own unit of work, which keeps argon2's deliberate slowness outside the database's
        write lock; a change of passphrase at another desk in between doesn't undo a check
        already passed with the passphrase of that moment."""
        with self._uow() as uow:
            digest = uow.admin.get(HASH_KEY) or ""
        if not digest:
            raise _not_set()
        if not self._matches(digest, passphrase):
            with self._uow(write=True) as uow:
                self._record(uow, AdminAction.REFUSED, refused_detail(action))
                uow.commit()
            raise PassphraseError("That isn't the clinic administrator's passphrase.", "wrong",
                                  hint="Ask the clinic administrator to enter it.")
        return digest

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


