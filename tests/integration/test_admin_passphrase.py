"""The clinic administrator's passphrase on both databases: set once (two desks at once:
one wins), stored as an argon2id hash only, checked before an action and recorded with it;
a wrong one is refused and recorded. Changed with the current one (two desks at once: one
wins), cleared when forgotten (``reset``), each recorded."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from argon2 import PasswordHasher

from owl_desktop.services.admin_passphrase import (
    AdminAction,
    AdminPassphraseService,
    PassphraseError,
)
from owl_desktop.services.audit import Workstation
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory

PASSPHRASE = "correct horse battery"


def cheap() -> PasswordHasher:
    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def service(uow_factory: UnitOfWorkFactory, desk: str = "Desk A") -> AdminPassphraseService:
    def workstation(_uow: UnitOfWork) -> Workstation:
        return Workstation(actor="admin", desk=desk)
    return AdminPassphraseService(uow_factory, lambda: datetime(2026, 12, 3, 15, tzinfo=UTC),
                                  workstation, cheap())


def test_set_once_hash_only_and_checked(uow_factory: UnitOfWorkFactory) -> None:
    admin = service(uow_factory)
    assert not admin.is_set()
    with pytest.raises(PassphraseError) as not_set:
        admin.check(PASSPHRASE, AdminAction.REFUND)
    assert not_set.value.reason == "not_set"
    with pytest.raises(PassphraseError) as short:
        admin.set_once("short")
    assert short.value.reason == "too_short"
    admin.set_once(PASSPHRASE)
    assert admin.is_set()
    with uow_factory() as uow:
        stored = uow.admin.get("passphrase_hash") or ""
        settings = uow.settings.all()
    assert stored.startswith("$argon2id$")
    assert PASSPHRASE not in stored
    assert all(PASSPHRASE not in v for v in settings.values())
    with pytest.raises(PassphraseError) as again:
        admin.set_once("another passphrase")
    assert again.value.reason == "already_set"

    admin.check(PASSPHRASE, AdminAction.PAYMENT_SETTINGS, "processing: automatic")
    with pytest.raises(PassphraseError) as wrong:
        admin.check("correct horse battery!", AdminAction.REFUND, "refund 10.00")
    assert wrong.value.reason == "wrong"
    assert wrong.value.message == "That isn't the clinic administrator's passphrase."
    history = admin.history()
    assert [(e.action, e.detail, e.actor, e.desk) for e in history] == [
        (AdminAction.REFUSED, '{"for": "refund"}', "admin", "Desk A"),
        (AdminAction.PAYMENT_SETTINGS, "processing: automatic", "admin", "Desk A"),
        (AdminAction.PASSPHRASE_SET, "", "admin", "Desk A"),
    ]


def test_two_desks_setting_it_at_once_one_wins(uow_factory: UnitOfWorkFactory) -> None:
    desks = [service(uow_factory, "Desk A"), service(uow_factory, "Desk B")]
    phrases = ["first desk's phrase", "second desk's phrase"]

    def attempt(i: int) -> str:
        try:
            desks[i].set_once(phrases[i])
        except PassphraseError as error:
            return error.reason
        return "set"

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(attempt, [0, 1]))
    assert outcomes == ["already_set", "set"]
    winner = 0 if desks[0].history()[0].desk == "Desk A" else 1
    desks[1 - winner].check(phrases[winner], AdminAction.REFUND)
    with pytest.raises(PassphraseError):
        desks[winner].check(phrases[1 - winner], AdminAction.REFUND)


def test_change_needs_the_current_one_and_is_recorded(uow_factory: UnitOfWorkFactory) -> None:
    admin = service(uow_factory)
    admin.set_once(PASSPHRASE)
    with uow_factory() as uow:
        before = uow.admin.get("passphrase_hash")
    with pytest.raises(PassphraseError) as wrong:
        admin.change("not the passphrase", "a brand new passphrase")
    assert wrong.value.reason == "wrong"
    with pytest.raises(PassphraseError) as short:
        admin.change(PASSPHRASE, "short")
    assert short.value.reason == "too_short"
    assert short.value.message == "The passphrase must have at least 10 characters."
    with uow_factory() as uow:
        assert uow.admin.get("passphrase_hash") == before  # nothing changed so far

    admin.change(PASSPHRASE, "a brand new passphrase")
    with uow_factory() as uow:
        stored = uow.admin.get("passphrase_hash") or ""
    assert stored.startswith("$argon2id$")
    assert stored != before
    assert "a brand new passphrase" not in stored
    admin.check("a brand new passphrase", AdminAction.REFUND)
    with pytest.raises(PassphraseError):
        admin.check(PASSPHRASE, AdminAction.REFUND)
    assert [(e.action, e.detail) for e in admin.history()] == [
        (AdminAction.REFUSED, '{"for": "refund"}'),
        (AdminAction.REFUND, ""),
        (AdminAction.PASSPHRASE_CHANGED, ""),
        (AdminAction.REFUSED, '{"for": "passphrase_changed"}'),
        (AdminAction.PASSPHRASE_SET, ""),
    ]


class _Meeting(PasswordHasher):
    """Hashing the new passphrase waits for the other desk: both have checked the current
    one before either stores its new one."""

    def __init__(self, barrier: threading.Barrier) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self._barrier = barrier

    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
        digest = super().hash(password, salt=salt)
        if password != PASSPHRASE:
            self._barrier.wait(timeout=20)
        return digest


def test_two_desks_changing_it_at_once_one_wins(uow_factory: UnitOfWorkFactory) -> None:
    service(uow_factory).set_once(PASSPHRASE)
    barrier = threading.Barrier(2)
    desks = [AdminPassphraseService(uow_factory, lambda: datetime(2026, 12, 3, 16, tzinfo=UTC),
                                    lambda _uow, d=d: Workstation("admin", d), _Meeting(barrier))
             for d in ("Desk A", "Desk B")]
    phrases = ["desk A's new phrase", "desk B's new phrase"]

    def attempt(i: int) -> str:
        try:
            desks[i].change(PASSPHRASE, phrases[i])
        except PassphraseError as error:
            return error.reason
        return "changed"

    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(attempt, [0, 1]))
    assert sorted(outcomes) == ["changed", "changed_meanwhile"]
    winner = outcomes.index("changed")
    desks[0].check(phrases[winner], AdminAction.REFUND)
    with pytest.raises(PassphraseError):
        desks[0].check(phrases[1 - winner], AdminAction.REFUND)
    changes = [e for e in desks[0].history() if e.action == AdminAction.PASSPHRASE_CHANGED]
    assert [e.desk for e in changes] == [("Desk A", "Desk B")[winner]]


def test_reset_clears_it_and_says_so_in_the_history(uow_factory: UnitOfWorkFactory) -> None:
    admin = service(uow_factory)
    assert admin.reset("owl-desktop reset-admin-passphrase") is False  # nothing to clear
    assert admin.history() == []
    admin.set_once(PASSPHRASE)
    assert admin.reset("owl-desktop reset-admin-passphrase") is True
    assert not admin.is_set()
    with pytest.raises(PassphraseError) as gone:
        admin.check(PASSPHRASE, AdminAction.REFUND)
    assert gone.value.reason == "not_set"
    admin.set_once("the new clinic phrase")  # set again, as the first time
    assert [(e.action, e.detail) for e in admin.history()] == [
        (AdminAction.PASSPHRASE_SET, ""),
        (AdminAction.PASSPHRASE_RESET, '{"command": "owl-desktop reset-admin-passphrase"}'),
        (AdminAction.PASSPHRASE_SET, ""),
    ]
