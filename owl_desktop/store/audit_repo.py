"""The payment-method audit trail: append-only, kept when the method itself is gone."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from owl_desktop.domain.payment_methods import AuditEntry
from owl_desktop.store.change_journal_repo import note
from owl_desktop.store.models import AuditRow


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def to_entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(id=row.id, client_id=row.client_id, at=_aware(row.at), actor=row.actor,
                      desk=row.desk, action=row.action, method_type=row.method_type,
                      method_label=row.method_label, last4=row.last4, detail=row.detail)


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def record(self, *, client_id: int, at: datetime, actor: str, desk: str, action: str,
               method_type: str = "", method_label: str = "", last4: str = "",
               detail: str = "") -> AuditEntry:
        row = AuditRow(client_id=client_id, at=at, actor=actor[:100], desk=desk[:100],
                       action=action, method_type=method_type, method_label=method_label[:100],
                       last4=last4[-4:], detail=detail)
        self._session.add(row)
        self._session.flush()
        note(self._session, client_id)
        return to_entry(row)

    def list_for_client(self, client_id: int, limit: int = 200) -> list[AuditEntry]:
        """Newest first."""
        rows = self._session.scalars(
            select(AuditRow).where(AuditRow.client_id == client_id)
            .order_by(AuditRow.at.desc(), AuditRow.id.desc()).limit(limit))
        return [to_entry(r) for r in rows]
