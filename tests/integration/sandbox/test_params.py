"""Stripe's form encoding as the sandbox reads it (no network: the decoder alone)."""

from __future__ import annotations

import pytest

from owl_desktop.sandbox.errors import StripeApiError
from owl_desktop.sandbox.params import D, E, I, L, M, S, check, parse_form


def test_nested_dicts_and_indexed_lists() -> None:
    parsed = parse_form("a[b][c]=1&expand[0]=x&expand[1]=y&types[]=p&types[]=q"
                        "&items[0][price]=5&items[1][price]=6&empty=")
    assert parsed == {"a": {"b": {"c": "1"}}, "expand": ["x", "y"], "types": ["p", "q"],
                      "items": [{"price": "5"}, {"price": "6"}], "empty": ""}


def test_indexes_sort_numerically() -> None:
    parsed = parse_form("&".join(f"x[{i}]={i}" for i in (10, 2, 1, 0)))
    assert parsed["x"] == ["0", "1", "2", "10"]


SPEC = {"name": S(required=True), "n": I(), "usage": E("on_session", "off_session"),
        "meta": M(), "opts": D({"currency": E("cad", "usd")}), "tags": L()}


@pytest.mark.parametrize(("query", "code", "param"), [
    ("n=1", "parameter_missing", "name"),
    ("name=a&bogus=1", "parameter_unknown", "bogus"),
    ("name=a&opts[colour]=red", "parameter_unknown", "opts[colour]"),
    ("name=a&n=ten", "parameter_invalid_integer", "n"),
    ("name=a&usage=never", None, "usage"),
    ("name=a&opts[currency]=eur", None, "opts[currency]"),
    ("name=a&tags=notalist", None, "tags"),
])
def test_check_refuses_like_stripe(query: str, code: str | None, param: str) -> None:
    with pytest.raises(StripeApiError) as info:
        check(parse_form(query), SPEC)
    assert info.value.status == 400
    assert info.value.code == code
    assert info.value.param == param
    assert info.value.saved is False  # validation errors are not kept for idempotent replays


def test_enum_message_lists_the_values() -> None:
    with pytest.raises(StripeApiError) as info:
        check(parse_form("name=a&usage=never"), SPEC)
    assert info.value.message == "Invalid usage: must be one of on_session or off_session"


def test_check_converts() -> None:
    out = check(parse_form("name=a&n=3&meta[k]=v&opts[currency]=cad&tags[0]=t"), SPEC)
    assert out == {"name": "a", "n": 3, "meta": {"k": "v"}, "opts": {"currency": "cad"},
                   "tags": ["t"]}
