"""A desk's SQLite database with rows in every table, for the copy-database tests: the sandbox's
demo clients, then a few rows of every table still empty (scheduling and portal tables too),
written generically from the migrated schema so a table added later gets rows as well."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    Table,
    func,
    select,
)

from owl_desktop.services.demo import seed_demo_clients
from owl_desktop.store.db import create_db_engine, migrate
from owl_desktop.store.uow import UnitOfWorkFactory

ROWS = 3
BASE = datetime(2026, 3, 1, 14, 30, 15, 123456, tzinfo=UTC)


def tables_in_order(engine: Engine) -> list[Table]:
    from owl_desktop.store.copy_database import reflect

    with engine.connect() as conn:
        return reflect(conn)


def value_for(table: Table, column: Any, n: int, parents: dict[str, list[Any]]) -> Any:
    for fk in column.foreign_keys:
        keys = parents.get(fk.column.table.name)
        if keys:
            return keys[n % len(keys)]
        return None  # the cyclic default-method link: set afterwards
    kind = column.type
    index = list(table.columns).index(column)
    if isinstance(kind, Boolean):
        return n % 2 == 0
    if isinstance(kind, DateTime):
        return BASE + timedelta(days=n, hours=index)  # later columns later (ends > starts)
    if isinstance(kind, Date):
        return date(2026, 4, 1) + timedelta(days=n)
    if isinstance(kind, Integer | Numeric):
        return 1000 * (n + 1) + index
    if isinstance(kind, LargeBinary):
        return bytes([n, index])
    length = getattr(kind, "length", None) or 40
    return f"{column.name} {n} é’«»"[:length]


def fill_every_table(url: str) -> dict[str, int]:
    """Rows in every table of the database at ``url``; returns the count per table."""
    engine = create_db_engine(url)
    migrate(engine)
    seed_demo_clients(UnitOfWorkFactory(engine))
    tables = tables_in_order(engine)
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        parents: dict[str, list[Any]] = {}
        for table in tables:
            existing = conn.execute(select(func.count()).select_from(table)).scalar_one()
            if not existing:
                for n in range(ROWS):
                    row = {c.name: value_for(table, c, n, parents) for c in table.columns
                           if not (c.primary_key and c.autoincrement is True
                                   and not c.foreign_keys)}
                    conn.execute(table.insert().values(**row))
            key = list(table.primary_key.columns)
            if len(key) == 1:
                parents[table.name] = list(conn.execute(select(key[0]).order_by(key[0]))
                                           .scalars())
            counts[table.name] = conn.execute(select(func.count()).select_from(table)
                                              ).scalar_one()
        # The cycle: a client whose default is one of their payment methods.
        metadata = MetaData()
        metadata.reflect(bind=conn, only=["clients", "payment_methods"])
        methods, clients = metadata.tables["payment_methods"], metadata.tables["clients"]
        method = conn.execute(select(methods.c.id, methods.c.client_id)).first()
        assert method is not None
        conn.execute(clients.update().where(clients.c.id == method.client_id)
                     .values(default_payment_method_id=method.id))
    engine.dispose()
    assert all(counts.values()), counts
    return counts
