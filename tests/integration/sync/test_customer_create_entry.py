"""A ``customer_create`` outbox entry older than Stripe's idempotency window looks for the
customer a lost answer may have created, and adopts it only when it is this database's
client (``metadata.owl_client_ref``), never another database's client with the same id."""

from __future__ import annotations

import stripe

from owl_desktop.core.customers import client_ref, customer_details, details_payload
from owl_desktop.domain.outbox import KIND_CUSTOMER_CREATE
from tests.integration.sync.conftest import DeskFactory
from tests.integration.sync.desk import Desk, add_client


def queue_creation(desk: Desk, client_id: int) -> None:
    with desk.uow() as uow:
        client = uow.clients.get(client_id)
        uow.outbox.enqueue(KIND_CUSTOMER_CREATE, client_id=client_id,
                           payload=details_payload(customer_details(client)), now=desk.clock(),
                           idempotency_key=f"customer_create:{client_ref(client)}:1")
        uow.commit()


def linked_customer(desk: Desk, client_id: int) -> str | None:
    with desk.uow() as uow:
        return uow.customer_links.customer_of(client_id)


def test_stale_creation_never_adopts_another_databases_client_with_the_same_id(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient) -> None:
    desk = desk_factory("A")
    client_id = add_client(desk, "Noor", "Haddad", email="noor@example.com")
    # Another installation on the same Stripe account once linked its own client N.
    foreign = stripe_client.v1.customers.create(params={
        "name": "Someone Else", "email": "noor@example.com",
        "metadata": {"owl_client_id": str(client_id), "owl_client_ref": f"{client_id}:1"}})
    queue_creation(desk, client_id)
    desk.clock.advance(hours=24)  # the key is past Stripe's window: recovery looks first
    desk.sync_until_quiet()
    mine = linked_customer(desk, client_id)
    assert mine is not None
    assert mine != foreign.id
    created = stripe_client.v1.customers.retrieve(mine)
    with desk.uow() as uow:
        assert created.metadata["owl_client_ref"] == client_ref(uow.clients.get(client_id))


def test_stale_creation_adopts_its_own_customer_from_a_lost_answer(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient) -> None:
    desk = desk_factory("A")
    client_id = add_client(desk, "Noor", "Haddad", email="noor@example.com")
    with desk.uow() as uow:
        ref = client_ref(uow.clients.get(client_id))
    # The first attempt reached Stripe, but its answer was lost (crash, network).
    lost = stripe_client.v1.customers.create(params={
        "name": "Noor Haddad", "email": "noor@example.com",
        "metadata": {"owl_client_id": str(client_id), "owl_client_ref": ref}})
    queue_creation(desk, client_id)
    desk.clock.advance(hours=24)
    desk.sync_until_quiet()
    assert linked_customer(desk, client_id) == lost.id
