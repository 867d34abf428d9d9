"""Sandbox-only routes under ``/_sandbox/``, in two groups with different rules.

**Trainer and test controls** (faults, clock, advance, reset, health) answer only on the control
socket (``SandboxServer.control_url``, a second loopback port), never on the API port, and only
to a local program: the ``Host`` header must name 127.0.0.1, localhost or [::1] with the control
port (no DNS rebinding), an ``Origin`` (or ``Sec-Fetch-Site``) that is not the control socket's
own is refused, a body must be ``application/json`` (415 otherwise: a page can't send JSON
cross-site without a preflight, and the answers carry no CORS headers, so none succeeds).

- ``GET /_sandbox/faults`` shows them; ``POST /_sandbox/faults`` ``{fields of FaultSettings,
  "desk"?, "seed"?}`` sets some; ``DELETE /_sandbox/faults`` (``{"desk"}`` or ``?desk=``)
  clears one desk's, or all of them.
- ``POST /_sandbox/advance`` ``{"seconds": N}``; ``POST /_sandbox/clock`` ``{"epoch": N}``.
- ``POST /_sandbox/settle_bank_debits``: every PAD debit still processing settles now.
- ``POST /_sandbox/reset`` forgets every object and event.
- ``GET /_sandbox/health``.

**The Stripe.js double's own pages** (its 3-D Secure challenge and its bank dialog, served from
``/v3/`` on the API port) keep their same-origin routes on the API port, authorized by the
intent's client secret (like Stripe's hooks pages), without CORS headers:

- ``POST /_sandbox/3ds/{seti_id|pi_id}/complete|fail`` ``{client_secret}``.
- ``GET /_sandbox/acss/{seti_id}?client_secret=...``; ``POST /_sandbox/acss/{seti_id}/bank_login``
  (see :mod:`owl_desktop.sandbox.acss_js`).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from owl_desktop.sandbox.app import Request, Response
from owl_desktop.sandbox.errors import StripeApiError

if TYPE_CHECKING:
    from owl_desktop.sandbox.server import SandboxServer

_3DS = re.compile(r"^/_sandbox/3ds/(?P<intent>(?:seti|pi)_[A-Za-z0-9]+)/"
                  r"(?P<action>complete|fail)$")
_ACSS = re.compile(r"^/_sandbox/acss/(?P<intent>seti_[A-Za-z0-9]+)(?P<login>/bank_login)?$")
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
NO_STORE = {"Cache-Control": "no-store"}


def _ok(payload: Any, status: int = 200) -> Response:
    return Response.json(status, payload, dict(NO_STORE))


def _bad(message: str, status: int = 400) -> Response:
    return Response.json(status, {"error": {"message": message, "type": "invalid_request_error"}},
                         dict(NO_STORE))


def _origin_of(value: str) -> str | None:
    """``scheme://host:port`` of an Origin header, lower-cased, port explicit; None if odd."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        return None
    port = port or (443 if parts.scheme == "https" else 80)
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme}://{host.lower()}:{port}"


def local_request_refusal(req: Request, port: int) -> Response | None:
    """Why a request must not be served as coming from a local program, or None.

    ``Host`` must be a loopback name with ``port``; an ``Origin`` must be this very socket
    (``http://<Host>``); ``Sec-Fetch-Site`` (sent by browsers) must be ``same-origin`` or
    ``none`` (typed in the address bar).
    """
    host = (req.header("Host") or "").strip().lower()
    if host not in {f"{name}:{port}" for name in LOOPBACK_NAMES}:
        return _bad(f"Host must be 127.0.0.1:{port}, localhost:{port} or [::1]:{port}.", 403)
    origin = req.header("Origin")
    if origin is not None and _origin_of(origin) != f"http://{host}":
        return _bad("Cross-origin requests are refused here.", 403)
    site = (req.header("Sec-Fetch-Site") or "").strip().lower()
    if site and site not in ("same-origin", "none"):
        return _bad("Cross-site requests are refused here.", 403)
    return None


