"""The sandbox as the app's ``--sandbox`` mode sees it: where the Stripe double answers and
which (made-up, well-formed test) keys to use with it.

By default the app starts its own double on a free port of 127.0.0.1, keeping its state in the
data dir across restarts. With ``OWL_STRIPE_API_BASE`` set, it uses the double already running
there instead (``python -m owl_desktop.sandbox --port N``), so several desks — each with its own
``--data-dir`` — can share one sandbox, as the desks of a clinic share one Stripe account.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from owl_desktop.sandbox.keys import DEFAULT_ACCOUNT_ID
from owl_desktop.sandbox.server import SandboxServer

log = logging.getLogger(__name__)

# Not secrets: the sandbox accepts any well-formed test key. Fixed so that every desk of a
# shared sandbox sees the same account.
SANDBOX_SECRET_KEY = "sk_test_51OwlSandboxDesk00000000000000000000"  # noqa: S105
SANDBOX_PUBLISHABLE_KEY = "pk_test_51OwlSandboxDesk00000000000000000000"
STATE_FILE_NAME = "stripe-double.json"


@dataclass(frozen=True)
class SandboxDesk:
    api_base: str
    stripe_js_url: str
    secret_key: str
    publishable_key: str
    account_id: str
    server: SandboxServer | None  # None when attached to a sandbox running elsewhere

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()


def open_sandbox_desk(state_dir: Path, *, api_base: str | None = None,
                      stripe_js_url: str | None = None) -> SandboxDesk:
    """Attach to the sandbox at ``api_base``, or start one whose state lives in ``state_dir``."""
    if api_base:
        base = api_base.rstrip("/")
        log.info("sandbox mode: using the Stripe double at %s", base)
        return SandboxDesk(base, stripe_js_url or f"{base}/v3/", SANDBOX_SECRET_KEY,
                           SANDBOX_PUBLISHABLE_KEY, DEFAULT_ACCOUNT_ID, None)
    state_dir.mkdir(parents=True, exist_ok=True)
    server = SandboxServer(state_path=state_dir / STATE_FILE_NAME).start()
    log.info("sandbox mode: started the Stripe double: API at %s, controls at %s", server.url,
             server.control_url)
    return SandboxDesk(server.url, server.stripe_js_url, SANDBOX_SECRET_KEY,
                       SANDBOX_PUBLISHABLE_KEY, DEFAULT_ACCOUNT_ID, server)


@dataclass(frozen=True)
class SandboxControls:
    """The trainer's controls for this desk (the *Sandbox* menu), through the double's Python
    API: the same effects as its control socket (``sandbox/control.py``)."""

    server: SandboxServer
    desk_name: str  # the X-Owl-Desk this desk's gateway sends: faults scoped to it

    def go_offline(self) -> None:
        """This desk's calls to Stripe fail as if its internet were down; others' don't."""
        self.server.faults.set(desk=self.desk_name, refuse_connections=True)

    def go_online(self) -> None:
        self.server.faults.clear(self.desk_name)

    def is_offline(self) -> bool:
        snapshot = self.server.faults.snapshot()
        desks = snapshot.get("desks") or {}
        scoped = desks.get(self.desk_name) or {}
        return bool(scoped.get("refuse_connections"))

    def verify_microdeposits(self) -> int:
        """Every bank account awaiting micro-deposits is verified; returns how many."""
        return self.server.verify_microdeposits()

    def settle_bank_debits(self) -> int:
        """Every PAD debit still processing settles now; returns how many."""
        return self.server.settle_bank_debits()

    def reset(self) -> None:
        """Forget every Stripe object (customers, methods, events) and every fault."""
        self.server.reset()


def controls_of(desk: SandboxDesk, desk_name: str) -> SandboxControls | None:
    """None when the double runs in another program (its own control socket applies)."""
    return None if desk.server is None else SandboxControls(desk.server, desk_name)
