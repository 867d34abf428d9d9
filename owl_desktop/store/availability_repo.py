"""Practitioners' weekly windows and days off (``availability``, ``days_off``), replaced as a
whole when staff save the practitioner's week."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from owl_desktop.domain.scheduling import Availability, WeeklyWindow
from owl_desktop.store.change_journal_repo import EVERYTHING, note
from owl_desktop.store.scheduling_models import AvailabilityRow, DayOffRow


class AvailabilityRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, practitioner_id: int) -> Availability:
        return self.get_many([practitioner_id])[practitioner_id]

    def get_many(self, practitioner_ids: Sequence[int]) -> dict[int, Availability]:
        ids = list(practitioner_ids)
        windows: dict[int, list[WeeklyWindow]] = {p: [] for p in ids}
        for pid, weekday, start, end in self._session.execute(
                select(AvailabilityRow.practitioner_id, AvailabilityRow.weekday,
                       AvailabilityRow.start_minute, AvailabilityRow.end_minute)
                .where(AvailabilityRow.practitioner_id.in_(ids))):
            windows[pid].append(WeeklyWindow(weekday, start, end))
        days: dict[int, set[date]] = {p: set() for p in ids}
        for pid, day in self._session.execute(
                select(DayOffRow.practitioner_id, DayOffRow.day)
                .where(DayOffRow.practitioner_id.in_(ids))):
            days[pid].add(day)
        return {p: Availability(p, tuple(sorted(windows[p], key=lambda w: (w.weekday,
                                                                           w.start_minute))),
                                frozenset(days[p])) for p in ids}

    def replace(self, availability: Availability) -> None:
        pid = availability.practitioner_id
        self._session.execute(delete(AvailabilityRow).where(
            AvailabilityRow.practitioner_id == pid))
        self._session.execute(delete(DayOffRow).where(DayOffRow.practitioner_id == pid))
        self._session.add_all([AvailabilityRow(practitioner_id=pid, weekday=w.weekday,
                                               start_minute=w.start_minute,
                                               end_minute=w.end_minute)
                               for w in availability.windows])
        self._session.add_all([DayOffRow(practitioner_id=pid, day=d)
                               for d in availability.days_off])
        self._session.flush()
        note(self._session, EVERYTHING)
