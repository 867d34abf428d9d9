"""Where a process gets the SMTP password: a pluggable source, like the Stripe secret's
(``secret_sources.py``).

At a desk it is kept in the OS keyring (entry ``owl-desktop:smtp-password``), set from
Settings → Online portal and never shown back; with no usable keyring we refuse plainly and
keep nothing (no plain-text fallback). A portal server has no desktop keyring: it reads
``OWL_SMTP_PASSWORD_FILE`` (a file readable by the service user only) or ``OWL_SMTP_PASSWORD``,
never a command-line argument. The password never reaches a log or an error message.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

import keyring
import keyring.errors

from owl_desktop import APP_ID
from owl_desktop.errors import UserFacingError
from owl_desktop.secrets import backend_problem

log = logging.getLogger(__name__)

PASSWORD_FILE_ENV = "OWL_SMTP_PASSWORD_FILE"  # noqa: S105 - a variable name
PASSWORD_ENV = "OWL_SMTP_PASSWORD"  # noqa: S105 - a variable name
KEYRING_SERVICE = f"{APP_ID}:smtp-password"
KEYRING_ENTRY = "smtp"


class SmtpPasswordUnavailable(UserFacingError):  # noqa: N818 - reads as a sentence
    """The password can't be read or kept here (no keyring, a bad file)."""

    code = "smtp_password_unavailable"


class SmtpPasswordSource(Protocol):
    def password(self) -> str | None:
        """The password, or None when none was given. Raises ``SmtpPasswordUnavailable``."""


class KeyringSmtpPassword:
    """The desk's source: the OS keyring, failing closed (``secrets.py``'s rules)."""

    writable = True

    def __init__(self, backend: Any | None = None) -> None:
        self._backend = backend

    def _usable(self) -> Any:
        backend = self._backend if self._backend is not None else keyring.get_keyring()
        problem = backend_problem(backend)
        if problem is not None:
            log.warning("smtp password store refused: %s", problem)
            raise _no_keyring(problem)
        return backend

    def password(self) -> str | None:
        backend = self._usable()
        try:
            return backend.get_password(KEYRING_SERVICE, KEYRING_ENTRY) or None
        except keyring.errors.KeyringError as error:
            raise _no_keyring(f"keyring read failed: {type(error).__name__}") from None

    def store(self, password: str) -> None:
        if not password:
            raise ValueError("empty password")
        backend = self._usable()
        try:
            backend.set_password(KEYRING_SERVICE, KEYRING_ENTRY, password)
        except keyring.errors.KeyringError as error:
            raise _no_keyring(f"keyring write failed: {type(error).__name__}") from None
        log.info("smtp password stored in the keyring")

    def clear(self) -> None:
        backend = self._usable()
        try:
            if backend.get_password(KEYRING_SERVICE, KEYRING_ENTRY) is not None:
                backend.delete_password(KEYRING_SERVICE, KEYRING_ENTRY)
        except keyring.errors.PasswordDeleteError:
            return
        except keyring.errors.KeyringError as error:
            raise _no_keyring(f"keyring delete failed: {type(error).__name__}") from None


def _no_keyring(detail: str) -> SmtpPasswordUnavailable:
    return SmtpPasswordUnavailable(
        "This computer has no secure password store (keyring) that Owl Desktop can use, so "
        "the email server's password can't be saved or read.",
        hint="On Linux, install and unlock a Secret Service keyring (GNOME Keyring or KDE "
             "Wallet), then try again. Owl Desktop never writes the password to a plain file.",
        detail=detail)


class FileOrEnvironmentSmtpPassword:
    """A server's source: ``OWL_SMTP_PASSWORD_FILE`` (first), else ``OWL_SMTP_PASSWORD``."""

    writable = False

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ = os.environ if environ is None else environ

    def password(self) -> str | None:
        path = self._environ.get(PASSWORD_FILE_ENV, "").strip()
        if path:
            file = Path(path).expanduser()
            try:
                mode = file.stat().st_mode
                secret = file.read_text(encoding="utf-8").strip()
            except OSError as error:
                raise SmtpPasswordUnavailable(
                    "The email password file named by {env} can't be read.",
                    hint="Check the path and that the service user may read it.",
                    detail=type(error).__name__, params={"env": PASSWORD_FILE_ENV}) from None
            if mode & (stat.S_IRWXG | stat.S_IRWXO):
                raise SmtpPasswordUnavailable(
                    "The email password file named by {env} can be read by other users.",
                    hint="Make it readable by the service user only (chmod 600).",
                    params={"env": PASSWORD_FILE_ENV})
            if secret:
                return secret
        return self._environ.get(PASSWORD_ENV, "").strip() or None
