"""A process that tries to take a lease at a given instant (for race tests), run as
``python -m tests.integration.races.lease_worker URL NAME START_AT HOLD_S TTL_S``.

It waits until the wall-clock ``START_AT`` (so several processes ask at the same instant),
tries once, prints one JSON line (``{"taken": bool, "holder": ...}``) and, if it won, holds
the lease (renewing it) for ``HOLD_S`` seconds, then releases it. Killed while holding, it
leaves a lease that only expiry frees.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import timedelta

from owl_desktop.core import lease
from owl_desktop.store.db import create_db_engine
from owl_desktop.store.uow import UnitOfWorkFactory


def main(argv: list[str]) -> int:
    url, name, start_at, hold_s, ttl_s = argv
    engine = create_db_engine(url)
    uow = UnitOfWorkFactory(engine)
    with uow() as work:  # connect before the start line, as a running desk would be
        work.leases.get(name)
    time.sleep(max(0.0, float(start_at) - time.time()))
    held = lease.take(uow, name, ttl=timedelta(seconds=float(ttl_s)))
    print(json.dumps({"taken": held is not None,
                      "holder": held.holder if held else None}), flush=True)
    if held is not None:
        time.sleep(float(hold_s))
        print(json.dumps({"lost": held.lost}), flush=True)
        held.release()
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
