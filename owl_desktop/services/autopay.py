"""Autopay enrolment: whether a client's invoices are charged automatically, and to what.

Autopay always charges the client's default payment method. Enrolment is local data (the
``clients.autopay_enabled`` column); the default lives on Stripe's customer and is mirrored
locally. When an enrolled client's default is removed, or can't be charged any more (expired,
still awaiting micro-deposit verification), autopay is *paused* rather than silently switched
to another method: staff choose the next default, and the profile says so plainly.

Rules:
- a client can't be enrolled unless at least one of their methods is usable (raises
  ``AutopayNotPossibleError``);
- enrolled + a usable default → active; enrolled + no usable default → paused.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from owl_desktop.core.audit import record_autopay_change
from owl_desktop.core.clock import Clock, utc_now
from owl_desktop.domain.payment_methods import REMOVED, AuditAction, StoredPaymentMethod
from owl_desktop.errors import UserFacingError
from owl_desktop.services.audit import WorkstationProvider, this_workstation
from owl_desktop.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

# Audit trail actions for enrolment changes (defined with the others in AuditAction).
AUTOPAY_ON = AuditAction.AUTOPAY_ON
AUTOPAY_OFF = AuditAction.AUTOPAY_OFF


class AutopayNotPossibleError(UserFacingError):
    """Enrolment refused: the client has nothing autopay could charge."""

    def __init__(self) -> None:
        super().__init__(
            "This client can't be enrolled in autopay: no usable payment method is on file.",
            hint="Add a card or a verified bank account first, then turn autopay on.")


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
    def can_enrol(self) -> bool:
        return bool(self.usable)


def autopay_status(client_id: int, enrolled: bool, methods: Sequence[StoredPaymentMethod],
                   today: date) -> AutopayStatus:
    """Work out the status from the enrolment flag and the client's methods (pure rule)."""
    shown = [m for m in methods if m.status != REMOVED]
    default = next((m for m in shown if m.is_default), None)
    usable = [m for m in shown if m.status == "active" and m.is_usable(today)]
    usable.sort(key=lambda m: not m.is_default)
    return AutopayStatus(client_id=client_id, enrolled=enrolled, default=default,
                         usable=tuple(usable))


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
        return autopay_status(client_id, client.autopay_enabled, methods, self._today())

    def set_enrolled(self, client_id: int, enrolled: bool) -> AutopayStatus:
        """Enrol or withdraw a client; enrolling needs a usable method (else
        ``AutopayNotPossibleError``).

        Withdrawing is always allowed. Enrolling a client with usable methods but no default
        is allowed: the status comes back paused and the profile offers to choose one.
        """
        with self._uow(write=True) as uow:
            uow.clients.lock(client_id)
            methods = uow.payment_methods.list_for_client(client_id)
            status = autopay_status(client_id, enrolled, methods, self._today())
            if enrolled and not status.can_enrol:
                raise AutopayNotPossibleError()
            now = self._clock()
            if uow.clients.set_autopay(client_id, enrolled, now):
                record_autopay_change(uow, client_id, enrolled, self._workstation(uow), now)
                uow.commit()
                log.info("autopay %s for client id=%s", "on" if enrolled else "off", client_id)
        return status
