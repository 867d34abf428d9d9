"""``EntryView``: the web view holding the entry page, wired to its bridge.

Life of a view: built (page loads, Stripe.js loads) → *prepared* (Stripe built, the three card
fields mounted: ``ready``) → *opened* for one client and kind → confirmed or thrown away. A view
serves one dialog only: afterwards it holds that client's typed state, so the pool builds a new
one (see ``pool.py``).
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from enum import Enum

import shiboken6
from PySide6.QtCore import QFile, QIODevice, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEngineProfile, QWebEngineScript
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from owl_desktop.ui import style
from owl_desktop.ui.web.bridge import CARD_FIELDS, ConfirmOutcome, EntryBridge, FieldState
from owl_desktop.ui.web.entry_page import render_entry_page
from owl_desktop.ui.web.origins import EMBEDDED_ORIGIN, EMBEDDED_URL, AllowedOrigins, origin_of
from owl_desktop.ui.web.page import FilteredPage

log = logging.getLogger(__name__)

_QWEBCHANNEL_JS = ":/qtwebchannel/qwebchannel.js"
_qwebchannel_source: str | None = None


def _qwebchannel_js() -> str:
    """Qt's qwebchannel.js from its resources (a script tag can't load qrc: from https)."""
    global _qwebchannel_source
    if _qwebchannel_source is None:
        file = QFile(_QWEBCHANNEL_JS)
        if not file.open(QIODevice.OpenModeFlag.ReadOnly):
            raise RuntimeError("qwebchannel.js is missing from the Qt installation")
        _qwebchannel_source = bytes(file.readAll().data()).decode("utf-8")
        file.close()
    return _qwebchannel_source


#: How long Stripe.js and its three fields may take to be ready before the view gives up.
PREPARE_TIMEOUT_MS = 20_000


def stripe_locale(language: str) -> str:
    """Stripe.js's locale for the app's language: Canadian French or English."""
    return "fr-CA" if language.lower().startswith("fr") else "en"


@dataclass(frozen=True)
class EntrySettings:
    """What every entry view of this app run shares.

    ``texts`` are the page's labels, already translated (``web.texts.page_texts``).
    """

    publishable_key: str
    stripe_js_url: str
    language: str = "en"
    entry_page_url: str = ""
    texts: dict[str, str] = field(default_factory=dict)

    @property
    def origins(self) -> AllowedOrigins:
        return AllowedOrigins.for_urls(self.stripe_js_url, self.entry_page_url)


@dataclass(frozen=True)
class EntryPrefill:
    """What the form starts with: the profile's name, email and postal address."""

    name: str = ""
    email: str = ""
    line1: str = ""
    line2: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""

    def to_page(self) -> dict[str, object]:
        data = asdict(self)
        address = {k: data.pop(k) for k in ("line1", "line2", "city", "state", "postal_code")}
        return {**data, "address": address}


class ViewState(Enum):
    LOADING = "loading"
    PREPARING = "preparing"
    READY = "ready"
    OPENED = "opened"
    FAILED = "failed"


