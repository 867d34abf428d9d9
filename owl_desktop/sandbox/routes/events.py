"""Events: list (newest first; created, type with ``*``, types[], cursors) and retrieve.

Like Stripe, only events of the last 30 days (sandbox clock) are listed or retrievable.
"""

from __future__ import annotations

import fnmatch
from typing import Any

from owl_desktop.sandbox.app import Ctx, router
from owl_desktop.sandbox.errors import StripeApiError, param_error
from owl_desktop.sandbox.lists import LIST_SPEC, paginate
from owl_desktop.sandbox.params import B, D, I, L, S, check
from owl_desktop.sandbox.routes.customers import created_filter

RETENTION_SECONDS = 30 * 24 * 3600


def _live_events(ctx: Ctx) -> list[dict[str, Any]]:
    horizon = ctx.now - RETENTION_SECONDS
    indexed = [(e["created"], i, e) for i, e in enumerate(ctx.account.events)
               if e["created"] >= horizon]
    indexed.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return [e for _, _, e in indexed]


@router.add("GET", "/v1/events", "events", "read")
def list_(ctx: Ctx) -> tuple[int, Any]:
    p = check(ctx.params, {**LIST_SPEC, "type": S(), "types": L(), "delivery_success": B(),
                           "created": D({"gt": I(), "gte": I(), "lt": I(), "lte": I()})})
    if p.get("type") and p.get("types"):
        raise param_error("You may only specify one of these parameters: type, types.",
                          code=None, param="types")
    if p.get("types") and len(p["types"]) > 20:
        raise param_error("You may only specify up to 20 types.", code=None, param="types")
    universe = _live_events(ctx)
    items = created_filter(universe, p.get("created"))
    if p.get("type"):
        pattern = p["type"]
        items = [e for e in items if fnmatch.fnmatchcase(e["type"], pattern)]
    elif p.get("types"):
        wanted = set(p["types"])
        items = [e for e in items if e["type"] in wanted]
    return 200, paginate(items, p, "/v1/events", "event", universe=universe)


@router.add("GET", "/v1/events/{event_id}", "events", "read")
def retrieve(ctx: Ctx, event_id: str) -> tuple[int, Any]:
    check(ctx.params, {"expand": L()})
    for e in _live_events(ctx):
        if e["id"] == event_id:
            return 200, e
    raise StripeApiError(404, f"No such event: '{event_id}'", code="resource_missing",
                         param="id")
