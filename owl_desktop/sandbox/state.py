"""The double's state: objects per account, events, idempotency records, scheduled work, clock.

Plain JSON-able dicts, guarded by one re-entrant lock (requests are handled one at a time inside
it, which keeps every Stripe operation atomic). With a path it is saved after each change, so the
app's ``--sandbox`` mode keeps its demo data across restarts. It never holds a full card or
account number or a CVC: payment methods keep last4, a salted fingerprint and the test outcome.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import string
import threading
import time
from pathlib import Path
from typing import Any

from owl_desktop.sandbox import migrate

_ALNUM = string.ascii_letters + string.digits
STATE_VERSION = 3
SAVE_DELAY_S = 0.2
log = logging.getLogger(__name__)


def new_id(prefix: str, length: int = 24) -> str:
    """An id like Stripe's: ``prefix_`` then random letters and digits."""
    return f"{prefix}_" + "".join(secrets.choice(_ALNUM) for _ in range(length))


class Account:
    """Objects, events and idempotency records of one Stripe account."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        data = data or {}
        self.objects: dict[str, dict[str, Any]] = data.get("objects", {})
        self.internal: dict[str, dict[str, Any]] = data.get("internal", {})
        self.events: list[dict[str, Any]] = data.get("events", [])
        self.idempotency: dict[str, dict[str, Any]] = data.get("idempotency", {})
        self.tasks: list[dict[str, Any]] = data.get("tasks", [])
        #: Customer search's own copy: id -> [[indexed at, snapshot], ...] oldest first (see
        #: ``owl_desktop.sandbox.search``).
        self.search_index: dict[str, list[list[Any]]] = data.get("search_index", {})

    def to_json(self) -> dict[str, Any]:
        return {"objects": self.objects, "internal": self.internal, "events": self.events,
                "idempotency": self.idempotency, "tasks": self.tasks,
                "search_index": self.search_index}


class State:
    """All accounts plus the sandbox clock, optionally persisted to ``path``."""

    def __init__(self, path: Path | None = None) -> None:
        self.lock = threading.RLock()
        self.path = path
        self.clock_offset = 0.0
        self.seq = 0
        self.accounts: dict[str, Account] = {}
        self._dirty = False
        self._timer: threading.Timer | None = None
        if path is not None and path.exists():
            try:
                self._load(path)
            except (ValueError, KeyError, TypeError, OSError) as exc:
                # A damaged file must not stop the app's sandbox mode: keep it aside, start anew.
                aside = path.with_name(f"{path.name}.damaged-{int(time.time())}")
                log.warning("sandbox state %s unreadable (%s); moved to %s", path, exc, aside)
                os.replace(path, aside)
                self.accounts = {}
                self.clock_offset = 0.0

    # ---- clock ----
    def now(self) -> int:
        """Sandbox time in whole seconds (real time plus the fast-forward offset)."""
        return int(time.time() + self.clock_offset)

    def advance(self, seconds: float) -> None:
        with self.lock:
            self.clock_offset += seconds

    def set_clock(self, epoch: float) -> None:
        with self.lock:
            self.clock_offset = epoch - time.time()

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def account(self, account_id: str) -> Account:
        acc = self.accounts.get(account_id)
        if acc is None:
            acc = Account()
            self.accounts[account_id] = acc
        return acc

    def reset(self) -> None:
        """Forget every object and event and the clock offset (tests' per-test reset)."""
        with self.lock:
            self.accounts.clear()
            self.clock_offset = 0.0
            self.save()

    # ---- persistence ----
    def to_json(self) -> dict[str, Any]:
        return {"version": STATE_VERSION, "clock_offset": self.clock_offset, "seq": self.seq,
                "accounts": {k: v.to_json() for k, v in self.accounts.items()}}

    def save(self, *, now: bool = False) -> None:
        """Persist soon (coalescing bursts of writes), or at once with ``now=True``.

        Writing the whole file per request would make bulk runs quadratic; a short delay
        keeps them linear while losing at most :data:`SAVE_DELAY_S` of state to a hard kill.
        """
        if self.path is None:
            return
        if now:
            self.flush()
            return
        with self.lock:
            self._dirty = True
            if self._timer is None:
                self._timer = threading.Timer(SAVE_DELAY_S, self.flush)
                self._timer.daemon = True
                self._timer.start()

    def flush(self) -> None:
        """Write the state file now if anything changed since the last write."""
        if self.path is None:
            return
        with self.lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if not self._dirty and self.path.exists():
                return
            text = json.dumps(self.to_json(), separators=(",", ":"))
            tmp = self.path.with_suffix(self.path.suffix + ".tmp")
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, self.path)
            self._dirty = False

    def _load(self, path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        upgraded = data.get("version") in (1, 2)
        if data.get("version") == 1:
            scrubbed = migrate.upgrade_v1(data)
            log.info("sandbox state %s upgraded to version 2 (%s non-test numbers scrubbed)",
                     path, scrubbed)
        if data.get("version") == 2:
            migrate.upgrade_v2(data)
            log.info("sandbox state %s upgraded to version 3 (endive shapes)", path)
        if data.get("version") != STATE_VERSION:
            raise ValueError(f"unsupported sandbox state version in {path}")
        self.clock_offset = float(data.get("clock_offset", 0.0))
        self.seq = int(data.get("seq", 0))
        self.accounts = {k: Account(v) for k, v in data.get("accounts", {}).items()}
        if upgraded:
            # Write the upgrade back at once: a version-1 salt must not stay on disk.
            self._dirty = True
            self.flush()
