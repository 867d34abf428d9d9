"""Migration 0002 carries the sync bookkeeping an older desk kept in ``key_values``
(namespace ``sync_state``) into its tables, without loss, on SQLite and PostgreSQL.

The database is built at revision 0001 and filled the way that version wrote it (the same
keys and JSON shapes), then upgraded to head.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from owl_desktop.domain.outbox import KIND_CUSTOMER_CREATE, PENDING
from owl_desktop.domain.stripe_records import StripeAccount
from owl_desktop.store.db import create_db_engine, current_revision, head_revision, migrate
from owl_desktop.store.pending_setups_repo import PendingSetup
from owl_desktop.store.sync_cursor_repo import SyncCursor
from owl_desktop.store.uow import UnitOfWorkFactory

T0 = datetime(2026, 11, 30, 9, 15, 30, 123456, tzinfo=UTC)
LAST_PULL = datetime(2026, 12, 1, 8, 0, 5, tzinfo=UTC)
SETUP_AT = datetime(2026, 12, 1, 10, 30, tzinfo=UTC)
CREATION_SINCE = datetime(2026, 12, 2, 14, 45, 1, tzinfo=UTC)
ACCOUNT = StripeAccount("acct_1ClinicOwl", livemode=False)


@pytest.fixture
def old_engine(database_url: str) -> Iterator[Engine]:
    engine = create_db_engine(database_url)
    migrate(engine, "0001")
    yield engine
    engine.dispose()


def _client(conn: sa.Connection, first: str, email: str, *, customer: str | None = None,
            livemode: bool | None = None, account: str | None = None) -> int:
    """A client row as version 0001 wrote it."""
    row = conn.execute(sa.text(
        "INSERT INTO clients (first_name, last_name, email, phone, line1, line2, city, "
        "province, postal_code, country, search_text, sort_name, stripe_customer_id, "
        "stripe_livemode, stripe_account_id, default_payment_method_id, autopay_enabled, "
        "created_at, updated_at) VALUES (:first, 'Tremblay', :email, '(514) 555-0199', "
        "'12 rue Principale', 'app. 3', 'Montréal', 'QC', 'H2X 1Y4', 'CA', :search, :sort, "
        ":customer, :livemode, :account, NULL, :autopay, :at, :at) RETURNING id"),
        {"first": first, "email": email, "search": f"{first.lower()} tremblay",
         "sort": f"tremblay {first.lower()}", "customer": customer, "livemode": livemode,
         "account": account, "autopay": False, "at": T0}).scalar_one()
    return int(row)


def _kv(conn: sa.Connection, namespace: str, values: dict[str, str]) -> None:
    conn.execute(sa.text("INSERT INTO key_values (namespace, key, value) VALUES (:ns, :k, :v)"),
                 [{"ns": namespace, "k": k, "v": v} for k, v in values.items()])


def test_sync_state_moves_into_its_tables(old_engine: Engine) -> None:
    with old_engine.begin() as conn:
        ada = _client(conn, "Ada", "ada@example.com", customer="cus_Ada", livemode=False)
        bea = _client(conn, "Béatrice", "bea@example.com")
        cy = _client(conn, "Cy", "cy@example.com", customer="cus_CyLive", livemode=True)
        dot = _client(conn, "Dot", "dot@example.com", customer="cus_Dot", livemode=False,
                      account="acct_1Other")
        bea_key = f"customer_create:{bea}:1764600000000000:3"
        _kv(conn, "settings", {"stripe.account_id": ACCOUNT.id, "stripe.livemode": "false"})
        _kv(conn, "sync_state", {
            "events.cursor": "evt_1Cursor", "events.cursor_created": "1764576005",
            "events.last_pull_at": LAST_PULL.isoformat(),
            "events.overlap_floor": "evt_1Floor",
            "full.start_event": "evt_1Start", "full.start_created": "1764570000",
            "full.resume_after": str(ada),
            f"setup_pending:setup:{ada}:aaaa": json.dumps({
                "client_id": ada, "kind": "card", "customer_id": "cus_Ada",
                "created_at": SETUP_AT.isoformat(), "setup_intent_id": "seti_1Answered"},
                sort_keys=True),
            f"setup_pending:setup:{ada}:bbbb": json.dumps({
                "client_id": ada, "kind": "acss_debit", "customer_id": "cus_Ada",
                "created_at": SETUP_AT.isoformat(), "setup_intent_id": None}, sort_keys=True),
            "reconcile.clients": f"{ada},{bea}",
            f"customer_create:{bea}": json.dumps({
                "key": bea_key, "since": CREATION_SINCE.isoformat(), "generation": 3}),
            f"customer_create_generation:{bea}": "3",
            # Dot's creation finished (linked) but its counter stays: a relink must not
            # replay an old key.
            f"customer_create_generation:{dot}": "2",
        })

    migrate(old_engine)
    assert current_revision(old_engine) == head_revision()

    uow_factory = UnitOfWorkFactory(old_engine)
    with uow_factory() as uow:
        assert uow.sync_cursor.get() == SyncCursor(
            event_id="evt_1Cursor", event_created=1764576005, last_pull_at=LAST_PULL,
            overlap_floor="evt_1Floor", full_start_event="evt_1Start",
            full_start_created=1764570000, full_resume_after=ada)

        assert uow.pending_setups.all() == [
            PendingSetup(key=f"setup:{ada}:aaaa", client_id=ada, kind="card",
                         customer_id="cus_Ada", created_at=SETUP_AT,
                         setup_intent_id="seti_1Answered"),
            PendingSetup(key=f"setup:{ada}:bbbb", client_id=ada, kind="acss_debit",
                         customer_id="cus_Ada", created_at=SETUP_AT, setup_intent_id=None),
        ]
        # The one whose answer never arrived is still what a retry continues with.
        retry = uow.pending_setups.retry_of(ada, "acss_debit", "cus_Ada", SETUP_AT)
        assert retry is not None
        assert retry.key == f"setup:{ada}:bbbb"

        assert [cid for cid, _at in uow.reconcile_requests.requested()] == [ada, bea]

        creation = uow.outbox.open_customer_create(bea)
        assert creation is not None
        assert (creation.kind, creation.status, creation.idempotency_key, creation.attempts) \
            == (KIND_CUSTOMER_CREATE, PENDING, bea_key, 0)
        assert creation.created_at == CREATION_SINCE  # its age decides a stale replay
        assert creation.payload == {"details": {
            "name": "Béatrice Tremblay", "email": "bea@example.com", "phone": "(514) 555-0199",
            "address": {"line1": "12 rue Principale", "line2": "app. 3", "city": "Montréal",
                        "state": "QC", "postal_code": "H2X 1Y4", "country": "CA"}}}
        assert [e.kind for e in uow.outbox.all_entries()] == [KIND_CUSTOMER_CREATE]

        links = uow.customer_links
        assert links.generation(bea) == 3
        assert links.generation(dot) == 2
        assert links.generation(ada) == 0
        link = links.link_of(ada)
        assert link is not None
        assert (link.account_id, link.livemode) == (ACCOUNT.id, False)
        live = links.link_of(cy)  # made in live mode: not this account's, left to verify
        assert live is not None
        assert live.account_id is None
        other = links.link_of(dot)  # recorded already: kept as it was
        assert other is not None
        assert other.account_id == "acct_1Other"
        assert [lc.client_id for lc in links.unverified()] == [cy]

    with old_engine.connect() as conn:
        left = conn.execute(sa.text(
            "SELECT namespace, key FROM key_values ORDER BY namespace, key")).all()
    assert [tuple(r) for r in left] == [("settings", "stripe.account_id"),
                                        ("settings", "stripe.livemode")]


def test_a_database_that_never_synced_gets_an_empty_cursor(old_engine: Engine) -> None:
    with old_engine.begin() as conn:
        _client(conn, "Ada", "ada@example.com")
    migrate(old_engine)
    with UnitOfWorkFactory(old_engine)() as uow:
        assert uow.sync_cursor.get() == SyncCursor(event_id=None, event_created=None,
                                                   last_pull_at=None, overlap_floor="")
        assert uow.pending_setups.all() == []
        assert uow.reconcile_requests.requested() == []
        assert uow.outbox.all_entries() == []
