"""A clinic set up through the window's own scheduling service: one practitioner working
around the clock every day (whatever time the test runs, tomorrow has free slots)."""

from __future__ import annotations

from dataclasses import dataclass

from pytestqt.qtbot import QtBot

from owl_desktop.domain.scheduling import (
    Availability,
    PractitionerDraft,
    ServiceDraft,
    WeeklyWindow,
)
from owl_desktop.services.scheduling import SchedulingService
from owl_desktop.ui.main_window import MainWindow
from owl_desktop.ui.scheduling.setup import SchedulingUi


@dataclass
class DeskClinic:
    service: SchedulingService
    practitioner_id: int
    service_id: int


def scheduling_ui(window: MainWindow) -> SchedulingUi:
    return window.scheduling_ui  # type: ignore[attr-defined,no-any-return]


def idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.tasks.is_busy(), timeout=5000)


def set_up_clinic(window: MainWindow, *, notice_hours: int | None = None) -> DeskClinic:
    service: SchedulingService = scheduling_ui(window)._service
    massage = service.save_service(None, ServiceDraft("Massage 60", "Massage 60", 60, 95_00))
    practitioner = service.save_practitioner(None, PractitionerDraft(
        "Dr. Anne Roy", True, frozenset({massage.id})))
    service.save_availability(Availability(practitioner.id, tuple(
        WeeklyWindow(d, 0, 24 * 60) for d in range(7))))
    return DeskClinic(service, practitioner.id, massage.id)


def open_first_client(qtbot: QtBot, window: MainWindow) -> int:
    window.open_client(window.search_panel.model.summary(0).id)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: window.current_client is not None)
    assert window.current_client is not None
    return window.current_client.id
