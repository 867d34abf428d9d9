"""Small named values in one table: the clinic's settings (namespace ``settings``)."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from owl_desktop.store.change_journal_repo import EVERYTHING, note
from owl_desktop.store.models import KeyValueRow
from owl_desktop.store.upsert import upsert


class KeyValueRepository:
    def __init__(self, session: Session, namespace: str) -> None:
        self._session = session
        self._namespace = namespace

    def get(self, key: str, default: str | None = None) -> str | None:
        value = self._session.scalar(select(KeyValueRow.value).where(
            KeyValueRow.namespace == self._namespace, KeyValueRow.key == key))
        return default if value is None else value

    def set(self, key: str, value: str) -> None:
        """Insert or replace: two desks saving the same setting at once both succeed."""
        upsert(self._session, KeyValueRow,
               {"namespace": self._namespace, "key": key, "value": value},
               conflict=("namespace", "key"), update=("value",))
        note(self._session, EVERYTHING)

    def replace_if(self, key: str, expected: str, value: str) -> bool:
        """Compare and swap: store ``value`` only if ``key`` still holds ``expected`` (two
        desks changing it at once: one wins, the other is told). True if this call did."""
        result = self._session.execute(update(KeyValueRow).where(
            KeyValueRow.namespace == self._namespace, KeyValueRow.key == key,
            KeyValueRow.value == expected).values(value=value))
        changed = bool(getattr(result, "rowcount", 0))
        if changed:
            note(self._session, EVERYTHING)
        return changed

    def delete(self, key: str) -> None:
        self._session.execute(delete(KeyValueRow).where(
            KeyValueRow.namespace == self._namespace, KeyValueRow.key == key))
        note(self._session, EVERYTHING)

    def all(self) -> dict[str, str]:
        rows = self._session.execute(select(KeyValueRow.key, KeyValueRow.value).where(
            KeyValueRow.namespace == self._namespace))
        return {k: v for k, v in rows}
