"""Local changes made by the services reach Stripe through the sync engine's outbox drainer."""

from __future__ import annotations

from collections.abc import Callable

import stripe

from owl_desktop.core.outbox_sender import OutboxSender
from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.domain.outbox import KIND_CUSTOMER_UPDATE
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.services.clients import ClientService
from owl_desktop.services.customers import CustomerService
from owl_desktop.services.payment_methods import PaymentMethodService
from owl_desktop.store.uow import UnitOfWorkFactory
from owl_desktop.sync.outbox import OutboxDrainer
from tests.integration.payments.conftest import Clock, confirm_card
from tests.stripe_env import account_of


def drain(uow_factory: UnitOfWorkFactory, gateway: StripeGateway, clock: Clock) -> None:
    sender = OutboxSender(uow_factory, gateway, account_of(gateway), clock=clock)
    result = OutboxDrainer(uow_factory, sender, clock=clock).drain()
    assert (result.failed, result.retried) == (0, 0), result.errors
    with uow_factory() as uow:
        assert uow.outbox.count_waiting() == 0


def test_profile_edit_updates_the_customer_only_once_linked(
        uow_factory: UnitOfWorkFactory, customers: CustomerService, gateway: StripeGateway,
        clock: Clock, make_client: Callable[..., int]) -> None:
    clients = ClientService(uow_factory, clock)
    client_id = make_client()
    draft = ClientDraft("Élise", "Tremblay-Roy", "elise.roy@example.com", "514 555 0100",
                        Address("99 av. du Parc", "app. 4", "Montréal", "QC", "H2V 4E7", "CA"))
    clients.update(client_id, draft)
    with uow_factory() as uow:
        assert uow.outbox.open_for_client(client_id) == []  # no customer yet: nothing to send

    customer_id = customers.ensure_customer(client_id)
    clients.update(client_id, draft)  # no change: nothing queued
    with uow_factory() as uow:
        assert uow.outbox.open_for_client(client_id) == []
    moved = ClientDraft(draft.first_name, draft.last_name, draft.email, draft.phone,
                        Address("1 rue Sherbrooke", "", "Québec", "QC", "G1R 2B5", "CA"))
    clients.update(client_id, moved)
    with uow_factory() as uow:
        assert [e.kind for e in uow.outbox.open_for_client(client_id)] == [KIND_CUSTOMER_UPDATE]
    drain(uow_factory, gateway, clock)
    info = gateway.retrieve_customer(customer_id)
    assert (info.name, info.email, info.phone) == (
        "Élise Tremblay-Roy", "elise.roy@example.com", "(514) 555-0100")
    assert (info.address.line1, info.address.city, info.address.postal_code) == (
        "1 rue Sherbrooke", "Québec", "G1R 2B5")


def test_default_and_removal_reach_stripe(methods: PaymentMethodService,
                                          stripe_client: stripe.StripeClient,
                                          gateway: StripeGateway, clock: Clock,
                                          uow_factory: UnitOfWorkFactory,
                                          make_client: Callable[..., int]) -> None:
    client_id = make_client()
    ids = []
    for pm in ("pm_card_visa", "pm_card_mastercard"):
        si = methods.start_setup(client_id, "card")
        confirm_card(stripe_client, si.id, pm)
        ids.append(methods.complete_setup(client_id, si.id).id)
    drain(uow_factory, gateway, clock)
    with uow_factory() as uow:
        customer_id = uow.clients.get(client_id).stripe_customer_id
        first, second = (uow.payment_methods.get(i) for i in ids)
    assert customer_id is not None
    assert gateway.retrieve_customer(customer_id).default_payment_method_id == first.stripe_id

    methods.set_default(client_id, second.id)
    drain(uow_factory, gateway, clock)
    assert gateway.retrieve_customer(customer_id).default_payment_method_id == second.stripe_id
    assert not any(m.pending_sync for m in methods.list_for_client(client_id))

    methods.remove(client_id, second.id)
    drain(uow_factory, gateway, clock)
    assert [m.id for m in gateway.list_payment_methods(customer_id)] == [first.stripe_id]
    assert gateway.retrieve_customer(customer_id).default_payment_method_id is None
    with uow_factory() as uow:
        assert uow.payment_methods.by_stripe_id(second.stripe_id) is None  # gone once confirmed
    assert [m.id for m in methods.list_for_client(client_id)] == [first.id]
