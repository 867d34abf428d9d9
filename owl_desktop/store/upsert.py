"""``INSERT … ON CONFLICT`` for the two databases we run on, so concurrent writers from other
processes (desks, the portal, an autopay run) meet in the database instead of racing a
"check, then insert" (which ends in an ``IntegrityError`` for one of them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from owl_desktop.store.models import Base


def _insert(session: Session, model: type[Base], values: Mapping[str, Any]
            ) -> postgresql.Insert | sqlite.Insert:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(model).values(**values)
    if dialect == "sqlite":
        return sqlite.insert(model).values(**values)
    raise NotImplementedError(f"no upsert for {dialect}")


def insert_ignore(session: Session, model: type[Base], values: Mapping[str, Any],
                  conflict: Sequence[str], *, where: Any = None) -> bool:
    """Insert a row unless one with the same ``conflict`` columns exists (for a partial unique
    index, ``where`` is its condition). True if this call inserted it."""
    stmt = _insert(session, model, values).on_conflict_do_nothing(
        index_elements=list(conflict), index_where=where)
    columns = model.__table__.c
    inserted = session.execute(stmt.returning(*[columns[c] for c in conflict])).first()
    return inserted is not None


def upsert(session: Session, model: type[Base], values: Mapping[str, Any],
           conflict: Sequence[str], update: Sequence[str]) -> None:
    """Insert a row, or update ``update`` columns of the one with the same ``conflict`` key."""
    stmt = _insert(session, model, values)
    stmt = stmt.on_conflict_do_update(index_elements=list(conflict),
                                      set_={c: stmt.excluded[c] for c in update})
    session.execute(stmt)
