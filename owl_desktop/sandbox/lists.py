"""Stripe's list envelope and cursor pagination (limit, starting_after, ending_before), and
the ``created`` filter lists take (a range, or one exact second)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from owl_desktop.sandbox.errors import StripeApiError, param_error
from owl_desktop.sandbox.params import Field, I, L, S, check

LIST_SPEC: dict[str, Field] = {
    "limit": I(), "starting_after": S(), "ending_before": S(), "expand": L(),
}
_RANGE = {"gt": I(), "gte": I(), "lt": I(), "lte": I()}


def _created(path: str, value: Any) -> dict[str, int]:
    """``created[gte]=…`` (a range) or ``created=…`` (that second), as a range."""
    if isinstance(value, dict):
        return check(value, _RANGE, path)
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        return {"gte": int(value), "lte": int(value)}
    raise param_error(f"Invalid integer: {value if isinstance(value, str) else 'object'}",
                      code="parameter_invalid_integer", param=path)


# A list's ``created`` parameter: Stripe takes an integer or a range hash.
CREATED = Field("any", check=_created)


def paginate(items: Sequence[dict[str, Any]], params: dict[str, Any], url: str,
             kind: str, render: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
             universe: Sequence[dict[str, Any]] | None = None) -> dict[str, Any]:
    """One page of ``items`` (newest first) as ``{"object": "list", "data", "has_more", "url"}``.

    ``universe`` is the unfiltered list in the same order: a cursor may name an object the
    filters exclude (Stripe's cursors are positions, not members of the filtered list).
    """
    limit = params.get("limit")
    if limit is None:
        limit = 10
    if not 1 <= limit <= 100:
        raise param_error(f"Invalid limit: must be at least 1 and at most 100 (got {limit})",
                          code=None, param="limit")
    after = params.get("starting_after")
    before = params.get("ending_before")
    if after and before:
        raise param_error("You may only specify one of these parameters: ending_before, "
                          "starting_after.", code=None, param="ending_before")
    cursor = after or before
    if not cursor:
        page = list(items[:limit])
        has_more = len(items) > limit
    else:
        order = universe if universe is not None else items
        rank = {o["id"]: i for i, o in enumerate(order)}
        if cursor not in rank:
            raise StripeApiError(404, f"No such {kind}: '{cursor}'", code="resource_missing",
                                 param="starting_after" if after else "ending_before",
                                 saved=False)
        at = rank[cursor]
        if after:
            rest = [o for o in items if rank[o["id"]] > at]
            page = rest[:limit]
            has_more = len(rest) > limit
        else:
            newer = [o for o in items if rank[o["id"]] < at]
            page = newer[-limit:]
            has_more = len(newer) > limit
    data = [render(o) if render else o for o in page]
    return {"object": "list", "data": data, "has_more": has_more, "url": url}
