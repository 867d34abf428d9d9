"""Migration 0012 (when the failure mail's state last changed, so a mail left ``sending`` by a
process that stopped is found) on SQLite and PostgreSQL: a payment that owed or had a mail
before it gets its debit's failure time (a mail left ``sending`` then is found once the grace
has passed); every other payment stays without one; downgrade and upgrade again keep them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from alembic import command

from owl_desktop.domain.audit import Workstation
from owl_desktop.domain.billing import (
    FailureMail,
    InvoiceDraft,
    PaymentMethodKind,
    PaymentStatus,
)
from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.services.billing import BillingService
from owl_desktop.store.db import _alembic_config, create_db_engine, migrate
from owl_desktop.store.uow import UnitOfWorkFactory

AT = datetime(2026, 12, 1, 9, 15, tzinfo=UTC)
DESK = Workstation(actor="reception1", desk="desk-A")


def test_mails_before_it_get_the_failure_time_and_survive_a_downgrade(
        database_url: str) -> None:
    engine = create_db_engine(database_url)
    try:
        migrate(engine)
        uow = UnitOfWorkFactory(engine)
        with uow() as u:
            client = u.clients.add(ClientDraft("Élise", "Tremblay", "elise@example.com", "",
                                               Address()), AT)
            u.commit()
        billing = BillingService(uow, lambda: AT, workstation=lambda _u: DESK)
        ids = []
        for n in range(3):
            invoice = billing.make_invoice(InvoiceDraft(client.id, "Massage 60", 80_00,
                                                        date(2026, 12, 1)))
            with uow() as u:
                ids.append(u.payments.add(
                    invoice_id=invoice.id, client_id=client.id, method=PaymentMethodKind.PAD,
                    amount_cents=80_00, currency="CAD", status=PaymentStatus.FAILED,
                    now=AT + timedelta(minutes=n), actor="r", desk="d", attempt=1,
                    last4="2227").id)
                u.commit()
        sending, due, none = ids
        cfg = _alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0011")
        with engine.begin() as conn:
            assert "failure_mail_at" not in {
                c["name"] for c in sa.inspect(conn).get_columns("payments")}
            # As version 0011 left them: one taken by a process that then stopped, one owed.
            for payment_id, state in ((sending, "sending"), (due, "due")):
                conn.execute(sa.text("UPDATE payments SET failure_mail = :s WHERE id = :i"),
                             {"s": state, "i": payment_id})
        migrate(engine)
        with uow() as u:
            got = {i: u.payments.get(i) for i in ids}
            assert got[sending].failure_mail_at == AT
            assert got[due].failure_mail_at == AT + timedelta(minutes=1)
            assert (got[none].failure_mail, got[none].failure_mail_at) == (
                FailureMail.NONE, None)
            assert (got[sending].status, got[sending].last4) == (PaymentStatus.FAILED, "2227")
            assert u.payments.failure_mails_taken_before(AT) == []
            assert [p.id for p in u.payments.failure_mails_taken_before(
                AT + timedelta(seconds=1))] == [sending]
            later = AT + timedelta(hours=1)
            assert not u.payments.set_failure_mail(
                sending, FailureMail.UNSENT, now=later, expected=FailureMail.SENDING,
                changed_before=AT)
            assert u.payments.set_failure_mail(
                sending, FailureMail.UNSENT, now=later, expected=FailureMail.SENDING,
                changed_before=later)
            u.commit()
        with uow() as u:
            again = u.payments.get(sending)
            assert (again.failure_mail, again.failure_mail_at) == (FailureMail.UNSENT, later)
            assert [p.id for p in u.payments.failure_mails_due()] == [due]
    finally:
        engine.dispose()
