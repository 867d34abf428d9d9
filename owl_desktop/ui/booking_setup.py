"""Puts online booking into the main window (called from ``ui/desk.py``): the profile's line
saying whether the client could book online today under the clinic's rule. (The rule itself
is at the bottom of Settings → Online portal; online bookings reach the schedule through the
change bus like any other desk's.)"""

from __future__ import annotations

from owl_desktop.services.booking import BookingService
from owl_desktop.ui.change_bus import ChangeBus
from owl_desktop.ui.clients.booking_line import BookingRuleLine
from owl_desktop.ui.main_window import MainWindow


def install_booking(window: MainWindow, booking: BookingService, bus: ChangeBus
                    ) -> BookingRuleLine:
    line = BookingRuleLine(booking, window.tasks, bus)
    window.profile_page.contact_tab.add_box(line)
    window.profile_page.add_section(line)
    return line
