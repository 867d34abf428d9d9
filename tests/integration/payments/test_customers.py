"""CustomerService: a client's Stripe customer is created once, across retries and crashes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import stripe

from owl_desktop.core.customers import client_ref
from owl_desktop.payments.gateway import CustomerDetails, CustomerInfo
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.services.customers import CustomerService, NeedsInternet
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.integration.payments.conftest import Clock
from tests.stripe_env import StripeEnv, account_of


class Crash(BaseException):
    """Stands for the process dying right after Stripe answered (nothing of ours catches it,
    as nothing would run)."""


class CrashAfterCreate(StripeGateway):
    """The real gateway, but the app 'dies' once Stripe has created the customer."""

    def create_customer(self, details: CustomerDetails, *,
                        idempotency_key: str) -> CustomerInfo:
        super().create_customer(details, idempotency_key=idempotency_key)
        raise Crash


def customers_of(gateway: StripeGateway, client_ref_value: str, client_id: int,
                 email: str) -> list[CustomerInfo]:
    """Every live customer Stripe holds for this client (listing, so no search lag)."""
    found: list[CustomerInfo] = []
    after: str | None = None
    while True:
        page, more = gateway.list_customers(limit=100, starting_after=after)
        found += [c for c in page if c.owl_client_id == client_id
                  and c.owl_client_ref == client_ref_value and not c.deleted]
        if not more or not page:
            return found
        after = page[-1].id


def test_creates_once_and_records_the_link(customers: CustomerService, gateway: StripeGateway,
                                           uow_factory: UnitOfWorkFactory,
                                           make_client: Callable[..., int]) -> None:
    client_id = make_client()
    first = customers.ensure_customer(client_id)
    assert customers.ensure_customer(client_id) == first
    with uow_factory() as uow:
        client = uow.clients.get(client_id)
        row = uow.clients.row(client_id)
        assert (row.stripe_customer_id, row.stripe_livemode) == (first, False)
    assert customers.pending_creation(client_id) is None
    info = gateway.retrieve_customer(first)
    assert (info.name, info.email, info.owl_client_id) == (
        "Élise Tremblay", "elise@example.com", client_id)
    assert info.owl_client_ref == client_ref(client)
    assert info.address.city == "Montréal"


def test_crash_after_create_then_retry_reuses_the_customer(
        stripe_env: StripeEnv, gateway: StripeGateway, uow_factory: UnitOfWorkFactory,
        clock: Clock, make_client: Callable[..., int]) -> None:
    client_id = make_client()
    crashing = CustomerService(uow_factory, CrashAfterCreate(
        stripe_env.secret_key, api_base=stripe_env.api_base), account_of(gateway), clock)
    with pytest.raises(Crash):
        crashing.ensure_customer(client_id)
    pending = crashing.pending_creation(client_id)
    assert pending is not None  # the key was saved before the call

    clock.advance(minutes=5)
    restarted = CustomerService(uow_factory, gateway, account_of(gateway), clock)
    customer_id = restarted.ensure_customer(client_id)
    with uow_factory() as uow:
        client = uow.clients.get(client_id)
    assert client.stripe_customer_id == customer_id
    assert [c.id for c in customers_of(gateway, client_ref(client), client_id,
                                       client.email)] == [customer_id]


def test_after_24_hours_recovers_instead_of_creating_again(
        stripe_env: StripeEnv, gateway: StripeGateway, uow_factory: UnitOfWorkFactory,
        clock: Clock, make_client: Callable[..., int], sandbox: SandboxServer) -> None:
    # Sandbox only: real Stripe's search (used for recovery) lags fresh writes.
    client_id = make_client()
    crashing = CustomerService(uow_factory, CrashAfterCreate(
        stripe_env.secret_key, api_base=stripe_env.api_base), account_of(gateway), clock)
    with pytest.raises(Crash):
        crashing.ensure_customer(client_id)
    clock.advance(hours=25)
    sandbox.advance(25 * 3600)  # Stripe has forgotten the key: a replay would create anew
    customer_id = CustomerService(uow_factory, gateway, account_of(gateway),
                                  clock).ensure_customer(client_id)
    with uow_factory() as uow:
        client = uow.clients.get(client_id)
    assert [c.id for c in customers_of(gateway, client_ref(client), client_id,
                                       client.email)] == [customer_id]


def test_after_24_hours_with_nothing_created_creates_with_a_new_key(
        customers: CustomerService, gateway: StripeGateway, uow_factory: UnitOfWorkFactory,
        clock: Clock, make_client: Callable[..., int], sandbox: SandboxServer) -> None:
    client_id = make_client()
    sandbox.faults.set(refuse_connections=True)
    with pytest.raises(NeedsInternet):
        customers.ensure_customer(client_id)
    sandbox.faults.clear()
    first_key = customers.pending_creation(client_id)
    assert first_key is not None
    clock.advance(hours=30)
    sandbox.advance(30 * 3600)
    customer_id = customers.ensure_customer(client_id)
    with uow_factory() as uow:
        client = uow.clients.get(client_id)
    assert client.stripe_customer_id == customer_id
    assert len(customers_of(gateway, client_ref(client), client_id, client.email)) == 1


def test_offline_creates_nothing(customers: CustomerService, gateway: StripeGateway,
                                 uow_factory: UnitOfWorkFactory,
                                 make_client: Callable[..., int],
                                 sandbox: SandboxServer) -> None:
    client_id = make_client()
    sandbox.faults.set(refuse_connections=True)
    with pytest.raises(NeedsInternet):
        customers.ensure_customer(client_id)
    sandbox.faults.clear()
    with uow_factory() as uow:
        assert uow.clients.get(client_id).stripe_customer_id is None
    assert gateway.list_customers()[0] == []


def test_relinking_after_the_customer_was_deleted_creates_a_new_one(
        customers: CustomerService, stripe_client: stripe.StripeClient,
        uow_factory: UnitOfWorkFactory, make_client: Callable[..., int]) -> None:
    client_id = make_client()
    first = customers.ensure_customer(client_id)
    stripe_client.v1.customers.delete(first)
    with uow_factory() as uow:  # what sync does when it sees customer.deleted
        uow.clients.row(client_id).stripe_customer_id = None
        uow.commit()
    second = customers.ensure_customer(client_id)
    assert second != first  # not a replay of the first creation's answer
    assert "deleted" not in stripe_client.v1.customers.retrieve(second)
