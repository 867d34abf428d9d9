"""Pre-warming: an entry view is built in the background so *Add payment method* opens at once.

Building a view means starting a renderer, loading Stripe.js and mounting three iframes: a few
hundred milliseconds cold, more on a slow network. The pool keeps one view prepared (hidden, never
shown until a dialog takes it) and builds the next one a moment after a dialog took the last.
A view serves one dialog only, so no client's state ever carries over to the next.

All views share one off-the-record profile: Stripe's cookies, cache and storage live in memory
and vanish with the app, so nothing the page touched is written to disk.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWebEngineCore import QWebEngineProfile

from owl_desktop.ui.memory import release_free_memory
from owl_desktop.ui.web.bridge import EntryBridge
from owl_desktop.ui.web.view import EntrySettings, EntryView, ViewState

log = logging.getLogger(__name__)

#: After a dialog takes the spare view, wait this long before building the next (the dialog
#: that just opened gets the CPU first).
REFILL_DELAY_MS = 1500
#: A spare that failed (Stripe.js unreachable) is rebuilt after this long.
RETRY_DELAY_MS = 30_000

#: After a view is thrown away, give the memory it freed back to the system this much later.
TRIM_DELAY_MS = 2000

SettingsSource = Callable[[], EntrySettings | None]


def new_entry_profile(parent: QObject | None = None) -> QWebEngineProfile:
    """An off-the-record profile: no cookies, cache or storage on disk."""
    profile = QWebEngineProfile(parent)  # no storage name: off the record
    profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
    profile.setPersistentCookiesPolicy(QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies)
    return profile


def _log_prepared() -> None:
    # The start-up benchmark's "card fields ready" (benchmarks/startup.py).
    log.info("entry view prepared: card fields ready")


class EntryViewPool(QObject):
    """Keeps one prepared ``EntryView`` ready; ``take()`` hands it out.

    ``settings`` is asked each time a view is built: it returns ``None`` while Stripe isn't
    connected (no publishable key), and then nothing is pre-warmed.
    """

    def __init__(self, settings: SettingsSource, parent: QObject | None = None, *,
                 refill_delay_ms: int = REFILL_DELAY_MS) -> None:
        super().__init__(parent)
        self._settings = settings
        self._refill_delay_ms = refill_delay_ms
        self.profile = new_entry_profile(self)
        self._spare: EntryView | None = None
        self._live: list[EntryView] = []  # every view built and not yet disposed
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fill)
        self._trim = QTimer(self)
        self._trim.setSingleShot(True)
        self._trim.setInterval(TRIM_DELAY_MS)
        self._trim.timeout.connect(release_free_memory)

    @property
    def spare(self) -> EntryView | None:
        return self._spare

    def prewarm(self, delay_ms: int = 0) -> None:
        """Build the spare view after ``delay_ms`` (start-up calls this once the window shows)."""
        if self._closed or self._refill_delay_ms < 0:
            return
        if delay_ms <= 0:
            self._fill()
        elif not self._timer.isActive():
            self._timer.start(delay_ms)

    def follow(self, settings: SettingsSource) -> None:
        """Ask ``settings`` from now on (the desk's own source, once its services exist); the
        spare view is kept while it matches them."""
        self._settings = settings

    def take(self) -> EntryView:
        """A view for one dialog: the spare when it matches the current settings, else a new one.

        The caller owns the returned view and calls ``release`` (or ``view.dispose()``) when done.
        """
        settings = self._settings()
        view = self._spare
        self._spare = None
        if view is not None and (view.entry_settings != settings or view.state is ViewState.FAILED):
            view.dispose()
            view = None
        if view is None:
            log.info("entry view: none prepared, building one now")
            view = self._build(settings)
        self.prewarm(self._refill_delay_ms)
        return view

    def release(self, view: EntryView) -> None:
        view.dispose()

    def close(self) -> None:
        """At quit: delete every view this pool built, now, then the profile (Qt wants pages
        deleted before their profile, and no event loop will run the usual deleteLater)."""
        if self._closed:
            return
        self._closed = True
        self._timer.stop()
        self._trim.stop()
        self._spare = None
        for view in list(self._live):
            view.dispose(immediately=True)
        self._live.clear()

    def stop_prewarming(self) -> None:
        """No more spare views; ``take`` still builds one on demand (benchmarks, tests)."""
        self._timer.stop()
        self._refill_delay_ms = -1

    def _fill(self) -> None:
        if self._closed:
            return
        settings = self._settings()
        if settings is None:
            return
        if self._spare is not None and self._spare.entry_settings == settings \
                and self._spare.state is not ViewState.FAILED:
            return
        if self._spare is not None:
            self._spare.dispose()
        log.info("entry view: preparing one")
        self._spare = self._build(settings)
        self._spare.failed.connect(self._on_spare_failed)
        self._spare.ready.connect(_log_prepared)

    def _on_spare_failed(self, code: str) -> None:
        if code == EntryBridge.TAMPERED:  # not the network: a new view at once
            self.prewarm(max(self._refill_delay_ms, 1))
        elif code != "not_connected":
            self.prewarm(RETRY_DELAY_MS)

    def _build(self, settings: EntrySettings | None) -> EntryView:
        if settings is None:
            settings = EntrySettings(publishable_key="", stripe_js_url="")
        view = EntryView(self.profile, settings)
        self._live.append(view)
        view.disposed.connect(lambda v=view: self._forget(v))
        return view

    def _forget(self, view: EntryView) -> None:
        if not self._closed:
            self._trim.start()  # once the view's deferred deletion has run
        if view in self._live:
            self._live.remove(view)
        if self._spare is view:
            self._spare = None
