"""The Qt side of one run of the app: QApplication, translations, crash recording, smoke run.

``app.py`` and ``ui/desk.py`` (the composition root) drive it; this module keeps everything Qt
out of ``app.py``.
"""

from __future__ import annotations

import importlib
import logging
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType

from owl_desktop import __version__
from owl_desktop.config import Config
from owl_desktop.errors import UserFacingError

log = logging.getLogger(__name__)

# A smoke step does something and may return a condition to wait for before the next step.
SmokeStep = Callable[[], Callable[[], bool] | None]
# The rest of start-up is told how it ended (maybe later, from the event loop): the smoke
# steps it adds, or the error that stops the run.
StartDone = Callable[[Sequence[SmokeStep] | BaseException], None]
SMOKE_STEP_TIMEOUT_S = 60.0
# Start-up goes on after the window's first paint, or after this long without one.
FIRST_PAINT_WAIT_MS = 250


def _import_webengine() -> None:
    """QtWebEngine must be imported before the QApplication exists (it sets up shared GL
    contexts); the payment entry view needs it later in the run."""
    try:
        import PySide6.QtWebEngineWidgets  # noqa: F401
    except ImportError as error:  # a broken install: the rest of the app still works
        log.warning("QtWebEngine unavailable: %s", error)
    stop_reading_module_sources()


def stop_reading_module_sources() -> None:
    """Keep PySide6 from reading the source file of every module imported after it.

    PySide6 wraps ``import`` to support ``from __feature__ import snake_case``: for each new
    module it calls ``inspect.getsource(module)`` to see whether the module mentions PySide6.
    That reads all 870 of the desk's modules (a fifth of a second at start) and keeps every
    line of them in ``linecache`` for the rest of the run (about 30 MiB, issue 18's memory).
    We use no ``__feature__``: every module is answered "doesn't use it", which is also what
    the frozen bundle gets (its modules have no source to read). Harmless if a PySide6
    version no longer has the hook.
    """
    try:
        feature = importlib.import_module("PySide6.support.feature")
    except ImportError:
        return
    if callable(getattr(feature, "_mod_uses_pyside", None)):
        setattr(feature, "_mod_uses_pyside", lambda _module: False)  # noqa: B010


class GuiSession:
    """Owns the QApplication for one run and restores global state on ``close``.

    Exceptions that escape Qt slots go through ``sys.excepthook``; they are recorded here
    (``errors``), logged, shown as a generic message, and make a smoke test fail.
    """

    def __init__(self, config: Config, *, log_path: Path | None = None,
                 log_failed: bool = False) -> None:
        from owl_desktop.ui.memory import limit_malloc_arenas

        limit_malloc_arenas()  # before QtWebEngine starts its threads
        _import_webengine()
        from PySide6.QtWidgets import QApplication

        from owl_desktop.ui.errors import ErrorPresenter
        from owl_desktop.ui.i18n import Translations, choose_language

        self.config = config
        existing = QApplication.instance()
        # Only the program name goes to Qt: our own flags are not Qt's to parse.
        self.app = existing if isinstance(existing, QApplication) else QApplication(
            [sys.argv[0] if sys.argv else "owl-desktop"])
        self.app.setApplicationName("Owl Desktop")
        self.app.setOrganizationName("Owl Desktop")
        self.app.setApplicationVersion(__version__)
        from owl_desktop.ui import style
        from owl_desktop.ui.fit import install_title_fit

        install_title_fit(self.app)
        # The desk's palette (ui/style.py: its contrast pairs are measured by a test).
        self._previous_palette = self.app.palette()
        self.app.setPalette(style.qt_palette(self._previous_palette))
        self.app.setWindowIcon(style.icon("owl-desktop"))  # SVG: sharp at any scale
        self.translations = Translations()
        self.translations.install(choose_language(config.language))
        log.info("UI language: %s", self.translations.language)
        self.presenter = ErrorPresenter(log_path=log_path, log_failed=log_failed)
        self.errors: list[BaseException] = []
        self._previous_hook = sys.excepthook
        sys.excepthook = self._excepthook

    @property
    def language(self) -> str:
        return self.translations.language

    def show_fatal_error(self, error: BaseException) -> None:
        """Tell the user the app can't start, what to do and where the log is. Smoke runs
        have nobody to click OK: stderr."""
        if self.config.smoke_test:
            message, hint = self.presenter.fatal_texts(error)
            text = f"{message} {hint}".strip().replace("\n\n", " ")
            print(f"Owl Desktop can't start: {text}", file=sys.stderr)
            return
        self.presenter.present_fatal(error)

    def exec(self, window: object, smoke_steps: Sequence[SmokeStep] = (), *,
             finish: Callable[[StartDone], None] | None = None) -> int:
        """Show ``window`` and run the event loop; in smoke mode run the steps and quit.

        ``finish`` is the rest of start-up: it is called on the event loop once the window
        has painted (first paint, issue 18) and calls the ``StartDone`` it is given when it
        has finished (then or later: work off the UI thread) with more smoke steps, or with
        the error that stops the run. An error (or ``finish`` raising) is shown as a
        start-up failure and the run ends with exit code 1.
        """
        from PySide6.QtWidgets import QWidget

        assert isinstance(window, QWidget)
        start = _Start(self, window, list(smoke_steps), finish)
        window.show()
        if not self.config.smoke_test:
            code = self.app.exec()
            return start.code if start.code else code
        from PySide6.QtCore import QEventLoop

        # A local loop, not app.quit(): quitting the application would also close every
        # top-level window, which is the caller's business (and breaks in-process tests).
        loop = QEventLoop()
        start.quit = loop.quit
        loop.exec()
        if start.code:
            return start.code
        smoke = start.smoke
        if smoke is not None and smoke.failure:
            print(f"smoke test failed: {smoke.failure}", file=sys.stderr)
        if self.errors:
            print(f"smoke test failed: {len(self.errors)} unhandled error(s), see the log",
                  file=sys.stderr)
        ok = smoke is not None and smoke.failure is None and not self.errors
        log.info("smoke test %s", "passed" if ok else "failed")
        return 0 if ok else 1

    def close(self) -> None:
        """Undo what the session changed globally (tests run several sessions in one process)."""
        if sys.excepthook == self._excepthook:
            sys.excepthook = self._previous_hook
        self.translations.remove()
        self.app.setPalette(self._previous_palette)

    def _excepthook(self, exc_type: type[BaseException], exc: BaseException,
                    tb: TracebackType | None) -> None:
        self.errors.append(exc)
        log.critical("unhandled exception", exc_info=(exc_type, exc, tb))
        if not self.config.smoke_test:
            self.presenter.present(exc)


