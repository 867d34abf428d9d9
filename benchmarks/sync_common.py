"""Shared set-up for the sync benchmarks: a Stripe (the in-process sandbox unless
``OWL_TEST_STRIPE_API_BASE``/``OWL_TEST_STRIPE_SECRET_KEY`` are set), M linked customers with a
card each, and a desk (SQLite database + engine) that knows them."""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import stripe

from owl_desktop.core.clock import utc_now
from owl_desktop.domain.audit import ELSEWHERE
from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.domain.stripe_records import StripeAccount
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.store.db import create_db_engine, migrate
from owl_desktop.store.uow import UnitOfWorkFactory
from owl_desktop.sync.engine import SyncEngine

SANDBOX_KEY = "sk_test_owlBenchmark000000000000"


@dataclass
class Stripe:
    api_base: str
    secret_key: str
    client: stripe.StripeClient
    sandbox: SandboxServer | None


@contextmanager
def stripe_endpoint() -> Iterator[Stripe]:
    base = os.environ.get("OWL_TEST_STRIPE_API_BASE", "")
    key = os.environ.get("OWL_TEST_STRIPE_SECRET_KEY", "")
    stripe.enable_telemetry = False
    if base and key:
        yield Stripe(base, key, stripe.StripeClient(key, base_addresses={"api": base}), None)
        return
    with SandboxServer() as server:
        yield Stripe(server.url, SANDBOX_KEY,
                     stripe.StripeClient(SANDBOX_KEY, base_addresses={"api": server.url}),
                     server)


class CallTimes:
    """A gateway proxy that records when each call started (to check the request rate)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self._lock = threading.Lock()
        self.starts: list[float] = []

    def __getattr__(self, name: str) -> Any:
        target = getattr(self._inner, name)
        if not callable(target):
            return target

        def call(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                self.starts.append(time.monotonic())
            return target(*args, **kwargs)

        return call

    def peak_per_second(self) -> int:
        """Most calls started within any one-second window."""
        times, peak, lo = sorted(self.starts), 0, 0
        for hi, t in enumerate(times):
            while t - times[lo] >= 1.0:
                lo += 1
            peak = max(peak, hi - lo + 1)
        return peak


@dataclass
class Desk:
    uow: UnitOfWorkFactory
    engine: SyncEngine
    times: CallTimes
    client_customers: list[tuple[int, str]]


def seed_stripe(sc: stripe.StripeClient, count: int, progress: Callable[[int], None]
                ) -> list[str]:
    """``count`` customers with one card each (not throttled: this is set-up, not the test)."""
    ids = []
    for n in range(count):
        customer = sc.v1.customers.create(params={"name": f"Bench {n}",
                                                  "metadata": {"owl_client_id": str(n + 1)}})
        sc.v1.payment_methods.attach("pm_card_visa", params={"customer": customer.id})
        ids.append(customer.id)
        if (n + 1) % 250 == 0:
            progress(n + 1)
    return ids


def open_desk(workdir: Path, env: Stripe, customers: list[str], *,
              rate_per_s: float | None) -> Desk:
    engine = create_db_engine(f"sqlite:///{workdir / 'bench.sqlite3'}")
    migrate(engine)
    uow = UnitOfWorkFactory(engine)
    now = utc_now()
    pairs = []
    gateway = StripeGateway(env.secret_key, api_base=env.api_base)
    account = StripeAccount(gateway.identify_account().id or "acct_bench", livemode=False)
    with uow() as u:
        for n, customer_id in enumerate(customers):
            client = u.clients.add(ClientDraft(first_name="Bench", last_name=str(n),
                                               address=Address()), now)
            u.customer_links.link(client.id, customer_id, account, now)
            pairs.append((client.id, customer_id))
        u.commit()
    times = CallTimes(gateway)
    sync = SyncEngine(uow, times, account, rate_per_s=rate_per_s, here=ELSEWHERE)
    return Desk(uow, sync, times, pairs)


@contextmanager
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="owl-sync-bench-") as tmp:
        yield Path(tmp)
