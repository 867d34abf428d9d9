"""Autopay enrolment: whether a client's invoices are charged automatically, and to what.

Each client is *clinic default* (follows Settings → Payments: *Process manually* or
*Process automatically*), *on* or *off* (the ``clients.autopay_mode`` column). Autopay always
charges the client's default payment method; the default lives on Stripe's customer and is
mirrored locally. When an enrolled client has no default, or it can't be charged (expired,
still awaiting micro-deposit verification), autopay is *paused* rather than silently switched
to another method: staff choose the next default, and the profile says so plainly.

Rules:
- any client can be enrolled, even with nothing chargeable on file: they are enrolled but
  paused until a usable default arrives (the next run then charges it);
- enrolled + a usable default → active; enrolled + no usable default → paused.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from owl_desktop.core.audit import record_autopay_change
from owl_desktop.core.clock import Clock, utc_now
from owl_desktop.domain.autopay import (
    ALWAYS,
    CLINIC_DEFAULT,
    NEVER,
    PROCESSING_KEY,
    AutopayMode,
    Processing,
    is_enrolled,
    mode_from,
    processing_from,
)
from owl_desktop.domain.payment_methods import REMOVED, AuditAction, StoredPaymentMethod
from owl_desktop.services.audit import WorkstationProvider, this_workstation
from owl_desktop.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

# Audit trail actions for enrolment changes (defined with the others in AuditAction).
AUTOPAY_ON = AuditAction.AUTOPAY_ON
AUTOPAY_OFF = AuditAction.AUTOPAY_OFF
AUTOPAY_CLINIC_DEFAULT = AuditAction.AUTOPAY_CLINIC_DEFAULT


class PauseReason:
    """Why an enrolled client's autopay is paused ("" when it isn't)."""

    NONE = ""
    NO_DEFAULT = "no_default"
    DEFAULT_UNUSABLE = "default_unusable"


@dataclass(frozen=True)
class AutopayStatus:
    """What the profile shows about autopay for one client."""

    client_id: int
    enrolled: bool
    # The default method, usable or not; None when the client has no default.
    default: StoredPaymentMethod | None
    # Methods that could be charged today, default first: the banner's one-click choices.
    usable: tuple[StoredPaymentMethod, ...]
    # The client's own choice and the clinic's setting that together made ``enrolled``.
    mode: AutopayMode = CLINIC_DEFAULT
    processing: Processing = "manual"

    @property
    def charges(self) -> StoredPaymentMethod | None:
        """The method autopay charges: the default, if it can be charged."""
        if self.default is not None and any(m.id == self.default.id for m in self.usable):
            return self.default
        return None

    @property
    def pause_reason(self) -> str:
        if not self.enrolled or self.charges is not None:
            return PauseReason.NONE
        return PauseReason.NO_DEFAULT if self.default is None else PauseReason.DEFAULT_UNUSABLE

    @property
    def paused(self) -> bool:
        return self.pause_reason != PauseReason.NONE

    @property
    def chargeable(self) -> bool:
        """Something on file could be charged today (else enrolment waits, paused)."""
        return bool(self.usable)


def autopay_status(client_id: int, enrolled: bool, methods: Sequence[StoredPaymentMethod],
                   today: date, mode: AutopayMode = CLINIC_DEFAULT,
                   processing: Processing = "manual") -> AutopayStatus:
    """Work out the status from the enrolment and the client's methods (pure rule)."""
    shown = [m for m in methods if m.status != REMOVED]
    default = next((m for m in shown if m.is_default), None)
    usable = [m for m in shown if m.status == "active" and m.is_usable(today)]
    usable.sort(key=lambda m: not m.is_default)
    return AutopayStatus(client_id=client_id, enrolled=enrolled, default=default,
                         usable=tuple(usable), mode=mode, processing=processing)


class AutopayService:
    """Reads and changes autopay enrolment; one unit of work per call."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock = utc_now,
                 workstation: WorkstationProvider = this_workstation,
                 today: Callable[[], date] | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._workstation = workstation
        # The payment methods service judges expiry by the clock's date; so does autopay.
        self._today = today or (lambda: self._clock().date())

    def status(self, client_id: int) -> AutopayStatus:
        with self._uow() as uow:
            client = uow.clients.get(client_id)
            methods = uow.payment_methods.list_for_client(client_id)
            processing = processing_from(uow.settings.get(PROCESSING_KEY))
        mode = mode_from(client.autopay_mode)
        return autopay_status(client_id, is_enrolled(mode, processing), methods, self._today(),
                              mode, processing)

    def processing(self) -> Processing:
        """How the clinic processes payments (Settings → Payments)."""
        with self._uow() as uow:
            return processing_from(uow.settings.get(PROCESSING_KEY))

    def clients_following_clinic(self) -> int:
        """How many clients a change of the clinic's setting would affect."""
        with self._uow() as uow:
            return uow.clients.count_following_clinic()

    def set_enrolled(self, client_id: int, enrolled: bool) -> AutopayStatus:
        """The override *on* or *off* (the profile's switch in one step)."""
        return self.set_mode(client_id, ALWAYS if enrolled else NEVER)

    def set_mode(self, client_id: int, mode: AutopayMode) -> AutopayStatus:
        """*clinic default*, *on* or *off*. Always allowed: a client enrolled with nothing
        chargeable is enrolled but paused (the status says so), and the first run after a
        usable default arrives charges it."""
        with self._uow(write=True) as uow:
            uow.clients.lock(client_id)
            methods = uow.payment_methods.list_for_client(client_id)
            processing = processing_from(uow.settings.get(PROCESSING_KEY))
            enrolled = is_enrolled(mode, processing)
            status = autopay_status(client_id, enrolled, methods, self._today(), mode,
                                    processing)
            now = self._clock()
            if uow.clients.set_autopay(client_id, mode, now):
                record_autopay_change(uow, client_id, mode, self._workstation(uow), now)
                uow.commit()
                log.info("autopay %s for client id=%s", mode, client_id)
        return status
