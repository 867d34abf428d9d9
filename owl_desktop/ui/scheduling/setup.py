"""Puts scheduling into the main window (called from ``ui/desk.py``): Settings → Services,
Practitioners, Booking rules; Clients → Schedule (Ctrl+D); the profile's Appointments tab.
Changes made here are announced on the window's change bus; the tab and an open schedule
follow the bus (other desks' bookings arrive through the change journal)."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

from owl_desktop.services.clients import ClientService
from owl_desktop.services.scheduling import SchedulingService
from owl_desktop.ui.change_bus import ChangeBus, concerns
from owl_desktop.ui.main_window import MainWindow
from owl_desktop.ui.scheduling.client_tab import AppointmentsTab
from owl_desktop.ui.scheduling.schedule_view import ScheduleView
from owl_desktop.ui.scheduling.settings_dialogs import (
    PractitionersDialog,
    RulesDialog,
    ServicesDialog,
)

_Dialog = TypeVar("_Dialog", ServicesDialog, PractitionersDialog)


class SchedulingUi:
    """The scheduling parts of one window; ``open_*`` return the dialog they show."""

    def __init__(self, window: MainWindow, service: SchedulingService, clients: ClientService,
                 bus: ChangeBus, language: str) -> None:
        self._window, self._service, self._bus, self._language = window, service, bus, language
        self._clients = clients
        self.view: ScheduleView | None = None
        self.tab = AppointmentsTab(service, window.tasks, language=language,
                                   parent=window.profile_page.tabs)
        window.profile_page.add_tab(self.tab,
                                    QCoreApplication.translate("SchedulingUi", "Appointments"))
        bus.clients_changed.connect(self.on_bus_clients_changed)
        entries = (
            (QCoreApplication.translate("SchedulingUi", "&Services\u2026"), self.open_services),
            (QCoreApplication.translate("SchedulingUi", "&Practitioners\u2026"),
             self.open_practitioners),
            (QCoreApplication.translate("SchedulingUi", "&Booking rules\u2026"), self.open_rules))
        for text, slot in entries:
            action = QAction(text, window)
            action.triggered.connect(slot)
            window.add_settings_action(action)
        self.schedule_action = QAction(
            QCoreApplication.translate("SchedulingUi", "&Schedule\u2026"), window)
        self.schedule_action.setObjectName("scheduleAction")
        self.schedule_action.setShortcut(
            QKeySequence(QCoreApplication.translate("SchedulingUi", "Ctrl+D")))
        self.schedule_action.triggered.connect(self.open_schedule)
        window.clients_menu.addAction(self.schedule_action)

    def open_services(self) -> ServicesDialog:
        dialog = ServicesDialog(self._service, self._window.tasks, self._window.presenter,
                                self._window)
        return self._opened(dialog)

    def open_practitioners(self) -> PractitionersDialog:
        dialog = PractitionersDialog(self._service, self._window.tasks,
                                     self._window.presenter, self._window)
        return self._opened(dialog)

    def open_rules(self) -> RulesDialog:
        dialog = RulesDialog(self._service, self._window.tasks, self._window.presenter,
                             self._window)
        dialog.accepted.connect(lambda: self._bus.announce(None))
        dialog.open()
        return dialog

    def open_schedule(self) -> ScheduleView:
        if self.view is None:
            self.view = ScheduleView(self._service, self._clients,
                                     self._window.tasks, self._window.presenter,
                                     current_client=lambda: self._window.current_client,
                                     language=self._language, parent=self._window)
            self.view.changed.connect(self._bus.announce)
        self.view.show()
        self.view.activateWindow()
        return self.view

    def _opened(self, dialog: _Dialog) -> _Dialog:
        dialog.saved.connect(lambda: self._bus.announce(None))
        dialog.open()
        return dialog

    def on_bus_clients_changed(self, changed: frozenset[int]) -> None:
        current = self._window.current_client
        if current is not None and concerns(changed, current.id):
            self.tab.reload()
        if self.view is not None and self.view.isVisible():
            self.view.reload()


def install_scheduling(window: MainWindow, service: SchedulingService, clients: ClientService,
                       bus: ChangeBus, language: str) -> SchedulingUi:
    return SchedulingUi(window, service, clients, bus, language)
