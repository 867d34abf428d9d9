"""The clinic's services (``services``): what can be booked, for how long, for how much."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from owl_desktop.domain.scheduling import Service, ServiceDraft
from owl_desktop.errors import NotFoundError
from owl_desktop.store.change_journal_repo import EVERYTHING, note
from owl_desktop.store.scheduling_models import ServiceRow


class ServiceCatalogRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def all(self, *, include_inactive: bool = True) -> list[Service]:
        query = select(ServiceRow).order_by(ServiceRow.name_en, ServiceRow.id)
        if not include_inactive:
            query = query.where(ServiceRow.active.is_(True))
        return [_to(r) for r in self._session.scalars(query)]

    def get(self, service_id: int) -> Service:
        row = self._session.get(ServiceRow, service_id)
        if row is None:
            raise NotFoundError("This service no longer exists.",
                                hint="Close this window and open it again.")
        return _to(row)

    def add(self, draft: ServiceDraft) -> Service:
        row = ServiceRow(name_en=draft.name_en, name_fr=draft.name_fr,
                         duration_minutes=draft.duration_minutes, fee_cents=draft.fee_cents,
                         active=draft.active)
        self._session.add(row)
        self._session.flush()
        note(self._session, EVERYTHING)
        return _to(row)

    def update(self, service_id: int, draft: ServiceDraft) -> Service:
        self.get(service_id)
        row = self._session.get(ServiceRow, service_id)
        assert row is not None
        row.name_en, row.name_fr = draft.name_en, draft.name_fr
        row.duration_minutes, row.fee_cents = draft.duration_minutes, draft.fee_cents
        row.active = draft.active
        self._session.flush()
        note(self._session, EVERYTHING)
        return _to(row)


def _to(row: ServiceRow) -> Service:
    return Service(row.id, row.name_en, row.name_fr, row.duration_minutes, row.fee_cents,
                   row.active)
