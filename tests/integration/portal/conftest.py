"""A portal app over a test database and the Stripe sandbox, with two clients who have
portal access (Noor and Sami), for Starlette TestClient route tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from starlette.testclient import TestClient

from owl_desktop.domain.audit import IN_THE_PORTAL, Workstation
from owl_desktop.domain.stripe_records import StripeAccount
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.portal.app import build_deps, create_app
from owl_desktop.services.customers import CustomerService
from owl_desktop.services.payment_methods import PaymentMethodService
from owl_desktop.services.portal_accounts import PortalAccountService
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory
from tests.integration.portal.helpers import GOOD_PASSWORD, fast_hasher, make_client
from tests.stripe_env import StripeEnv, account_of

SAMI_PASSWORD = "another long passphrase"

try:
    from playwright.sync_api import expect
except ImportError:  # the browser tests skip themselves
    pass
else:
    # The browser tests' expect(...) waits as long as their pages' actions do
    # (page.set_default_timeout(15000)), not Playwright's 5 s: Chromium, uvicorn and the Stripe
    # double share two cores on CI.
    expect.set_options(timeout=15_000)


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def in_the_portal(_uow: UnitOfWork) -> Workstation:
    return IN_THE_PORTAL


def methods_service(uow: UnitOfWorkFactory, api_base: str, secret_key: str,
                    clock: Clock, account: StripeAccount | None = None) -> PaymentMethodService:
    gateway = StripeGateway(secret_key, api_base=api_base, timeout_s=5)
    account = account or account_of(StripeGateway(secret_key, api_base=api_base))
    customers = CustomerService(uow, gateway, account, clock)
    return PaymentMethodService(uow, gateway, customers, clock, in_the_portal)


@dataclass
class Portal:
    uow: UnitOfWorkFactory
    accounts: PortalAccountService
    methods: PaymentMethodService
    clock: Clock
    noor: int
    sami: int
    env: StripeEnv
    app: object

    def client(self, *, https: bool = False, **headers: str) -> TestClient:
        return TestClient(self.app, base_url="https://testserver" if https  # type: ignore[arg-type]
                          else "http://testserver", headers=headers, follow_redirects=False)

    def signed_in(self, email: str = "noor@example.com", password: str = GOOD_PASSWORD,
                  **headers: str) -> TestClient:
        browser = self.client(**headers)
        answer = browser.post("/sign-in", data={"csrf": csrf_of(browser, "/sign-in"),
                                                "email": email, "password": password})
        assert answer.status_code == 303, answer.text
        return browser


def csrf_of(browser: TestClient, path: str) -> str:
    page = browser.get(path)
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def account_csrf(browser: TestClient) -> str:
    return csrf_of(browser, "/account")


@pytest.fixture
def portal(uow_factory: UnitOfWorkFactory, stripe_env: StripeEnv) -> Portal:
    clock = Clock()
    accounts = PortalAccountService(uow_factory, clock, fast_hasher())
    methods = methods_service(uow_factory, stripe_env.api_base, stripe_env.secret_key, clock)
    noor = make_client(uow_factory)
    sami = make_client(uow_factory, "Sami", "Roy", "sami@example.com")
    accounts.accept(accounts.invite(noor).token, GOOD_PASSWORD, GOOD_PASSWORD)
    accounts.accept(accounts.invite(sami).token, SAMI_PASSWORD, SAMI_PASSWORD)
    deps = build_deps(accounts, lambda: methods, lambda: stripe_env.publishable_key,
                      stripe_env.js_url)
    return Portal(uow_factory, accounts, methods, clock, noor, sami, stripe_env,
                  create_app(deps))
