"""Cancel SetupIntents this desk started and never finished (``pending_setups`` table).

A crash, a killed app or an add dialog closed while offline leaves a SetupIntent open at
Stripe that nobody will confirm. Once its record is older than ``CANCEL_AFTER`` (no add dialog
stays open that long), each sync run cancels it, with the key ``setup_cancel:{seti}`` that
``abandon_setup`` uses too, so both cancelling at once is one cancel.

What is never cancelled: a SetupIntent that saved something (``succeeded``), or one whose
bank account is being verified (``processing``, micro-deposits): the pull brings those in as
methods added elsewhere. When the create call's answer was lost, the SetupIntent's id is
unknown: the create is sent again with the stored key while Stripe still has it (23 h), which
replays the SetupIntent Stripe made (or makes the one it never received) so it can be
cancelled. Costs nothing when no record is old enough: one read of ``pending_setups``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from owl_desktop.core.setups import verification_of
from owl_desktop.domain.stripe_records import VERIFY_WITH_MICRODEPOSITS
from owl_desktop.payments.errors import PaymentError
from owl_desktop.payments.gateway import PaymentGateway, SetupIntentInfo
from owl_desktop.store.pending_setups_repo import CANCEL_AFTER, REUSE_FOR, PendingSetup
from owl_desktop.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)


def still_open(info: SetupIntentInfo) -> bool:
    """Waiting for the entry page (nothing saved, nothing being verified)."""
    if info.status == "requires_action":
        return info.next_action_type != VERIFY_WITH_MICRODEPOSITS
    return info.status in ("requires_payment_method", "requires_confirmation")


class SetupSweeper:
    def __init__(self, uow: UnitOfWorkFactory, gateway: PaymentGateway, *,
                 clock: Callable[[], datetime]) -> None:
        self._uow = uow
        self._gateway = gateway
        self._clock = clock

    def sweep(self) -> int:
        """Cancel every leftover old enough; returns how many were cancelled. A transient
        failure (offline, 5xx, 429) stops the sweep and keeps the records for the next run."""
        now = self._clock()
        with self._uow() as uow:
            leftovers = [s for s in uow.pending_setups.all() if s.age(now) >= CANCEL_AFTER]
        cancelled = 0
        for setup in leftovers:
            try:
                cancelled += self._sweep_one(setup, now)
            except PaymentError as error:
                if error.retryable:
                    log.info("setup sweep stopped: %s", error.code)
                    break
                log.warning("setup %s (client %s) left as is: %s request_id=%s", setup.key,
                            setup.client_id, error.code, error.request_id)
            with self._uow() as uow:
                uow.pending_setups.drop(setup.key)
                uow.commit()
        return cancelled

    def _sweep_one(self, setup: PendingSetup, now: datetime) -> int:
        seti = setup.setup_intent_id
        if seti is None:
            if setup.age(now) >= REUSE_FOR:
                log.warning("setup %s (client %s): its answer was lost and Stripe no longer "
                            "keeps the key; a SetupIntent may stay open", setup.key,
                            setup.client_id)
                return 0
            seti = self._gateway.create_setup_intent(
                setup.customer_id, setup.kind, idempotency_key=setup.key,
                made_by=setup.made_by, verification=verification_of(setup.key)).id
        info = self._gateway.retrieve_setup_intent(seti)
        if not still_open(info):
            return 0
        self._gateway.cancel_setup_intent(seti, idempotency_key=f"setup_cancel:{seti}")
        log.info("setup intent %s (client %s) left unfinished: cancelled", seti,
                 setup.client_id)
        return 1
