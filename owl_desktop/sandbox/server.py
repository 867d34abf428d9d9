"""HTTP front of the double: ``SandboxServer`` serves the API, the Stripe.js files and controls.

Two listening sockets on 127.0.0.1:

- the API one (``url``): ``/v1/*`` API with Stripe-like CORS (the entry page and the portal call
  it from other origins), ``/v3/*`` Stripe.js double, and the double's own pages' same-origin
  routes ``/_sandbox/3ds/...`` and ``/_sandbox/acss/...`` (authorized by the intent's client
  secret);
- the control one (``control_url``): the trainer and test controls ``/_sandbox/*`` (faults,
  clock, advance, reset, health), JSON only, no CORS, ``Host`` and ``Origin`` checked. It stays
  up while ``refuse_connections`` has closed the API socket, so a test or another process can
  switch the fault off again.

The routes and their rules: :mod:`owl_desktop.sandbox.control`.
"""

from __future__ import annotations

import contextlib
import io
import logging
import mimetypes
import re
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from owl_desktop.sandbox.app import CORS_HEADERS, Request, Response, SandboxApp
from owl_desktop.sandbox.errors import StripeApiError
from owl_desktop.sandbox.faults import DESK_HEADER, Faults, FaultSettings
from owl_desktop.sandbox.keys import SandboxKeys
from owl_desktop.sandbox.state import State, new_id

