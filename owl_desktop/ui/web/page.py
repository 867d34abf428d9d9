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
* **Pop-ups** (``window.open``, in a ``StripePopup`` the app owns): opened only from a user
  gesture in the page (Chromium's ``isUserInitiated``), only while a Stripe flow is in progress
  (the view is confirming: ``set_stripe_flow``), and at most one at a time (a pop-up's own page
  opens none). The first navigation must be to one of Stripe's origins or the configured
  Stripe.js origin, else the window closes; then it may follow https redirects anywhere (a
  bank's login), never to plain http. A pop-up left on an empty page (``about:blank`` after its
  load and a short grace) or on a failed or refused load closes by itself.

Refused navigations are logged by origin only (never the full URL: Stripe's URLs can carry
client secrets), as are frames that leave Stripe.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtWebEngineCore import (
    QWebEngineNewWindowRequest,
    QWebEnginePage,
    QWebEngineProfile,
)
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
        popup_refused(str): why a ``window.open`` got no window (``no_gesture``, ``no_flow``,
            ``one_at_a_time``).
    """

    navigation_blocked = Signal(str)
    popup_opened = Signal(object)
    popup_refused = Signal(str)

    def __init__(self, profile: QWebEngineProfile, origins: AllowedOrigins,
                 parent: QWidget | None = None, *,
                 main_frame_origins: tuple[str, ...] = ()) -> None:
        super().__init__(profile, parent)
        self._origins = origins
        # Where the main frame may be; empty means a pop-up (must start at Stripe).
        self._main_frame_origins = main_frame_origins
        self._popup_started = False
        self._popups: list[StripePopup] = []
        self._stripe_flow = False
        self.newWindowRequested.connect(self._on_new_window_requested)

    @property
    def origins(self) -> AllowedOrigins:
        return self._origins

    @property
    def open_popups(self) -> list[StripePopup]:
        return [p for p in self._popups if shiboken6.isValid(p) and p.isVisible()]

    def set_stripe_flow(self, in_progress: bool) -> None:
        """Whether Stripe is confirming (3-D Secure, the bank window): pop-ups only then.

        When the flow ends, a pop-up still open has nothing left to do and closes.
        """
        self._stripe_flow = in_progress
        if not in_progress:
            self.close_popups()

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

    def createWindow(  # type: ignore[override]  # Qt takes None: "no window from here"
            self, window_type: QWebEnginePage.WebWindowType) -> QWebEnginePage | None:
        """No window here: ``newWindowRequested`` (which Qt emits when this returns none) says
        whether a user gesture opened it, and opens Stripe's pop-up in a window we own."""
        return None

    def _on_new_window_requested(self, request: QWebEngineNewWindowRequest) -> None:
        refusal = self._popup_refusal(request.isUserInitiated())
        if refusal:
            log.warning("entry view: refused a pop-up to %s (%s)",
                        _describe(request.requestedUrl()), refusal)
            self.popup_refused.emit(refusal)
            return
        parent = QWebEngineView.forPage(self)
        popup = StripePopup(self.profile(), self._origins,
                            parent.window() if parent is not None else None)
        self._popups.append(popup)
        popup.finished.connect(lambda _result, p=popup: self._forget_popup(p))
        request.openIn(popup.page)
        popup.show()
        log.info("entry view: opened a Stripe window (%s)", request.destination().name)
        self.popup_opened.emit(popup)

    def _popup_refusal(self, user_initiated: bool) -> str:
        """Why a pop-up may not open now, or "" if it may."""
        if not self._main_frame_origins:
            return "one_at_a_time"  # a pop-up's own page: it is the one pop-up
        if not user_initiated:
            return "no_gesture"
        if not self._stripe_flow:
            return "no_flow"
        if self.open_popups:
            return "one_at_a_time"
        return ""

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
    A window left on an empty page, or on a load that failed or was refused, closes too.
    """

    # How long a window may stay on an empty or refused page, no load under way, for its
    # opener to send it somewhere.
    EMPTY_GRACE_MS = 1500

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
        self._shown_url = ""
        self._empty_check = QTimer(self)
        self._empty_check.setSingleShot(True)
        self._empty_check.setInterval(self.EMPTY_GRACE_MS)
        self._empty_check.timeout.connect(self._close_if_empty)
        self._empty_check.start()  # also a window that never loads anything
        self.page.loadStarted.connect(self._on_page_load_started)
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

    def _on_page_load_started(self) -> None:
        # On its way somewhere: however long the page takes (a slow bank, a busy machine), the
        # grace counts only once a load has ended on nothing.
        self._empty_check.stop()

    def _on_page_load_finished(self, ok: bool) -> None:
        log.debug("entry view: Stripe's window loaded (ok: %s, at %s)", ok,
                  _describe(self.page.url()))
        url = self.page.url().toString()
        if ok:
            self._shown_url = url
        # A refused hop away from a shown page leaves that page on screen (same URL); a refused
        # redirect or a failed load leaves an error page, and about:blank shows nothing.
        self.loaded = url == self._shown_url and url not in ("", *BLANK_URLS)
        if not self.loaded:
            self._empty_check.start()

    def _close_if_empty(self) -> None:
        if not self.loaded:
            log.info("entry view: Stripe's window ended on an empty or refused page; closing it")
            self.close()

    def _on_page_title_changed(self, title: str) -> None:
        if title:
            self.setWindowTitle(title)

    def done(self, result: int) -> None:
        # Its own pop-ups first; the page itself goes with the view, a child of this window,
        # when the opener deletes the window.
        self.page.close_popups()
        super().done(result)
