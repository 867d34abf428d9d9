"""``GET /v1/account``: the account a key belongs to (how the app checks a key)."""

from __future__ import annotations

from typing import Any

from owl_desktop.sandbox import objects
from owl_desktop.sandbox.app import Ctx, router
from owl_desktop.sandbox.params import L, check


@router.add("GET", "/v1/account", "account", "read")
def retrieve(ctx: Ctx) -> tuple[int, Any]:
    check(ctx.params, {"expand": L()})
    email, country = "sandbox@owl-desktop.invalid", "CA"
    keys = ctx.app.keys
    if keys is not None:
        for acc in keys.accounts:
            if acc.id == ctx.caller.account_id:
                email, country = acc.email, acc.country
    created = ctx.account.internal.setdefault("_account", {"created": ctx.now})["created"]
    return 200, objects.account(ctx.caller.account_id, created, email, country)
