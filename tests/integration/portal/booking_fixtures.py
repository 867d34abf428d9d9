"""A clinic for the Book tab's tests, over the portal of ``conftest.py`` (Noor and Sami
signed up, the Stripe sandbox): two practitioners working every day 9:00–17:00 in Toronto,
a 60-minute massage both offer, the booking service on the portal's clock, and the portal's
app rebuilt with it. Also payment methods on file in the states the rule cares about."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from owl_desktop.domain.payment_methods import ACTIVE, PENDING_VERIFICATION, MethodStatus
from owl_desktop.domain.scheduling import (
    Availability,
    PractitionerDraft,
    ServiceDraft,
    WeeklyWindow,
)
from owl_desktop.payments.gateway import PaymentMethodInfo
from owl_desktop.portal.app import build_deps, create_app
from owl_desktop.services.booking import BookingService
from owl_desktop.services.booking_settings import BookingRule
from owl_desktop.services.scheduling import SchedulingService
from tests.integration.portal.conftest import Portal

TORONTO = ZoneInfo("America/Toronto")


@dataclass
class Clinic:
    portal: Portal
    booking: BookingService
    scheduling: SchedulingService
    massage: int
    anne: int
    ben: int

    def rule(self, on: bool, en: str = "", fr: str = "") -> None:
        current = self.booking.settings.load()
        self.booking.settings.save(BookingRule(on, en or current.message_en,
                                               fr or current.message_fr))

    def day_after(self, days: int) -> date:
        return (self.portal.clock() + timedelta(days=days)).astimezone(TORONTO).date()

    def next_month_day(self) -> date:
        """A day in next month (a card expiring this month has expired by then)."""
        today = self.portal.clock().astimezone(TORONTO).date()
        first = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
        return first + timedelta(days=6)

    def at(self, day: date, hour: int) -> datetime:
        return datetime(day.year, day.month, day.day, hour, tzinfo=TORONTO).astimezone(UTC)

    def store_card(self, client_id: int, exp: tuple[int, int] = (12, 2035)) -> int:
        return self._store(client_id, PaymentMethodInfo(
            id=f"pm_local_{uuid.uuid4().hex[:16]}", type="card", customer_id=None,
            livemode=False, last4="4242", brand="visa", exp_month=exp[0], exp_year=exp[1],
            created=1), ACTIVE)

    def store_pending_bank(self, client_id: int) -> int:
        return self._store(client_id, PaymentMethodInfo(
            id=f"pm_local_{uuid.uuid4().hex[:16]}", type="acss_debit", customer_id=None,
            livemode=False, last4="6789", bank_name="Desjardins", created=2),
            PENDING_VERIFICATION, mandate="pending")

    def _store(self, client_id: int, info: PaymentMethodInfo, status: MethodStatus,
               mandate: str | None = None) -> int:
        with self.portal.uow() as uow:
            stored = uow.payment_methods.upsert(info, client_id, datetime.now(UTC),
                                                status=status, mandate_status=mandate)
            uow.commit()
        return stored.method.id

    def this_month_expiry(self) -> tuple[int, int]:
        today = self.portal.clock().astimezone(TORONTO).date()
        return today.month, today.year


@pytest.fixture(name="clinic")
def clinic_fixture(portal: Portal) -> Clinic:
    """(Import ``clinic_fixture`` into a test module to use the ``clinic`` fixture.)"""
    scheduling = SchedulingService(portal.uow, portal.clock)
    massage = scheduling.save_service(None, ServiceDraft("Massage", "Massothérapie", 60,
                                                         95_00))
    anne = scheduling.save_practitioner(None, PractitionerDraft(
        "Dr. Anne Roy", True, frozenset({massage.id})))
    ben = scheduling.save_practitioner(None, PractitionerDraft(
        "Ben Tremblay", True, frozenset({massage.id})))
    for practitioner in (anne, ben):
        scheduling.save_availability(Availability(practitioner.id, tuple(
            WeeklyWindow(d, 9 * 60, 17 * 60) for d in range(7))))
    booking = BookingService(portal.uow, scheduling, portal.clock)
    deps = build_deps(portal.accounts, lambda: portal.methods,
                      lambda: portal.env.publishable_key, portal.env.js_url, booking=booking)
    portal.app = create_app(deps)
    return Clinic(portal, booking, scheduling, massage.id, anne.id, ben.id)
