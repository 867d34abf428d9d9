"""A client's Stripe customer: created the first time it is needed, exactly once, through the
outbox like every other Stripe change.

Exactly once, across crashes, lost answers, retries and several processes sharing a database:

1. ``queue_creation`` commits a ``customer_create`` outbox entry (at most one open per client:
   a partial unique index) whose idempotency key is derived from the client and a creation
   number, ``customer_create:{client ref}:{n}``: every process of one database computes the
   same key, and databases whose client ids overlap (other clinics, test runs on one Stripe
   account) don't.
2. Whoever claims the entry sends it (the add flow, which needs the id at once, or any desk's
   sync): one search by ``metadata.owl_client_id`` first (a customer made by an earlier attempt
   whose answer was lost, or by another sandbox desk for the same demo client, is adopted),
   then the create with the stored key. Retried within 24 hours, Stripe replays its first
   answer: the same customer. Older than that, the search scans every customer first.
3. ``link_created`` records the answer on the client (compare-and-set: a link made meanwhile by
   another process wins), marks the entry done, and compares the customer's name, email, phone
   and address with the profile *as it is now*: an edit made while the creation was in doubt,
   or a customer adopted with older details, queues a ``customer_update``. The client row is
   locked meanwhile, so a profile edit is either seen here or sees the link.

The creation number (``clients.stripe_customer_generation``) outlives the link: a client
unlinked later (its customer deleted in Stripe) gets a new customer, not a replay.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from owl_desktop.domain.clients import Client, phone_for_stripe
from owl_desktop.domain.outbox import KIND_CUSTOMER_UPDATE
from owl_desktop.domain.stripe_records import BillingAddress, StripeAccount
from owl_desktop.errors import NotFoundError
from owl_desktop.payments.errors import IdempotencyConflict
from owl_desktop.payments.gateway import CustomerDetails, CustomerInfo, PaymentGateway
from owl_desktop.store.outbox_repo import OutboxEntry
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)


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


def customer_details(client: Client) -> CustomerDetails:
    """What Stripe gets to know about a client: contact details and our ids, nothing else."""
    a = client.address
    return CustomerDetails(
        client_id=client.id, name=client.full_name, email=client.email,
        phone=phone_for_stripe(client.phone),
        address=BillingAddress(line1=a.line1, line2=a.line2, city=a.city, state=a.province,
                               postal_code=a.postal_code, country=a.country),
        client_ref=client_ref(client))


def details_payload(details: CustomerDetails) -> dict[str, Any]:
    """The ``customer_create`` / ``customer_update`` outbox payload (store/outbox_repo.py)."""
    a = details.address
    return {"details": {
        "name": details.name, "email": details.email, "phone": details.phone,
        "address": {"line1": a.line1, "line2": a.line2, "city": a.city, "state": a.state,
                    "postal_code": a.postal_code, "country": a.country},
    }}


def details_from_payload(client_id: int, payload: dict[str, Any]) -> CustomerDetails:
    d = payload.get("details") or {}
    a = d.get("address") or {}
    return CustomerDetails(
        client_id=client_id, name=str(d.get("name", "")), email=str(d.get("email", "")),
        phone=phone_for_stripe(str(d.get("phone", ""))),
        address=BillingAddress(line1=str(a.get("line1", "")), line2=str(a.get("line2", "")),
                               city=str(a.get("city", "")), state=str(a.get("state", "")),
                               postal_code=str(a.get("postal_code", "")),
                               country=str(a.get("country", ""))))


def differs(info: CustomerInfo, details: CustomerDetails) -> bool:
    """Stripe's copy of the contact details isn't the profile's. An address without a street
    is no address (the gateway sends none), so it compares as empty."""
    address = details.address if details.address.line1 else BillingAddress()
    return ((info.name, info.email, info.phone, info.address)
            != (details.name, details.email, details.phone, address))


def creation_key(client: Client, generation: int) -> str:
    return f"customer_create:{client_ref(client)}:{generation}"


def queue_creation(uow: UnitOfWork, client: Client, now: datetime) -> OutboxEntry:
    """The client's open ``customer_create`` entry, queued now if there is none (under a
    creation number never used for this client). The caller commits; call it in a write unit
    of work (another process may queue the same creation at the same moment: the partial
    unique index makes them meet)."""
    open_entry = uow.outbox.open_customer_create(client.id)
    if open_entry is not None:
        return open_entry
    generation = uow.customer_links.generation(client.id) + 1
    entry = uow.outbox.enqueue_customer_create(
        client.id, details_payload(customer_details(client)), creation_key(client, generation),
        now)
    uow.customer_links.raise_generation(client.id, generation)
    return entry


def send_creation(uow_factory: UnitOfWorkFactory, gateway: PaymentGateway, entry: OutboxEntry, *,
                  stale: bool) -> tuple[CustomerInfo, bool]:
    """Make (or find) the customer of a claimed ``customer_create`` entry: (customer,
    adopted). Network only; ``link_created`` records it. ``stale``: the key may be forgotten
    by Stripe (over 23 hours old), so the search scans every customer first."""
    assert entry.client_id is not None
    with uow_factory() as uow:
        client = uow.clients.get(entry.client_id)
    # The client's reference (id + creation time) goes into the metadata, and a recovery
    # matches on it: another database's client with the same id (a reinstall on the same
    # Stripe account) must never be adopted.
    details = replace(details_from_payload(client.id, entry.payload),
                      client_ref=client_ref(client))
    found = gateway.find_customer_by_client_id(client.id, email=client.email,
                                               client_ref=details.client_ref, scan_all=stale)
    if found is not None:
        return found, True
    try:
        return gateway.create_customer(details, idempotency_key=entry.idempotency_key), False
    except IdempotencyConflict:
        # The same key with other parameters: another database with the same demo client
        # created it a moment ago, before search could show it.
        found = gateway.find_customer_by_client_id(client.id, email=client.email,
                                                   client_ref=details.client_ref, scan_all=True)
        if found is None:
            raise
        return found, True


def link_created(uow: UnitOfWork, client_id: int, info: CustomerInfo, *, adopted: bool,
                 account: StripeAccount, now: datetime) -> str | None:
    """Record ``info`` as the client's customer (unless another process linked one first),
    queue an update when Stripe's copy of the details isn't the profile's, and ask the sync to
    read an adopted customer's methods. Returns the customer the client is linked to now
    (None: the client is gone). The caller commits; call it in a write unit of work."""
    uow.clients.lock(client_id)
    linked = uow.customer_links.link(client_id, info.id, account, now)
    if linked is None:
        return None
    if linked != info.id:
        log.warning("client %s: customer %s made, but %s was linked meanwhile", client_id,
                    info.id, linked)
        return linked
    current = customer_details(uow.clients.get(client_id))
    if differs(info, current):
        uow.outbox.enqueue(KIND_CUSTOMER_UPDATE, client_id=client_id,
                           payload=details_payload(current), now=now)
        log.info("client %s: profile changed while its customer was made; update queued",
                 client_id)
    if adopted:  # made elsewhere: it may hold methods and a default already
        uow.reconcile_requests.request(client_id, now)
    return linked


def adopt(uow: UnitOfWork, info: CustomerInfo, *, account: StripeAccount,
          now: datetime) -> int | None:
    """Link a customer made for a local client that has none yet (pull sync: a customer
    another sandbox desk created for the same demo client). Returns the client id it linked
    to, or None. The caller commits; a write unit of work."""
    client_id = info.owl_client_id
    if client_id is None or uow.customer_links.client_for_customer(info.id) is not None:
        return None
    try:
        client = uow.clients.get(client_id)
    except NotFoundError:
        return None
    if client.stripe_customer_id or not is_customer_of(client, info):
        return None
    if link_created(uow, client_id, info, adopted=True, account=account, now=now) != info.id:
        return None
    creation = uow.outbox.open_customer_create(client_id)
    if creation is not None:  # it would find this very customer: nothing left to do
        uow.outbox.mark_done(creation.id, now)
    return client_id
