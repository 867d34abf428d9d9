"""ensure_customer looks for a customer made for this very client before creating one: two
sandbox databases with the same demo client end up with one Stripe customer, while another
database's client with the same id never gets this one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import stripe

from owl_desktop.core.customers import client_ref
from owl_desktop.domain.clients import ClientDraft
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.services.customers import CustomerService
from owl_desktop.services.demo import seed_demo_clients
from owl_desktop.store.db import create_db_engine, migrate
from owl_desktop.store.uow import UnitOfWorkFactory
from owl_desktop.sync.metered import MeteredGateway
from tests.integration.payments.conftest import Clock
from tests.stripe_env import account_of

ELISE = 1  # the first demo client


@pytest.fixture
def demo_databases(tmp_path: Path) -> Iterator[tuple[UnitOfWorkFactory, UnitOfWorkFactory]]:
    """Two sandbox desks' databases, seeded at different moments."""
    made = []
    for name, when in (("a", datetime(2026, 1, 1, tzinfo=UTC)),
                       ("b", datetime(2026, 3, 1, tzinfo=UTC))):
        engine = create_db_engine(f"sqlite:///{tmp_path / f'{name}.db'}")
        migrate(engine)
        factory = UnitOfWorkFactory(engine)
        seed_demo_clients(factory, lambda when=when: when)
        made.append(factory)
    yield made[0], made[1]
    for factory in made:
        factory.engine.dispose()


def _counting(gateway: StripeGateway) -> MeteredGateway:
    return MeteredGateway(gateway, rate_per_s=None)


def _customers_for(sc: stripe.StripeClient, client_id: int) -> list[stripe.Customer]:
    page = sc.v1.customers.list(params={"limit": 100})
    return [c for c in page.auto_paging_iter()
            if c.metadata is not None
            and c.metadata.to_dict().get("owl_client_id") == str(client_id)]


def test_second_database_adopts_the_customer_of_the_same_demo_client(
        demo_databases: tuple[UnitOfWorkFactory, UnitOfWorkFactory], gateway: StripeGateway,
        stripe_client: stripe.StripeClient, clock: Clock, sandbox: SandboxServer) -> None:
    # Sandbox only: real Stripe's search lags fresh writes by up to a minute.
    db_a, db_b = demo_databases
    created = CustomerService(db_a, gateway, account_of(gateway), clock).ensure_customer(ELISE)
    # Desk B changed the phone before its first save: the same creation key with other
    # details would be refused by Stripe; the look-up finds A's customer first.
    with db_b() as uow:
        elise = uow.clients.get(ELISE)
        uow.clients.update(ELISE, ClientDraft(elise.first_name, elise.last_name, elise.email,
                                              "514 555-0999", elise.address), clock())
        uow.commit()
    counted = _counting(gateway)
    service_b = CustomerService(db_b, counted.as_gateway(), account_of(gateway), clock)
    assert service_b.ensure_customer(ELISE) == created
    # One look-up, then one update: B's phone differs from the adopted customer's.
    assert dict(counted.calls) == {"find_customer_by_client_id": 1}
    with db_b() as uow:
        assert uow.clients.get(ELISE).stripe_customer_id == created
        requested = [cid for cid, _ in uow.reconcile_requests.requested()]
        assert requested == [ELISE]  # its methods are read by the next sync run
        updates = [e for e in uow.outbox.open_for_client(ELISE)
                   if e.kind == "customer_update"]
        assert [e.payload["details"]["phone"] for e in updates] == ["514 555-0999"]
    assert service_b.pending_creation(ELISE) is None
    assert [c.id for c in _customers_for(stripe_client, ELISE)] == [created]
    # Linked now: no call at all.
    counted.reset_counts()
    assert service_b.ensure_customer(ELISE) == created
    assert counted.total_calls == 0


def test_a_new_client_costs_one_lookup_and_one_create(
        uow_factory: UnitOfWorkFactory, gateway: StripeGateway, clock: Clock,
        stripe_env: object, make_client: object) -> None:
    client_id = make_client()  # type: ignore[operator]
    counted = _counting(gateway)
    customer_id = CustomerService(uow_factory, counted.as_gateway(), account_of(gateway),
                                  clock).ensure_customer(client_id)
    assert customer_id
    assert dict(counted.calls) == {"find_customer_by_client_id": 1, "create_customer": 1}


def test_another_databases_client_with_the_same_id_is_never_adopted(
        demo_databases: tuple[UnitOfWorkFactory, UnitOfWorkFactory], gateway: StripeGateway,
        stripe_client: stripe.StripeClient, clock: Clock, tmp_path: Path,
        sandbox: SandboxServer) -> None:
    db_a, _ = demo_databases
    demo_customer = CustomerService(db_a, gateway, account_of(gateway),
                                    clock).ensure_customer(ELISE)
    # A clinic's own database (real creation times): its client 1 is someone else.
    engine = create_db_engine(f"sqlite:///{tmp_path / 'clinic.db'}")
    migrate(engine)
    clinic = UnitOfWorkFactory(engine)
    try:
        with db_a() as uow:
            elise = uow.clients.get(ELISE)
        with clinic() as uow:
            own = uow.clients.add(ClientDraft(elise.first_name, elise.last_name, elise.email,
                                              elise.phone, elise.address), clock())
            uow.commit()
        assert own.id == ELISE
        assert client_ref(own) != client_ref(elise)
        own_customer = CustomerService(clinic, gateway, account_of(gateway),
                                       clock).ensure_customer(ELISE)
        assert own_customer != demo_customer
        assert {c.id for c in _customers_for(stripe_client, ELISE)} == {demo_customer,
                                                                         own_customer}
    finally:
        engine.dispose()
