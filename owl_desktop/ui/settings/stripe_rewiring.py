"""Connect, switch or disconnect Stripe without restarting: the UI side.

Settings → Stripe says ``about_to_change`` before it saves or removes keys, then
``connection_changed`` (or ``change_failed``). ``StripeRewiring`` stops the sync first (it
holds the old keys and must not re-link clients a switch unlinks), then, once the change is
stored, has ``LiveStripe`` rebuild the gateway, sync engine and payment methods service (off
the UI thread: the keyring is read) and hands the result to what shows it: the sync status
and actions (``SyncUi.attach`` / ``detach``), the Payment Methods section (its service and its
*Add payment method* button) and the add flow (its publishable key is read again).

The composition root builds one (``ui.desk.build_main_window``); see ``owl_desktop/live_stripe.py``
for why a holder.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from owl_desktop.live_stripe import CurrentPaymentMethods, LiveStripe, StripeParts
from owl_desktop.sync.engine import SyncEngine
from owl_desktop.ui.payment_methods.add_flow import AddPaymentMethodFlow
from owl_desktop.ui.payment_methods.entry_setup import EntrySettingsSource
from owl_desktop.ui.payment_methods.section import PaymentMethodsSection
from owl_desktop.ui.sync.setup import SyncUi
from owl_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

REBUILD_TASK_KEY = "stripe-rebuild"


class StripeRewiring(QObject):
    """Signals:
        rewired(bool): the parts for the stored connection are in place (True: connected
            and syncing; False: not connected on this desk).
    """

    rewired = Signal(bool)

    def __init__(self, live: LiveStripe, tasks: TaskRunner, *,
                 install_sync: Callable[[SyncEngine], SyncUi],
                 sync_ui: SyncUi | None,
                 section: PaymentMethodsSection | None,
                 payment_methods: CurrentPaymentMethods,
                 make_flow: Callable[[], AddPaymentMethodFlow | None],
                 flow: AddPaymentMethodFlow | None,
                 entry_settings: EntrySettingsSource | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._live = live
        self._tasks = tasks
        self._install_sync = install_sync
        self.sync_ui = sync_ui
        self._section = section
        self._payment_methods = payment_methods
        self._make_flow = make_flow
        self.flow = flow
        self._entry_settings = entry_settings
        self.applied = False  # the parts of the stored connection were put in place once
        self._flow_parts: StripeParts | None = None  # the connection ``flow`` was built for

    def suspend(self) -> None:
        """Keys are about to change: stop syncing with the old ones now."""
        if self.sync_ui is not None:
            self.sync_ui.stop()

    def rebuild(self, _mode: str = "") -> None:
        """The stored connection changed (or a change failed): build the parts for what is
        stored now, then put them in place."""
        self._tasks.run(self._live.rebuild, on_success=self.apply,
                        on_failure=self._on_failed, key=REBUILD_TASK_KEY)

    def apply(self, parts: StripeParts | None) -> None:
        """Put ``parts`` (None: not connected) in place of what was there."""
        self.applied = True
        if self._entry_settings is not None:
            self._entry_settings.invalidate()  # another publishable key, or none
        if parts is None:
            if self.sync_ui is not None:
                self.sync_ui.detach()
            if self._section is not None:
                self._section.set_add_flow(None)
                self._section.set_payment_methods(None)
            self._close_flow()
            self.rewired.emit(False)
            return
        if self.sync_ui is None:
            self.sync_ui = self._install_sync(parts.sync_engine)
            if self._section is not None:
                self._section.attach_sync(self.sync_ui.controller)
        else:
            self.sync_ui.attach(parts.sync_engine)
        if self.flow is not None and self._flow_parts is not None \
                and self._flow_parts is not parts:
            self._close_flow()  # its prepared views hold the old connection's page
        # A flow given at start (its entry view prepared while the parts opened) is the first
        # connection's: its pool checks the publishable key again before handing out a view.
        if self.flow is None:
            self.flow = self._make_flow()
        self._flow_parts = parts
        if self._section is not None:
            self._section.set_payment_methods(self._payment_methods)
            self._section.set_add_flow(self.flow.start if self.flow is not None else None)
        self.rewired.emit(True)

    def _close_flow(self) -> None:
        """The add flow and its prepared entry views belong to one connection: they end with
        it (a connection made later builds its own)."""
        flow, self.flow, self._flow_parts = self.flow, None, None
        if flow is not None:
            flow.pool.close()
            flow.deleteLater()

    def _on_failed(self, error: BaseException) -> None:
        # Building reads settings and the keyring only; a failure leaves this desk as if not
        # connected (the Settings dialog says what is wrong with the keyring).
        log.error("could not rebuild the Stripe parts", exc_info=error)
        self.apply(None)