class EntryView(QWebEngineView):
    """The entry page in a web view, with one ``EntryBridge`` and typed signals.

    Signals:
        ready(): the card fields are mounted; ``open_form`` shows them at once.
        failed(str): the page couldn't be prepared (``stripe_js_unavailable``, ``load_failed``,
            ``timeout``, ``not_connected``...).
        form_opened(str): the form for that kind is on screen and ready for typing.
        fields_changed(): some card field's state or the name changed; read ``can_save``.
        confirm_finished(object): a ``ConfirmOutcome``.
        disposed(): the view is being thrown away (its page goes first).
        edited(): staff changed something in the form (a message about the old input is stale).
        escape_pressed(): Escape inside one of Stripe's fields.
        submit_requested(): Enter in the form.
    """

    ready = Signal()
    failed = Signal(str)
    form_opened = Signal(str)
    fields_changed = Signal()
    confirm_finished = Signal(object)
    disposed = Signal()
    edited = Signal()
    escape_pressed = Signal()
    submit_requested = Signal()

    def __init__(self, profile: QWebEngineProfile, settings: EntrySettings,
                 parent: QWidget | None = None, *,
                 prepare_timeout_ms: int = PREPARE_TIMEOUT_MS) -> None:
        super().__init__(parent)
        self.setObjectName("entryView")
        # No Reload / Back / View source / Save page: the page is a form, not a document.
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.entry_settings = settings
        self.state = ViewState.LOADING
        self.failure = ""
        self.kind = ""
        self.field_states: dict[str, FieldState] = {name: FieldState() for name in CARD_FIELDS}
        self.name_given = False
        self.address_ok = True
        self._disposed = False

        page_origin = origin_of(settings.entry_page_url) if settings.entry_page_url \
            else EMBEDDED_ORIGIN
        self.entry_page = FilteredPage(profile, settings.origins, self,
                                       main_frame_origins=(page_origin,))
        self.setPage(self.entry_page)
        # Until Chromium paints its first frame, the view's surface is black on some systems:
        # the page's own background is the dialog's surface colour, and a plain cover of that
        # colour hides the view until the form is prepared (or has failed).
        self.entry_page.setBackgroundColor(QColor(style.LIGHT.surface))
        self.loading_cover = QWidget(self)
        self.loading_cover.setObjectName("entryLoadingCover")
        self.loading_cover.setAutoFillBackground(True)
        palette = self.loading_cover.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(style.LIGHT.surface))
        self.loading_cover.setPalette(palette)
        self.loading_cover.setGeometry(self.rect())
        self.loading_cover.raise_()
        self.bridge = EntryBridge(self)
        self._channel = QWebChannel(self.entry_page)
        self._channel.registerObject(EntryBridge.OBJECT_NAME, self.bridge)
        self.entry_page.setWebChannel(self._channel)
        self.entry_page.scripts().insert(self._channel_script())
        self._connect_bridge()
        self.entry_page.loadFinished.connect(self._on_page_load_finished)
        # A network that neither answers nor fails would leave the form "preparing" forever.
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._on_deadline_timeout)
        self._deadline.start(prepare_timeout_ms)
        self._load()

    # ---- public API ------------------------------------------------------------------------
    @property
    def is_ready(self) -> bool:
        return self.state is ViewState.READY

    @property
    def fields_complete(self) -> bool:
        return all(state.valid for state in self.field_states.values())

    @property
    def can_save(self) -> bool:
        """Card: the three fields valid and a name; bank: a name (Stripe's window does the rest)."""
        if self.state is not ViewState.OPENED or not self.name_given:
            return False
        return self.kind == "acss_debit" or (self.fields_complete and self.address_ok)

    def open_form(self, kind: str, prefill: EntryPrefill) -> None:
        """Show the form for ``kind`` (``card`` / ``acss_debit``); ``form_opened`` follows."""
        if self.state is not ViewState.READY:
            raise RuntimeError(f"the entry view is {self.state.value}, not ready")
        self.kind = kind
        self.bridge.openRequested.emit(json.dumps({"kind": kind, "prefill": prefill.to_page()}))

    def set_client_secret(self, client_secret: str) -> None:
        if self.state is not ViewState.FAILED:
            self.bridge.clientSecretProvided.emit(client_secret)

    def confirm(self) -> None:
        """Ask Stripe.js to confirm the SetupIntent; ``confirm_finished`` follows."""
        if self.state is not ViewState.FAILED:
            # Stripe's pop-ups (a bank's window) may open only until the outcome comes back.
            self.entry_page.set_stripe_flow(True)
            self.bridge.confirmRequested.emit()

    def set_busy(self, busy: bool) -> None:
        self.bridge.busyRequested.emit(busy)

    def dispose(self, *, immediately: bool = False) -> None:
        """Throw the view away; its page (a child of the view) goes with it.

        ``immediately`` deletes now instead of on the next event loop pass (at quit, when no
        loop will run again before the profile goes). Neither ``setPage(None)`` (Qt deletes a
        page that is the view's child right then, and touching it afterwards crashes) nor
        ``setWebChannel(None)`` (detaching a live channel crashed QtWebEngine now and then): the
        page and its channel simply go with the view.
        """
        if self._disposed or not shiboken6.isValid(self):
            return
        self._disposed = True
        self._deadline.stop()
        self.disposed.emit()
        page = self.entry_page
        page.close_popups(immediately=immediately)
        if immediately:
            shiboken6.delete(self)
        else:
            self.hide()
            self.deleteLater()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.loading_cover.setGeometry(self.rect())
        self.loading_cover.raise_()

    # ---- internals -------------------------------------------------------------------------
    def _uncover(self) -> None:
        """The form has painted (or won't be shown): the view shows what Chromium draws."""
        self.loading_cover.hide()

    def _load(self) -> None:
        if self.entry_settings.entry_page_url:
            log.info("entry view: loading the hosted entry page from %s",
                     origin_of(self.entry_settings.entry_page_url))
            self.entry_page.load(QUrl(self.entry_settings.entry_page_url))
        else:
            html = render_entry_page(self.entry_settings.stripe_js_url)
            self.entry_page.setHtml(html, QUrl(EMBEDDED_URL))

    @staticmethod
    def _channel_script() -> QWebEngineScript:
        script = QWebEngineScript()
        script.setName("owl-qwebchannel")
        script.setSourceCode(_qwebchannel_js())
        script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
        script.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
        script.setRunsOnSubFrames(False)
        return script

    def _connect_bridge(self) -> None:
        b = self.bridge
        b.tampered.connect(self._on_bridge_tampered)
        b.page_loaded.connect(self._on_bridge_page_loaded)
        b.fields_ready.connect(self._on_bridge_fields_ready)
        b.prepare_failed.connect(self._fail)
        b.form_opened.connect(self._on_bridge_form_opened)
        b.field_changed.connect(self._on_bridge_field_changed)
        b.holder_changed.connect(self._on_bridge_holder_changed)
        b.address_checked.connect(self._on_bridge_address_checked)
        b.confirm_finished.connect(self._on_bridge_confirm_finished)
        b.edited_.connect(self.edited)
        b.escape_pressed.connect(self.escape_pressed)
        b.submit_requested.connect(self.submit_requested)

    def _on_deadline_timeout(self) -> None:
        if self.state in (ViewState.LOADING, ViewState.PREPARING):
            self._fail("timeout")

    def _on_page_load_finished(self, ok: bool) -> None:
        if not ok and self.state is ViewState.LOADING:
            self._fail("load_failed")

    def _on_bridge_page_loaded(self) -> None:
        if not self.entry_settings.publishable_key:
            self._fail("not_connected")
            return
        self.state = ViewState.PREPARING
        self.bridge.prepareRequested.emit(json.dumps({
            "publishableKey": self.entry_settings.publishable_key,
            "locale": stripe_locale(self.entry_settings.language),
            "lang": "fr" if self.entry_settings.language.startswith("fr") else "en",
            "texts": self.entry_settings.texts,
        }))

    def _on_bridge_fields_ready(self) -> None:
        if self.state is ViewState.PREPARING:
            self.state = ViewState.READY
            self._uncover()
            log.debug("entry view: card fields ready")
            self.ready.emit()

    def _on_bridge_form_opened(self, kind: str) -> None:
        self.state = ViewState.OPENED
        self._uncover()
        self.form_opened.emit(kind)

    def _on_bridge_field_changed(self, name: str, state: object) -> None:
        assert isinstance(state, FieldState)
        self.field_states[name] = state
        self.fields_changed.emit()

    def _on_bridge_holder_changed(self, given: bool) -> None:
        self.name_given = given
        self.fields_changed.emit()

    def _on_bridge_confirm_finished(self, outcome: object) -> None:
        self.entry_page.set_stripe_flow(False)
        self.confirm_finished.emit(outcome)

    def _on_bridge_tampered(self, member: str) -> None:
        """Fail closed: the page no longer talks to the app, nor the app to it; the dialog
        says the secure form must be reopened, and the pool builds a new view."""
        log.warning("entry view: the page misused the bridge (%s); failing closed", member)
        self._fail(EntryBridge.TAMPERED)
        self.bridge.blockSignals(True)

    def _on_bridge_address_checked(self, acceptable: bool) -> None:
        self.address_ok = acceptable
        self.fields_changed.emit()

    def _fail(self, code: str) -> None:
        if self.state is ViewState.FAILED:
            return
        level = logging.INFO if code == "not_connected" else logging.WARNING
        log.log(level, "entry view: could not prepare the entry page (%s)", code)
        self.state = ViewState.FAILED
        self._uncover()
        self.failure = code
        self.entry_page.set_stripe_flow(False)
        self.failed.emit(code)


__all__ = ["ConfirmOutcome", "EntryPrefill", "EntrySettings", "EntryView", "ViewState"]
