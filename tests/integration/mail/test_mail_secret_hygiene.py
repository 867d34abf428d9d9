"""Canary scan for mail: the SMTP password (with the canary in it) goes through the flows
that could leak it — saved to the keyring, sent to a server that refuses it and repeats it in
its reply, sent to a server that is down, read from a server's file — with the app's own
logging at debug level; then every file the app wrote is scanned."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from owl_desktop.logs import setup_logging
from owl_desktop.mail.smtp import SmtpTransport
from owl_desktop.services.mail_texts import compose
from owl_desktop.services.mailer import Mailer, MailNotSent
from owl_desktop.services.smtp_secrets import (
    FileOrEnvironmentSmtpPassword,
    KeyringSmtpPassword,
    SmtpPasswordUnavailable,
)
from owl_desktop.store.db import create_db_engine, migrate
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.integration.mail.conftest import configure
from tests.mail_server import running
from tests.memory_keyring import MemoryKeyring
from tests.secret_scan import CANARY, DATA_DIR_NAME, canary, find_canaries

SMTP_PASSWORD = canary("smtp-", "pw")

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@pytest.fixture
def app_logging(tmp_path: Path) -> Iterator[Path]:
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    path = setup_logging(tmp_path / DATA_DIR_NAME / "logs", debug=True)
    yield path
    for handler in list(root.handlers):
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_the_smtp_password_reaches_no_file_log_or_error(
        tmp_path: Path, app_logging: Path, memory_keyring: MemoryKeyring,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    data_dir = tmp_path / DATA_DIR_NAME
    engine = create_db_engine(f"sqlite:///{data_dir / 'owl.sqlite3'}")
    migrate(engine)
    uow = UnitOfWorkFactory(engine)
    content = compose("test", "en", clinic="Clinique Azur")
    errors: list[MailNotSent] = []
    for server in running(tmp_path / "careless", username="desk", password="the-real-one",
                          careless=True):
        configure(uow, server, password=SMTP_PASSWORD)
        mailer = Mailer(uow, KeyringSmtpPassword(), SmtpTransport(), timeout=5)
        with pytest.raises(MailNotSent) as refused:
            mailer.send("noor@example.com", content)
        assert refused.value.reason == "auth"
        errors.append(refused.value)
        logging.getLogger("owl_desktop.test").warning("mail failed: %s (%s)", refused.value,
                                                      refused.value.detail)
    (tmp_path / "other").mkdir()
    for server in running(tmp_path / "other", username="desk", password=SMTP_PASSWORD):
        configure(uow, server)  # the password stays in the keyring
        mailer.send("noor@example.com", content)  # the right password: accepted
        assert server.wait_for(1)
        server.stop()
        with pytest.raises(MailNotSent) as down:
            mailer.send("noor@example.com", content)
        errors.append(down.value)
    secret_file = tmp_path / "smtp-password"
    secret_file.write_text(SMTP_PASSWORD, encoding="utf-8")
    secret_file.chmod(0o644)
    with pytest.raises(SmtpPasswordUnavailable) as unreadable:
        FileOrEnvironmentSmtpPassword({"OWL_SMTP_PASSWORD_FILE": str(secret_file)}).password()

    assert memory_keyring.entries  # where the password belongs
    for error in (*errors, unreadable.value):
        assert CANARY not in f"{error!r} {error} {getattr(error, 'hint', '')} " \
                             f"{getattr(error, 'detail', '')}"
    assert CANARY not in caplog.text
    for handler in logging.getLogger().handlers:
        handler.flush()
    engine.dispose()
    assert "mail not sent: auth" in app_logging.read_text(encoding="utf-8")
    assert find_canaries(data_dir) == []
