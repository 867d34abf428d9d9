"""The clinic administrator's passphrase on both databases: set once (two desks at once:
one wins), stored as an argon2id hash only, checked before an action and recorded with it;
a wrong one is refused and recorded."""

from __future__ import annotations

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
        (AdminAction.REFUSED, AdminAction.REFUND, "admin", "Desk A"),
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
