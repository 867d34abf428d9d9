"""Signing in costs argon2 (a good fraction of a second of CPU with the portal's parameters):
it runs on a worker thread, so the other clients' pages served by the same uvicorn worker don't
wait behind it. A real uvicorn, a deliberately slow hasher, two clients at once."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator

import pytest
import requests
from argon2 import PasswordHasher

from owl_desktop.portal.app import build_deps, create_app
from owl_desktop.services.portal_accounts import PortalAccountService
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.integration.portal import test_browser as base
from tests.integration.portal.conftest import Clock
from tests.integration.portal.helpers import GOOD_PASSWORD, make_client

SLOW = PasswordHasher(time_cost=12, memory_cost=32768, parallelism=1)


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    return sqlite_url


@pytest.fixture
def slow_server(uow_factory: UnitOfWorkFactory) -> Iterator[str]:
    import uvicorn

    accounts = PortalAccountService(uow_factory, Clock(), SLOW)
    client_id = make_client(uow_factory)
    accounts.accept(accounts.invite(client_id).token, GOOD_PASSWORD, GOOD_PASSWORD)
    app = create_app(build_deps(accounts, lambda: None,  # type: ignore[arg-type,return-value]
                                lambda: "pk_test_x", "https://js.stripe.com/v3/"))
    port = base.free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None,
                                           access_log=False, lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def test_a_sign_in_does_not_hold_up_other_pages(slow_server: str) -> None:
    browser = requests.Session()
    page = browser.get(f"{slow_server}/sign-in", timeout=10).text
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found
    times: dict[str, float] = {}

    def sign_in() -> None:
        started = time.monotonic()
        answer = browser.post(f"{slow_server}/sign-in", allow_redirects=False, timeout=30,
                              data={"csrf": found.group(1), "email": "noor@example.com",
                                    "password": GOOD_PASSWORD})
        assert answer.status_code == 303
        times["sign_in"] = time.monotonic() - started
        times["sign_in_done"] = time.monotonic()

    signing = threading.Thread(target=sign_in)
    signing.start()
    time.sleep(0.1)  # the sign-in is hashing now
    started = time.monotonic()
    other = requests.get(f"{slow_server}/sign-in", timeout=30)
    times["other"] = time.monotonic() - started
    other_done = time.monotonic()
    signing.join(30)
    assert other.status_code == 200
    assert times["sign_in"] > 0.3, times  # the hasher is slow enough to tell
    assert other_done < times["sign_in_done"], times  # the other page didn't wait for it
