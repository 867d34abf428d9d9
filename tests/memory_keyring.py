"""An in-memory keyring backend, so tests never read or write the real OS keyring.

It is a real ``keyring.backend.KeyringBackend`` installed with ``keyring.set_keyring`` (see the
``memory_keyring`` fixture in ``tests/conftest.py``); the code under test goes through the keyring
library exactly as in production.
"""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """Secrets in a dict, keyed by (service, username)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.entries[(service, username)]
        except KeyError:
            raise PasswordDeleteError("no such password") from None
