"""Migration 0004 stores Stripe's ``created`` on cached methods: rows an older version cached
get the time they were stored, until the next reconcile brings Stripe's own (SQLite and
PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from owl_desktop.domain.stripe_records import PaymentMethodInfo
from owl_desktop.store.db import create_db_engine, migrate
from owl_desktop.store.uow import UnitOfWorkFactory

STORED_AT = datetime(2026, 11, 30, 9, 15, 30, tzinfo=UTC)


def test_backfill_then_stripes_value_at_the_next_reconcile(database_url: str) -> None:
    engine = create_db_engine(database_url)
    try:
        migrate(engine, "0003")
        with engine.begin() as conn:
            client = conn.execute(sa.text(
                "INSERT INTO clients (first_name, last_name, email, phone, line1, line2, city, "
                "province, postal_code, country, search_text, sort_name, autopay_enabled, "
                "created_at, updated_at) VALUES ('Élise', 'Tremblay', '', '', '', '', '', '', "
                "'', 'CA', 'elise tremblay', 'tremblay elise', :no, :at, :at) RETURNING id"),
                {"no": False, "at": STORED_AT}).scalar_one()
            conn.execute(sa.text(
                "INSERT INTO payment_methods (client_id, stripe_payment_method_id, livemode, "
                "type, brand, bank_name, institution_number, transit_number, last4, "
                "fingerprint, holder_name, holder_email, billing_line1, billing_line2, "
                "billing_city, billing_province, billing_postal_code, billing_country, "
                "setup_intent_id, mandate_id, mandate_status, status, created_at, updated_at) "
                "VALUES (:client, 'pm_old', :no, 'card', 'visa', '', '', '', '4242', '', '', "
                "'', '', '', '', '', '', '', '', '', '', 'active', :at, :at)"),
                {"client": client, "no": False, "at": STORED_AT})
        migrate(engine)
        uow = UnitOfWorkFactory(engine)
        with uow() as u:
            method = u.payment_methods.by_stripe_id("pm_old")
            assert method is not None
            assert method.stripe_created == int(STORED_AT.timestamp())
            u.payment_methods.upsert(PaymentMethodInfo(
                id="pm_old", type="card", customer_id="cus_1", livemode=False, last4="4242",
                brand="visa", created=1_700_000_000), client, STORED_AT)
            u.commit()
        with uow() as u:
            method = u.payment_methods.by_stripe_id("pm_old")
            assert method is not None
            assert method.stripe_created == 1_700_000_000
    finally:
        engine.dispose()
