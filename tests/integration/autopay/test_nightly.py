"""The nightly run with a controlled clock, against Stripe over HTTP on both databases: due at
the clinic's hour in its time zone, once a night however often desks check; nothing while the
clinic processes manually; a night missed while every desk was off runs once at the next
check; a run cut short leaves the night to run again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import stripe

from owl_desktop.domain.autopay import (
    AUTOMATIC,
    LAST_NIGHT_KEY,
    MANUAL,
    NIGHTLY_HOUR_KEY,
    PROCESSING_KEY,
)
from owl_desktop.domain.billing import Invoice
from owl_desktop.services.autopay_nightly import NightlyAutopay
from owl_desktop.services.autopay_run import AutopayRunner, Outcome
from owl_desktop.services.scheduling import TIME_ZONE_KEY
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.integration.autopay.test_run import charges_at_stripe
from tests.integration.billing.conftest import Saver
from tests.integration.payments.conftest import Clock


def settings(uow_factory: UnitOfWorkFactory, **values: str) -> None:
    with uow_factory() as uow:
        for key, value in values.items():
            uow.settings.set(key, value)
        uow.commit()


def test_the_nightly_run_at_the_clinics_hour(
        uow_factory: UnitOfWorkFactory, runner: AutopayRunner, clock: Clock, saver: Saver,
        make_client: Callable[..., int], invoice_for: Callable[..., Invoice],
        stripe_client: stripe.StripeClient) -> None:
    nightly = NightlyAutopay(uow_factory, runner, clock)
    client = make_client()
    saver.card(client)
    first = invoice_for(client, 50_00)
    # 01:00 in Vancouver on Dec 3 (09:00 UTC); the run is at 03:00 there.
    clock.now = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    settings(uow_factory, **{TIME_ZONE_KEY: "America/Vancouver", NIGHTLY_HOUR_KEY: "3"})
    assert nightly.check() is None  # the clinic processes manually
    settings(uow_factory, **{PROCESSING_KEY: AUTOMATIC})
    assert nightly.check() is None  # the first check: the baseline, nothing past runs
    with uow_factory() as uow:
        assert uow.settings.get(LAST_NIGHT_KEY) == "2026-12-02"
    clock.now += timedelta(hours=1, minutes=59)  # 02:59 there
    assert nightly.check() is None
    clock.now += timedelta(minutes=1)  # 03:00 there
    ran = nightly.check()
    assert ran is not None
    assert ran.trigger == "nightly"
    assert [(line.invoice_id, line.outcome) for line in ran.lines] == [
        (first.id, Outcome.CHARGED)]
    with uow_factory() as uow:
        assert uow.settings.get(LAST_NIGHT_KEY) == "2026-12-03"
    for minutes in (1, 30, 600):  # every desk checks every minute: once a night
        clock.now += timedelta(minutes=minutes)
        assert nightly.check() is None

    # Every desk off for three nights: the next start runs once, for the latest night.
    second = invoice_for(client, 25_00)
    clock.now = datetime(2026, 12, 7, 17, 0, tzinfo=UTC)  # Dec 7, 09:00 there
    ran = nightly.check()
    assert ran is not None
    assert [(line.invoice_id, line.outcome) for line in ran.lines] == [
        (second.id, Outcome.CHARGED)]
    assert nightly.check() is None
    with uow_factory() as uow:
        assert uow.settings.get(LAST_NIGHT_KEY) == "2026-12-07"
    assert charges_at_stripe(stripe_client, first) == 1
    assert charges_at_stripe(stripe_client, second) == 1

    settings(uow_factory, **{PROCESSING_KEY: MANUAL})
    clock.now += timedelta(days=1)
    assert nightly.check() is None


def test_a_run_cut_short_leaves_the_night_due(
        uow_factory: UnitOfWorkFactory, runner: AutopayRunner, clock: Clock, saver: Saver,
        make_client: Callable[..., int], invoice_for: Callable[..., Invoice]) -> None:
    nightly = NightlyAutopay(uow_factory, runner, clock)
    client = make_client()
    saver.card(client)
    invoice_for(client)
    invoice_for(client, 12_00)
    settings(uow_factory, **{PROCESSING_KEY: AUTOMATIC, LAST_NIGHT_KEY: "2026-12-01",
                             NIGHTLY_HOUR_KEY: "2"})
    clock.now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)  # 07:00 in Toronto (the default)
    assert nightly.due() is not None
    stop = iter([False, True])
    cut = runner.run("nightly", should_stop=lambda: next(stop),
                     before=lambda: True,
                     after=lambda: settings(uow_factory, **{LAST_NIGHT_KEY: "2026-12-03"}))
    assert cut.stopped
    assert len(cut.lines) == 1
    assert nightly.due() is not None  # still due: the rest runs at the next check
    rest = nightly.check()
    assert rest is not None
    assert [line.outcome for line in rest.lines] == [Outcome.CHARGED]
    assert nightly.due() is None
