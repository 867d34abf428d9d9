"""Sandbox-only control routes (``/_sandbox/*``): faults, clock, reset, 3-D Secure answers,
the Stripe.js double's bank dialog (``/_sandbox/acss/...``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from owl_desktop.sandbox.app import CORS_HEADERS, Request, Response
from owl_desktop.sandbox.errors import StripeApiError

if TYPE_CHECKING:
    from owl_desktop.sandbox.server import SandboxServer

_3DS = re.compile(r"^/_sandbox/3ds/(?P<intent>(?:seti|pi)_[A-Za-z0-9]+)/"
                  r"(?P<action>complete|fail)$")
_ACSS = re.compile(r"^/_sandbox/acss/(?P<intent>seti_[A-Za-z0-9]+)(?P<login>/bank_login)?$")


def _ok(payload: Any, status: int = 200) -> Response:
    return Response.json(status, payload, dict(CORS_HEADERS))


def _bad(message: str, status: int = 400) -> Response:
    return Response.json(status, {"error": {"message": message, "type": "invalid_request_error"}},
                         dict(CORS_HEADERS))


def handle_control(server: SandboxServer, req: Request) -> Response:
    from owl_desktop.sandbox.server import json_or_form

    if req.method == "OPTIONS":
        return Response(204, b"", dict(CORS_HEADERS))
    try:
        body = json_or_form(req) if req.method in ("POST", "DELETE") else {}
    except ValueError as exc:
        return _bad(f"bad body: {exc}")
    path = req.path.rstrip("/")
    try:
        if path == "/_sandbox/health":
            return _ok({"ok": True, "url": server.url, "now": server.now()})
        if path == "/_sandbox/faults":
            if req.method == "GET":
                return _ok(server.faults.snapshot())
            if req.method == "DELETE":
                server.faults.clear(body.get("desk") or None)
                return _ok(server.faults.snapshot())
            if req.method == "POST":
                desk = body.pop("desk", None) or None
                server.faults.set(desk=desk, **body)
                return _ok(server.faults.snapshot())
        if path == "/_sandbox/advance" and req.method == "POST":
            server.advance(float(body.get("seconds", 0)))
            return _ok({"now": server.now()})
        if path == "/_sandbox/clock" and req.method == "POST":
            server.set_clock(float(body["epoch"]))
            return _ok({"now": server.now()})
        if path == "/_sandbox/reset" and req.method == "POST":
            server.reset()
            return _ok({"ok": True})
        m = _3DS.match(path)
        if m and req.method == "POST":
            from owl_desktop.sandbox.routes.payment_intents import finish_3ds_payment
            from owl_desktop.sandbox.routes.setup_intents import finish_3ds

            secret = str(body.get("client_secret") or "")
            finish = finish_3ds if m.group("intent").startswith("seti_") else \
                finish_3ds_payment
            obj = finish(server.state, m.group("intent"), secret,
                         succeed=m.group("action") == "complete")
            server.state.save()
            return _ok(obj)
        m = _ACSS.match(path)
        if m:  # the Stripe.js double's bank dialog (owl_desktop/sandbox/acss_js.py)
            from owl_desktop.sandbox import acss_js

            if m.group("login") and req.method == "POST":
                answer = acss_js.bank_login(server.state, m.group("intent"), body)
                server.state.save()
                return _ok(answer)
            if not m.group("login") and req.method == "GET":
                query = dict(parse_qsl(req.query))
                return _ok(acss_js.dialog_options(server.state, m.group("intent"),
                                                  query.get("client_secret", "")))
    except StripeApiError as err:
        return Response.json(err.status, err.body("req_sandbox_control"), dict(CORS_HEADERS))
    except (KeyError, TypeError, ValueError) as exc:
        return _bad(f"bad control request: {exc}")
    return _bad(f"no control route {req.method} {req.path}", 404)
