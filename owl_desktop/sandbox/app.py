"""The double's request pipeline, independent of the HTTP server that carries it.

auth -> route -> key rules -> idempotency key claimed -> processing time -> (state lock) replay
or handler -> events -> save. Routes live in ``owl_desktop.sandbox.routes``; each declares the
resource it touches (for restricted keys) and whether Stripe.js may call it with a publishable
key.

Requests run one at a time inside the state lock, which keeps each Stripe operation atomic, but
an idempotency key is claimed before it: a second request with a key whose first request is
still being processed is answered at once with Stripe's 409 ``idempotency_key_in_use`` (nothing
saved, safe to retry), instead of waiting for the first and replaying it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from owl_desktop.sandbox import keys as keys_mod
from owl_desktop.sandbox.errors import StripeApiError
from owl_desktop.sandbox.faults import FaultSettings
from owl_desktop.sandbox.keys import Caller, SandboxKeys
from owl_desktop.sandbox.params import parse_form
from owl_desktop.sandbox.state import Account, State, new_id

API_VERSION = "2026-10-28.endive"
# As api.stripe.com answers (plus the sandbox's own headers).
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Credentials": "true",
    "Access-Control-Allow-Headers": "Authorization, Content-Type, Idempotency-Key, "
                                    "Stripe-Version, Stripe-Account, X-Owl-Desk",
    "Access-Control-Allow-Methods": "GET,HEAD,PUT,PATCH,POST,DELETE",
    "Access-Control-Expose-Headers": "Request-Id, Stripe-Manage-Version, Stripe-Should-Retry, "
                                     "Idempotent-Replayed, Retry-After",
    "Access-Control-Max-Age": "300",
}


@dataclass
class Request:
    method: str
    path: str
    query: str
    body: bytes
    headers: Mapping[str, str]

    def header(self, name: str) -> str | None:
        for k, v in self.headers.items():
            if k.lower() == name.lower():
                return v
        return None


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
        body = json.dumps(payload, indent=2).encode("utf-8")
        return cls(status, body, {"Content-Type": "application/json", **(headers or {})})


@dataclass
class Ctx:
    """What a route handler gets: the state, the caller's account, its params, the request."""

    app: SandboxApp
    state: State
    account: Account
    caller: Caller
    params: dict[str, Any]
    request_id: str
    idempotency_key: str | None
    user_agent: str
    client_ip: str
    base_url: str = "http://127.0.0.1"
    faults: FaultSettings = field(default_factory=FaultSettings)

    @property
    def now(self) -> int:
        return self.state.now()

    @property
    def publishable(self) -> bool:
        return self.caller.kind == "publishable"


Handler = Callable[..., tuple[int, Any]]


@dataclass
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    resource: str
    access: str
    publishable: bool


class Router:
    """Routes declared with :meth:`add`; matched in order."""

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def add(self, method: str, path: str, resource: str, access: str, *,
            publishable: bool = False) -> Callable[[Handler], Handler]:
        regex = re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", path) + "$")

        def deco(fn: Handler) -> Handler:
            self.routes.append(Route(method, regex, fn, resource, access, publishable))
            return fn
        return deco

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        for route in self.routes:
            if route.method != method:
                continue
            m = route.pattern.match(path)
            if m:
                return route, m.groupdict()
        return None


router = Router()
Hook = Callable[[State, Account], None]
#: Functions run before each API request to apply clock-driven changes (PAD settlement, ...).
due_hooks: list[Hook] = []


