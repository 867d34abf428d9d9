"""Shared by the portal tests: cheap argon2 parameters and a client to invite."""

from __future__ import annotations

from argon2 import PasswordHasher

from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.services.clients import ClientService
from owl_desktop.store.uow import UnitOfWorkFactory

GOOD_PASSWORD = "correct horse battery"


def fast_hasher() -> PasswordHasher:
    """argon2id with tiny costs: the rules are tested here, the real cost in benchmarks/."""
    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def make_client(uow: UnitOfWorkFactory, first: str = "Noor", last: str = "Haddad",
                email: str = "noor@example.com") -> int:
    address = Address("12 Elm Street", "", "Toronto", "ON", "M5V 3G5")
    return ClientService(uow).create(ClientDraft(first, last, email, "416-555-0101",
                                                 address)).id
