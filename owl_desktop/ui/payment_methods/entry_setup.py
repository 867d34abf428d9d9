"""Wiring the *Add payment method* flow into a window: settings, pre-warming, shutdown, smoke.

``ui.desk.build_main_window`` calls ``install_add_payment_method`` once; the payment methods list
opens the flow with ``flow.start(client, widget)``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from owl_desktop.ui.payment_methods.add_duplicate import PaymentMethodSetup
from owl_desktop.ui.payment_methods.add_flow import AddPaymentMethodFlow
from owl_desktop.ui.tasks import TaskRunner
from owl_desktop.ui.web.pool import EntryViewPool
from owl_desktop.ui.web.texts import page_texts
from owl_desktop.ui.web.view import EntrySettings, EntryView, ViewState

log = logging.getLogger(__name__)

#: Start preparing the entry view this long after the flow is built. The flow is built once
#: the window is on screen and wired, and the Stripe parts are open: the view is prepared at
#: once, so the first *Add payment method* finds its card fields ready (issue 18).
PREWARM_DELAY_MS = 0
#: How long a read publishable key is trusted before it is read again.
SETTINGS_TTL_S = 10.0


class EntrySettingsSource:
    """The entry views' settings; the publishable key is read through ``publishable_key()``
    (Settings → Stripe) at most every ``SETTINGS_TTL_S`` seconds, so opening the dialog never
    waits on the settings store or the keyring."""

    def __init__(self, publishable_key: Callable[[], str], *, stripe_js_url: str,
                 language: str, entry_page_url: str = "",
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._publishable_key = publishable_key
        self._stripe_js_url = stripe_js_url
        self._language = language
        self._entry_page_url = entry_page_url
        self._clock = clock
        self._cached: EntrySettings | None = None
        self._read_at = 0.0

    def __call__(self) -> EntrySettings | None:
        now = self._clock()
        if self._cached is None or now - self._read_at > SETTINGS_TTL_S:
            self._cached = self._read()
            self._read_at = now
        return self._cached if self._cached.publishable_key else None

    def invalidate(self) -> None:
        """The Stripe connection changed: read the key again next time."""
        self._cached = None

    def _read(self) -> EntrySettings:
        try:
            key = self._publishable_key()
        except Exception:  # an unusable settings store must not break the dialog
            log.exception("could not read the publishable key")
            key = ""
        return EntrySettings(publishable_key=key, stripe_js_url=self._stripe_js_url,
                             language=self._language, entry_page_url=self._entry_page_url,
                             texts=page_texts())


def prepare_entry_pool(settings: Callable[[], EntrySettings | None]) -> EntryViewPool:
    """A pool whose first view starts loading now, before the rest of the desk exists.

    Start-up calls this right after the window's first paint, with the publishable key read
    early (``owl_desktop.early_start``): QtWebEngine's processes load the page and mount the
    card fields while the database opens on a worker thread. ``install_add_payment_method``
    then adopts the pool.
    """
    app = QCoreApplication.instance()
    pool = EntryViewPool(settings, app)
    if app is not None:
        # Pages must go before their profile: close the pool while the event loop still runs.
        app.aboutToQuit.connect(pool.close)
    pool.prewarm()
    return pool


def install_add_payment_method(window: QWidget | None, *, service: PaymentMethodSetup,
                               tasks: TaskRunner, settings: Callable[[], EntrySettings | None],
                               prewarm_delay_ms: int = PREWARM_DELAY_MS,
                               pool: EntryViewPool | None = None) -> AddPaymentMethodFlow:
    """Build the pool and the flow; pre-warm a view once start-up is done.

    ``window`` may be None when this runs before the main window exists (its sections are
    built in its constructor and need ``flow.start``); the flow then parents its dialogs to
    the widget that starts it. ``pool``: one prepared already (``prepare_entry_pool``); it
    follows ``settings`` from now on, its view kept if they are the same.
    """
    app = QCoreApplication.instance()
    if pool is None:
        pool = EntryViewPool(settings, window if window is not None else app)
        if app is not None:
            # Pages must go before their profile: close the pool while the event loop runs.
            app.aboutToQuit.connect(pool.close)
    else:
        pool.follow(settings)
    flow = AddPaymentMethodFlow(window, service, tasks, pool)
    if window is None:
        flow.setParent(pool)
    pool.prewarm(prewarm_delay_ms)
    return flow


def entry_view_smoke_step(flow: AddPaymentMethodFlow | None) -> Callable[[], bool]:
    """``--smoke-test``: open an entry view and wait until its page and bridge answer.

    Without a connected Stripe (no flow, or no publishable key) the page still loads and reports
    ``not_connected`` through the bridge, which proves the same machinery; any other failure
    fails the smoke test.
    """
    own_pool = None
    if flow is None:
        own_pool = EntryViewPool(lambda: None, QCoreApplication.instance())
        own_pool.stop_prewarming()
    pool = flow.pool if flow is not None else own_pool
    assert pool is not None
    view: EntryView = pool.take()
    view.resize(560, 600)
    view.show()

    def settled() -> bool:
        if view.state is ViewState.LOADING or view.state is ViewState.PREPARING:
            return False
        if view.state is ViewState.FAILED and view.failure != "not_connected":
            raise RuntimeError(f"the entry view failed: {view.failure}")
        log.info("smoke: entry view %s", view.state.value if not view.failure
                 else f"loaded ({view.failure})")
        # Now, not later: the smoke run may quit right after this step, and no event loop
        # would then delete the page before its profile.
        view.dispose(immediately=True)
        if own_pool is not None:
            own_pool.close()
            shiboken6.delete(own_pool)
        return True

    return settled
