"""Stripe's form encoding (``a[b][0][c]=v``) decoded to nested dicts and lists, and checked.

Stripe rejects any parameter an endpoint doesn't know; :func:`check` does the same against a small
spec tree so every route states exactly what it accepts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from owl_desktop.sandbox.errors import missing_param, param_error, unknown_param

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")


def parse_form(text: str) -> dict[str, Any]:
    """Decode a form or query string into nested dicts; indexed keys become lists."""
    root: dict[str, Any] = {}
    for raw_key, value in parse_qsl(text, keep_blank_values=True):
        m = _KEY.match(raw_key)
        if not m:
            raise param_error(f"Invalid parameter name: {raw_key}", code="parameter_unknown",
                              param=raw_key)
        parts = [m.group(1), *re.findall(r"\[([^\[\]]*)\]", m.group(2))]
        node: dict[str, Any] = root
        for i, part in enumerate(parts[:-1]):
            nxt = node.get(part)
            if not isinstance(nxt, dict):
                nxt = {}
                node[part] = nxt
            node = nxt
            if parts[i + 1] == "":
                parts[i + 1] = f"\x00{len(node)}"  # "a[]" appends
        last = parts[-1]
        if last == "":
            last = f"\x00{len(node)}"
        node[last] = value
    result: dict[str, Any] = _listify(root)
    return result


def _listify(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    keys = list(node)
    if keys and all(k.startswith("\x00") or k.isdigit() for k in keys):
        ordered = sorted(keys, key=lambda k: int(k.lstrip("\x00")))
        return [_listify(node[k]) for k in ordered]
    return {k: _listify(v) for k, v in node.items()}


# ---- specs ----------------------------------------------------------------------------------
# A spec is a dict name -> Field. Field kinds: "str", "int", "bool", "enum", "dict" (with a
# sub-spec), "map" (free string map: metadata), "list" (of str, or of a sub-spec), "any".

class Field:
    """One accepted parameter: its kind, whether required, allowed values, nested spec."""

    def __init__(self, kind: str = "str", *, required: bool = False,
                 values: tuple[str, ...] = (), spec: Mapping[str, Field] | None = None,
                 item: Field | None = None, emptiable: bool = False,
                 check: Callable[[str, Any], Any] | None = None) -> None:
        self.kind = kind
        self.required = required
        self.values = values
        self.spec = spec
        self.item = item
        self.emptiable = emptiable
        self.check = check


def S(**kw: Any) -> Field:
    return Field("str", **kw)


def I(**kw: Any) -> Field:  # noqa: E743
    return Field("int", **kw)


def B(**kw: Any) -> Field:
    return Field("bool", **kw)


def E(*values: str, **kw: Any) -> Field:
    return Field("enum", values=values, **kw)


def D(spec: Mapping[str, Field], **kw: Any) -> Field:
    return Field("dict", spec=spec, **kw)


def L(item: Field | None = None, **kw: Any) -> Field:
    return Field("list", item=item or S(), **kw)


def M(**kw: Any) -> Field:
    return Field("map", emptiable=True, **kw)


def _path(prefix: str, name: str) -> str:
    return f"{prefix}[{name}]" if prefix else name


def _or_list(values: tuple[str, ...]) -> str:
    if len(values) == 1:
        return values[0]
    return ", ".join(values[:-1]) + f", or {values[-1]}" if len(values) > 2 else \
        f"{values[0]} or {values[1]}"


def check(params: Mapping[str, Any], spec: Mapping[str, Field],
          prefix: str = "") -> dict[str, Any]:
    """Validate and convert ``params`` against ``spec``; raise Stripe's 400 on the first fault."""
    out: dict[str, Any] = {}
    for name, value in params.items():
        field = spec.get(name)
        path = _path(prefix, name)
        if field is None:
            raise unknown_param(path)
        out[name] = _convert(path, field, value)
    for name, field in spec.items():
        if field.required and (name not in out or out[name] in ("", None)):
            raise missing_param(_path(prefix, name))
    return out


def _convert(path: str, field: Field, value: Any) -> Any:
    if value == "" and field.kind not in ("str",):
        if field.kind in ("map", "dict", "list") or field.emptiable:
            return None  # "" unsets, as Stripe does
        return None
    kind = field.kind
    result: Any
    if kind == "str":
        if not isinstance(value, str):
            raise param_error(f"Invalid string: {_brief(value)}", code="parameter_invalid_string",
                              param=path)
        result = value
    elif kind == "int":
        if not isinstance(value, str) or not re.fullmatch(r"-?\d+", value):
            raise param_error(f"Invalid integer: {_brief(value)}",
                              code="parameter_invalid_integer", param=path)
        result = int(value)
    elif kind == "bool":
        if value not in ("true", "false"):
            raise param_error(f"Invalid boolean: {_brief(value)}", code=None, param=path)
        result = value == "true"
    elif kind == "enum":
        if value not in field.values:
            raise param_error(f"Invalid {path}: must be one of {_or_list(field.values)}",
                              code=None, param=path)
        result = value
    elif kind == "map":
        if not isinstance(value, dict):
            raise param_error("Invalid hash", code=None, param=path)
        result = {str(k): v for k, v in value.items()}
        for k, v in result.items():
            if not isinstance(v, str):
                raise param_error("Invalid hash", code=None, param=_path(path, k))
    elif kind == "dict":
        if not isinstance(value, dict):
            raise param_error("Invalid hash", code=None, param=path)
        assert field.spec is not None
        result = check(value, field.spec, path)
    elif kind == "list":
        if isinstance(value, str):
            raise param_error("Invalid array", code=None, param=path)
        assert field.item is not None
        result = [_convert(f"{path}[{i}]", field.item, v) for i, v in enumerate(value)]
    else:
        result = value
    if field.check is not None:
        result = field.check(path, result)
    return result


def _brief(value: Any) -> str:
    return value if isinstance(value, str) else "object"
