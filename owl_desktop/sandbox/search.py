"""A subset of Stripe's Search Query Language, enough for customer lookups.

Clauses ``field:value`` (exact, case-insensitive), ``field~value`` (substring, 3+ characters),
``-field:value`` (negation), ``metadata['key']:'value'``, ``created>N`` (``>``, ``>=``, ``<``,
``<=``, ``=``), joined by ``AND`` or by ``OR`` (not both, as Stripe requires).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from owl_desktop.sandbox.errors import param_error

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
