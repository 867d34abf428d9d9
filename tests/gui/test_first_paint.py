"""The desk starts fast (issue 18, item 4): the main window's frame and search field are
painted before anything first paint doesn't need is imported or done — the database,
SQLAlchemy, Alembic, Stripe, the sandbox, the portal — and the rest follows on the event loop:
the entry view starts loading before the database opens (on a worker thread)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.gui.test_app import REPO, run_app

# What must not be loaded before the window is on screen.
HEAVY = ("sqlalchemy", "alembic", "stripe", "starlette", "uvicorn", "jinja2", "argon2",
         "keyring", "requests", "owl_desktop.store", "owl_desktop.sandbox", "owl_desktop.portal",
         "owl_desktop.payments", "owl_desktop.services", "owl_desktop.sync",
         "owl_desktop.composition", "owl_desktop.ui.desk", "owl_desktop.ui.web", "fpdf",
         "importlib.metadata")


def test_what_first_paint_needs_imports_nothing_heavy() -> None:
    """``app._run_desk`` builds the frame from these modules alone before the first paint."""
    script = (
        "import sys\n"
        "import owl_desktop.app, owl_desktop.ui.application, owl_desktop.ui.main_window\n"
        f"heavy = {HEAVY!r}\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                            text=True, check=True, timeout=120)
    assert result.stdout.strip() == "[]"


@pytest.mark.slow
def test_the_window_paints_before_the_database_opens_and_the_entry_view_follows(
        tmp_path: Path) -> None:
    result = run_app(tmp_path, "--sandbox", "--smoke-test", "--lang", "en")
    assert result.returncode == 0, result.stderr
    log = result.stderr
    order = [log.find(line) for line in (
        "first paint",                                  # the frame and search field
        "sandbox mode: started the Stripe double",      # the double serves Stripe.js
        "entry view: preparing one",                    # the card fields start loading
        "owl_desktop.composition: database",            # then the database opens
        "smoke step first_results",                     # the client list fills
        "smoke test passed")]
    assert -1 not in order, log
    assert order == sorted(order), log
    # Prepared right after start-up: the smoke run's own view came from the pool at once.
    assert "entry view prepared: card fields ready" in log
    assert "entry view: none prepared" not in log
    # The desk adopted the early view: no second one before the smoke run took it.
    assert log[:log.find("smoke step open_entry_view")].count("entry view: preparing one") == 1
    assert "Traceback" not in log