def _json_body(req: Request) -> dict[str, Any]:
    """The body as a JSON object; :class:`_UnsupportedMediaTypeError` for another type."""
    if not req.body:
        return {}
    media = (req.header("Content-Type") or "").split(";", 1)[0].strip().lower()
    if media != "application/json":
        raise _UnsupportedMediaTypeError(media)
    try:
        data = json.loads(req.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValueError(f"the body is not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ValueError("the body must be a JSON object")
    return data


class _UnsupportedMediaTypeError(Exception):
    pass


def handle_control(server: SandboxServer, req: Request, port: int) -> Response:
    """A trainer or test control, on the control socket (``port``)."""
    refused = local_request_refusal(req, port)
    if refused is not None:
        return refused
    if req.method not in ("GET", "POST", "DELETE"):
        return Response.json(405, {"error": {"message": f"{req.method} is not allowed here.",
                                             "type": "invalid_request_error"}},
                             {"Allow": "GET, POST, DELETE", **NO_STORE})
    try:
        body = _json_body(req)
    except _UnsupportedMediaTypeError as exc:
        return _bad(f"Send controls as application/json (got {str(exc) or 'no type'}).", 415)
    except ValueError as exc:
        return _bad(f"bad body: {exc}")
    path = req.path.rstrip("/")
    try:
        if path == "/_sandbox/health" and req.method == "GET":
            return _ok({"ok": True, "url": server.url, "now": server.now()})
        if path == "/_sandbox/faults":
            if req.method == "GET":
                return _ok(server.faults.snapshot())
            if req.method == "DELETE":
                desk = body.get("desk") or dict(parse_qsl(req.query)).get("desk") or None
                server.faults.clear(desk)
                return _ok(server.faults.snapshot())
            desk = body.pop("desk", None) or None
            server.faults.set(desk=desk, **body)
            return _ok(server.faults.snapshot())
        if path == "/_sandbox/advance" and req.method == "POST":
            server.advance(float(body.get("seconds", 0)))
            return _ok({"now": server.now()})
        if path == "/_sandbox/clock" and req.method == "POST":
            server.set_clock(float(body["epoch"]))
            return _ok({"now": server.now()})
        if path == "/_sandbox/verify_microdeposits" and req.method == "POST":
            return _ok({"verified": server.verify_microdeposits()})
        if path == "/_sandbox/settle_bank_debits" and req.method == "POST":
            return _ok({"settled": server.settle_bank_debits()})
        if path == "/_sandbox/reset" and req.method == "POST":
            server.reset()
            return _ok({"ok": True})
    except (KeyError, TypeError, ValueError) as exc:
        return _bad(f"bad control request: {exc}")
    if _3DS.match(path) or _ACSS.match(path):
        return _bad(f"{path} is served on the API port ({server.url}), not here.", 404)
    return _bad(f"no control route {req.method} {req.path}", 404)


def _page_body(req: Request) -> dict[str, Any]:
    """What the double's pages send: a form (their ``fetch``) or JSON."""
    media = (req.header("Content-Type") or "").split(";", 1)[0].strip().lower()
    if media == "application/json":
        return _json_body(req)
    text = req.body.decode("utf-8") if req.body else ""
    return dict(parse_qsl(text, keep_blank_values=True))


def handle_page_route(server: SandboxServer, req: Request) -> Response:
    """The Stripe.js double's pages' own routes, on the API port; 404 for anything else."""
    path = req.path.rstrip("/")
    three_ds, acss = _3DS.match(path), _ACSS.match(path)
    if not (three_ds or acss):
        return _bad(f"no route {req.method} {req.path} on the API port (sandbox controls "
                    "answer only on the control socket)", 404)
    origin = req.header("Origin")
    host = (req.header("Host") or "").strip().lower()
    if origin is not None and _origin_of(origin) != f"http://{host}":
        return _bad("Only the sandbox's own pages may call this route.", 403)
    try:
        body = _page_body(req) if req.method == "POST" else {}
    except (ValueError, _UnsupportedMediaTypeError) as exc:
        return _bad(f"bad body: {exc}")
    try:
        if three_ds and req.method == "POST":
            from owl_desktop.sandbox.routes.payment_intents import finish_3ds_payment
            from owl_desktop.sandbox.routes.setup_confirm import finish_3ds

            secret = str(body.get("client_secret") or "")
            finish = finish_3ds if three_ds.group("intent").startswith("seti_") else \
                finish_3ds_payment
            obj = finish(server.state, three_ds.group("intent"), secret,
                         succeed=three_ds.group("action") == "complete")
            server.state.save()
            return _ok(obj)
        if acss:
            from owl_desktop.sandbox import acss_js

            if acss.group("login") and req.method == "POST":
                answer = acss_js.bank_login(server.state, acss.group("intent"), body)
                server.state.save()
                return _ok(answer)
            if not acss.group("login") and req.method == "GET":
                query = dict(parse_qsl(req.query))
                return _ok(acss_js.dialog_options(server.state, acss.group("intent"),
                                                  query.get("client_secret", "")))
    except StripeApiError as err:
        return Response.json(err.status, err.body("req_sandbox_page"), dict(NO_STORE))
    except (KeyError, TypeError, ValueError) as exc:
        return _bad(f"bad request: {exc}")
    return Response.json(405, {"error": {"message": f"{req.method} is not allowed here.",
                                         "type": "invalid_request_error"}},
                         {"Allow": "GET" if acss and not acss.group("login") else "POST",
                          **NO_STORE})
