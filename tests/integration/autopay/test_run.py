"""The autopay run against Stripe over HTTP, on both databases: each skip reason (never
charged), each outcome of the charge path (paid, declined, needs authentication, a bank debit
processing), a run that meets an invoice paid meanwhile, a second run that charges nothing
again, and a client whose new default arrives retried on the next run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import stripe
from sqlalchemy import update

from owl_desktop.domain.autopay import AUTOMATIC, PROCESSING_KEY
from owl_desktop.domain.billing import Invoice, PaymentMethodKind, PaymentStatus
from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.services.autopay import AutopayService
from owl_desktop.services.autopay_run import AutopayRunner, Outcome, RunLine, Skip
from owl_desktop.services.billing import BillingService
from owl_desktop.store.models import PaymentMethodRow
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.integration.billing.conftest import Saver


def outcomes(lines: list[RunLine]) -> dict[int, tuple[str, str]]:
    return {line.invoice_id: (line.outcome, line.reason) for line in lines}


def charges_at_stripe(sc: stripe.StripeClient, invoice: Invoice) -> int:
    found = 0
    for pi in sc.v1.payment_intents.list(params={"limit": 100}).auto_paging_iter():
        if (pi.metadata.to_dict() if pi.metadata else {}).get("owl_invoice") == invoice.uuid \
                and pi.status in ("succeeded", "processing"):
            found += 1
    return found


def test_each_skip_reason_and_each_outcome(
        uow_factory: UnitOfWorkFactory, runner: AutopayRunner, autopay: AutopayService,
        saver: Saver, make_client: Callable[..., int], invoice_for: Callable[..., Invoice],
        billing: BillingService, stripe_client: stripe.StripeClient,
        sandbox: SandboxServer) -> None:
    with uow_factory() as uow:
        uow.settings.set(PROCESSING_KEY, AUTOMATIC)  # clinic default: everyone enrolled
        uow.commit()
    paid = make_client("Paid")
    saver.card(paid)  # the first method becomes the default
    declined = make_client("Declined")
    saver.card(declined, "pm_card_chargeCustomerFail")
    auth = make_client("Auth")
    saver.card_after_3ds(auth, "pm_card_authenticationRequired", sandbox)
    bank = make_client("Bank")
    saver.bank(bank)
    paused = make_client("Paused")  # enrolled, nothing on file
    expired = make_client("Expired")
    expired_card = saver.card(expired)
    with uow_factory() as uow:  # the card on file has expired since it was saved
        uow.session.execute(update(PaymentMethodRow).where(
            PaymentMethodRow.id == expired_card.id).values(exp_month=1, exp_year=2020))
        uow.commit()
    unverified = make_client("Unverified")
    pending = saver.bank(unverified, verify=False)
    with uow_factory() as uow:  # chosen as default while its micro-deposits are awaited
        uow.payment_methods.set_default(unverified, pending.id, datetime.now(UTC))
        uow.commit()
    processing = make_client("Processing")
    saver.bank(processing)
    opted_out = make_client("Out")
    saver.card(opted_out)
    autopay.set_mode(opted_out, "off")

    inv = {name: invoice_for(cid) for name, cid in [
        ("paid", paid), ("declined", declined), ("auth", auth), ("bank", bank),
        ("paused", paused), ("expired", expired), ("unverified", unverified),
        ("processing", processing), ("out", opted_out)]}
    second_paid = invoice_for(paid, 30_00)  # paid at the desk while the run goes
    with uow_factory() as uow:
        methods = uow.payment_methods.list_for_client(processing)
    billing.charge_now(inv["processing"].id, methods[0].id)  # a debit already processing

    def meanwhile(done: int, total: int, line: RunLine) -> None:
        if line.invoice_id == inv["paid"].id:
            billing.record_payment(second_paid.id, PaymentMethodKind.CASH, 30_00)

    summary = runner.run("desk", progress=meanwhile)
    got = outcomes(summary.lines)
    assert got == {
        inv["paid"].id: (Outcome.CHARGED, ""),
        second_paid.id: (Outcome.SKIPPED, Skip.ALREADY_PAID),
        inv["declined"].id: (Outcome.FAILED, "generic_decline"),
        inv["auth"].id: (Outcome.REQUIRES_ACTION, "authentication_required"),
        inv["bank"].id: (Outcome.PROCESSING, ""),
        inv["paused"].id: (Outcome.SKIPPED, Skip.PAUSED),
        inv["expired"].id: (Outcome.SKIPPED, Skip.EXPIRED_CARD),
        inv["unverified"].id: (Outcome.SKIPPED, Skip.BANK_NOT_VERIFIED),
        inv["processing"].id: (Outcome.SKIPPED, Skip.BEING_PAID),
    }  # the client who is "off" isn't in the run at all
    assert not summary.busy
    assert not summary.stopped
    for name in ("paused", "expired", "unverified", "out"):
        with uow_factory() as uow:
            assert uow.payments.for_invoice(inv[name].id) == [], name  # never charged
    assert charges_at_stripe(stripe_client, inv["paid"]) == 1
    assert runner.last_run() is not None

    # The next run charges nothing again: paid and processing are done, declines wait.
    again = outcomes(runner.run("desk").lines)
    assert inv["paid"].id not in again  # paid: no longer open
    assert again[inv["declined"].id] == (Outcome.SKIPPED, Skip.FAILED_BEFORE)
    assert again[inv["auth"].id] == (Outcome.SKIPPED, Skip.NEEDS_AUTHENTICATION)
    assert again[inv["bank"].id] == (Outcome.SKIPPED, Skip.BEING_PAID)
    assert charges_at_stripe(stripe_client, inv["paid"]) == 1

    # A new default arrives for the declined client: the next run charges it.
    saver.card(declined, "pm_card_mastercard")
    with uow_factory() as uow:
        new = next(m for m in uow.payment_methods.list_for_client(declined) if m.brand
                   == "mastercard")
        uow.payment_methods.set_default(declined, new.id, datetime.now(UTC))
        uow.commit()
    third = outcomes(runner.run("desk").lines)
    assert third[inv["declined"].id] == (Outcome.CHARGED, "")
    with uow_factory() as uow:
        attempts = uow.payments.for_invoice(inv["declined"].id)
    assert sorted(p.status for p in attempts) == sorted([PaymentStatus.FAILED,
                                                         PaymentStatus.SUCCEEDED])
