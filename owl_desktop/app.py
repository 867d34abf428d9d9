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

from owl_desktop.config import Config, load_config
from owl_desktop.errors import UserFacingError
from owl_desktop.logs import setup_logging

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILURE = 1


def run(argv: Sequence[str] | None = None) -> int:
    """The program. Returns the process exit code; never shows a traceback to the user."""
    config = load_config(sys.argv[1:] if argv is None else argv)
    log_path = setup_logging(config.log_dir, to_stderr=config.log_to_stderr, debug=config.debug)
    log.info("Owl Desktop starting (command=%s, sandbox=%s, smoke_test=%s)", config.command,
             config.sandbox, config.smoke_test)
    if config.command == "sync":
        from owl_desktop.headless import run_sync

        return run_sync(config)
    prepare_qt_environment()
    from owl_desktop.display import missing_display

    no_display = missing_display(os.environ)
    if no_display is not None:  # before Qt, which would blame missing libraries
        log.error("no display: %s", no_display)
        print(no_display, file=sys.stderr)
        return EXIT_FAILURE
    from owl_desktop.ui.application import GuiSession

    gui = GuiSession(config, log_path=log_path)
    try:
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
    from owl_desktop.composition import build_services
    from owl_desktop.ui.application import GuiSession
    from owl_desktop.ui.desk import build_main_window, smoke_steps

    assert isinstance(gui, GuiSession)
    try:
        # The Stripe parts are opened by the window, off the UI thread (keyring).
        services = build_services(config, open_stripe=False)
    except UserFacingError as error:
        gui.show_fatal_error(error)
        return EXIT_FAILURE
    except Exception as error:
        log.exception("start-up failed")
        gui.show_fatal_error(error)
        return EXIT_FAILURE
    try:
        window = build_main_window(services, gui)
        steps = smoke_steps(window) if config.smoke_test else ()
        code = gui.exec(window, steps)
        window.close()
        window.deleteLater()
        return code
    except Exception as error:
        log.exception("the main window failed")
        gui.show_fatal_error(error)
        return EXIT_FAILURE
    finally:
        services.close()
