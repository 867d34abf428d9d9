"""A client's Stripe customer, when a use case needs its id at once (adding a payment method).

Creation goes through the outbox like every other Stripe change (``core/customers.py``): the
entry is queued with its idempotency key, then sent here rather than waiting for the sync. An
answer lost on the way leaves the entry queued: the sync (or the next try) sends it again with
the same key, so Stripe makes one customer.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from owl_desktop.core import customers
from owl_desktop.core.clock import Clock, utc_now
from owl_desktop.core.failures import Failure, decode
from owl_desktop.core.outbox_sender import DEFAULT_LEASE, OutboxSender
from owl_desktop.domain.outbox import FAILED
from owl_desktop.domain.stripe_records import StripeAccount
from owl_desktop.errors import NotFoundError, UserFacingError
from owl_desktop.payments.gateway import PaymentGateway
from owl_desktop.store.outbox_repo import OutboxEntry
from owl_desktop.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

# How long to wait for another desk that is making this very customer right now.
WAIT_FOR_OTHER_S = 8.0


class NeedsInternet(UserFacingError):  # noqa: N818 - reads as a sentence
    """The action talks to Stripe and the desk can't reach it."""

    code = "needs_internet"


class StripeNotConnected(UserFacingError):  # noqa: N818 - reads as a sentence
    """No Stripe account is connected on this desk (or its secret isn't here)."""

    code = "stripe_not_connected"


class CustomerBusyElsewhere(UserFacingError):  # noqa: N818 - reads as a sentence
    code = "customer_busy_elsewhere"


def not_connected() -> StripeNotConnected:
    return StripeNotConnected("Stripe isn't connected on this desk.",
                              hint="An administrator can connect it in Settings → Stripe.")


def answer_lost(detail: str = "") -> NeedsInternet:
    """What is true after a creation Stripe may or may not have received."""
    return NeedsInternet(
        "Stripe can't be reached, or its answer didn't arrive. If Stripe received the "
        "client's record, the next sync checks it and finishes the job; nothing is made twice.",
        hint="Check the internet connection and try again.", detail=detail)


class CustomerService:
    def __init__(self, uow: UnitOfWorkFactory, gateway: PaymentGateway | None,
                 account: StripeAccount | None = None, clock: Clock = utc_now, *,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        """``gateway`` None: Stripe isn't connected; creating a customer says so."""
        self._uow = uow
        self._clock = clock
        self._sleep = sleep
        self._sender = (None if gateway is None or account is None
                        else OutboxSender(uow, gateway, account, clock=clock,
                                          lease=DEFAULT_LEASE))

    def send_waiting(self, client_id: int) -> Failure | None:
        """Send this client's queued Stripe changes now, in order, stopping at the first
        failure (returned; None when all went). For a process with no sync of its own (the
        portal): what isn't sent stays queued for the desks' sync, with its key."""
        if self._sender is None:
            raise not_connected()
        with self._uow() as uow:
            entries = uow.outbox.open_for_client(client_id)
        for entry in entries:
            outcome = self._sender.send(entry.id, even_if_waiting=True)
            if isinstance(outcome, Failure):
                return outcome
        return None

    def pending_creation(self, client_id: int) -> OutboxEntry | None:
        """The creation in flight (queued, being sent, or failed), if any."""
        with self._uow() as uow:
            return uow.outbox.open_customer_create(client_id)

    def _failed_creation(self, client_id: int) -> UserFacingError | None:
        """A creation stopped on an error staff must look at (Sync problems), as that error."""
        entry = self.pending_creation(client_id)
        if entry is None or entry.status != FAILED:
            return None
        _code, message, _hint_code, hint = decode(entry.last_error)
        return UserFacingError(message, hint=hint)

    def ensure_customer(self, client_id: int) -> str:
        """The client's Stripe customer id, creating the customer if it has none yet.

        Raises ``NeedsInternet`` when Stripe can't be reached or its answer was lost (the
        creation stays queued: the sync or a later call finishes it with the same key),
        ``CustomerBusyElsewhere`` when another desk is making it right now, or the
        ``UserFacingError`` Stripe's refusal maps to.
        """
        with self._uow() as uow:
            linked = uow.customer_links.customer_of(client_id)
            if linked:
                return linked
        if self._sender is None:
            raise not_connected()
        deadline = time.monotonic() + WAIT_FOR_OTHER_S
        while True:
            with self._uow(write=True) as uow:
                uow.clients.lock(client_id)
                client = uow.clients.get(client_id)
                if client.stripe_customer_id:
                    return client.stripe_customer_id
                entry = customers.queue_creation(uow, client, self._clock())
                uow.commit()
            outcome = self._sender.send(entry.id, even_if_waiting=True)
            if isinstance(outcome, Failure):
                if outcome.transient:
                    raise answer_lost(outcome.code)
                raise UserFacingError(outcome.message, hint=outcome.hint)
            with self._uow() as uow:
                linked = uow.customer_links.customer_of(client_id)
            if linked:
                if outcome == "sent":
                    log.info("stripe customer ready for client %s", client_id)
                return linked
            if outcome == "sent":
                raise NotFoundError("This client no longer exists.")
            failed = self._failed_creation(client_id)
            if failed is not None:
                raise failed
            if time.monotonic() > deadline:  # claimed by another desk, still working
                raise CustomerBusyElsewhere(
                    "This client's Stripe record is being created on another desk.",
                    hint="Try again in a moment.")
            self._sleep(0.25)
