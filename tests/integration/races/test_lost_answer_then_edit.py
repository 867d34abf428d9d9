"""A customer creation whose answer never came back, then a profile edit, then a retry
(issue 10, "what was seen" 1): Stripe ends with the edit, on the one customer made.

The add flow runs in a child process (a desk of its own on the same database) and either
loses Stripe's answer (the sandbox creates the customer, then drops the connection without
answering) or dies by SIGKILL the moment the answer arrives. Then staff edit the client's
email here and retry the add, or the next sync runs.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import stripe

from owl_desktop.domain.outbox import IN_PROGRESS, KIND_CUSTOMER_CREATE, PENDING
from owl_desktop.sandbox.app import Request, Response
from owl_desktop.sandbox.faults import FaultSettings
from owl_desktop.sandbox.server import SandboxServer
from tests.integration.races.conftest import ROOT, stripe_customers_of
from tests.integration.sync.desk import Desk, add_client, local_edit_profile, open_desk
from tests.stripe_env import StripeEnv

OLD_EMAIL = "ada.old@example.com"
NEW_EMAIL = "ada.new@example.com"


@contextmanager
def answer_lost_after(sandbox: SandboxServer, method: str, path: str) -> Iterator[list[int]]:
    """The sandbox runs the first ``method path`` request as Stripe would, then drops the
    connection without answering (yields the statuses it would have answered)."""
    app = sandbox.app
    original = app.handle_api
    acted: list[int] = []

    def handle(req: Request, client_ip: str = "127.0.0.1",
               faults: FaultSettings | None = None) -> Response:
        response = original(req, client_ip, faults)
        if (req.method, req.path) == (method, path) and not acted:
            acted.append(response.status)
            raise ConnectionResetError("answer lost on the way back")  # the server drops it
        return response

    app.handle_api = handle  # type: ignore[method-assign]
    try:
        yield acted
    finally:
        del app.handle_api  # the class's own again


@pytest.fixture
def here(database_url: str, stripe_env: StripeEnv) -> Iterator[Desk]:
    """This desk: staff edit the client and retry here."""
    desk = open_desk("here", database_url, stripe_env.api_base, stripe_env.secret_key)
    yield desk
    desk.close()


@pytest.fixture
def child(database_url: str, stripe_env: StripeEnv) -> Callable[..., subprocess.CompletedProcess]:
    def run(client_id: int, mode: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "tests.integration.races.add_method_driver", database_url,
             stripe_env.api_base, stripe_env.secret_key, str(client_id), mode],
            cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    return run


def _creation(desk: Desk, client_id: int) -> Any:
    with desk.uow() as uow:
        return uow.outbox.open_customer_create(client_id)


def _assert_stripe_has_the_edit(desk: Desk, sc: stripe.StripeClient, client_id: int) -> None:
    made = stripe_customers_of(sc, desk.uow, client_id)
    assert len(made) == 1, [c.id for c in made]
    [customer] = made
    with desk.uow() as uow:
        assert uow.customer_links.customer_of(client_id) == customer.id
        assert uow.outbox.count_waiting() == 0
        assert uow.outbox.count_failed() == 0
    assert sc.v1.customers.retrieve(customer.id).email == NEW_EMAIL


@pytest.mark.parametrize("retry", ["staff add again", "the next sync"])
def test_lost_answer_then_edit_reaches_stripe(
        retry: str, here: Desk, child: Callable[..., subprocess.CompletedProcess],
        sandbox: SandboxServer, stripe_client: stripe.StripeClient) -> None:
    cid = add_client(here, "Ada", email=OLD_EMAIL)

    with answer_lost_after(sandbox, "POST", "/v1/customers") as acted:
        done = child(cid, "report")
    assert done.returncode == 0, done.stderr[-3000:]
    assert acted == [200]  # Stripe made the customer; the desk never heard
    told = json.loads(done.stdout.strip().splitlines()[-1])
    assert told["error_type"] == "NeedsInternet", told
    assert "its answer didn't arrive" in told["message"], told  # the truth, not "nothing
    assert "If Stripe received" in told["message"], told        # was changed"
    assert "Nothing was changed" not in told["message"] + told["hint"], told
    creation = _creation(here, cid)
    assert creation is not None
    assert (creation.kind, creation.status) == (KIND_CUSTOMER_CREATE, PENDING)
    [made] = stripe_customers_of(stripe_client, here.uow, cid)
    assert made.email == OLD_EMAIL

    local_edit_profile(here, cid, NEW_EMAIL)  # staff fix the email meanwhile

    if retry == "staff add again":
        intent = here.methods.start_setup(cid, "card")
        assert intent.customer_id == made.id
    here.clock.advance(minutes=5)  # past the creation's backoff
    summary = here.sync()
    assert (summary.error, summary.failed) == ("", 0), summary
    _assert_stripe_has_the_edit(here, stripe_client, cid)


@pytest.mark.parametrize("restart", ["sync at once", "sync after the lease"])
def test_killed_after_the_create_then_edit_reaches_stripe(
        restart: str, here: Desk, child: Callable[..., subprocess.CompletedProcess],
        stripe_client: stripe.StripeClient) -> None:
    cid = add_client(here, "Ada", email=OLD_EMAIL)

    done = child(cid, "kill_after_create")
    assert done.returncode == -signal.SIGKILL, (done.returncode, done.stderr[-3000:])
    creation = _creation(here, cid)
    assert creation is not None
    assert creation.status == IN_PROGRESS  # claimed by the dead desk, lease running
    [made] = stripe_customers_of(stripe_client, here.uow, cid)
    assert made.email == OLD_EMAIL

    local_edit_profile(here, cid, NEW_EMAIL)

    if restart == "sync after the lease":
        here.clock.advance(minutes=2)
    summary = here.sync()
    assert (summary.error, summary.failed) == ("", 0), summary
    _assert_stripe_has_the_edit(here, stripe_client, cid)
