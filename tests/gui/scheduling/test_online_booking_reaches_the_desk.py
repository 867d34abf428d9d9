"""An online booking made by the portal (another process on the same database) appears in
the desk's open day view within 30 seconds, marked as booked online — through the change
journal and the change bus, without touching the desk."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from owl_desktop.ui.main_window import MainWindow
from tests.gui.scheduling.helpers import idle, open_first_client, scheduling_ui, set_up_clinic

REPO = Path(__file__).resolve().parents[3]

# The portal's process: the client books the first free time of that day online.
BOOK_ONLINE = """
import sys
from datetime import date
from owl_desktop.services.booking import BookingService
from owl_desktop.services.scheduling import SchedulingService
from owl_desktop.store.db import create_db_engine
from owl_desktop.store.uow import UnitOfWorkFactory

engine = create_db_engine(sys.argv[1])
uow = UnitOfWorkFactory(engine)
booking = BookingService(uow, SchedulingService(uow))
service_id, practitioner_id, client_id = (int(a) for a in sys.argv[2:5])
day = date.fromisoformat(sys.argv[5])
slot = booking.slots(service_id, practitioner_id, day)[0]
outcome = booking.book(client_id, service_id, practitioner_id, slot.start)
assert outcome.appointment is not None and outcome.appointment.booked_online
engine.dispose()
"""


def test_an_online_booking_shows_in_the_open_day_view(qtbot: QtBot,
                                                      main_window: MainWindow) -> None:
    window = main_window
    clinic = set_up_clinic(window)
    client_id = open_first_client(qtbot, window)
    day = date.today() + timedelta(days=3)  # beyond the clients' minimum notice
    view = scheduling_ui(window).open_schedule()
    view.day.setDate(QDate(day.year, day.month, day.day))
    idle(qtbot, window)

    def online_rows() -> int:
        return sum(1 for row in range(view.table.rowCount())
                   for column in range(view.table.columnCount())
                   if (item := view.table.item(row, column)) is not None
                   and "(online)" in item.text())

    assert online_rows() == 0
    url = window.scheduling_ui._service._uow.engine.url  # type: ignore[attr-defined]
    subprocess.run([sys.executable, "-c", BOOK_ONLINE,
                    url.render_as_string(hide_password=False), str(clinic.service_id),
                    str(clinic.practitioner_id), str(client_id), day.isoformat()],
                   cwd=REPO, check=True, timeout=60)
    qtbot.waitUntil(lambda: online_rows() == 1, timeout=30_000)
