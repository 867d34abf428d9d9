"""A client's Stripe Customer: created the first time it is needed, exactly once.

Exactly once, even across crashes, retries and two desks sharing a database:

1. Before calling Stripe, a *pending creation* is committed in ``sync_state`` under
   ``customer_create:{client_id}``: the idempotency key and when it was first used. The key is
   derived from the client (``customer_create:{client_id}:{created_at µs}:{generation}``),
   so every desk of one database computes the same key, and databases whose client ids
   overlap (other clinics, test runs on one Stripe account) don't.
2. The call is made with that key. Retried within 24 hours (after a crash, a timeout, or from
   another desk), Stripe replays the first answer: the same customer.
3. The answer is recorded on the client row (customer id, livemode, account) and the pending
   creation removed, in one transaction. A per-client generation counter stays, so a client
   unlinked later (its customer deleted in Stripe) gets a new customer, not a replay.

Stripe forgets keys after 24 hours. A pending creation older than ``KEY_LIFETIME`` therefore
first looks the customer up by ``metadata.owl_client_id`` and ``owl_client_ref`` (Stripe's
search has long caught up by then); only if none exists does it create, with the next
generation's key.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from owl_desktop.domain.clients import Client
from owl_desktop.errors import NotFoundError, UserFacingError
from owl_desktop.payments.errors import IdempotencyConflict, PaymentError, StripeUnavailable
from owl_desktop.payments.gateway import (
    BillingAddress,
    CustomerDetails,
    CustomerInfo,
    PaymentGateway,
)
from owl_desktop.services.clock import Clock, utc_now
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

# Stripe keeps idempotency keys at least 24 hours; an hour's margin for clock skew.
KEY_LIFETIME = timedelta(hours=23)
PENDING_PREFIX = "customer_create:"
GENERATION_PREFIX = "customer_create_generation:"
# Where services.stripe_connection records the connected account (no call needed here).
SETTING_ACCOUNT_ID = "stripe.account_id"
# sync_state: clients the next sync run re-reads from Stripe (comma-separated ids).
RECONCILE_CLIENTS = "reconcile.clients"

AdoptedHook = Callable[[int, CustomerInfo], object]


class NeedsInternet(UserFacingError):  # noqa: N818 - reads as a sentence
    """The action talks to Stripe and the desk can't reach it: nothing was changed."""

    code = "needs_internet"


class StripeNotConnected(UserFacingError):  # noqa: N818 - reads as a sentence
    """No Stripe account is connected on this desk (or its secret isn't here)."""

    code = "stripe_not_connected"


def not_connected() -> StripeNotConnected:
    return StripeNotConnected("Stripe isn't connected on this desk.",
                              hint="An administrator can connect it in Settings → Stripe.")


@dataclass(frozen=True)
class PendingCreation:
    key: str
    since: datetime
    generation: int

    def to_json(self) -> str:
        return json.dumps({"key": self.key, "since": self.since.isoformat(),
                           "generation": self.generation})

    @staticmethod
    def from_json(raw: str) -> PendingCreation:
        data = json.loads(raw)
        return PendingCreation(key=str(data["key"]), since=datetime.fromisoformat(data["since"]),
                               generation=int(data.get("generation", 1)))


def client_ref(client: Client) -> str:
    """``{id}:{created_at in µs}``: the same on every desk of one database, different for
    another database's client with the same id (except sandbox demo clients, seeded with
    the same fixed times everywhere: see ``services.demo``).

    SQLite gives back naive datetimes (stored in UTC): read them as UTC, so the reference
    doesn't depend on the desk's time zone.
    """
    created = client.created_at
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    # Computed as it always was (float seconds), so references already stored keep matching.
    return f"{client.id}:{int(created.timestamp() * 1_000_000)}"


def is_customer_of(client: Client, info: CustomerInfo) -> bool:
    """``info`` was made for this very client: same id *and* same reference (id + creation
    time). A customer without a reference is never claimed: another database's client with
    the same id could own it."""
    return (not info.deleted and info.owl_client_id == client.id
            and bool(info.owl_client_ref) and info.owl_client_ref == client_ref(client))


def link_customer(uow: UnitOfWork, client_id: int, info: CustomerInfo, now: datetime) -> None:
    """Record ``info`` as the client's customer (with the connected account) and drop any
    creation in flight. The caller commits."""
    account = uow.settings.get(SETTING_ACCOUNT_ID) or None
    uow.payment_methods.link_customer(client_id, info.id, livemode=info.livemode,
                                      account_id=account, now=now)
    uow.sync_state.delete(PENDING_PREFIX + str(client_id))


def adopt_customer(uow: UnitOfWork, client_id: int, info: CustomerInfo, now: datetime) -> bool:
    """Link ``info`` to the local client it was made for, if that client has no customer
    yet (pull sync: a customer another sandbox desk created for the same demo client).
    Returns whether it linked. The caller commits."""
    try:
        client = uow.clients.get(client_id)
    except NotFoundError:
        return False
    if client.stripe_customer_id or not is_customer_of(client, info):
        return False
    link_customer(uow, client_id, info, now)
    return True


def request_reconcile(uow: UnitOfWork, client_id: int) -> None:
    """Ask the next sync run to re-read this client from Stripe (``RECONCILE_CLIENTS``)."""
    raw = uow.sync_state.get(RECONCILE_CLIENTS) or ""
    ids = {x for x in raw.split(",") if x} | {str(client_id)}
    uow.sync_state.set(RECONCILE_CLIENTS, ",".join(sorted(ids)))


