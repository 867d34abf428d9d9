"""Raw HTTP to the Stripe endpoint, for what StripeClient can't do: publishable-key calls
(as Stripe.js makes them), headers, preflights, control routes."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote


@dataclass
class Reply:
    status: int
    body: dict[str, Any]
    headers: dict[str, str]

    @property
    def error(self) -> dict[str, Any]:
        err = self.body.get("error")
        assert isinstance(err, dict), f"expected an error, got {self.status} {self.body}"
        return err


def form_encode(params: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key, value in params.items():
        name = f"{prefix}[{key}]" if prefix else str(key)
        if isinstance(value, dict):
            out.extend(form_encode(value, name))
        elif isinstance(value, list | tuple):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    out.extend(form_encode(item, f"{name}[{i}]"))
                else:
                    out.append((f"{name}[{i}]", _scalar(item)))
        elif value is not None:
            out.append((name, _scalar(value)))
    return out


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def encode(params: dict[str, Any]) -> str:
    return "&".join(f"{quote(k, safe='[]')}={quote(v, safe='')}" for k, v in form_encode(params))


def call(base: str, method: str, path: str, params: dict[str, Any] | None = None, *,
         key: str | None = None, headers: dict[str, str] | None = None,
         json_body: dict[str, Any] | None = None, timeout: float = 10) -> Reply:
    url = base.rstrip("/") + path
    data: bytes | None = None
    hdrs = dict(headers or {})
    if key:
        hdrs["Authorization"] = f"Bearer {key}"
    if json_body is not None:
        data = json.dumps(json_body).encode()
        hdrs["Content-Type"] = "application/json"
    elif params:
        if method in ("GET", "DELETE"):
            url += "?" + encode(params)
        else:
            data = encode(params).encode()
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
    elif method == "POST":
        data = b""
    req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
            return Reply(resp.status, json.loads(raw) if raw else {}, dict(resp.headers))
    except urllib.error.HTTPError as err:
        raw = err.read()
        return Reply(err.code, json.loads(raw) if raw else {}, dict(err.headers))
