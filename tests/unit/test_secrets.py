"""The secret store keeps keys in the keyring and refuses, with a useful message, when it can't."""

from __future__ import annotations

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordSetError

from owl_desktop.secrets import KEYRING_SERVICE, KeyringUnavailable, SecretStore
from tests.memory_keyring import MemoryKeyring

SECRET = "rk_test_51SecretStoreCanary0001"


def test_set_get_delete_round_trip(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()
    assert store.get_secret_key("acct_1/test") is None
    store.set_secret_key("acct_1/test", SECRET)
    assert memory_keyring.entries == {(KEYRING_SERVICE, "acct_1/test"): SECRET}
    assert store.get_secret_key("acct_1/test") == SECRET
    assert store.get_secret_key("acct_2/test") is None  # one entry per account and mode
    assert store.delete_secret_key("acct_1/test") is True
    assert store.delete_secret_key("acct_1/test") is False
    assert memory_keyring.entries == {}


@pytest.mark.parametrize("backend", [keyring.backends.fail.Keyring(),
                                     keyring.backends.null.Keyring()])
def test_no_usable_backend_refuses_and_explains(backend: KeyringBackend,
                                                memory_keyring: MemoryKeyring) -> None:
    keyring.set_keyring(backend)
    store = SecretStore()
    for action in (lambda: store.set_secret_key("acct_1/test", SECRET),
                   lambda: store.get_secret_key("acct_1/test"),
                   lambda: store.delete_secret_key("acct_1/test"),
                   store.check_available):
        with pytest.raises(KeyringUnavailable) as info:
            action()
        assert "keyring" in info.value.message
        assert "GNOME Keyring" in info.value.hint
        assert "plain file" in info.value.hint
    assert memory_keyring.entries == {}


class _BrokenKeyring(KeyringBackend):
    priority = 5

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def get_password(self, service: str, username: str) -> str | None:
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.error

    def delete_password(self, service: str, username: str) -> None:
        raise self.error


def test_backend_errors_become_user_facing_refusals() -> None:
    store = SecretStore(_BrokenKeyring(PasswordSetError("dbus said no")))
    with pytest.raises(KeyringUnavailable) as info:
        store.set_secret_key("acct_1/test", SECRET)
    assert SECRET not in str(info.value) + info.value.hint + info.value.detail


def test_locked_keyring_says_unlock() -> None:
    store = SecretStore(_BrokenKeyring(KeyringLocked("locked")))
    with pytest.raises(KeyringUnavailable) as info:
        store.get_secret_key("acct_1/test")
    assert "locked" in info.value.message
    assert "Unlock" in info.value.hint
