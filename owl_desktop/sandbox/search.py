"""A subset of Stripe's Search Query Language, enough for customer lookups, and the search
index's lag behind writes.

Clauses ``field:value`` (exact, case-insensitive), ``field~value`` (substring, 3+ characters),
``-field:value`` (negation), ``metadata['key']:'value'``, ``created>N`` (``>``, ``>=``, ``<``,
``<=``, ``=``), joined by ``AND`` or by ``OR`` (not both, as Stripe requires).

Stripe's search isn't read-after-write: "under normal operating conditions, data is searchable
in under 1 minute", later during an outage. Every write of a customer is recorded in the
account's ``search_index`` with the sandbox time it happened; with the ``search_lag_s`` fault,
search answers from the customers as they were that many seconds ago (a customer created since
is not found, one updated since is found by its old values and shown as it was, one deleted since
still is). Without it, search sees every write at once.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from owl_desktop.sandbox.errors import param_error
from owl_desktop.sandbox.faults import MAX_SEARCH_LAG_S
from owl_desktop.sandbox.state import Account

_CLAUSE = re.compile(
    r"""^(?P<neg>-)?(?P<field>[a-z_]+(?:\[(?:'[^']*'|"[^"]*")\])?)\s*"""
    r"""(?P<op>:|~|>=|<=|>|<|=)\s*(?P<value>'[^']*'|"[^"]*"|-?\d+)$""")

Matcher = Callable[[dict[str, Any]], bool]


def _invalid(query: str, why: str) -> Exception:
    return param_error(f"Invalid query: {why} (query: {query})",
                       code="parameter_invalid_string", param="query")


def compile_query(query: str, fields: set[str]) -> Matcher:
    """A predicate over objects for ``query``; ``fields`` are the searchable top-level fields."""
    text = query.strip()
    if not text:
        raise _invalid(query, "the query is empty")
    has_and = re.search(r"\s+AND\s+", text) is not None
    has_or = re.search(r"\s+OR\s+", text) is not None
    if has_and and has_or:
        raise _invalid(query, "AND and OR can't be combined")
    parts = re.split(r"\s+(?:AND|OR)\s+", text)
    matchers = [_clause(query, part.strip(), fields) for part in parts]
    if has_or:
        return lambda obj: any(m(obj) for m in matchers)
    return lambda obj: all(m(obj) for m in matchers)


def _clause(query: str, part: str, fields: set[str]) -> Matcher:
    m = _CLAUSE.match(part)
    if not m:
        raise _invalid(query, f"can't read '{part}'")
    field, op, raw = m.group("field"), m.group("op"), m.group("value")
    value = raw[1:-1] if raw[0] in "'\"" else raw
    neg = bool(m.group("neg"))
    meta = re.fullmatch(r"metadata\[(?:'([^']*)'|\"([^\"]*)\")\]", field)
    if meta:
        key = meta.group(1) if meta.group(1) is not None else meta.group(2)

        def get(obj: dict[str, Any]) -> Any:
            return (obj.get("metadata") or {}).get(key)
    elif field in fields:
        def get(obj: dict[str, Any]) -> Any:
            return obj.get(field)
    else:
        raise _invalid(query, f"'{field}' is not a searchable field")
    if op in (">", ">=", "<", "<=", "=") or (op == ":" and raw[0] not in "'\""):
        if not re.fullmatch(r"-?\d+", value):
            raise _invalid(query, f"'{field}' needs a number")
        bound = int(value)
        compare: dict[str, Callable[[int, int], bool]] = {
            ">": lambda a, b: a > b, ">=": lambda a, b: a >= b, "<": lambda a, b: a < b,
            "<=": lambda a, b: a <= b, "=": lambda a, b: a == b, ":": lambda a, b: a == b}
        cmp = compare[op]

        def test(obj: dict[str, Any]) -> bool:
            got = get(obj)
            return isinstance(got, int) and cmp(got, bound)
    elif op == "~":
        if len(value) < 3:
            raise _invalid(query, "substring matches need at least 3 characters")

        def test(obj: dict[str, Any]) -> bool:
            got = get(obj)
            return isinstance(got, str) and value.lower() in got.lower()
    else:
        def test(obj: dict[str, Any]) -> bool:
            got = get(obj)
            return isinstance(got, str) and got.lower() == value.lower()
    return (lambda obj: not test(obj)) if neg else test


def index_customer(account: Account, customer: dict[str, Any], now: int) -> None:
    """Record a write of ``customer`` (a deleted one included) for search, at sandbox ``now``."""
    history = account.search_index.setdefault(customer["id"], [])
    history.append([now, copy.deepcopy(customer)])
    # Keep what a lag of up to MAX_SEARCH_LAG_S can still need: the newest version older than
    # that horizon, and every version since.
    horizon = now - MAX_SEARCH_LAG_S
    old = [i for i, (at, _) in enumerate(history) if at <= horizon]
    if len(old) > 1:
        del history[:old[-1]]


def searchable_customers(account: Account, now: int, lag: float) -> list[dict[str, Any]]:
    """The customers as search sees them ``lag`` seconds after ``now``'s writes (none deleted),
    newest first."""
    live = [o for o in account.objects.values() if o.get("object") == "customer"]
    if lag <= 0:
        found = [o for o in live if not o.get("deleted")]
    else:
        seen_at = now - lag
        found = []
        for obj in live:
            history = account.search_index.get(obj["id"])
            if not history:  # kept by an older sandbox: indexed since its creation
                version = obj if obj.get("created", 0) <= seen_at else None
            else:
                version = next((snap for at, snap in reversed(history) if at <= seen_at), None)
            if version is not None and not version.get("deleted"):
                found.append(version)
    found.reverse()
    found.sort(key=lambda o: o.get("created", 0), reverse=True)
    return found
