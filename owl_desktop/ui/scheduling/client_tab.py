"""The Appointments tab of a client's profile: their appointments, latest first, with
status and whether they were booked online. Follows the open client (a profile section)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtWidgets import (
    QAbstractItemView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.domain.clients import Client
from owl_desktop.domain.scheduling import Appointment
from owl_desktop.services.scheduling import SchedulingService
from owl_desktop.ui.scheduling.texts import local_date, local_time, status_text
from owl_desktop.ui.tasks import TaskRunner


class AppointmentsTab(QWidget):
    def __init__(self, service: SchedulingService, tasks: TaskRunner, *, language: str = "en",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("appointmentsTab")
        self._service, self._tasks, self._language = service, tasks, language
        self._client_id: int | None = None
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("clientAppointments")
        self.table.setHorizontalHeaderLabels([self.tr("When"), self.tr("Practitioner"),
                                              self.tr("Service"), self.tr("Status")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)

    def set_client(self, client: Client | None) -> None:
        self._client_id = None if client is None else client.id
        self.reload()

    def reload(self) -> None:
        client_id, service = self._client_id, self._service
        if client_id is None:
            self.table.setRowCount(0)
            return
        self._tasks.run(lambda: (service.rules().zone, service.client_appointments(client_id)),
                        on_success=self._show, key=f"client-appointments-{id(self)}")

    def _show(self, loaded: tuple[ZoneInfo, list[Appointment]]) -> None:
        zone, appointments = loaded
        self.table.setRowCount(len(appointments))
        for i, a in enumerate(appointments):
            when = f"{local_date(a.starts_at, zone)} {local_time(a.starts_at, zone)}"
            status = status_text(a.status) + (self.tr(" (online)") if a.booked_online else "")
            service = a.service_name_fr if self._language.startswith("fr") else a.service_name_en
            for column, text in enumerate((when, a.practitioner_name, service, status)):
                self.table.setItem(i, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
