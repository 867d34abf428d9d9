"""A full reconcile of 1,000 linked customers at Stripe's test-mode rate limit.

    python -m benchmarks.sync_full_reconcile [--customers 1000] [--rate 20]

Seeds the customers (one card each) in the sandbox, then times a first sync of a fresh desk:
every linked customer is reconciled, paginated, throttled client-side to ``--rate`` requests per
second (Stripe test mode allows 25; 20 leaves headroom for other desks). Prints calls, time,
the effective and peak request rate, and progress every 100 customers.
"""

from __future__ import annotations

import argparse
import sys
import time

from benchmarks.sync_common import open_desk, seed_stripe, stripe_endpoint, workdir
from owl_desktop.sync.progress import SyncProgress

TEST_MODE_LIMIT = 25


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=20.0)
    args = parser.parse_args(argv)
    with stripe_endpoint() as env, workdir() as tmp:
        print(f"seeding {args.customers} customers ...", flush=True)
        customers = seed_stripe(env.client, args.customers,
                                lambda k: print(f"  {k}", flush=True))
        desk = open_desk(tmp, env, customers, rate_per_s=args.rate)
        started = time.perf_counter()

        def progress(p: SyncProgress) -> None:
            if p.phase == "full" and p.total and (p.done % 100 == 0 or p.done == p.total):
                print(f"  {p.done}/{p.total} customers, {time.perf_counter() - started:.1f}s",
                      flush=True)

        summary = desk.engine.run_once(progress)
        elapsed = time.perf_counter() - started
        pull = summary.pull
        if pull is None or not pull.full or not pull.complete:
            raise SystemExit(f"the first sync was not a complete full reconcile: {summary}")
        calls = summary.api_calls
        peak = desk.times.peak_per_second()
        print()
        print(f"customers reconciled : {pull.clients_reconciled}")
        print(f"changes applied      : {pull.changes}")
        print(f"API calls            : {calls} "
              f"({dict(sorted(desk.engine.metered.calls.items()))})")
        print(f"time                 : {elapsed:.1f}s")
        print(f"effective rate       : {calls / elapsed:.1f} req/s (limit set {args.rate:g})")
        print(f"peak in any second   : {peak} (Stripe test mode allows {TEST_MODE_LIMIT})")
        print(f"errors               : {summary.error or 'none'}")
        desk.uow.engine.dispose()
        ok = pull.clients_reconciled == args.customers and peak <= TEST_MODE_LIMIT
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
