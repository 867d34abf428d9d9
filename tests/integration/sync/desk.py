"""A "desk" for sync tests: its own database, its own gateway and engine, one shared Stripe.

Local changes go through the app's own services (``ClientService``, ``PaymentMethodService``),
which write the local row and the outbox entry in one unit of work. Comparisons read Stripe
through a plain ``stripe.StripeClient``, never through the code under test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import stripe

from owl_desktop.core.outbox_sender import Hook
from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.services.audit import this_workstation
from owl_desktop.services.clients import ClientService
from owl_desktop.services.customers import CustomerService
from owl_desktop.services.payment_methods import PaymentMethodService
from owl_desktop.store.db import create_db_engine, migrate
from owl_desktop.store.uow import UnitOfWorkFactory
from owl_desktop.sync.engine import SyncEngine, SyncSummary
from tests.stripe_env import account_of


class TestClock:
    """Real time plus an offset the test moves forward (to skip backoffs, leases, days)."""

    __test__ = False

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, **kwargs: float) -> None:
        self.offset += timedelta(**kwargs)


@dataclass
class Desk:
    name: str
    uow: UnitOfWorkFactory
    gateway: StripeGateway
    engine: SyncEngine
    clock: TestClock
    clients: ClientService
    methods: PaymentMethodService
    closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        for closer in self.closers:
            closer()
        self.uow.engine.dispose()

    def sync(self, **kwargs: Any) -> SyncSummary:
        return self.engine.run_once(**kwargs)

    def sync_until_quiet(self, rounds: int = 30, step_s: float = 400) -> list[SyncSummary]:
        """Run, skipping backoffs with the clock, until nothing waits; returns the runs."""
        runs = []
        for _ in range(rounds):
            summary = self.engine.run_once()
            runs.append(summary)
            if summary.waiting == 0 and not summary.error:
                return runs
            self.clock.advance(seconds=step_s)
        raise AssertionError(f"desk {self.name} never got quiet: {runs[-1]}")


def open_desk(name: str, database_url: str, api_base: str, secret_key: str, *,
              desk_header: str | None = None, rate_per_s: float | None = None,
              lease: timedelta = timedelta(seconds=45), timeout_s: float = 10,
              hook: Hook | None = None, clock: TestClock | None = None,
              gateway: StripeGateway | None = None) -> Desk:
    """``gateway``: one built by the caller (e.g. a crash-injecting subclass); else a plain
    ``StripeGateway`` on ``api_base``."""
    engine = create_db_engine(database_url)
    migrate(engine)
    uow = UnitOfWorkFactory(engine)
    clock = clock or TestClock()
    gateway = gateway or StripeGateway(secret_key, api_base=api_base, timeout_s=timeout_s,
                                       desk=desk_header)
    account = account_of(gateway)
    sync = SyncEngine(uow, gateway, account, clock=clock, rate_per_s=rate_per_s, lease=lease,
                      hook=hook, here=this_workstation(None))  # type: ignore[arg-type]
    api = sync.metered.as_gateway()
    methods = PaymentMethodService(uow, api, CustomerService(uow, api, account, clock), clock)
    return Desk(name, uow, gateway, sync, clock, ClientService(uow, clock), methods)


# Local changes, as the services make them ------------------------------------------------

def add_client(desk: Desk, first: str, last: str = "Tester", email: str = "") -> int:
    with desk.uow() as uow:
        client = uow.clients.add(ClientDraft(first_name=first, last_name=last, email=email,
                                             phone="", address=Address()), desk.clock())
        uow.commit()
    return client.id


def link(desk: Desk, client_id: int, customer_id: str) -> None:
    with desk.uow() as uow:
        uow.customer_links.link(client_id, customer_id, desk.engine.account, desk.clock())
        uow.commit()


def _local_id(desk: Desk, pm_id: str) -> int:
    with desk.uow() as uow:
        method = uow.payment_methods.by_stripe_id(pm_id)
    assert method is not None, f"{pm_id} not cached on desk {desk.name}"
    return method.id


def local_set_default(desk: Desk, client_id: int, pm_id: str) -> None:
    desk.methods.set_default(client_id, _local_id(desk, pm_id))


def local_remove(desk: Desk, client_id: int, pm_id: str) -> None:
    desk.methods.remove(client_id, _local_id(desk, pm_id))


def local_edit_profile(desk: Desk, client_id: int, email: str) -> None:
    client = desk.clients.get(client_id)
    desk.clients.update(client_id, ClientDraft(
        first_name=client.first_name, last_name=client.last_name, email=email,
        phone=client.phone, address=client.address))


# Stripe, read and changed "elsewhere" ----------------------------------------------------

def new_customer(sc: stripe.StripeClient, name: str, client_id: int) -> str:
    return sc.v1.customers.create(params={
        "name": name, "metadata": {"owl_client_id": str(client_id)}}).id


def attach_card(sc: stripe.StripeClient, customer_id: str, test_pm: str = "pm_card_visa") -> str:
    return sc.v1.payment_methods.attach(test_pm, params={"customer": customer_id}).id


def set_default_elsewhere(sc: stripe.StripeClient, customer_id: str, pm_id: str | None) -> None:
    sc.v1.customers.update(customer_id, params={
        "invoice_settings": {"default_payment_method": pm_id or ""}})


def stripe_methods(sc: stripe.StripeClient, customer_id: str) -> set[str]:
    ids: set[str] = set()
    for kind in ("card", "acss_debit"):
        page = sc.v1.customers.payment_methods.list(customer_id,
                                                    params={"type": kind, "limit": 100})
        ids.update(pm.id for pm in page.auto_paging_iter())
    return ids


def stripe_default(sc: stripe.StripeClient, customer_id: str) -> str | None:
    customer = sc.v1.customers.retrieve(customer_id)
    default = customer.invoice_settings.default_payment_method \
        if customer.invoice_settings else None
    return default if isinstance(default, str) or default is None else default.id


def events_of(sc: stripe.StripeClient, event_type: str, object_id: str | None = None
              ) -> list[Any]:
    page = sc.v1.events.list(params={"type": event_type, "limit": 100})
    events = list(page.auto_paging_iter())
    if object_id is not None:
        events = [e for e in events if e.data.object.id == object_id]
    return events


def assert_desk_matches_stripe(desk: Desk, sc: stripe.StripeClient) -> None:
    """Every linked client: cached methods and default equal Stripe's; nothing left to send."""
    with desk.uow() as uow:
        linked = uow.customer_links.linked()
        assert uow.outbox.count_waiting() == 0, f"desk {desk.name} still has work"
        assert uow.outbox.count_failed() == 0, f"desk {desk.name} has sync problems"
        local = {}
        for lc in linked:
            methods = uow.payment_methods.list_for_client(lc.client_id, include_removed=True)
            default_id = uow.payment_methods.default_id(lc.client_id)
            by_id = {m.id: m.stripe_id for m in methods}
            local[lc.customer_id] = ({m.stripe_id for m in methods if m.status != "removed"},
                                     {m.stripe_id for m in methods if m.status == "removed"},
                                     by_id.get(default_id) if default_id else None)
    for customer_id, (active, removed, default) in local.items():
        assert removed == set(), f"desk {desk.name}: {customer_id} still shows removed {removed}"
        assert active == stripe_methods(sc, customer_id), f"desk {desk.name}: {customer_id}"
        assert default == stripe_default(sc, customer_id), f"desk {desk.name}: {customer_id}"