class _Start:
    """The start of a run once the window is shown: waits for its first paint (or
    ``FIRST_PAINT_WAIT_MS``), then runs ``finish`` on the event loop, then the smoke steps."""

    def __init__(self, session: GuiSession, window: object, steps: list[SmokeStep],
                 finish: Callable[[StartDone], None] | None) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        self._session = session
        self._steps = steps
        self._finish = finish
        self.quit: Callable[[], None] = session.app.quit
        self.code = 0  # non-zero: start-up failed
        self.smoke: _SmokeRun | None = None
        self._started = False
        session_ = self

        class PaintWatch(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint:
                    session_._painted()
                return False

        assert isinstance(window, QObject)
        self._window = window
        self._watch = PaintWatch()
        window.installEventFilter(self._watch)
        self._fallback = QTimer()
        self._fallback.setSingleShot(True)
        self._fallback.timeout.connect(self._painted)
        self._fallback.start(FIRST_PAINT_WAIT_MS)

    def _painted(self) -> None:
        from PySide6.QtCore import QTimer

        if self._started:
            return
        self._started = True
        self._fallback.stop()
        self._window.removeEventFilter(self._watch)
        log.info("first paint")
        # After this paint event, not inside it: the frame reaches the screen first.
        QTimer.singleShot(0, self._run_finish)

    def _run_finish(self) -> None:
        if self._finish is None:
            self._finished(())
            return
        try:
            self._finish(self._finished)
        except Exception as error:
            self._finished(error)

    def _finished(self, result: Sequence[SmokeStep] | BaseException) -> None:
        if isinstance(result, BaseException):
            if not isinstance(result, UserFacingError):
                log.error("start-up failed", exc_info=result)
            self._session.show_fatal_error(result)
            self.code = 1
            if self._session.config.smoke_test:
                self.quit()
            else:
                self._session.app.exit(1)
            return
        self._steps.extend(result)
        if self._session.config.smoke_test:
            self.smoke = _SmokeRun(self._steps, self.quit)
            self.smoke.start()


class _SmokeRun:
    """Runs smoke steps one after the other inside the event loop, then quits."""

    def __init__(self, steps: list[SmokeStep], quit_: Callable[[], None]) -> None:
        from PySide6.QtCore import QTimer

        self._steps = steps
        self._quit = quit_
        self._waiting: Callable[[], bool] | None = None
        self._deadline = 0.0
        self.failure: str | None = None
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._timer.start()

    def _tick(self) -> None:
        try:
            if self._waiting is not None:
                if not self._waiting():
                    if time.monotonic() > self._deadline:
                        self._fail(f"timed out waiting after step {self._index}")
                    return
                self._waiting = None
            if not self._steps:
                self._timer.stop()
                self._quit()
                return
            step = self._steps.pop(0)
            self._index = getattr(step, "__name__", repr(step))
            log.info("smoke step %s", self._index)
            self._waiting = step()
            self._deadline = time.monotonic() + SMOKE_STEP_TIMEOUT_S
        except Exception as error:  # a failing step fails the smoke test, with its traceback
            log.exception("smoke step failed")
            self._fail(f"{type(error).__name__} in step {getattr(self, '_index', '?')}")

    _index = "?"

    def _fail(self, reason: str) -> None:
        self.failure = reason
        self._timer.stop()
        self._quit()
