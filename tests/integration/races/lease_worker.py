"""A process that tries to take a lease at a given instant (for race tests), run as
``python -m tests.integration.races.lease_worker URL NAME START_LINE HOLD_S TTL_S``.

Once connected to the database it waits at the ``START_LINE`` (``start_line.py``: every
process asks at the same instant, however slowly each started; ``-`` for none), tries once,
prints one JSON line (``{"taken": bool, "holder": ...}``) and, if it won, holds the lease
(renewing it) for ``HOLD_S`` seconds, then releases it. Killed while holding, it leaves a
lease that only expiry frees.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import timedelta

from owl_desktop.core import lease
from owl_desktop.store.db import create_db_engine
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.integration.races.start_line import wait_for_go


def main(argv: list[str]) -> int:
    url, name, start_line, hold_s, ttl_s = argv
    engine = create_db_engine(url)
    uow = UnitOfWorkFactory(engine)
    with uow() as work:  # connect before the start line, as a running desk would be
        work.leases.get(name)
    wait_for_go(start_line)
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
