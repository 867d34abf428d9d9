"""Copy a whole database into a new, empty one: a desk's SQLite file into the clinic's shared
PostgreSQL (``owl-desktop copy-database --to URL``, ``copy_command.py``).

The target is first migrated to the same schema head as the source (the source itself is
brought to head first, with the usual backup), and refused if any of its tables holds a row.
Every table the migrations made is then copied in foreign-key order inside ONE transaction on
the target, read back and compared with the source (row count and a SHA-256 checksum of every
row, per table) before it commits: an interrupted or failed copy leaves the target with its
schema and no rows, so the command can simply be run again. PostgreSQL's id sequences are moved
past the copied ids. The source is read inside a write transaction (SQLite ``BEGIN IMMEDIATE``)
so no desk changes it half-way; a desk holding it makes the copy stop with "locked".
"""

from __future__ import annotations

import hashlib
import logging
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, Table, func, select, text
from sqlalchemy.exc import SAWarning
from sqlalchemy.types import DateTime

from owl_desktop.errors import DatabaseError, UserFacingError
from owl_desktop.store.db import WRITE_OPTION, current_revision, head_revision, migrate
from owl_desktop.store.db_errors import translate_errors

log = logging.getLogger(__name__)

BATCH = 2000
SKIPPED_TABLES = frozenset({"alembic_version"})
# Tables the migrations themselves put a row in (sync_cursor's singleton, 0002): that row isn't
# data, so it doesn't make a target "not empty"; the copy replaces it with the source's.
SEEDED_BY_MIGRATIONS = frozenset({"sync_cursor"})
# Progress: (table, rows copied so far in it, its rows)
Progress = Callable[[str, int, int], None]


class TargetNotEmptyError(UserFacingError):
    """The target already holds data: nothing was copied."""


class CopyMismatchError(UserFacingError):
    """What was written differs from the source (nothing was kept)."""


@dataclass(frozen=True)
class TableCopy:
    name: str
    rows: int
    checksum: str  # SHA-256 of its rows in primary-key order, the same on both sides


@dataclass(frozen=True)
class CopyReport:
    revision: str
    tables: tuple[TableCopy, ...]
    sequences: int  # PostgreSQL sequences moved past the copied ids

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


def copy_database(source: Engine, target: Engine, *, backup_dir: Any = None,
                  progress: Progress | None = None) -> CopyReport:
    """Copy ``source`` into the empty ``target``; ``DatabaseError`` / ``UserFacingError``
    with a sentence for whatever stops it (the target then holds no rows)."""
    migrate(source, backup_dir=backup_dir)
    revision = head_revision() or ""
    with translate_errors(), target.connect() as conn:
        refuse_rows(conn, reflect(conn))  # before its schema is touched
    migrate(target)
    if current_revision(target) != revision:  # pragma: no cover - migrate raises first
        raise DatabaseError("The target database's schema could not be brought up to date.")
    with translate_errors(), source.connect() as src_conn, target.connect() as dst_conn:
        src_conn = src_conn.execution_options(**{WRITE_OPTION: True})
        with src_conn.begin():  # SQLite: BEGIN IMMEDIATE, no desk writes while we read
            src_tables = {t.name: t for t in reflect(src_conn)}
            with dst_conn.begin():  # all or nothing
                dst_tables = reflect(dst_conn)
                refuse_rows(dst_conn, dst_tables)
                pairs = [(src_tables[t.name], t) for t in dst_tables if t.name in src_tables]
                done: set[str] = set()
                deferred: Deferred = []
                for _src, dst in reversed(pairs):
                    if dst.name in SEEDED_BY_MIGRATIONS:
                        dst_conn.execute(dst.delete())
                for src, dst in pairs:
                    copy_rows(src_conn, src, dst_conn, dst, done, deferred, progress)
                set_deferred(dst_conn, deferred)
                copied = [verify_table(src_conn, src, dst_conn, dst) for src, dst in pairs]
                sequences = fix_sequences(dst_conn, dst_tables)
    log.info("copied %d tables, %d rows", len(copied), sum(c.rows for c in copied))
    return CopyReport(revision, tuple(copied), sequences)


def reachable(engine: Engine) -> None:
    """The database can be reached and opened (the driver's refusal becomes a sentence)."""
    with translate_errors(), engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def reflect(conn: Connection) -> list[Table]:
    """The database's tables in foreign-key order (parents first), as the migrations made
    them (SQLite's full-text index tables are its own business and are rebuilt by triggers)."""
    metadata = MetaData()
    metadata.reflect(bind=conn)
    with warnings.catch_warnings():  # the clients ⇄ payment_methods cycle: see Deferred
        warnings.simplefilter("ignore", SAWarning)
        ordered = metadata.sorted_tables
    return [t for t in ordered
            if t.name not in SKIPPED_TABLES and not t.name.startswith("clients_fts")]


