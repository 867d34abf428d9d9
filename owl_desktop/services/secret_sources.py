"""Where a process gets the Stripe keys it runs with: a pluggable source.

A desk reads the secret key from its OS keyring (``StripeConnectionService.credentials``); a
headless command on a server (``owl-desktop sync``, and the portal and nightly autopay to come)
has no desktop keyring, so it reads the secret from a file (``OWL_STRIPE_SECRET_KEY_FILE``,
readable by the service user only) or an environment variable (``OWL_STRIPE_SECRET_KEY``),
never from the command line (visible to every user in the process list). The publishable key,
account and mode come from the database's settings either way: an administrator connected the
account once, at a desk, and every process of the clinic shares them.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from owl_desktop.errors import UserFacingError
from owl_desktop.services.stripe_connection import (
    SETTING_ACCOUNT_ID,
    SETTING_LIVEMODE,
    SETTING_PUBLISHABLE_KEY,
    StripeCredentials,
)
from owl_desktop.store.uow import UnitOfWorkFactory

SECRET_FILE_ENV = "OWL_STRIPE_SECRET_KEY_FILE"  # noqa: S105 - a variable name
SECRET_ENV = "OWL_STRIPE_SECRET_KEY"  # noqa: S105 - a variable name


class CredentialsSource(Protocol):
    def credentials(self) -> StripeCredentials | None:
        """The keys to run with; None when no Stripe account is connected. Raises a
        ``UserFacingError`` saying what to do when the secret can't be had."""


class SecretNotConfigured(UserFacingError):  # noqa: N818 - reads as a sentence
    code = "secret_not_configured"


class FileOrEnvironmentSecret:
    """The secret from ``OWL_STRIPE_SECRET_KEY_FILE`` (first) or ``OWL_STRIPE_SECRET_KEY``."""

    def __init__(self, uow: UnitOfWorkFactory, environ: Mapping[str, str] | None = None) -> None:
        self._uow = uow
        self._environ = os.environ if environ is None else environ

    def credentials(self) -> StripeCredentials | None:
        with self._uow() as uow:
            publishable = uow.settings.get(SETTING_PUBLISHABLE_KEY) or ""
            account_id = uow.settings.get(SETTING_ACCOUNT_ID) or ""
            livemode = uow.settings.get(SETTING_LIVEMODE) == "true"
        if not publishable:
            return None
        secret = self._secret()
        expected = "live" if livemode else "test"
        if secret.split("_")[1:2] != [expected]:
            raise SecretNotConfigured(
                f"The Stripe secret key given to this process isn't a {expected}-mode key, "
                f"but the clinic's Stripe account is connected in {expected} mode.",
                hint=f"Give the {expected}-mode restricted key of account {account_id}.")
        return StripeCredentials(publishable, account_id, livemode, secret)

    def _secret(self) -> str:
        path = self._environ.get(SECRET_FILE_ENV, "").strip()
        if path:
            file = Path(path).expanduser()
            try:
                mode = file.stat().st_mode
                secret = file.read_text(encoding="utf-8").strip()
            except OSError as error:
                raise SecretNotConfigured(
                    f"The Stripe secret key file named by {SECRET_FILE_ENV} can't be read.",
                    hint="Check the path and that the service user may read it.",
                    detail=type(error).__name__) from error
            if mode & (stat.S_IRWXG | stat.S_IRWXO):
                raise SecretNotConfigured(
                    f"The Stripe secret key file named by {SECRET_FILE_ENV} can be read by "
                    f"other users.",
                    hint="Make it readable by the service user only (chmod 600).")
            if secret:
                return secret
        secret = self._environ.get(SECRET_ENV, "").strip()
        if secret:
            return secret
        raise SecretNotConfigured(
            "No Stripe secret key was given to this process.",
            hint=f"Set {SECRET_FILE_ENV} to a file holding the restricted key (readable by "
                 f"this user only), or {SECRET_ENV}.")


class FixedCredentials:
    """Sandbox mode: the Stripe double's made-up test keys (not secrets, never stored)."""

    def __init__(self, credentials: StripeCredentials) -> None:
        self._credentials = credentials

    def credentials(self) -> StripeCredentials | None:
        return self._credentials
