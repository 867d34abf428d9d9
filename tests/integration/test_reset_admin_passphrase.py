"""``owl-desktop reset-admin-passphrase``: a real process against the clinic's database (both
kinds), no Stripe secret and no window; it says what it did, records it in the administrator's
history, and the next use sets a new passphrase. Run again with nothing set, it says so and
changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from argon2 import PasswordHasher

from owl_desktop.domain.admin_history import AdminAction
from owl_desktop.services.admin_passphrase import AdminPassphraseService
from owl_desktop.store.db import create_db_engine, migrate
from owl_desktop.store.uow import UnitOfWorkFactory

REPO = Path(__file__).resolve().parents[2]
COMMAND = "reset-admin-passphrase"


def run_reset(tmp_path: Path, url: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items()
               if not k.startswith(("OWL_", "STRIPE"))}  # no secret of any kind
    environ.update({"HOME": str(tmp_path), "OWL_DESK": "server"})
    return subprocess.run(
        [sys.executable, "-m", "owl_desktop", COMMAND, "--data-dir", str(tmp_path / "data"),
         "--database-url", url], cwd=REPO, env=environ, capture_output=True, text=True,
        timeout=120, check=False)


def test_the_command_clears_a_forgotten_passphrase(tmp_path: Path, database_url: str) -> None:
    engine = create_db_engine(database_url)
    migrate(engine)
    uow = UnitOfWorkFactory(engine)
    admin = AdminPassphraseService(uow, hasher=PasswordHasher(time_cost=1, memory_cost=1024,
                                                              parallelism=1))
    admin.set_once("the forgotten passphrase")

    done = run_reset(tmp_path, database_url)
    assert done.returncode == 0, done.stderr
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
    again = run_reset(tmp_path, database_url)
    assert again.returncode == 0, again.stderr
    assert "no clinic administrator's passphrase is set" in again.stdout
    assert "nothing was changed" in again.stdout
    assert [e.action for e in admin.history()][:2] == [AdminAction.PASSPHRASE_RESET,
                                                       AdminAction.PASSPHRASE_SET]
    engine.dispose()
