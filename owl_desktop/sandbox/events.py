"""Event recording: every state change leaves an Event shaped like Stripe's.

``data.object`` is a snapshot of the object at the time of the event; ``*.updated`` events carry
``data.previous_attributes`` with the old values of the top-level fields that changed (nested
hashes are compared field by field, as Stripe does).
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from owl_desktop.sandbox.search import index_customer
from owl_desktop.sandbox.state import Account, State, new_id

if TYPE_CHECKING:
    from owl_desktop.sandbox.app import Ctx

API_VERSION = "2026-10-28.endive"


def emit(state: State, account: Account, type_: str, obj: dict[str, Any],
         previous: dict[str, Any] | None = None, *, request_id: str | None = None,
         idempotency_key: str | None = None) -> dict[str, Any]:
    now = state.now()
    data: dict[str, Any] = {"object": copy.deepcopy(obj)}
    # Stripe includes previous_attributes only in ``*.updated`` events.
    if previous and type_.endswith(".updated"):
        data["previous_attributes"] = copy.deepcopy(previous)
    event = {
        "id": new_id("evt", 24),
        "object": "event",
        "api_version": API_VERSION,
        "created": now,
        "data": data,
        "livemode": False,
        "pending_webhooks": 0,
        "request": {"id": request_id, "idempotency_key": idempotency_key},
        "type": type_,
    }
    account.events.append(event)
    if type_ in ("customer.created", "customer.updated", "customer.deleted"):
        # Every write of a customer leaves one of these: the search index learns of it too.
        index_customer(account, {"id": obj["id"], "object": "customer", "deleted": True}
                       if type_ == "customer.deleted" else obj, now)
    return event


def emit_ctx(ctx: Ctx, type_: str, obj: dict[str, Any],
             previous: dict[str, Any] | None = None) -> dict[str, Any]:
    return emit(ctx.state, ctx.account, type_, obj, previous, request_id=ctx.request_id,
                idempotency_key=ctx.idempotency_key)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Stripe's ``previous_attributes``: old values of what changed (nested hashes partially)."""
    prev: dict[str, Any] = {}
    for key, old in before.items():
        new = after.get(key)
        if old == new:
            continue
        if isinstance(old, dict) and isinstance(new, dict) and key != "metadata":
            sub = diff(old, new)
            for k in new:
                if k not in old:
                    sub[k] = None
            prev[key] = sub
        else:
            prev[key] = copy.deepcopy(old)
    for key in after:
        if key not in before:
            prev[key] = None
    if "metadata" in prev and isinstance(before.get("metadata"), dict):
        old_meta = before["metadata"]
        new_meta = after.get("metadata") or {}
        meta = {k: old_meta.get(k) for k in set(old_meta) | set(new_meta)
                if old_meta.get(k) != new_meta.get(k)}
        prev["metadata"] = meta
    return prev
