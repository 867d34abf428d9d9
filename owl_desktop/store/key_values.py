"""Small named values in one table: app settings and sync bookkeeping, each its own namespace."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from owl_desktop.store.models import KeyValueRow


class KeyValueRepository:
    def __init__(self, session: Session, namespace: str) -> None:
        self._session = session
        self._namespace = namespace

    def get(self, key: str, default: str | None = None) -> str | None:
        row = self._session.get(KeyValueRow, (self._namespace, key))
        return default if row is None else row.value

    def set(self, key: str, value: str) -> None:
        row = self._session.get(KeyValueRow, (self._namespace, key))
        if row is None:
            self._session.add(KeyValueRow(namespace=self._namespace, key=key, value=value))
        else:
            row.value = value
        self._session.flush()

    def delete(self, key: str) -> None:
        row = self._session.get(KeyValueRow, (self._namespace, key))
        if row is not None:
            self._session.delete(row)
            self._session.flush()

    def all(self) -> dict[str, str]:
        rows = self._session.scalars(
            select(KeyValueRow).where(KeyValueRow.namespace == self._namespace))
        return {r.key: r.value for r in rows}
