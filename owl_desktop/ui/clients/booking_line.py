"""One line on the profile: could this client book online today under the clinic's rule
("Require a valid payment method to book via the client portal"), and if not, why not.
Follows the open client and the change bus (a method added in the portal, the rule changed at
another desk)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from owl_desktop.domain.booking import (
    EXPIRED,
    NO_METHOD,
    PENDING,
    RULE_OFF,
    VALID_METHOD,
    BookingCheck,
)
from owl_desktop.domain.clients import Client
from owl_desktop.services.booking import BookingService
from owl_desktop.ui.change_bus import ChangeBus, concerns
from owl_desktop.ui.plain import plain
from owl_desktop.ui.tasks import TaskRunner

_KEY = "booking-line"


class BookingRuleLine(QLabel):
    def __init__(self, booking: BookingService, tasks: TaskRunner, bus: ChangeBus | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        plain(self)
        self.setObjectName("bookingRuleLine")
        self.setWordWrap(True)
        self._booking, self._tasks = booking, tasks
        self._client: Client | None = None
        self.check: BookingCheck | None = None
        if bus is not None:
            bus.clients_changed.connect(self.on_bus_clients_changed)

    def set_client(self, client: Client | None) -> None:
        self._client = client
        self.reload()

    def on_bus_clients_changed(self, changed: frozenset[int]) -> None:
        if self._client is not None and concerns(changed, self._client.id):
            self.reload()

    def reload(self) -> None:
        client = self._client
        if client is None:
            self._tasks.cancel(_KEY)
            self.check = None
            self.clear()
            return
        booking = self._booking
        self._tasks.run(lambda: booking.check_today(client.id), key=_KEY,
                        on_success=self._show, on_failure=lambda _error: self.clear())

    def _show(self, check: BookingCheck) -> None:
        self.check = check
        self.setText(self.sentence(check))

    def sentence(self, check: BookingCheck) -> str:
        if check.reason == RULE_OFF:
            return self.tr("Online booking today: yes (the clinic doesn't require a payment "
                           "method).")
        if check.reason == VALID_METHOD and check.method is not None:
            return self.tr("Online booking today: yes ({method} is valid).").replace(
                "{method}", f"{check.method.label} {check.method.masked}")
        if check.reason == NO_METHOD:
            return self.tr("Online booking today: no. No payment method is on file, and "
                           "the clinic requires one to book online.")
        if check.reason == EXPIRED:
            return self.tr("Online booking today: no. The card on file has expired, and the "
                           "clinic requires a valid payment method to book online.")
        if check.reason == PENDING:
            return self.tr("Online booking today: no. The bank account awaits verification "
                           "(micro-deposits), and the clinic requires a valid payment "
                           "method to book online.")
        return self.tr("Online booking today: no. No payment method on file can be used, "
                       "and the clinic requires one to book online.")
