"""``python -m owl_desktop.sandbox --port N [--control-port M] [--state FILE] [--keys FILE]``: run
the Stripe double alone on 127.0.0.1 (the first line printed is its URL, the third its control
socket's)."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path

from owl_desktop.sandbox.keys import keys_from_json
from owl_desktop.sandbox.server import SandboxServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m owl_desktop.sandbox",
                                     description="Local Stripe double on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=12111, help="API port (0: any free port)")
    parser.add_argument("--control-port", type=int, default=0,
                        help="control socket's port for the trainer and test controls "
                             "/_sandbox/* (JSON only, from this machine; 0: any free port)")
    parser.add_argument("--state", type=Path, default=None,
                        help="JSON file that keeps the state across restarts")
    parser.add_argument("--keys", type=Path, default=None,
                        help='JSON file {"accounts": [{"id", "secret_keys", ...}]}: accept only '
                             "those keys (default: any well-formed test key)")
    parser.add_argument("--fault-seed", default=None,
                        help="make fault injection reproducible from this seed")
    args = parser.parse_args(argv)
    keys = keys_from_json(json.loads(args.keys.read_text(encoding="utf-8"))) \
        if args.keys else None
    server = SandboxServer(port=args.port, state_path=args.state,
                           control_port=args.control_port, keys=keys,
                           fault_seed=args.fault_seed)
    server.start()
    print(f"Stripe sandbox listening on {server.url}", flush=True)
    print(f"Stripe.js double: {server.stripe_js_url}", flush=True)
    print(f"Controls: {server.control_url}/_sandbox/ (JSON only, from this machine)",
          flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
