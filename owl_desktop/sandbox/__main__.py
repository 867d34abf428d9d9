"""``python -m owl_desktop.sandbox --port N [--state FILE]``: run the Stripe double alone."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from owl_desktop.sandbox.server import SandboxServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m owl_desktop.sandbox",
                                     description="Local Stripe double on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=12111, help="API port (0: any free port)")
    parser.add_argument("--control-port", type=int, default=0,
                        help="control port for /_sandbox/* (0: any free port)")
    parser.add_argument("--state", type=Path, default=None,
                        help="JSON file that keeps the state across restarts")
    args = parser.parse_args(argv)
    server = SandboxServer(port=args.port, state_path=args.state,
                           control_port=args.control_port)
    server.start()
    print(f"Stripe sandbox listening on {server.url}", flush=True)
    print(f"Stripe.js double: {server.stripe_js_url}", flush=True)
    print(f"Controls: {server.control_url}/_sandbox/", flush=True)
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