def customer_details(client: Client) -> CustomerDetails:
    """What Stripe gets to know about a client: contact details and our ids, nothing else."""
    a = client.address
    return CustomerDetails(
        client_id=client.id, name=client.full_name, email=client.email, phone=client.phone,
        address=BillingAddress(line1=a.line1, line2=a.line2, city=a.city, state=a.province,
                               postal_code=a.postal_code, country=a.country),
        client_ref=client_ref(client))


def details_payload(details: CustomerDetails) -> dict[str, object]:
    """The ``customer_update`` outbox payload (see store/outbox_repo.py)."""
    a = details.address
    return {"details": {
        "name": details.name, "email": details.email, "phone": details.phone,
        "address": {"line1": a.line1, "line2": a.line2, "city": a.city, "state": a.state,
                    "postal_code": a.postal_code, "country": a.country},
    }}


def creation_key(client: Client, generation: int) -> str:
    return f"customer_create:{client_ref(client)}:{generation}"


class CustomerService:
    def __init__(self, uow: UnitOfWorkFactory, gateway: PaymentGateway | None,
                 clock: Clock = utc_now) -> None:
        """``gateway`` None: Stripe isn't connected; creating a customer says so."""
        self._uow = uow
        self._gateway_or_none = gateway
        self._clock = clock
        # Called after a customer made elsewhere was adopted, to read its methods and default
        # at once (app.py wires the sync's reconciler): a method added right after must not
        # become the default over one the other desk chose.
        self.on_adopted: AdoptedHook | None = None

    @property
    def _gateway(self) -> PaymentGateway:
        if self._gateway_or_none is None:
            raise not_connected()
        return self._gateway_or_none

    def ensure_customer(self, client_id: int) -> str:
        """The client's Stripe customer id, creating the customer if it has none yet.

        Before creating, one search by ``metadata.owl_client_id`` (only while the client isn't
        linked): a customer already made for this very client (same ``owl_client_ref``) is
        adopted instead — one a crash left unrecorded, or another sandbox desk's for the same
        demo client. Raises ``NeedsInternet`` when Stripe can't be reached (a later call
        finishes the job with the same key), or another ``PaymentError``.
        """
        with self._uow() as uow:
            client = uow.clients.get(client_id)
            if client.stripe_customer_id:
                return client.stripe_customer_id
            pending = self._pending(uow, client_id)
            now = self._clock()
            recover = pending is not None and now - pending.since > KEY_LIFETIME
            if pending is None:
                pending = self._new_pending(uow, client, now)
                uow.commit()
        details = customer_details(client)
        try:
            found = self._find(client, details, scan_all=recover)
            if found is not None:
                log.info("existing customer adopted for client %s", client_id)
                return self._record(client_id, found, adopted=True)
            if recover:  # the key may be forgotten and nothing was created: a fresh key
                with self._uow() as uow:
                    pending = self._new_pending(uow, client, self._clock())
                    uow.commit()
            try:
                info = self._gateway.create_customer(details, idempotency_key=pending.key)
            except IdempotencyConflict:
                # The same key with other details: another database with the same demo
                # client created it a moment ago, before search could show it.
                found = self._find(client, details, scan_all=True)
                if found is None:
                    raise
                return self._record(client_id, found, adopted=True)
        except StripeUnavailable as error:
            raise NeedsInternet(
                "Stripe can't be reached, so the client's Stripe record can't be created now.",
                hint="Check the internet connection and try again.",
                detail=error.detail) from error
        log.info("stripe customer created for client %s", client_id)
        return self._record(client_id, info)

    def _find(self, client: Client, details: CustomerDetails, *,
              scan_all: bool) -> CustomerInfo | None:
        return self._gateway.find_customer_by_client_id(
            client.id, email=client.email, client_ref=details.client_ref, scan_all=scan_all)

    @staticmethod
    def _new_pending(uow: UnitOfWork, client: Client, now: datetime) -> PendingCreation:
        """A creation under a key never used for this client before.

        The generation counter outlives the link: if the customer is later deleted in Stripe
        (sync unlinks the client), the next creation must not replay the first one's answer.
        """
        generation = int(uow.sync_state.get(GENERATION_PREFIX + str(client.id)) or 0) + 1
        uow.sync_state.set(GENERATION_PREFIX + str(client.id), str(generation))
        pending = PendingCreation(creation_key(client, generation), now, generation)
        uow.sync_state.set(PENDING_PREFIX + str(client.id), pending.to_json())
        return pending

    def _pending(self, uow: UnitOfWork, client_id: int) -> PendingCreation | None:
        raw = uow.sync_state.get(PENDING_PREFIX + str(client_id))
        if not raw:
            return None
        try:
            return PendingCreation.from_json(raw)
        except (ValueError, KeyError):
            log.warning("unreadable pending customer creation for client %s", client_id)
            return None

    def _record(self, client_id: int, info: CustomerInfo, *, adopted: bool = False) -> str:
        with self._uow() as uow:
            client = uow.clients.get(client_id)
            if client.stripe_customer_id:  # another desk recorded it first: same customer
                uow.sync_state.delete(PENDING_PREFIX + str(client_id))
                uow.commit()
                return client.stripe_customer_id
            link_customer(uow, client_id, info, self._clock())
            if adopted:  # made elsewhere: it may hold methods and a default already
                request_reconcile(uow, client_id)
            uow.commit()
        if adopted and self.on_adopted is not None:
            try:
                self.on_adopted(client_id, info)
            except PaymentError:  # the next sync run reads it (requested above)
                log.info("client %s: adopted customer not read yet", client_id)
        return info.id

    def pending_creation(self, client_id: int) -> PendingCreation | None:
        """For diagnostics and tests: the creation in flight, if any."""
        with self._uow() as uow:
            return self._pending(uow, client_id)
