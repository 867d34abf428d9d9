"""Race tests: real processes (spawned, or run as ``python -m``) on one database, against the
Stripe of ``stripe_env`` over HTTP."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import stripe
from sqlalchemy import Engine

from owl_desktop.core.customers import client_ref
from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.store.db import create_db_engine, migrate
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.integration.races.desk_worker import DeskProcesses, DeskSpec
from tests.stripe_env import StripeEnv

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def shared_engine(database_url: str) -> Iterator[Engine]:
    """The database the desk processes share, at head before any of them opens it."""
    engine = create_db_engine(database_url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def shared_uow(shared_engine: Engine) -> UnitOfWorkFactory:
    return UnitOfWorkFactory(shared_engine)


@pytest.fixture
def desk_processes(database_url: str, stripe_env: StripeEnv, shared_engine: Engine
                   ) -> Callable[..., DeskProcesses]:
    """``desk_processes("A", "B")``: one spawned process per desk, on the shared database."""
    def make(*names: str) -> DeskProcesses:
        return DeskProcesses([DeskSpec(name, database_url, stripe_env.api_base,
                                       stripe_env.secret_key) for name in names])
    return make


def add_client(uow_factory: UnitOfWorkFactory, first: str, email: str = "") -> int:
    draft = ClientDraft(first_name=first, last_name="Racer", email=email,
                        phone="(514) 555-0199",
                        address=Address("12 rue Principale", "", "Montréal", "QC", "H2X 1Y4",
                                        "CA"))
    with uow_factory() as uow:
        client = uow.clients.add(draft, datetime.now(UTC))
        uow.commit()
    return client.id


def stripe_customers_of(sc: stripe.StripeClient, uow_factory: UnitOfWorkFactory,
                        client_id: int) -> list[stripe.Customer]:
    """Every customer Stripe holds for this very client (its id *and* reference), listed
    (no search lag), read through a plain StripeClient, never the code under test."""
    with uow_factory() as uow:
        ref = client_ref(uow.clients.get(client_id))
    page = sc.v1.customers.list(params={"limit": 100})
    found = []
    for customer in page.auto_paging_iter():
        metadata = customer.metadata.to_dict() if customer.metadata else {}
        if (metadata.get("owl_client_id"), metadata.get("owl_client_ref")) == (str(client_id),
                                                                                 ref):
            found.append(customer)
    return found
