"""``owl-desktop reset-admin-passphrase``: a real process against the clinic's database (both
kinds), no Stripe secret and no window; it asks the person at the terminal to type ``reset``
(``--yes`` doesn't ask), says what it did, records it in the administrator's history, and the
next use sets a new passphrase. Any other answer (none, "y", the end of the input) changes
nothing and exits non-zero. Run again with nothing set, it says so, asks nothing and changes
nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from argon2 import PasswordHasher
from sqlalchemy.engine import Engine

from owl_desktop.domain.admin_history import AdminAction
from owl_desktop.services.admin_passphrase import AdminPassphraseService
from owl_desktop.store.db import create_db_engine, migrate
from owl_desktop.store.uow import UnitOfWorkFactory

REPO = Path(__file__).resolve().parents[2]
COMMAND = "reset-admin-passphrase"


QUESTION = "Type reset to confirm: "
DECLINED = (f"owl-desktop {COMMAND}: not confirmed; nothing was changed. Run it again and "
            "type reset when asked, or add --yes in a script.")


def run_reset(tmp_path: Path, url: str, *flags: str, answer: str = ""
              ) -> subprocess.CompletedProcess[str]:
    """The command, with ``answer`` typed at its standard input (then the input ends)."""
    environ = {k: v for k, v in os.environ.items()
               if not k.startswith(("OWL_", "STRIPE"))}  # no secret of any kind
    environ.update({"HOME": str(tmp_path), "OWL_DESK": "server"})
    return subprocess.run(
        [sys.executable, "-m", "owl_desktop", COMMAND, "--data-dir", str(tmp_path / "data"),
         "--database-url", url, *flags], cwd=REPO, env=environ, capture_output=True,
        text=True, input=answer, timeout=120, check=False)


def _admin(database_url: str) -> tuple[Engine, AdminPassphraseService]:
    engine = create_db_engine(database_url)
    migrate(engine)
    uow = UnitOfWorkFactory(engine)
    return engine, AdminPassphraseService(uow, hasher=PasswordHasher(
        time_cost=1, memory_cost=1024, parallelism=1))


def test_the_command_clears_a_forgotten_passphrase(tmp_path: Path, database_url: str) -> None:
    engine, admin = _admin(database_url)
    admin.set_once("the forgotten passphrase")

    done = run_reset(tmp_path, database_url, answer="reset\n")
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith(f"owl-desktop {COMMAND}: this clears the clinic "
                                  "administrator's passphrase in ")
    assert done.stderr.endswith(QUESTION)
    assert done.stdout.startswith(f"owl-desktop {COMMAND}: the clinic administrator's "
                                  "passphrase was cleared in ")
    assert "recorded in the administrator's history" in done.stdout
    assert "asks for a new passphrase" in done.stdout
    assert not admin.is_set()
    latest = admin.history()[0]
    assert (latest.action, latest.desk) == (AdminAction.PASSPHRASE_RESET, "server")
    assert f"owl-desktop {COMMAND}" in latest.detail
    admin.set_once("a new clinic passphrase")  # as the first time

    admin.reset("test")
    again = run_reset(tmp_path, database_url)  # nothing set: nothing asked
    assert again.returncode == 0, again.stderr
    assert QUESTION not in again.stderr
    assert "no clinic administrator's passphrase is set" in again.stdout
    assert "nothing was changed" in again.stdout
    assert [e.action for e in admin.history()][:2] == [AdminAction.PASSPHRASE_RESET,
                                                       AdminAction.PASSPHRASE_SET]
    engine.dispose()


def test_any_other_answer_changes_nothing_and_yes_asks_nothing(
        tmp_path: Path, database_url: str) -> None:
    engine, admin = _admin(database_url)
    admin.set_once("the forgotten passphrase")
    for answer in ("", "\n", "y\n", "no\n", "resetting\n"):
        declined = run_reset(tmp_path, database_url, answer=answer)
        assert declined.returncode != 0, answer
        assert declined.stdout == ""
        assert QUESTION in declined.stderr
        assert declined.stderr.endswith(DECLINED + "\n"), declined.stderr
        assert admin.is_set()
    admin.verify("the forgotten passphrase", "test")  # the same one
    assert [e.action for e in admin.history()] == [AdminAction.PASSPHRASE_SET]

    scripted = run_reset(tmp_path, database_url, "--yes")  # nothing to read, nothing asked
    assert scripted.returncode == 0, scripted.stderr
    assert QUESTION not in scripted.stderr
    assert "passphrase was cleared in " in scripted.stdout
    assert not admin.is_set()
    assert admin.history()[0].action == AdminAction.PASSPHRASE_RESET
    engine.dispose()
