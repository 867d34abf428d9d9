"""Migration 0011 (the mail owed for a bank debit returned later) on SQLite and PostgreSQL:
payments made before it keep everything and owe no mail (nobody is mailed about an old
failure); downgrade and upgrade again keep the payments."""

from __future__ import annotations

from datetime import UTC, date, datetime

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


def test_payments_before_it_owe_no_mail_and_survive_a_downgrade(database_url: str) -> None:
    engine = create_db_engine(database_url)
    try:
        migrate(engine)
        uow = UnitOfWorkFactory(engine)
        with uow() as u:
            client = u.clients.add(ClientDraft("Élise", "Tremblay", "elise@example.com", "",
                                               Address()), AT)
            u.commit()
        billing = BillingService(uow, lambda: AT, workstation=lambda _u: DESK)
        invoice = billing.make_invoice(InvoiceDraft(client.id, "Massage 60", 80_00,
                                                    date(2026, 12, 1)))
        with uow() as u:
            failed = u.payments.add(invoice_id=invoice.id, client_id=client.id,
                                    method=PaymentMethodKind.PAD, amount_cents=80_00,
                                    currency="CAD", status=PaymentStatus.FAILED, now=AT,
                                    actor="r", desk="d", attempt=1, last4="2227")
            u.commit()
        cfg = _alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0010")
        with engine.connect() as conn:
            columns = {c["name"] for c in sa.inspect(conn).get_columns("payments")}
            assert "failure_mail" not in columns
        migrate(engine)
        with uow() as u:
            again = u.payments.get(failed.id)
            assert (again.status, again.last4, again.failure_mail) == (
                PaymentStatus.FAILED, "2227", FailureMail.NONE)
            assert u.payments.failure_mails_due() == []
            assert u.payments.set_failure_mail(failed.id, FailureMail.DUE, now=AT,
                                               expected=FailureMail.NONE)
            assert not u.payments.set_failure_mail(failed.id, FailureMail.DUE, now=AT,
                                                   expected=FailureMail.NONE)
            u.commit()
        with uow() as u:
            assert [p.id for p in u.payments.failure_mails_due()] == [failed.id]
    finally:
        engine.dispose()
