"""An autopay run over 1,000 open invoices at Stripe's test-mode rate limit.

    python -m benchmarks.autopay_run [--clients 100] [--invoices-each 10] [--rate 20]
                                     [--faults 0.05]

Seeds the clients (a Stripe customer with a card each, cached locally as sync would leave it,
enrolled in autopay) and their open invoices, then times one run through the metered gateway
(throttled client-side to ``--rate`` requests per second; Stripe test mode allows 25). With
``--faults`` the sandbox answers that share of requests with 429 (Retry-After 1 s): the run
waits each out and re-sends the same attempt, so none is lost and none is charged twice.

Prints the Stripe calls (one per charge, plus one per 429 re-sent, plus a constant: none),
the time, the effective and peak request rate, and checks at Stripe that every invoice has
exactly one succeeded PaymentIntent.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from benchmarks.sync_common import CallTimes, Stripe, stripe_endpoint, workdir
from owl_desktop.core.clock import utc_now
from owl_desktop.domain.audit import Workstation
from owl_desktop.domain.billing import InvoiceKind
from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.domain.stripe_records import StripeAccount
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.services.autopay_run import AutopayRunner, Outcome, RunLine
from owl_desktop.store.db import create_db_engine, migrate
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory
from owl_desktop.sync.metered import MeteredGateway

TEST_MODE_LIMIT = 25


def seed(workdir: Path, env: Stripe, clients: int, each: int) -> UnitOfWorkFactory:
    engine = create_db_engine(f"sqlite:///{workdir / 'autopay-bench.sqlite3'}")
    migrate(engine)
    uow = UnitOfWorkFactory(engine)
    gateway = StripeGateway(env.secret_key, api_base=env.api_base)
    account = StripeAccount(gateway.identify_account().id or "acct_bench", livemode=False)
    now = utc_now()
    for n in range(clients):
        customer = env.client.v1.customers.create(params={
            "name": f"Bench {n}", "metadata": {"owl_client_id": str(n + 1)}})
        pm = env.client.v1.payment_methods.attach("pm_card_visa",
                                                  params={"customer": customer.id})
        with uow() as u:
            client = u.clients.add(ClientDraft(first_name="Bench", last_name=str(n),
                                               address=Address()), now)
            u.customer_links.link(client.id, customer.id, account, now)
            stored = u.payment_methods.upsert(gateway.retrieve_payment_method(pm.id),
                                              client.id, now)
            u.payment_methods.set_default(client.id, stored.method.id, now)
            u.clients.set_autopay(client.id, "on", now)
            for k in range(each):
                u.invoices.add(client_id=client.id, kind=InvoiceKind.MANUAL,
                               description=f"Session {k + 1}", amount_cents=50_00 + k,
                               currency="CAD", service_date=date(2026, 11, 1 + k % 28),
                               now=now)
            u.commit()
        if (n + 1) % 25 == 0:
            print(f"  {n + 1}/{clients} clients", flush=True)
    return uow


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--invoices-each", type=int, default=10)
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--faults", type=float, default=0.05,
                        help="share of requests the sandbox answers with 429")
    args = parser.parse_args(argv)
    total = args.clients * args.invoices_each
    with stripe_endpoint() as env, workdir() as tmp:
        print(f"seeding {args.clients} clients x {args.invoices_each} invoices ...", flush=True)
        uow = seed(tmp, env, args.clients, args.invoices_each)
        if env.sandbox is not None and args.faults:
            env.sandbox.faults.set(rate_limit_429_rate=args.faults, retry_after_s=1, seed=17)
        times = CallTimes(StripeGateway(env.secret_key, api_base=env.api_base))
        metered = MeteredGateway(times, rate_per_s=args.rate)  # type: ignore[arg-type]

        def here(_uow: UnitOfWork) -> Workstation:
            return Workstation(actor="bench", desk="bench")

        runner = AutopayRunner(uow, metered.as_gateway, workstation=here)
        started = time.perf_counter()

        def progress(done: int, of: int, _line: RunLine) -> None:
            if done % 100 == 0 or done == of:
                print(f"  {done}/{of} invoices, {time.perf_counter() - started:.1f}s",
                      flush=True)

        summary = runner.run("headless", progress=progress)
        elapsed = time.perf_counter() - started
        if env.sandbox is not None:
            env.sandbox.faults.clear()
        calls = metered.total_calls
        charges = metered.calls["charge_off_session"]
        paid = summary.count(Outcome.CHARGED)
        with uow() as u:
            uuids = {i.uuid for c in u.clients.autopay_enrolled(False)
                     for i in u.invoices.list_for_client(c)}
        per_invoice: dict[str, int] = {}
        for pi in env.client.v1.payment_intents.list(params={"limit": 100}).auto_paging_iter():
            key = (pi.metadata.to_dict() if pi.metadata else {}).get("owl_invoice")
            if key in uuids and pi.status == "succeeded":
                per_invoice[key] = per_invoice.get(key, 0) + 1
        twice = sum(1 for n in per_invoice.values() if n > 1)
        print()
        print(f"invoices             : {total} (paid {paid}, "
              f"not sent {summary.count(Outcome.NOT_SENT)})")
        print(f"Stripe calls         : {calls} ({dict(sorted(metered.calls.items()))}); "
              f"charges sent {charges} = {total} + {charges - total} re-sent after a 429")
        print(f"time                 : {elapsed:.1f}s")
        print(f"effective rate       : {calls / elapsed:.1f} req/s (limit set {args.rate:g})")
        print(f"peak in any second   : {times.peak_per_second()} "
              f"(Stripe test mode allows {TEST_MODE_LIMIT})")
        print(f"paid at Stripe       : {len(per_invoice)} invoices, {twice} charged twice")
        uow.engine.dispose()
        ok = paid == total and len(per_invoice) == total and twice == 0
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
