"""Puts the client portal into the main window (called from ``ui/desk.py``): the profile's
*Portal access* box, Settings → Online portal, and Clients → Open client portal (the portal's
public address in the system browser). Access changes are announced on the change bus; the box
follows the bus (a client signing in, another desk revoking)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QMessageBox

from owl_desktop.services.booking_settings import BookingSettingsService
from owl_desktop.services.portal_accounts import PortalAccountService
from owl_desktop.services.portal_mail import PortalMailService
from owl_desktop.services.portal_settings import PortalSettings, PortalSettingsService
from owl_desktop.ui.change_bus import ChangeBus, concerns
from owl_desktop.ui.clients.portal_access import PortalAccessBox
from owl_desktop.ui.main_window import MainWindow
from owl_desktop.ui.settings.portal import PortalSettingsDialog
from owl_desktop.ui.settings.smtp_box import SmtpParts


class PortalUi:
    """The portal parts of one window. ``open_url``: how an address is opened (tests swap
    it for a recorder)."""

    def __init__(self, window: MainWindow, accounts: PortalAccountService,
                 settings: PortalSettingsService, bus: ChangeBus,
                 smtp: SmtpParts | None = None, mail: PortalMailService | None = None,
                 booking: BookingSettingsService | None = None) -> None:
        self._window, self._settings, self._bus = window, settings, bus
        self._smtp = smtp
        self._booking = booking
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        self.dialog: PortalSettingsDialog | None = None
        self.box = PortalAccessBox(accounts, settings, window.tasks, window.presenter,
                                   mail=mail)
        window.profile_page.contact_tab.add_box(self.box)
        window.profile_page.add_section(self.box)
        self.box.access_changed.connect(lambda client_id: bus.announce([client_id]))
        bus.clients_changed.connect(self.on_bus_clients_changed)

        self.settings_action = QAction(
            QCoreApplication.translate("PortalUi", "&Online portal\u2026"), window)
        self.settings_action.setObjectName("portalSettingsAction")
        self.settings_action.triggered.connect(self.open_settings)
        window.add_settings_action(self.settings_action)
        self.open_action = QAction(
            QCoreApplication.translate("PortalUi", "Open client &portal"), window)
        self.open_action.setObjectName("openPortalAction")
        self.open_action.setToolTip(QCoreApplication.translate(
            "PortalUi", "Open the client portal in the web browser"))
        self.open_action.triggered.connect(self.open_portal)
        window.clients_menu.addSeparator()
        window.clients_menu.addAction(self.open_action)

    def on_bus_clients_changed(self, changed: frozenset[int]) -> None:
        client = self._window.current_client
        if client is not None and concerns(changed, client.id):
            self.box.reload()

    def open_settings(self) -> PortalSettingsDialog:
        dialog = PortalSettingsDialog(self._settings, self._window.tasks,
                                      self._window.presenter, self._window, smtp=self._smtp,
                                      booking=self._booking)
        dialog.saved.connect(lambda _settings: self._bus.announce(None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_portal(self) -> None:
        self._window.tasks.run(self._settings.load, on_success=self._open,
                               on_failure=self._window.presenter.present)

    def _open(self, settings: PortalSettings) -> None:
        if settings.public_url:
            self.open_url(QUrl(settings.public_url + "/"))
            return
        QMessageBox.information(
            self._window, QCoreApplication.translate("PortalUi", "Open client portal"),
            QCoreApplication.translate(
                "PortalUi", "The portal's public address isn't set. An administrator sets "
                "it in Settings → Online portal."))


def install_portal(window: MainWindow, accounts: PortalAccountService,
                   settings: PortalSettingsService, bus: ChangeBus,
                   smtp: SmtpParts | None = None,
                   mail: PortalMailService | None = None,
                   booking: BookingSettingsService | None = None) -> PortalUi:
    return PortalUi(window, accounts, settings, bus, smtp, mail, booking)