def refuse_rows(conn: Connection, tables: Sequence[Table]) -> None:
    holding = [(t.name, n) for t in tables if t.name not in SEEDED_BY_MIGRATIONS
               and (n := conn.execute(select(func.count()).select_from(t)).scalar_one())]
    if holding:
        listed = ", ".join(f"{name} ({count} rows)" for name, count in holding[:5])
        raise TargetNotEmptyError(
            "The target database already holds data: {tables}. Nothing was copied.",
            hint="Copy into a new, empty database (for example: createdb -O owl owl_clinic), "
                 "or empty this one if its data is a copy you no longer need.",
            params={"tables": listed})


def ordered_rows(conn: Connection, table: Table) -> Iterator[dict[str, Any]]:
    keys = list(table.primary_key.columns) or list(table.columns)
    result = conn.execute(select(table).order_by(*keys)).mappings()
    for row in result:
        yield dict(row)


def as_utc(value: Any) -> Any:
    """SQLite gives stored UTC times back naive; they are UTC (``sched_times``, the store)."""
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def normalized(row: dict[str, Any], columns: Iterable[str]) -> bytes:
    parts = []
    for name in columns:
        value = row.get(name)
        if isinstance(value, datetime):
            value = as_utc(value).astimezone(UTC).isoformat()
        elif isinstance(value, bool):
            value = int(value)
        elif isinstance(value, bytes | memoryview):
            value = bytes(value).hex()
        parts.append("\x00" if value is None else repr(value))
    return "\x1f".join(parts).encode("utf-8", "surrogatepass")


def checksum(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> tuple[int, str]:
    digest, count = hashlib.sha256(), 0
    for row in rows:
        digest.update(normalized(row, columns))
        digest.update(b"\x1e")
        count += 1
    return count, digest.hexdigest()


# Values held back by a cycle of foreign keys (clients.default_payment_method_id →
# payment_methods → clients): (table, primary key, {column: value}), set once both are in.
Deferred = list[tuple[Table, dict[str, Any], dict[str, Any]]]


def copy_rows(src_conn: Connection, src: Table, dst_conn: Connection, dst: Table,
              copied: set[str], deferred: Deferred, progress: Progress | None) -> None:
    columns = [c.name for c in dst.columns if c.name in src.columns]
    dates = {c.name for c in dst.columns if isinstance(c.type, DateTime)}
    later = {fk.parent.name for fk in dst.foreign_keys
             if fk.column.table.name not in copied and fk.column.table.name != dst.name}
    keys = [c.name for c in dst.primary_key.columns]
    total = src_conn.execute(select(func.count()).select_from(src)).scalar_one()
    batch: list[dict[str, Any]] = []
    done = 0

    def flush() -> None:
        nonlocal batch, done
        if batch:
            dst_conn.execute(dst.insert(), batch)
            done += len(batch)
            batch = []
        if progress is not None:
            progress(dst.name, done, total)

    for row in ordered_rows(src_conn, src):
        values = {name: as_utc(row[name]) if name in dates else row[name] for name in columns}
        held = {name: values[name] for name in later if values.get(name) is not None}
        if held:
            deferred.append((dst, {k: values[k] for k in keys}, held))
            values.update(dict.fromkeys(held))
        batch.append(values)
        if len(batch) >= BATCH:
            flush()
    flush()
    copied.add(dst.name)


def set_deferred(conn: Connection, deferred: Deferred) -> None:
    for table, key, values in deferred:
        where = [table.c[name] == value for name, value in key.items()]
        conn.execute(table.update().where(*where).values(**values))


def verify_table(src_conn: Connection, src: Table, dst_conn: Connection,
                 dst: Table) -> TableCopy:
    columns = [c.name for c in dst.columns if c.name in src.columns]
    expected = checksum(ordered_rows(src_conn, src), columns)
    written = checksum(ordered_rows(dst_conn, dst), columns)
    if expected != written:
        raise CopyMismatchError(
            "The copy of table {table} doesn't match the original ({detail}). Nothing was "
            "kept in the target database.",
            hint="Run the command again; if it happens again, keep using the SQLite database "
                 "and send the log to support.",
            params={"table": dst.name,
                    "detail": f"{expected[0]} rows, {written[0]} written"})
    return TableCopy(dst.name, written[0], written[1])


def fix_sequences(conn: Connection, tables: Sequence[Table]) -> int:
    """PostgreSQL: each id sequence continues after the largest copied id (explicit ids in an
    INSERT don't move it, so the next new row would collide with a copied one)."""
    if conn.dialect.name != "postgresql":
        return 0
    moved = 0
    for table in tables:
        for column in table.primary_key.columns:
            sequence = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                    {"t": table.name, "c": column.name}).scalar()
            if sequence is None:
                continue
            largest = select(func.max(column)).scalar_subquery()
            conn.execute(select(func.setval(sequence, func.coalesce(largest, 0) + 1, False)))
            moved += 1
    return moved