STATIC_DIR = Path(__file__).resolve().parent / "static"
_CONTENT_TYPES = {
    ".js": "application/javascript; charset=utf-8",
    ".mjs": "application/javascript; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".woff2": "font/woff2",
}
_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
MAX_BODY = 1024 * 1024
log = logging.getLogger(__name__)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, addr: tuple[str, int], handler: type[BaseHTTPRequestHandler],
                 sandbox: SandboxServer, control_only: bool) -> None:
        self.sandbox = sandbox
        self.control_only = control_only
        super().__init__(addr, handler)


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.0"  # one request per connection: a refused socket really refuses
    server_version = "OwlStripeSandbox/1"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        return  # request lines would be noise in test output; the server is for local use

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def do_OPTIONS(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        try:
            self._route()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception:
            # A bug in the double must still answer like Stripe's 500, not hang the client.
            log.exception("sandbox failed on %s %s", self.command, self.path)
            err = StripeApiError(500, "An unknown error occurred", type_="api_error")
            cors = {} if self.server.control_only else dict(CORS_HEADERS)
            self._send(Response.json(500, err.body(new_id("req", 14)), cors))

    def _route(self) -> None:
        sandbox = self.server.sandbox
        parts = urlsplit(self.path)
        path = parts.path
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            self._send(Response.json(413 if length > MAX_BODY else 400, {"error": {
                "message": "Request body too large or invalid Content-Length.",
                "type": "invalid_request_error"}}))
            return
        body = self.rfile.read(length) if length > 0 else b""
        req = Request(self.command, path, parts.query, body,
                      {k: v for k, v in self.headers.items()})
        if path.startswith("/_sandbox/"):
            from owl_desktop.sandbox.control import handle_control, handle_page_route

            if self.server.control_only:
                self._send(handle_control(sandbox, req, self.server.server_address[1]))
            else:
                self._send(handle_page_route(sandbox, req))
            return
        if self.server.control_only:
            self._send(Response.json(404, {"error": {"message": "control port: /_sandbox/ only",
                                                     "type": "invalid_request_error"}}))
            return
        if path == "/v3" or path.startswith("/v3/"):
            self._send(sandbox.serve_static(path, self.command))
            return
        desk = req.header(DESK_HEADER)
        faults = sandbox.faults.for_request(desk)
        if not path.startswith("/v1/") or self.command == "OPTIONS":
            self._send(sandbox.app.handle_api(req, self.client_address[0]))
            return
        if faults.any() and self._apply_faults(faults, desk):
            return
        # Latency is processing time: the app sleeps it once the request holds its
        # idempotency key, so a concurrent retry with the same key meets it in use.
        resp = sandbox.app.handle_api(req, self.client_address[0], faults)
        if sandbox.faults.roll(faults.executed_500_rate, desk):
            resp = _error_500()  # executed (and saved for its idempotency key); answer lost
        self._send(resp)

    def _apply_faults(self, faults: FaultSettings, desk: str | None) -> bool:
        """Apply the faults that answer instead of the API; True when one did (or dropped)."""
        sandbox = self.server.sandbox
        if faults.refuse_connections or sandbox.faults.roll(faults.drop_connections_rate, desk):
            self._drop()
            return True
        request_id = new_id("req", 14)
        if sandbox.faults.roll(faults.rate_limit_429_rate, desk) or \
                sandbox.faults.over_rate_limit(desk, faults.rate_limit_rps):
            err = StripeApiError(
                429, "Too many requests hit the API too quickly. We recommend an exponential "
                "backoff of your requests.", type_="invalid_request_error", code="rate_limit",
                saved=False)
            time.sleep(faults.latency_ms / 1000)
            self._send(Response.json(429, err.body(request_id), {
                "Retry-After": str(faults.retry_after_s), "Request-Id": request_id,
                **CORS_HEADERS}))
            return True
        if sandbox.faults.roll(faults.error_500_rate, desk):
            time.sleep(faults.latency_ms / 1000)
            self._send(_error_500())
            return True
        return False

    def _drop(self) -> None:
        """Close without an answer, with a reset, as a broken network would."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
        self.wfile = _NullWriter()  # type: ignore[assignment]  # nothing reaches the client

    def _send(self, resp: Response) -> None:
        self.send_response(resp.status)
        headers = dict(resp.headers)
        headers["Content-Length"] = str(len(resp.body))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(resp.body)


def _error_500() -> Response:
    request_id = new_id("req", 14)
    err = StripeApiError(500, "An unknown error occurred", type_="api_error", saved=False)
    return Response.json(500, err.body(request_id), {"Request-Id": request_id, **CORS_HEADERS})


class _NullWriter(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        return len(data)


class SandboxServer:
    """The local Stripe double on 127.0.0.1; start/stop or use as a context manager.

    ``state_path`` keeps state across restarts (JSON, no card or account numbers). ``keys``
    limits the accepted keys (default: any well-formed test key, one shared account).
    ``fault_seed`` makes fault injection reproducible (see :mod:`owl_desktop.sandbox.faults`).
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, state_path: Path | None = None,
                 keys: SandboxKeys | None = None, control_port: int = 0,
                 fault_seed: int | str | None = None) -> None:
        if host not in ("127.0.0.1", "localhost"):
            raise ValueError("the sandbox only listens on 127.0.0.1")
        self.host = "127.0.0.1"
        self._port = port
        self._control_port = control_port
        self.state = State(state_path)
        self.keys = keys
        self.app = SandboxApp(self.state, keys)
        self.faults = Faults(on_refuse_change=self._on_refuse_change, seed=fault_seed)
        self._main: _HTTPServer | None = None
        self._control: _HTTPServer | None = None
        self._threads: list[threading.Thread] = []
        self._sock_lock = threading.RLock()
        self._placeholder: socket.socket | None = None

    # ---- lifecycle ----
    def start(self) -> SandboxServer:
        """Listen and serve in background threads; raises OSError if a port is taken."""
        self._control = self._serve(self._control_port, control_only=True)
        self._control_port = self._control.server_address[1]
        try:
            self._main = self._serve(self._port, control_only=False)
        except OSError:
            self.stop()
            raise
        self._port = self._main.server_address[1]
        return self

    def stop(self) -> None:
        with self._sock_lock:
            if self._placeholder is not None:
                self._placeholder.close()
                self._placeholder = None
            for srv in (self._main, self._control):
                if srv is not None:
                    srv.shutdown()
                    srv.server_close()
            self._main = self._control = None
        for t in self._threads:
            t.join(timeout=5)
        self._threads.clear()
        self.state.save(now=True)

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def _serve(self, port: int, control_only: bool) -> _HTTPServer:
        srv = _HTTPServer((self.host, port), _Handler, self, control_only)
        t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05},
                             name=f"stripe-sandbox-{'control' if control_only else 'main'}",
                             daemon=True)
        t.start()
        self._threads.append(t)
        return srv

    def _on_refuse_change(self, refuse: bool) -> None:
        """Close the main socket (clients get ECONNREFUSED) or reopen it on the same port.

        While closed, a bound but not listening placeholder socket keeps the port reserved, so
        no other program (or outgoing connection) takes it before it reopens.
        """
        with self._sock_lock:
            if refuse and self._main is not None:
                srv, self._main = self._main, None
                srv.shutdown()
                srv.server_close()
                placeholder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                placeholder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    placeholder.bind((self.host, self._port))
                except OSError:
                    placeholder.close()
                    log.warning("could not reserve port %s while refusing", self._port)
                else:
                    self._placeholder = placeholder
            elif not refuse and self._main is None and self._control is not None:
                deadline = time.monotonic() + 5
                while True:
                    try:
                        self._main = self._serve(self._port, control_only=False)
                        break
                    except OSError:
                        if time.monotonic() > deadline:
                            raise
                        time.sleep(0.05)
                if self._placeholder is not None:
                    self._placeholder.close()
                    self._placeholder = None

    # ---- addresses ----
    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self._port}"

    @property
    def control_url(self) -> str:
        return f"http://{self.host}:{self._control_port}"

    @property
    def stripe_js_url(self) -> str:
        return self.url + "/v3/"

    # ---- sandbox controls ----
    def advance(self, seconds: float) -> None:
        """Fast-forward the sandbox clock and apply what became due (PAD settlement, ...)."""
        self.state.advance(seconds)
        self.app.run_due_all()

    def set_clock(self, epoch: float) -> None:
        """Set the sandbox clock (it keeps ticking from there)."""
        self.state.set_clock(epoch)
        self.app.run_due_all()

    def now(self) -> int:
        return self.state.now()

    def verify_microdeposits(self) -> int:
        """Verify every bank account awaiting micro-deposits; returns how many."""
        from owl_desktop.sandbox.routes.microdeposits import verify_all_pending

        return verify_all_pending(self.state)

    def settle_bank_debits(self) -> int:
        """Fast-forward every PAD debit still processing (settled or failed now, as its
        test account says); returns how many."""
        from owl_desktop.sandbox.routes.payment_intents import settle_all_now

        return settle_all_now(self.state)

    def reset(self) -> None:
        """Forget every object, event and idempotency record; clear faults and the clock."""
        self.faults.clear()
        self.state.reset()

    def serve_static(self, path: str, method: str) -> Response:
        if method not in ("GET", "HEAD"):
            return Response(405, b"", {"Allow": "GET, HEAD"})
        name = path[len("/v3"):].lstrip("/") or "stripe.js"
        segments = name.split("/")
        if not all(_SAFE_SEGMENT.match(s) and ".." not in s for s in segments):
            return Response(404, b"not found", {"Content-Type": "text/plain"})
        target = (STATIC_DIR / name).resolve()
        if STATIC_DIR not in target.parents or not target.is_file():
            return Response(404, b"not found", {"Content-Type": "text/plain"})
        ctype = _CONTENT_TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] \
            or "application/octet-stream"
        return Response(200, target.read_bytes(), {
            "Content-Type": ctype, "Cache-Control": "no-store",
            "Access-Control-Allow-Origin": "*"})

