"""Autopay across processes, against Stripe over HTTP on both databases: two processes press
*Run autopay now* at the same instant (one runs, the other is told another run is under way,
each invoice charged once); a run killed midway (a real child process, SIGKILLed after Stripe
answered and before anything was recorded) and run again: nothing charged twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta

import stripe

from owl_desktop.core import lease
from owl_desktop.domain.autopay import ALWAYS
from owl_desktop.domain.billing import Invoice, PaymentStatus
from owl_desktop.services.autopay import AutopayService
from owl_desktop.services.autopay_run import LEASE_NAME, AutopayRunner, Outcome
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.integration.autopay.test_run import charges_at_stripe
from tests.integration.billing.conftest import Saver
from tests.integration.payments.conftest import Clock
from tests.integration.races.conftest import ROOT
from tests.integration.races.start_line import NO_LINE, StartLine
from tests.stripe_env import StripeEnv


def driver(database_url: str, env: StripeEnv, start_line: str, kill_at: str = ""
           ) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.integration.autopay.run_driver", database_url,
         env.api_base, env.secret_key, start_line, kill_at],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)})


def enrolled_with_invoices(autopay: AutopayService, saver: Saver,
                           make_client: Callable[..., int],
                           invoice_for: Callable[..., Invoice], n: int) -> list[Invoice]:
    invoices = []
    for i in range(n):
        client = make_client(f"Client{i}")
        saver.card(client)
        autopay.set_mode(client, ALWAYS)
        invoices.append(invoice_for(client, 20_00 + i))
    return invoices


def test_two_processes_press_run_at_the_same_instant(
        database_url: str, stripe_env: StripeEnv, uow_factory: UnitOfWorkFactory,
        autopay: AutopayService, saver: Saver, make_client: Callable[..., int],
        invoice_for: Callable[..., Invoice], stripe_client: stripe.StripeClient) -> None:
    invoices = enrolled_with_invoices(autopay, saver, make_client, invoice_for, 6)
    # Both up and connected before either presses (a start line, not a wall-clock instant: a
    # slow start under load can't make one press after the other's run has ended).
    with StartLine() as line:
        procs = [driver(database_url, stripe_env, line.address) for _ in range(2)]
        line.go(procs)
    answers = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        answers.append(json.loads(out.strip().splitlines()[-1]))
    ran = [a for a in answers if not a["busy"]]
    assert len(ran) == 1, answers
    assert sorted(i for i, _ in ran[0]["lines"]) == sorted(i.id for i in invoices)
    assert {o for _, o in ran[0]["lines"]} == {Outcome.CHARGED}
    for invoice in invoices:
        assert charges_at_stripe(stripe_client, invoice) == 1
        with uow_factory() as uow:
            assert [p.status for p in uow.payments.for_invoice(invoice.id)] == [
                PaymentStatus.SUCCEEDED]


def test_a_run_killed_midway_and_run_again_charges_nothing_twice(
        database_url: str, stripe_env: StripeEnv, uow_factory: UnitOfWorkFactory,
        autopay: AutopayService, saver: Saver, make_client: Callable[..., int],
        invoice_for: Callable[..., Invoice], stripe_client: stripe.StripeClient,
        runner: AutopayRunner, clock: Clock) -> None:
    invoices = enrolled_with_invoices(autopay, saver, make_client, invoice_for, 4)
    proc = driver(database_url, stripe_env, NO_LINE, kill_at="answered:2")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == -9, (out, err)  # SIGKILLed midway
    with uow_factory() as uow:
        statuses = [[p.status for p in uow.payments.for_invoice(i.id)] for i in invoices]
    # First paid and recorded; second charged at Stripe but its answer never recorded.
    assert statuses[:2] == [[PaymentStatus.SUCCEEDED], [PaymentStatus.PENDING]]
    assert statuses[2:] == [[], []]
    assert charges_at_stripe(stripe_client, invoices[1]) == 1

    assert runner.run("desk").busy  # the dead run's lease holds until it expires
    # Past its expiry as the dead process wrote it (its own wall clock, however long it took).
    held = lease.current(uow_factory, LEASE_NAME)
    assert held is not None
    assert held.expires_at is not None
    clock.now = max(clock.now, held.expires_at) + timedelta(seconds=1)
    summary = runner.run("desk")
    assert not summary.busy
    assert {line.invoice_id: line.outcome for line in summary.lines} == {
        i.id: Outcome.CHARGED for i in invoices[1:]}
    for invoice in invoices:
        assert charges_at_stripe(stripe_client, invoice) == 1
        with uow_factory() as uow:
            assert [p.status for p in uow.payments.for_invoice(invoice.id)] == [
                PaymentStatus.SUCCEEDED]
