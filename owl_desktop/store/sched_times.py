"""Instants in and out of the schedule tables: always UTC (see ``scheduling_models``)."""

from __future__ import annotations

from datetime import UTC, datetime


def to_db(instant: datetime) -> datetime:
    if instant.tzinfo is None:
        raise ValueError("schedule instants must be aware")
    return instant.astimezone(UTC)


def from_db(value: datetime) -> datetime:
    """SQLite gives the stored UTC text back naive; PostgreSQL gives an aware value."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
