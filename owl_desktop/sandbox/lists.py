"""Stripe's list envelope and cursor pagination (limit, starting_after, ending_before)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from owl_desktop.sandbox.errors import StripeApiError, param_error
from owl_desktop.sandbox.params import Field, I, L, S

LIST_SPEC: dict[str, Field] = {
    "limit": I(), "starting_after": S(), "ending_before": S(), "expand": L(),
}


def paginate(items: Sequence[dict[str, Any]], params: dict[str, Any], url: str,
             kind: str, render: Callable[[dict[str, Any]], dict[str, Any]] | None = None
             ) -> dict[str, Any]:
    """``items`` newest first; returns ``{"object": "list", "data", "has_more", "url"}``."""
    limit = params.get("limit")
    if limit is None:
        limit = 10
    if not 1 <= limit <= 100:
        raise param_error(
            f"Invalid limit: must be at least 1 and at most 100 (got {limit})"
            if limit > 100 or limit < 1 else "Invalid limit", code=None, param="limit")
    after = params.get("starting_after")
    before = params.get("ending_before")
    if after and before:
        raise param_error("You may only specify one of these parameters: ending_before, "
                          "starting_after.", code=None, param="ending_before")
    ids = [o["id"] for o in items]
    if after:
        if after not in ids:
            raise StripeApiError(404, f"No such {kind}: '{after}'",
                                 code="resource_missing", param="starting_after", saved=False)
        start = ids.index(after) + 1
        page = list(items[start:start + limit])
        has_more = start + limit < len(items)
    elif before:
        if before not in ids:
            raise StripeApiError(404, f"No such {kind}: '{before}'", code="resource_missing",
                                 param="ending_before", saved=False)
        end = ids.index(before)
        begin = max(0, end - limit)
        page = list(items[begin:end])
        has_more = begin > 0
    else:
        page = list(items[:limit])
        has_more = len(items) > limit
    data = [render(o) if render else o for o in page]
    return {"object": "list", "data": data, "has_more": has_more, "url": url}
