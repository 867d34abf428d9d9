"""Autopay fixtures: billing's (clients with methods saved at the Stripe double or Stripe test
mode, invoices, the real gateway over HTTP) plus the runner."""

from __future__ import annotations

import pytest

from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.services.autopay import AutopayService
from owl_desktop.services.autopay_run import AutopayRunner
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.integration.billing.conftest import (  # noqa: F401 - fixtures
    Saver,
    at_desk,
    billing,
    invoice_for,
    saver,
)
from tests.integration.payments.conftest import (  # noqa: F401 - fixtures
    Clock,
    clock,
    customers,
    gateway,
    make_client,
    methods,
)


@pytest.fixture
def runner(uow_factory: UnitOfWorkFactory, gateway: StripeGateway,  # noqa: F811
           clock: Clock) -> AutopayRunner:  # noqa: F811
    return AutopayRunner(uow_factory, lambda: gateway, clock, at_desk,
                         sleep=lambda _s: None)


@pytest.fixture
def autopay(uow_factory: UnitOfWorkFactory, clock: Clock) -> AutopayService:  # noqa: F811
    return AutopayService(uow_factory, clock, at_desk)
