"""Demo clients have the same Stripe reference in every sandbox database, so two sandbox desks
on one sandbox recognise each other's customers; a real client's reference never matches."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from owl_desktop.core.customers import client_ref
from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.services.demo import demo_drafts, seed_demo_clients
from owl_desktop.store.db import create_db_engine, migrate
from owl_desktop.store.uow import UnitOfWorkFactory


def _database(path: Path) -> UnitOfWorkFactory:
    engine = create_db_engine(f"sqlite:///{path}")
    migrate(engine)
    return UnitOfWorkFactory(engine)


def _refs(uow_factory: UnitOfWorkFactory) -> dict[str, str]:
    with uow_factory() as uow:
        return {c.full_name: client_ref(uow.clients.get(c.id))
                for c in uow.clients.search("", limit=500)}


def test_two_sandbox_databases_give_each_demo_client_the_same_reference(
        tmp_path: Path) -> None:
    first, second = _database(tmp_path / "a.db"), _database(tmp_path / "b.db")
    try:
        # Seeded at different moments: the references must not depend on when.
        assert seed_demo_clients(first, lambda: datetime(2026, 1, 1, tzinfo=UTC)) == 50
        assert seed_demo_clients(second, lambda: datetime(2026, 6, 1, tzinfo=UTC)) == 50
        refs_a, refs_b = _refs(first), _refs(second)
        assert len(refs_a) == len(demo_drafts()) == 50
        assert refs_a == refs_b
        assert len(set(refs_a.values())) == 50
        # Ids follow the table order on an empty database.
        with first() as uow:
            elise = uow.clients.get(1)
        assert (elise.first_name, elise.last_name) == ("Élise", "Tremblay")
    finally:
        first.engine.dispose()
        second.engine.dispose()


def test_a_client_added_for_real_never_shares_a_demo_reference(tmp_path: Path) -> None:
    demo, clinic = _database(tmp_path / "demo.db"), _database(tmp_path / "clinic.db")
    try:
        seed_demo_clients(demo)
        demo_refs = set(_refs(demo).values())
        with clinic() as uow:  # the clinic's client 1, created now
            real = uow.clients.add(ClientDraft("Élise", "Tremblay", "", "", Address()),
                                   datetime.now(UTC))
            uow.commit()
        assert real.id == 1
        assert client_ref(real) not in demo_refs
    finally:
        demo.engine.dispose()
        clinic.engine.dispose()


def test_reference_reads_a_naive_time_as_utc(tmp_path: Path) -> None:
    """SQLite hands back naive datetimes: the reference must not follow the desk's zone."""
    uow_factory = _database(tmp_path / "tz.db")
    try:
        seed_demo_clients(uow_factory)
        with uow_factory() as uow:
            client = uow.clients.get(1)
        aware = client.created_at.replace(tzinfo=UTC)
        assert client_ref(client) == f"1:{int(aware.timestamp() * 1_000_000)}"
    finally:
        uow_factory.engine.dispose()
