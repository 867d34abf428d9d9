"""The sandbox's demo schedule: two services and two practitioners taking online bookings
(Monday to Saturday, 9:00–17:00), so a newcomer can book in the sandbox's portal at once.
Added only to a schedule that has no practitioner yet (never over a clinic's own)."""

from __future__ import annotations

from owl_desktop.domain.scheduling import (
    Availability,
    PractitionerDraft,
    ServiceDraft,
    WeeklyWindow,
)
from owl_desktop.services.scheduling import SchedulingService

DEMO_SERVICES = (ServiceDraft("Massage therapy (60 min)", "Massothérapie (60 min)", 60, 95_00),
                 ServiceDraft("Follow-up visit", "Visite de suivi", 30, 45_00))
DEMO_PRACTITIONERS = ("Dr. Anne Roy", "Marc Gagnon")


def seed_demo_schedule(scheduling: SchedulingService) -> int:
    """Add the demo services and practitioners if there are no practitioners; returns how
    many practitioners were added."""
    if scheduling.practitioners():
        return 0
    service_ids = frozenset(scheduling.save_service(None, draft).id for draft in DEMO_SERVICES)
    for name in DEMO_PRACTITIONERS:
        practitioner = scheduling.save_practitioner(None, PractitionerDraft(
            name, True, service_ids))
        scheduling.save_availability(Availability(practitioner.id, tuple(
            WeeklyWindow(day, 9 * 60, 17 * 60) for day in range(6))))
    return len(DEMO_PRACTITIONERS)
