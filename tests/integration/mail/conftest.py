"""The clinic's mail settings over a test database, and a real SMTP server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from owl_desktop.services.portal_settings import PortalSettings, PortalSettingsService
from owl_desktop.services.smtp_secrets import KeyringSmtpPassword
from owl_desktop.services.smtp_settings import SmtpSettings, SmtpSettingsService
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.mail_server import MailServer, running

SMTP_USER = "desk@clinic.example"
# A canary: it must never show up in a log, an error or a page.
SMTP_PASSWORD = "smtp-canary-Zq8#pw"
SENDER = "portal@clinic.example"


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """Mail doesn't depend on the database kind: SQLite is enough here."""
    return sqlite_url


@pytest.fixture
def mail_server(tmp_path: Path) -> Iterator[MailServer]:
    yield from running(tmp_path)


def configure(uow: UnitOfWorkFactory, server: MailServer, *, password: str = "",
              clinic: str = "Clinique Azur", language: str = "en") -> SmtpSettings:
    """Point the clinic's settings at ``server`` (the password in the test keyring)."""
    PortalSettingsService(uow).save(PortalSettings(clinic_name=clinic, email_sender=SENDER))
    settings = SmtpSettings(host=server.host, port=server.port, security=server.security,
                            username=server.username, default_language=language)
    return SmtpSettingsService(uow, KeyringSmtpPassword()).save(settings, password)
