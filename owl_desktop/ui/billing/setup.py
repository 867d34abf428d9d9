"""Puts billing into the main window (called from ``ui/desk.py``): Settings → Payments and the
profile's *Billing* tab. Changes made here are announced on the window's change bus; the tab
follows the bus (a sync settling a bank debit, another desk's payment)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction

from owl_desktop.services.billing import BillingService
from owl_desktop.services.payment_settings import PaymentSettingsService
from owl_desktop.services.scheduling import SchedulingService
from owl_desktop.ui.billing.tab import BillingTab
from owl_desktop.ui.change_bus import ChangeBus, concerns
from owl_desktop.ui.main_window import MainWindow
from owl_desktop.ui.settings.payments import PaymentSettingsDialog


class BillingUi:
    """The billing parts of one window; ``open_*`` return the dialog they show."""

    def __init__(self, window: MainWindow, settings: PaymentSettingsService,
                 billing: BillingService, scheduling: SchedulingService, bus: ChangeBus,
                 language: str) -> None:
        self._window, self._settings, self._bus = window, settings, bus
        self.settings_dialog: PaymentSettingsDialog | None = None
        # Autopay (ui/autopay/setup.py) puts its own page here: processing behind a passphrase.
        self.make_dialog: Callable[[], PaymentSettingsDialog] | None = None
        self.settings_action = QAction(
            QCoreApplication.translate("BillingUi", "Pa&yments\u2026"), window)
        self.settings_action.setObjectName("paymentSettingsAction")
        self.settings_action.triggered.connect(self.open_settings)
        window.add_settings_action(self.settings_action)
        self.tab = BillingTab(billing, scheduling, window.tasks, window.presenter,
                              language=language, parent=window.profile_page.tabs)
        window.profile_page.add_tab(self.tab, QCoreApplication.translate("BillingUi",
                                                                         "&Billing"))
        self.tab.changed.connect(lambda client_id: bus.announce([client_id]))
        bus.clients_changed.connect(self.on_bus_clients_changed)

    def on_bus_clients_changed(self, changed: frozenset[int]) -> None:
        client = self._window.current_client
        if client is not None and concerns(changed, client.id):
            self.tab.reload()

    def open_settings(self) -> PaymentSettingsDialog:
        dialog = (self.make_dialog() if self.make_dialog is not None else
                  PaymentSettingsDialog(self._settings, self._window.tasks,
                                        self._window.presenter, self._window))
        dialog.saved.connect(lambda _settings: self._bus.announce(None))
        self.settings_dialog = dialog
        dialog.open()
        return dialog


def install_billing(window: MainWindow, settings: PaymentSettingsService,
                    billing: BillingService, scheduling: SchedulingService, bus: ChangeBus,
                    language: str) -> BillingUi:
    return BillingUi(window, settings, billing, scheduling, bus, language)
