"""Stripe behaviours the double reproduces for reliability tests: a second request with an
idempotency key still in use (409), a request executed but answered with a 500, customer search
lagging behind writes, and fault injection reproducible from a seed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from owl_desktop.sandbox.server import SandboxServer
from tests.integration.sandbox.http import Reply, call
from tests.integration.sandbox.stripe_schema import Checker
from tests.stripe_env import StripeEnv


def create_customer(env: StripeEnv, key: str | None, name: str = "Ada",
                    email: str = "ada@example.com") -> Reply:
    headers = {"Idempotency-Key": key} if key else {}
    return call(env.api_base, "POST", "/v1/customers", {"name": name, "email": email},
                key=env.secret_key, headers=headers)


def customers(env: StripeEnv) -> list[dict[str, object]]:
    data = call(env.api_base, "GET", "/v1/customers", {"limit": 100}, key=env.secret_key).body
    return list(data["data"])


def wait_until_in_flight(sandbox: SandboxServer, key: str) -> None:
    deadline = time.monotonic() + 10
    while key not in sandbox.app.idempotency_keys_in_use():
        assert time.monotonic() < deadline, "the first request never started"
        time.sleep(0.01)


def test_same_idempotency_key_at_the_same_time_is_refused_with_409(
        sandbox: SandboxServer, stripe_env: StripeEnv) -> None:
    """Stripe: a request that conflicts with another executing concurrently with the same key
    gets 409 idempotency_key_in_use, and nothing is saved: once the first is done, the retry
    answers with its result."""
    key = f"create-{uuid.uuid4()}"
    sandbox.faults.set(latency_ms=3000)  # the first request's processing time
    first: list[Reply] = []
    worker = threading.Thread(target=lambda: first.append(create_customer(stripe_env, key)))
    worker.start()
    wait_until_in_flight(sandbox, key)
    second = create_customer(stripe_env, key)
    # answered at once, not after the first: that one is still being processed
    assert first == []
    assert key in sandbox.app.idempotency_keys_in_use()
    assert second.status == 409
    assert second.error["code"] == "idempotency_key_in_use"
    assert second.error["type"] == "idempotency_error"
    assert second.headers.get("Stripe-Should-Retry") == "true"
    assert Checker().answer(second.body, status=409) == []
    other = create_customer(stripe_env, f"other-{uuid.uuid4()}", name="Other")
    assert other.status == 200  # another key isn't held up by the conflict
    worker.join(timeout=10)
    sandbox.faults.clear()
    assert first[0].status == 200
    retry = create_customer(stripe_env, key)
    assert retry.status == 200
    assert retry.headers.get("Idempotent-Replayed") == "true"
    assert retry.body["id"] == first[0].body["id"]
    assert sorted(c["name"] for c in customers(stripe_env)) == ["Ada", "Other"]


def test_executed_then_answered_with_500(sandbox: SandboxServer, stripe_env: StripeEnv) -> None:
    """The request takes effect but its answer is a 500: a retry with the same idempotency key
    gets the saved result, one without a key makes a second customer."""
    reply = call(sandbox.control_url, "POST", "/_sandbox/faults",
                 json_body={"executed_500_rate": 1})
    assert reply.status == 200
    key = f"create-{uuid.uuid4()}"
    lost = create_customer(stripe_env, key)
    assert lost.status == 500
    assert lost.error["type"] == "api_error"
    assert Checker().answer(lost.body, status=500) == []
    sandbox.faults.clear()
    (made,) = customers(stripe_env)  # it was executed all the same
    retry = create_customer(stripe_env, key)
    assert retry.status == 200
    assert retry.headers.get("Idempotent-Replayed") == "true"
    assert retry.body["id"] == made["id"]
    assert len(customers(stripe_env)) == 1
    sandbox.faults.set(executed_500_rate=1)
    assert create_customer(stripe_env, None, name="Twice").status == 500
    sandbox.faults.clear()
    assert create_customer(stripe_env, None, name="Twice").status == 200
    assert [c["name"] for c in customers(stripe_env)].count("Twice") == 2


def search(env: StripeEnv, query: str, desk: str | None = None) -> list[dict[str, object]]:
    reply = call(env.api_base, "GET", "/v1/customers/search", {"query": query},
                 key=env.secret_key, headers={"X-Owl-Desk": desk} if desk else {})
    assert reply.status == 200, reply.body
    return list(reply.body["data"])


def test_customer_search_lags_behind_writes_when_switched_on(
        sandbox: SandboxServer, stripe_env: StripeEnv) -> None:
    made = create_customer(stripe_env, None, name="Zoé Lag", email="zoe@example.com").body
    assert [c["id"] for c in search(stripe_env, "email:'zoe@example.com'")] == [made["id"]]
    sandbox.advance(120)  # Zoé is old news when the lag starts
    assert call(sandbox.control_url, "POST", "/_sandbox/faults",
                json_body={"search_lag_s": 60}).status == 200
    late = create_customer(stripe_env, None, name="Léo Late", email="leo@example.com").body
    assert search(stripe_env, "email:'leo@example.com'") == []  # not indexed yet
    got = call(stripe_env.api_base, "GET", f"/v1/customers/{late['id']}",
               key=stripe_env.secret_key)
    assert got.status == 200  # retrieve and list are read-after-write
    assert late["id"] in [c["id"] for c in customers(stripe_env)]
    call(stripe_env.api_base, "POST", f"/v1/customers/{made['id']}", {"name": "Zoé Later"},
         key=stripe_env.secret_key)
    assert search(stripe_env, "name:'Zoé Later'") == []
    (stale,) = search(stripe_env, "email:'zoe@example.com'")
    assert stale["name"] == "Zoé Lag"  # as the index last saw it
    sandbox.faults.set(desk="front", search_lag_s=0)
    assert [c["name"] for c in search(stripe_env, "name:'Zoé Later'", desk="front")] == \
        ["Zoé Later"]  # a desk with its own faults has its own lag (none here)
    sandbox.advance(61)
    assert [c["id"] for c in search(stripe_env, "email:'leo@example.com'")] == [late["id"]]
    assert [c["id"] for c in search(stripe_env, "name:'Zoé Later'")] == [made["id"]]
    call(stripe_env.api_base, "DELETE", f"/v1/customers/{late['id']}", key=stripe_env.secret_key)
    assert [c["id"] for c in search(stripe_env, "email:'leo@example.com'")] == [late["id"]]
    sandbox.advance(61)
    assert search(stripe_env, "email:'leo@example.com'") == []
    sandbox.faults.clear()
    fresh = create_customer(stripe_env, None, name="Now", email="now@example.com").body
    assert [c["id"] for c in search(stripe_env, "email:'now@example.com'")] == [fresh["id"]]


def statuses(env: StripeEnv, count: int, desk: str | None = None,
             interleave: str | None = None, base: str | None = None) -> list[int]:
    out = []
    for _ in range(count):
        reply = call(base or env.api_base, "GET", "/v1/customers", {"limit": 1},
                     key=env.secret_key, headers={"X-Owl-Desk": desk} if desk else {})
        out.append(reply.status)
        if interleave:
            call(base or env.api_base, "GET", "/v1/customers", {"limit": 1},
                 key=env.secret_key, headers={"X-Owl-Desk": interleave})
    return out


FAULTS = {"error_500_rate": 0.4, "rate_limit_429_rate": 0.2}


def seeded(sandbox: SandboxServer, seed: int | None) -> None:
    sandbox.faults.clear()
    sandbox.faults.set(seed=seed, **FAULTS)


def test_fault_injection_is_reproducible_from_a_seed(sandbox: SandboxServer,
                                                     stripe_env: StripeEnv) -> None:
    seeded(sandbox, 7)
    first = statuses(stripe_env, 40)
    assert {200, 429, 500} <= set(first)
    seeded(sandbox, 7)
    assert statuses(stripe_env, 40) == first
    seeded(sandbox, 8)
    assert statuses(stripe_env, 40) != first
    # Each desk has its own dice: another desk's requests in between change nothing.
    seeded(sandbox, 7)
    assert statuses(stripe_env, 40, interleave="back") == first
    seeded(sandbox, 7)
    front = statuses(stripe_env, 40, desk="front")
    seeded(sandbox, 7)
    assert statuses(stripe_env, 40, desk="front", interleave="back") == front
    # Over the control socket, and the seed is shown.
    sandbox.faults.clear()
    reply = call(sandbox.control_url, "POST", "/_sandbox/faults",
                 json_body={"seed": 7, **FAULTS})
    assert reply.body["seed"] == 7
    assert statuses(stripe_env, 40) == first
    assert call(sandbox.control_url, "POST", "/_sandbox/faults",
                json_body={"seed": [1]}).status == 400


def test_the_same_seed_gives_the_same_faults_in_another_process(
        tmp_path: Path, sandbox: SandboxServer, stripe_env: StripeEnv) -> None:
    seeded(sandbox, 7)
    here = statuses(stripe_env, 30)
    sandbox.faults.clear()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    with subprocess.Popen(
            [sys.executable, "-m", "owl_desktop.sandbox", "--port", "0", "--fault-seed", "7",
             "--state", str(tmp_path / "seeded.json")],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env) as proc:
        try:
            assert proc.stdout is not None
            url = proc.stdout.readline().rsplit(" ", 1)[1].strip()
            proc.stdout.readline()
            match = re.search(r"(http://127\.0\.0\.1:\d+)/_sandbox/", proc.stdout.readline())
            assert match is not None
            assert call(match.group(1), "POST", "/_sandbox/faults",
                        json_body=FAULTS).status == 200
            there = statuses(stripe_env, 30, base=url)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    assert there == here


@pytest.mark.parametrize("value", [-1, 3601, "soon"])
def test_search_lag_is_bounded(sandbox: SandboxServer, value: object) -> None:
    reply = call(sandbox.control_url, "POST", "/_sandbox/faults",
                 json_body={"search_lag_s": value})
    assert reply.status == 400
