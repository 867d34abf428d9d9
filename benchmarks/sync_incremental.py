"""Stripe calls and time for an incremental sync of N changes among M linked customers.

    python -m benchmarks.sync_incremental [--m 100 1000] [--n 1 10 100]

For each M: seeds M customers (one card each) and a desk linked to them, runs the first (full)
sync, then for each N changes N customers elsewhere (a new card attached and made default) and
times the desk's next sync. Prints calls per run: they must follow N (one events page per 100
events plus two calls per changed customer), not M. Uses the in-process sandbox unless
OWL_TEST_STRIPE_API_BASE / OWL_TEST_STRIPE_SECRET_KEY point elsewhere.
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from benchmarks.sync_common import open_desk, seed_stripe, stripe_endpoint, workdir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--m", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--n", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--rate", type=float, default=20.0,
                        help="client-side request rate limit (default 20/s)")
    args = parser.parse_args(argv)
    rows = []
    for m in args.m:
        with stripe_endpoint() as env, workdir() as tmp:
            if env.sandbox is not None:
                env.sandbox.reset()
            print(f"M={m}: seeding Stripe ...", flush=True)
            customers = seed_stripe(env.client, m, lambda k: print(f"  {k}", flush=True))
            desk = open_desk(tmp, env, customers, rate_per_s=args.rate)
            started = time.perf_counter()
            first = desk.engine.run_once()
            print(f"M={m}: first sync (full reconcile) {first.api_calls} calls in "
                  f"{time.perf_counter() - started:.1f}s", flush=True)
            rng = random.Random(m)
            for n in args.n:
                if n > m:
                    continue
                for customer_id in rng.sample(customers, n):
                    pm = env.client.v1.payment_methods.attach(
                        "pm_card_mastercard", params={"customer": customer_id})
                    env.client.v1.customers.update(customer_id, params={
                        "invoice_settings": {"default_payment_method": pm.id}})
                started = time.perf_counter()
                summary = desk.engine.run_once()
                elapsed = time.perf_counter() - started
                pull = summary.pull
                if pull is None or pull.full:
                    raise SystemExit(f"expected an incremental pull: {summary}")
                rows.append((m, n, summary.api_calls, pull.events_new,
                             pull.clients_reconciled, elapsed))
            desk.uow.engine.dispose()
    print()
    print(f"{'M linked':>9} {'N changed':>10} {'API calls':>10} {'events':>7} "
          f"{'reconciled':>11} {'seconds':>8}")
    for m, n, calls, events, clients, secs in rows:
        print(f"{m:>9} {n:>10} {calls:>10} {events:>7} {clients:>11} {secs:>8.2f}")
    by_n: dict[int, set[int]] = {}
    for _m, n, calls, *_ in rows:
        by_n.setdefault(n, set()).add(calls)
    same = all(len(v) == 1 for v in by_n.values())
    print()
    print("calls depend on N only (same calls for every M):", "yes" if same else "NO")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
