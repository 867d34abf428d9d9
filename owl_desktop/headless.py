"""Commands that run without a window, on a server or from a scheduler.

Their Stripe secret comes from ``OWL_STRIPE_SECRET_KEY_FILE`` or ``OWL_STRIPE_SECRET_KEY``
(``services/secret_sources.py``), never the command line and never a desktop keyring; the
account itself was connected once at a desk (Settings → Stripe) and is read from the shared
database. Every failure is one sentence on stderr and a non-zero exit code.
"""

from __future__ import annotations

import logging
import sys

from owl_desktop.config import Config
from owl_desktop.errors import UserFacingError

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILURE = 1


def say(text: str) -> None:
    print(text, file=sys.stderr)


def report_start_failure(command: str, error: UserFacingError, *, log_written: bool) -> None:
    """Why the command can't start: one sentence and what to do, on stderr."""
    note = "" if log_written else " No log file could be written."
    say(f"owl-desktop {command}: {error.message} {error.hint}".strip() + note)


def run_sync(config: Config) -> int:
    """``owl-desktop sync``: send what waits, pull Stripe's changes, print a summary."""
    from owl_desktop.composition import build_services

    try:
        services = build_services(config, open_stripe=False, headless=True,
                                  daily_backups=True)
    except UserFacingError as error:
        say(f"owl-desktop sync: {error.message} {error.hint}".strip())
        return EXIT_FAILURE
    try:
        try:
            credentials = services.credentials.credentials()
        except UserFacingError as error:
            say(f"owl-desktop sync: {error.message} {error.hint}".strip())
            return EXIT_FAILURE
        if credentials is None:
            say("owl-desktop sync: no Stripe account is connected to this database. An "
                "administrator connects it at a desk, in Settings → Stripe.")
            return EXIT_FAILURE
        parts = services.live.rebuild()
        if parts is None:
            say("owl-desktop sync: Stripe could not be opened (see the log).")
            return EXIT_FAILURE
        summary = parts.sync_engine.run_once()
        print(f"sent {summary.sent}, retried {summary.retried}, failed {summary.failed}, "
              f"waiting {summary.waiting}, problems {summary.problems}, "
              f"{summary.api_calls} Stripe calls in {summary.duration_s:.1f} s")
        if summary.error:
            say(f"owl-desktop sync: {summary.error}")
            return EXIT_FAILURE
        return EXIT_OK
    finally:
        services.close()