def _key_from(req: Request) -> str | None:
    auth = req.header("Authorization") or ""
    if auth.lower().startswith("bearer "):
        return auth[7:].strip() or None
    if auth.lower().startswith("basic "):
        try:
            raw = base64.b64decode(auth[6:].strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return raw.split(":", 1)[0] or None
    return None


def _fingerprint(method: str, path: str, params: Mapping[str, Any]) -> str:
    canon = json.dumps([method, path, params], sort_keys=True)
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


class SandboxApp:
    """Turns a :class:`Request` into a :class:`Response`, Stripe's way."""

    def __init__(self, state: State, keys: SandboxKeys | None) -> None:
        from owl_desktop.sandbox.routes import register

        register()
        self.state = state
        self.keys = keys
        self._in_flight: set[tuple[str, str]] = set()  # (account, idempotency key)
        self._in_flight_lock = threading.Lock()

    def handle_api(self, req: Request, client_ip: str = "127.0.0.1",
                   faults: FaultSettings | None = None) -> Response:
        """Answer one API request; ``faults`` (the request's desk's) add processing time and
        make customer search lag."""
        request_id = new_id("req", 14)
        headers = {"Request-Id": request_id, **CORS_HEADERS,
                   "Stripe-Version": req.header("Stripe-Version") or API_VERSION}
        if req.method == "OPTIONS":
            return Response(204, b"", headers)
        try:
            resp = self._handle(req, request_id, client_ip, faults or FaultSettings())
        except StripeApiError as err:
            resp = Response.json(err.status, err.body(request_id), err.headers)
        resp.headers.update(headers)
        return resp

    def _handle(self, req: Request, request_id: str, client_ip: str,
                faults: FaultSettings) -> Response:
        params = parse_form(req.query)
        if req.body:
            try:
                body_text = req.body.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise StripeApiError(400, "Invalid request body encoding.",
                                     saved=False) from exc
            params.update(parse_form(body_text))
        key = _key_from(req)
        if key is None and isinstance(params.get("key"), str):
            # Stripe.js sends its publishable key as a ``key`` form field.
            key = params["key"] if params["key"].startswith("pk_") else None
        caller = keys_mod.resolve(key, self.keys)
        found = router.match(req.method, req.path)
        if found is None:
            raise StripeApiError(
                404, f"Unrecognized request URL ({req.method}: {req.path}). Please see "
                "https://stripe.com/docs or we can help at https://support.stripe.com/.",
                saved=False)
        route, path_args = found
        if caller.kind == "publishable" and not route.publishable:
            raise keys_mod.publishable_refused()
        if caller.kind != "publishable":
            keys_mod.require(caller, route.resource, route.access)
        idem_key = req.header("Idempotency-Key") if req.method == "POST" else None
        claim = (caller.account_id, idem_key) if idem_key else None
        if claim is not None:
            with self._in_flight_lock:
                if claim in self._in_flight:
                    raise StripeApiError(
                        409, "There is currently another in-progress request using this "
                        f"idempotency key ('{claim[1]}'). Retry this request once it has "
                        "finished: it will then answer with that request's result.",
                        type_="idempotency_error", code="idempotency_key_in_use", saved=False,
                        headers={"Stripe-Should-Retry": "true", "Idempotency-Key": claim[1]})
                self._in_flight.add(claim)
        try:
            if faults.latency_ms:
                time.sleep(faults.latency_ms / 1000)
            return self._execute(req, request_id, client_ip, faults, caller, route, path_args,
                                 params, idem_key)
        finally:
            if claim is not None:
                with self._in_flight_lock:
                    self._in_flight.discard(claim)

    def _execute(self, req: Request, request_id: str, client_ip: str, faults: FaultSettings,
                 caller: Caller, route: Route, path_args: dict[str, str],
                 params: dict[str, Any], idem_key: str | None) -> Response:
        with self.state.lock:
            account = self.state.account(caller.account_id)
            self.run_due(account)
            if idem_key:
                replay = self._replay(account, idem_key, req, params)
                if replay is not None:
                    return replay
            host = req.header("Host") or "127.0.0.1"
            ctx = Ctx(self, self.state, account, caller, params, request_id, idem_key,
                      req.header("User-Agent") or "", client_ip, f"http://{host}", faults)
            try:
                status, payload = route.handler(ctx, **path_args)
                resp = Response.json(status, payload)
                saved = True
            except StripeApiError as err:
                resp = Response.json(err.status, err.body(request_id), dict(err.headers))
                saved = err.saved
            if idem_key and saved:
                account.idempotency[idem_key] = {
                    "fingerprint": _fingerprint(req.method, req.path, params),
                    "endpoint": f"{req.method} {req.path}",
                    "status": resp.status, "body": resp.body.decode("utf-8"),
                    "created": self.state.now(), "request_id": request_id,
                }
            if idem_key:
                resp.headers["Idempotency-Key"] = idem_key
            if req.method != "GET":
                self.state.save()
            return resp

    def idempotency_keys_in_use(self) -> set[str]:
        """Keys whose request is being processed now (tests synchronise on it)."""
        with self._in_flight_lock:
            return {key for _, key in self._in_flight}

    def _replay(self, account: Account, key: str, req: Request,
                params: Mapping[str, Any]) -> Response | None:
        record = account.idempotency.get(key)
        if record is None:
            return None
        if record["created"] < self.state.now() - 24 * 3600:
            del account.idempotency[key]
            return None
        endpoint = f"{req.method} {req.path}"
        if record["endpoint"] != endpoint:
            raise StripeApiError(
                400, "Keys for idempotent requests can only be used for the same endpoint they "
                f"were first used for ('{record['endpoint']}' vs '{endpoint}'). Try using a key "
                f"other than '{key}' if you meant to execute a different request.",
                type_="idempotency_error", saved=False)
        if record["fingerprint"] != _fingerprint(req.method, req.path, params):
            raise StripeApiError(
                400, "Keys for idempotent requests can only be used with the same parameters "
                f"they were first used with. Try using a key other than '{key}' if you meant to "
                "execute a different request.", type_="idempotency_error", saved=False)
        return Response(record["status"], record["body"].encode("utf-8"),
                        {"Content-Type": "application/json", "Idempotent-Replayed": "true",
                         "Idempotency-Key": key,
                         "Original-Request": record.get("request_id", "")})

    def run_due(self, account: Account) -> None:
        for hook in due_hooks:
            hook(self.state, account)
        _prune(self.state, account)

    def run_due_all(self) -> None:
        with self.state.lock:
            for account in list(self.state.accounts.values()):
                self.run_due(account)
            self.state.save()


def _prune(state: State, account: Account) -> None:
    """Forget what Stripe forgets: idempotency keys after 24 hours, events after 30 days."""
    now = state.now()
    stale = [k for k, r in account.idempotency.items() if r["created"] < now - 24 * 3600]
    for key in stale:
        del account.idempotency[key]
    horizon = now - 31 * 24 * 3600
    if any(e["created"] < horizon for e in account.events):
        account.events[:] = [e for e in account.events if e["created"] >= horizon]

