"""Charges settling after the fact: a PAD debit succeeding or failing days later, or a charge
whose answer the app never recorded (it stopped after Stripe answered).

Fed by the event pull (``payment_intent.*`` events): each PaymentIntent named is fetched and
its state applied to the local attempt by ``core/charging.apply_payment_intent``. After a
full reconcile (events may have been missed) every debit still *processing* here, and every
attempt left *pending* for minutes, is asked about instead (``settle_unfinished``).
Changes are noticed, not made here: the audit trail says "Stripe".

``after_settle`` (set by the composition root) runs after each run's settling: the email owed
to a client whose debit was returned (``services/debit_failure_mail.py``; sync can't import
services, so it is handed in). It must not raise.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from owl_desktop.core.charging import apply_payment_intent, settle_unfinished
from owl_desktop.domain.audit import ELSEWHERE
from owl_desktop.domain.billing import Payment, PaymentStatus
from owl_desktop.payments.gateway import PaymentGateway, StripeEvent
from owl_desktop.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)
PREFIX = "payment_intent."


def _unsettled(payment: Payment | None) -> bool:
    return payment is not None and payment.status in (PaymentStatus.PROCESSING,
                                                       PaymentStatus.REQUIRES_ACTION)


class PaymentSettler:
    def __init__(self, uow: UnitOfWorkFactory, gateway: PaymentGateway, *,
                 clock: Callable[[], datetime]) -> None:
        self._uow = uow
        self._gateway = gateway
        self._clock = clock
        self._changed: set[int] = set()
        self.after_settle: Callable[[], object] | None = None

    def on_events(self, events: Sequence[StripeEvent]) -> None:
        """The pull's listener: apply each PaymentIntent the new events name (once each)."""
        named = {e.object_id for e in events if e.type.startswith(PREFIX)}
        if not named:
            return
        with self._uow() as uow:
            # Only charges made here: one this database knows unfinished, or any while an
            # attempt's answer is missing (found by its metadata). Others' are not fetched.
            unfinished = bool(uow.payments.with_status(PaymentStatus.PENDING))
            wanted = {i for i in named if unfinished or _unsettled(uow.payments.by_intent(i))}
        for intent_id in sorted(wanted):
            info = self._gateway.retrieve_payment_intent(intent_id)
            client = apply_payment_intent(self._uow, info, who=ELSEWHERE, now=self._clock)
            if client is not None:
                log.info("charge %s now %s", info.id, info.status)
                self._changed.add(client)

    def take_changed(self, *, full: bool) -> set[int]:
        """Clients whose billing changed since the last call; after a full reconcile, every
        debit still processing is checked first."""
        if full:
            self._changed |= settle_unfinished(self._uow, self._gateway, who=ELSEWHERE,
                                               now=self._clock)
        changed, self._changed = self._changed, set()
        if self.after_settle is not None:
            self.after_settle()
        return changed
