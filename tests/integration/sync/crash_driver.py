"""A desk process for crash tests: runs one sync and SIGKILLs itself at a marked point.

``python -m tests.integration.sync.crash_driver DB_URL API_BASE SECRET_KEY KILL_AT``

``KILL_AT`` is an outbox hook point: ``claimed`` (the entry is committed as in progress, the
Stripe call not made yet) or ``sent`` (Stripe answered, the answer not yet recorded). The test
reads the exit status (-SIGKILL) and then restarts a desk on the same database.
"""

from __future__ import annotations

import os
import signal
import sys
from datetime import timedelta

from owl_desktop.store.outbox_repo import OutboxEntry
from tests.integration.sync.desk import open_desk


def main(argv: list[str]) -> int:
    database_url, api_base, secret_key, kill_at = argv

    def hook(point: str, _entry: OutboxEntry) -> None:
        if point == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    desk = open_desk("crashing", database_url, api_base, secret_key,
                     lease=timedelta(seconds=30), hook=hook)
    desk.sync()
    return 3  # not killed: the test fails on this exit code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
