"""The Stripe secret key lives in the OS keyring, and nowhere else.

Why a keyring: the database is shared between desks and backed up, settings files are copied
around, logs are sent to support. The OS keyring (Windows Credential Locker, macOS Keychain,
Secret Service on Linux) is encrypted at rest and tied to the user's session.

Fails closed: when the keyring library finds no usable backend (its ``fail`` backend, an empty
chainer, the ``null`` backend, or a plain-text file backend from ``keyrings.alt``) or the backend
raises, we raise :class:`KeyringUnavailable` with a sentence saying what to install or unlock.
There is deliberately no plain-text fallback (unlike Vorta's): a clinic would rather re-enter
a key than have it sitting in a file.

The backend is looked up at each call (``keyring.get_keyring()``) unless one is injected, so
tests can install an in-memory backend with ``keyring.set_keyring``.
"""

from __future__ import annotations

import logging
from typing import Any

import keyring
import keyring.errors

from owl_desktop import APP_ID
from owl_desktop.errors import UserFacingError

log = logging.getLogger(__name__)

# The keyring "service" under which every Owl Desktop secret is filed.
KEYRING_SERVICE = f"{APP_ID}:stripe-secret-key"

# Backends that would lose the secret (fail, null) or keep it in plain text (keyrings.alt files).
_REFUSED_BACKENDS = frozenset({
    "keyring.backends.fail.Keyring",
    "keyring.backends.null.Keyring",
    "keyrings.alt.file.PlaintextKeyring",
    "keyrings.alt.file.EncryptedKeyring",  # asks for a password on stdin: unusable in a GUI
})


class KeyringUnavailable(UserFacingError):  # noqa: N818 - reads as a sentence
    """No secure password store can be used, so the secret can't be kept (and isn't)."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "This computer has no secure password store (keyring) that Owl Desktop can use, "
            "so the Stripe secret key can't be saved or read.",
            hint=("On Windows and macOS the system keychain is used: sign in to your user "
                  "account normally and try again. On Linux, install and unlock a Secret "
                  "Service keyring (GNOME Keyring or KDE Wallet), then try again. Owl Desktop "
                  "never writes the key to a plain file."),
            detail=detail,
        )


def _qualified_name(obj: object) -> str:
    cls = type(obj)
    return f"{cls.__module__}.{cls.__qualname__}"


def backend_problem(backend: Any) -> str | None:
    """Why ``backend`` can't hold a secret, or ``None`` when it can. Never raises."""
    name = _qualified_name(backend)
    if name in _REFUSED_BACKENDS:
        return f"keyring backend {name} is not a secure store"
    if name == "keyring.backends.chainer.ChainerBackend":
        inner = [b for b in getattr(backend, "backends", []) if backend_problem(b) is None]
        # The chainer's own priority is low with a single backend: judge it by what it chains.
        return None if inner else "keyring chainer has no usable backend"
    try:
        priority = float(backend.priority)
    except Exception as exc:  # a backend may raise here when its service is missing
        return f"keyring backend {name} unavailable: {type(exc).__name__}"
    if priority <= 0:
        return f"keyring backend {name} has priority {priority}"
    return None


class SecretStore:
    """Get, set and delete the Stripe secret key of one connected account.

    ``account_ref`` names the entry (e.g. ``acct_123/test``); keeping one entry per account
    and mode means a secret can never be paired with another account's settings.
    """

    def __init__(self, backend: Any | None = None, *, service: str = KEYRING_SERVICE) -> None:
        self._backend = backend
        self._service = service

    def _usable_backend(self) -> Any:
        backend = self._backend if self._backend is not None else keyring.get_keyring()
        problem = backend_problem(backend)
        if problem is not None:
            log.warning("secret store refused: %s", problem)
            raise KeyringUnavailable(problem)
        return backend

    def check_available(self) -> None:
        """Raise :class:`KeyringUnavailable` unless a secure backend is configured."""
        self._usable_backend()

    def get_secret_key(self, account_ref: str) -> str | None:
        backend = self._usable_backend()
        try:
            value = backend.get_password(self._service, account_ref)
        except keyring.errors.KeyringError as exc:
            raise self._failure("read", exc) from None
        return value if value else None

    def set_secret_key(self, account_ref: str, secret: str) -> None:
        if not secret:
            raise ValueError("empty secret")
        backend = self._usable_backend()
        try:
            backend.set_password(self._service, account_ref, secret)
        except keyring.errors.KeyringError as exc:
            raise self._failure("write", exc) from None
        log.info("stripe secret key stored in keyring for %s", account_ref)

    def delete_secret_key(self, account_ref: str) -> bool:
        """Remove the entry; ``False`` if there was none. Raises if the keyring is unusable."""
        backend = self._usable_backend()
        try:
            if backend.get_password(self._service, account_ref) is None:
                return False
            backend.delete_password(self._service, account_ref)
        except keyring.errors.PasswordDeleteError:
            return False
        except keyring.errors.KeyringError as exc:
            raise self._failure("delete", exc) from None
        log.info("stripe secret key removed from keyring for %s", account_ref)
        return True

    @staticmethod
    def _failure(action: str, exc: Exception) -> KeyringUnavailable:
        # The exception text comes from the backend; it never contains the secret, but we
        # only log its type to be sure.
        detail = f"keyring {action} failed: {type(exc).__name__}"
        log.warning("%s", detail)
        if isinstance(exc, keyring.errors.KeyringLocked):
            err = KeyringUnavailable(detail)
            err.message = ("The system password store (keyring) is locked, so the Stripe "
                           "secret key can't be used.")
            err.hint = "Unlock your keyring (or sign in again), then try again."
            err.args = (err.message,)
            return err
        return KeyringUnavailable(detail)
