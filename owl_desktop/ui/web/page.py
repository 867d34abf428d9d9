"""The entry view's page: a navigation filter, Stripe's pop-ups in our own window, console to log.

Like Anki's ``AnkiWebPage``, the page is kept narrow, but not so narrow that a real bank's
3-D Secure or login can't run. The policy (rules in ``origins.py``):

* **Main frame of the entry view**: only the entry page (``setHtml``'s ``data:`` load, or the
  configured hosted copy's origin). Never Stripe, never anything else.
* **Frames** (any depth): the entry page's own iframes are limited by its CSP ``frame-src`` to
  Stripe.js's hosts and ``hooks.stripe.com``; inside those, Stripe embeds the bank's 3-D Secure
  challenge and device fingerprinting from the bank's own domain, so frame navigations may go
  to any ``https://`` origin (logged by origin). Never ``http:`` (except loopback when Stripe.js
  itself is the loopback sandbox), ``data:``, ``blob:``, ``file:`` or ``javascript:``.
* **Pop-ups** (``window.open``, in a ``StripePopup`` the app owns): the first navigation must be
  to one of Stripe's origins or the configured Stripe.js origin, else the window closes; then
  it may follow https redirects anywhere (a bank's login), never to plain http.

Refused navigations are logged by origin only (never the full URL: Stripe's URLs can carry
client secrets), as are frames that leave Stripe.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from owl_desktop.ui.web.origins import BLANK_URLS, AllowedOrigins, origin_of

log = logging.getLogger(__name__)
console_log = logging.getLogger("owl_desktop.ui.web.console")

_CONSOLE_LEVELS = {
    QWebEnginePage.JavaScriptConsoleMessageLevel.InfoMessageLevel: logging.INFO,
    QWebEnginePage.JavaScriptConsoleMessageLevel.WarningMessageLevel: logging.WARNING,
    QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel: logging.ERROR,
}


def _describe(url: QUrl) -> str:
    """What the log may say about a URL: its origin, or its scheme for data:/about: URLs."""
    text = url.toString()
    return origin_of(text) or (url.scheme() + ":")


class FilteredPage(QWebEnginePage):
    """A page that only goes where ``AllowedOrigins`` says, and logs its console.

    Signals:
        navigation_blocked(str): the origin of a refused navigation (tests watch it).
        popup_opened(object): a ``StripePopup`` this page opened for Stripe.
    """

    navigation_blocked = Signal(str)
    popup_opened = Signal(object)

    def __init__(self, profile: QWebEngineProfile, origins: AllowedOrigins,
                 parent: QWidget | None = None, *,
                 main_frame_origins: tuple[str, ...] = ()) -> None:
        super().__init__(profile, parent)
        self._origins = origins
        # Where the main frame may be; empty means a pop-up (must start at Stripe).
        self._main_frame_origins = main_frame_origins
        self._popup_started = False
        self._popups: list[StripePopup] = []

    @property
    def origins(self) -> AllowedOrigins:
        return self._origins

    # ---- Qt overrides ----------------------------------------------------------------------
    def acceptNavigationRequest(self, url: QUrl | str, nav_type: QWebEnginePage.NavigationType,
                                is_main_frame: bool) -> bool:
        qurl = QUrl(url)
        text = qurl.toString()
        if not is_main_frame:
            allowed = self._origins.allows_frame(text)
            if allowed and origin_of(text) and not self._origins.is_stripe(text):
                log.info("entry view: a frame inside Stripe's goes to %s", _describe(qurl))
        elif self._main_frame_origins:
            # setHtml loads the entry page as a data: URL the app itself "types"; a page
            # script can't produce that navigation type.
            set_html = (qurl.scheme() == "data"
                        and nav_type is QWebEnginePage.NavigationType.NavigationTypeTyped)
            allowed = set_html or origin_of(text) in self._main_frame_origins
        elif not self._popup_started:
            # A pop-up: it must start at Stripe. about:blank first (a window opened empty and
            # navigated once its URL is known) doesn't count as a start.
            allowed = text in BLANK_URLS or self._origins.may_open_popup(text)
            self._popup_started = allowed and text not in BLANK_URLS
        else:
            # Started at Stripe: now it may follow the bank wherever https goes.
            allowed = self._origins.allows_frame(text)
            if allowed and not self._origins.is_stripe(text):
                log.info("entry view: Stripe's window goes on to %s", _describe(qurl))
        if not allowed:
            where = _describe(qurl)
            log.warning("entry view: blocked navigation to %s (main frame: %s, type: %s)",
                        where, is_main_frame, nav_type.name)
            self.navigation_blocked.emit(where)
        return allowed

    def createWindow(self, window_type: QWebEnginePage.WebWindowType) -> QWebEnginePage:
        """Stripe's pop-ups (bank login, 3-D Secure on some banks) open in a window we own."""
        parent = QWebEngineView.forPage(self)
        popup = StripePopup(self.profile(), self._origins,
                            parent.window() if parent is not None else None)
        self._popups.append(popup)
        popup.finished.connect(lambda _result, p=popup: self._forget_popup(p))
        popup.show()
        log.info("entry view: opened a Stripe window (%s)", window_type.name)
        self.popup_opened.emit(popup)
        return popup.page

    def javaScriptConsoleMessage(self, level: QWebEnginePage.JavaScriptConsoleMessageLevel,
                                 message: str, line: int, source: str) -> None:
        # The entry page never logs form data; Stripe's frames log only their own notices.
        console_log.log(_CONSOLE_LEVELS.get(level, logging.INFO), "%s (%s:%s)", message[:500],
                        origin_of(source) or "page", line)

    # ---- helpers ---------------------------------------------------------------------------
    def close_popups(self, *, immediately: bool = False) -> None:
        """Close Stripe's windows; ``immediately`` also deletes them now (at quit)."""
        for popup in list(self._popups):
            if not shiboken6.isValid(popup):  # went with its parent window already
                self._popups.remove(popup)
                continue
            popup.close()
            if immediately and shiboken6.isValid(popup):
                if popup in self._popups:
                    self._popups.remove(popup)
                shiboken6.delete(popup)

    def _forget_popup(self, popup: StripePopup) -> None:
        if popup in self._popups:
            self._popups.remove(popup)
            popup.deleteLater()


class StripePopup(QDialog):
    """A window the app controls for a page Stripe opens (``window.open``).

    Its page must start at Stripe (else the window closes at once), may then follow https
    redirects (a bank's login), and closes the window when the page calls ``window.close()``.
    """

    def __init__(self, profile: QWebEngineProfile, origins: AllowedOrigins,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stripePopup")
        self.setWindowTitle(self.tr("Stripe"))
        self.resize(520, 640)
        self.view = QWebEngineView(self)
        self.page = FilteredPage(profile, origins, self.view)
        self.view.setPage(self.page)
        self.loaded = False
        self.page.titleChanged.connect(self._on_page_title_changed)
        self.page.loadFinished.connect(self._on_page_load_finished)
        self.page.windowCloseRequested.connect(self.close)
        self.page.navigation_blocked.connect(self._on_page_navigation_blocked)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def _on_page_navigation_blocked(self, _origin: str) -> None:
        # A window that didn't start at Stripe: nothing to show, so don't linger.
        if not self.loaded:
            self.close()

    def _on_page_load_finished(self, ok: bool) -> None:
        self.loaded = ok

    def _on_page_title_changed(self, title: str) -> None:
        if title:
            self.setWindowTitle(title)

    def done(self, result: int) -> None:
        # Its own pop-ups first; the page itself goes with the view, a child of this window,
        # when the opener deletes the window.
        self.page.close_popups()
        super().done(result)
