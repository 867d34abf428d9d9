"""An autopay run in a process of its own, for race and kill tests:

``python -m tests.integration.autopay.run_driver DB_URL API_BASE SECRET_KEY START_LINE KILL_AT``

Once connected it waits at the ``START_LINE`` (``tests/integration/races/start_line.py``: several
processes press *Run autopay now* at the same instant, however slowly each started; ``-`` for
none), runs, and prints one JSON line: ``{"busy": bool, "lines": [[invoice id,
outcome], ...]}``. ``KILL_AT`` "" runs to the end; ``answered:N`` SIGKILLs the process when
Stripe has answered the N-th charge and nothing is recorded yet (the lease is left held, the
attempt pending).
"""

from __future__ import annotations

import json
import os
import signal
import sys
from datetime import timedelta

from owl_desktop.domain.audit import Workstation
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.services.autopay_run import AutopayRunner
from owl_desktop.store.db import create_db_engine
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory
from tests.integration.races.start_line import wait_for_go


def main(argv: list[str]) -> int:
    database_url, api_base, secret_key, start_line, kill_at = argv
    point, _, count = kill_at.partition(":")
    seen = {"n": 0}

    def hook(reached: str) -> None:
        if reached == point:
            seen["n"] += 1
            if seen["n"] == int(count):
                os.kill(os.getpid(), signal.SIGKILL)

    def here(_uow: UnitOfWork) -> Workstation:
        return Workstation(actor="server", desk=f"proc-{os.getpid()}")

    engine = create_db_engine(database_url)
    gateway = StripeGateway(secret_key, api_base=api_base, timeout_s=10)
    runner = AutopayRunner(UnitOfWorkFactory(engine), lambda: gateway, workstation=here,
                           lease_ttl=timedelta(seconds=5))
    if point:
        runner.hook = hook
    with UnitOfWorkFactory(engine)() as uow:  # connected before the start line
        uow.settings.get("x")
    wait_for_go(start_line)
    summary = runner.run("headless")
    print(json.dumps({"busy": summary.busy,
                      "lines": [[line.invoice_id, line.outcome] for line in summary.lines]}),
          flush=True)
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
