"""The program: read the configuration, start logging, run the command asked for.

``owl-desktop`` runs the desk (the window); ``owl-desktop sync`` and the commands to come
(``portal``, ``autopay``) run headless, their Stripe secret from a file or environment
variable. The parts are built in ``composition.py`` (Qt-free) and, for the desk, wired to its
windows in ``ui/desk.py``. Nothing is created at import time.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import MutableMapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from owl_desktop.config import Config, ConfigError, load_config
from owl_desktop.errors import UserFacingError
from owl_desktop.logs import start_logging

if TYPE_CHECKING:
    from owl_desktop.composition import Services

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILURE = 1
# A setting the app refuses to run with, like a bad command-line option.
EXIT_CONFIG = 2


def run(argv: Sequence[str] | None = None) -> int:
    """The program. Returns the process exit code; never shows a traceback to the user.

    Every failure to start (a refused setting, a data folder that can't be written, a
    database that can't be used) is shown in a dialog with what to do and where the log is
    (headless commands: one sentence on stderr), and the exit code is non-zero.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    problem: UserFacingError | None = None
    try:
        config = load_config(args)
    except ConfigError as error:
        problem, config = error, load_config(args, check_urls=False)
    log_path, log_problem = start_logging(config.data_dir, config.log_dir,
                                          to_stderr=config.log_to_stderr, debug=config.debug)
    problem = problem or log_problem
    log.info("Owl Desktop starting (command=%s, sandbox=%s, smoke_test=%s)", config.command,
             config.sandbox, config.smoke_test)
    code = EXIT_CONFIG if isinstance(problem, ConfigError) else EXIT_FAILURE
    if problem is not None:
        log.error("can't start: %s (%s)", problem.message, problem.detail)
    try:
        if config.command == "sync":
            from owl_desktop.headless import report_start_failure, run_sync

            if problem is not None:
                report_start_failure(config.command, problem, log_written=log_path is not None)
                return code
            return run_sync(config)
        if config.command == "autopay":
            from owl_desktop.headless import report_start_failure
            from owl_desktop.headless_autopay import run_autopay

            if problem is not None:
                report_start_failure(config.command, problem, log_written=log_path is not None)
                return code
            return run_autopay(config)
        if config.command == "portal":
            from owl_desktop.headless import report_start_failure
            from owl_desktop.portal.serve import run_portal

            if problem is not None:
                report_start_failure(config.command, problem, log_written=log_path is not None)
                return code
            return run_portal(config)
        if config.command == "copy-database":
            from owl_desktop.copy_command import run_copy_database
            from owl_desktop.headless import report_start_failure

            if problem is not None:
                report_start_failure(config.command, problem, log_written=log_path is not None)
                return code
            return run_copy_database(config)
        if config.command == "reset-admin-passphrase":
            from owl_desktop.admin_command import run_reset_admin_passphrase
            from owl_desktop.headless import report_start_failure

            if problem is not None:
                report_start_failure(config.command, problem, log_written=log_path is not None)
                return code
            return run_reset_admin_passphrase(config)
        return _desk(config, log_path, problem, code)
    except Exception:  # a bug: the log has it; the user gets a sentence, never a traceback
        log.exception("Owl Desktop failed")
        print("owl-desktop: something went wrong; the details were written to the log file"
              + (f": {log_path}" if log_path else " (none could be written)."), file=sys.stderr)
        return EXIT_FAILURE


def _desk(config: Config, log_path: Path | None, problem: UserFacingError | None,
          code: int) -> int:
    prepare_qt_environment()
    from owl_desktop.display import missing_display

    no_display = missing_display(os.environ)
    if no_display is not None:  # before Qt, which would blame missing libraries
        log.error("no display: %s", no_display)
        print(no_display, file=sys.stderr)
        return EXIT_FAILURE
    from owl_desktop.ui.application import GuiSession

    gui = GuiSession(config, log_path=log_path, log_failed=log_path is None)
    try:
        if problem is not None:
            gui.show_fatal_error(problem)
            return code
        return _run_desk(config, gui)
    finally:
        gui.close()


def prepare_qt_environment(environ: MutableMapping[str, str] = os.environ) -> None:
    """Chromium refuses to run its sandbox as root on Linux (containers, CI): only then turn
    it off, and only when the user hasn't chosen flags."""
    geteuid = getattr(os, "geteuid", None)
    if sys.platform.startswith("linux") and geteuid is not None and geteuid() == 0:
        environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")


def _run_desk(config: Config, gui: object) -> int:
    """Show the window's frame first (first paint: Qt alone, nothing of the database, Stripe
    or the sandbox is imported yet), then the rest on the event loop (issue 18): the entry
    view starts loading at once, the database opens on a worker thread meanwhile, and the
    window is wired to the services when they are built."""
    from owl_desktop.ui.application import GuiSession, SmokeStep, StartDone
    from owl_desktop.ui.main_window import main_window_frame

    assert isinstance(gui, GuiSession)
    window = main_window_frame(gui.presenter)
    opened: list[Services] = []

    def finish(done: StartDone) -> None:
        from owl_desktop.early_start import start_early
        from owl_desktop.ui.payment_methods.entry_setup import (
            EntrySettingsSource,
            prepare_entry_pool,
        )

        early = start_early(config)
        pool = None
        if early.publishable_key:
            pool = prepare_entry_pool(EntrySettingsSource(
                lambda: early.publishable_key, stripe_js_url=early.config.stripe_js_url,
                language=gui.language, entry_page_url=early.config.entry_page_url))

        def build() -> Services:
            """On a worker thread: SQLAlchemy's import, the migration check, the demo data."""
            from owl_desktop.composition import build_services

            # The Stripe parts are opened by the window, off the UI thread too (keyring).
            services = build_services(early.config, open_stripe=False, daily_backups=True,
                                      sandbox=early.sandbox)
            opened.append(services)  # closed at the end, even if the window never gets them
            return services

        def wire(services: Services) -> None:
            from owl_desktop.ui.desk import sandbox_portal_later, smoke_steps, wire_main_window

            try:
                wire_main_window(window, services, gui, entry_pool=pool)
            except Exception as error:
                done(error)
                return
            steps: list[SmokeStep] = smoke_steps(window) if config.smoke_test else []
            if config.sandbox:  # Clients → Open client portal opens it, once the desk is up
                steps.append(sandbox_portal_later(window, services))
            done(steps)

        window.tasks.run(build, on_success=wire, on_failure=done, key="start-up")

    try:
        return gui.exec(window, finish=finish)
    except Exception as error:
        log.exception("the main window failed")
        gui.show_fatal_error(error)
        return EXIT_FAILURE
    finally:
        window.tasks.wait_for_done()  # a start-up still building when the window closed
        window.close()
        window.deleteLater()
        for services in opened:
            services.close()
