"""The slot engine, table-driven: start rules, breaks, days off, horizon, notice, and daylight
saving both ways in America/Toronto. Times in the tables are Toronto wall-clock times."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from owl_desktop.domain.scheduling import (
    Availability,
    BookingRules,
    Interval,
    SlotQuery,
    StartRule,
    WeeklyWindow,
)
from owl_desktop.domain.slots import free_slots

TORONTO = ZoneInfo("America/Toronto")
MONDAY = date(2026, 1, 5)
SPRING_SUNDAY = date(2026, 3, 8)  # clocks go forward at 2:00
FALL_SUNDAY = date(2026, 11, 1)  # clocks go back at 2:00


def at(day: date, hhmm: str, fold: int = 0) -> datetime:
    hours, minutes = (int(p) for p in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=TORONTO,
                    fold=fold).astimezone(UTC)


WEEK_BEFORE = at(MONDAY - timedelta(days=7), "8:00")


def window(day: date, start: str, end: str) -> WeeklyWindow:
    def minute(hhmm: str) -> int:
        h, m = (int(p) for p in hhmm.split(":"))
        return h * 60 + m
    return WeeklyWindow(day.weekday(), minute(start), minute(end))


def wall(slots: list[datetime]) -> list[str]:
    """Slots as Toronto wall times with their UTC offset: what a clinic's staff would read."""
    return [s.astimezone(TORONTO).strftime("%a %H:%M%z") for s in slots]


@dataclass
class Case:
    name: str
    expected: list[str]
    windows: list[WeeklyWindow] = field(default_factory=lambda: [window(MONDAY, "9:00", "12:00")])
    busy: list[tuple[str, str]] = field(default_factory=list)  # on MONDAY
    duration: int = 60
    rule: StartRule = StartRule.HALF_HOUR
    break_minutes: int = 0
    days: tuple[date, date] = (MONDAY, MONDAY)
    days_off: frozenset[date] = frozenset()
    now: datetime = WEEK_BEFORE
    for_client: bool = False
    horizon_days: int = 60
    min_notice_minutes: int = 0


CASES = [
    Case("half hour rule", ["Mon 09:00-0500", "Mon 09:30-0500", "Mon 10:00-0500",
                            "Mon 10:30-0500", "Mon 11:00-0500"]),
    Case("hour rule", ["Mon 09:00-0500", "Mon 10:00-0500", "Mon 11:00-0500"],
         rule=StartRule.HOUR),
    Case("an appointment takes its time", ["Mon 09:00-0500", "Mon 11:00-0500"],
         busy=[("10:00", "11:00")]),
    Case("an odd appointment pushes to the next half hour", ["Mon 10:30-0500",
                                                              "Mon 11:00-0500"],
         busy=[("9:15", "10:05")]),
    Case("lunch break: two windows", ["Mon 09:00-0500", "Mon 10:00-0500", "Mon 11:00-0500",
                                      "Mon 13:00-0500", "Mon 14:00-0500"],
         windows=[window(MONDAY, "9:00", "12:00"), window(MONDAY, "13:00", "15:00")],
         rule=StartRule.HOUR),
    Case("set break: back to back from the window's start",
         ["Mon 09:00-0500", "Mon 10:00-0500", "Mon 11:00-0500"],
         rule=StartRule.BREAK, duration=50, break_minutes=10),
    Case("set break: kept before and after an appointment", ["Mon 09:00-0500"],
         busy=[("10:00", "10:50")], rule=StartRule.BREAK, duration=50, break_minutes=10,
         windows=[window(MONDAY, "9:00", "11:45")]),
    Case("set break: resumes a break after an odd appointment", ["Mon 10:15-0500"],
         busy=[("9:15", "10:05")], rule=StartRule.BREAK, duration=50, break_minutes=10),
    Case("too short a window", [], windows=[window(MONDAY, "9:00", "9:45")]),
    Case("day off", ["Tue 09:00-0500", "Tue 10:00-0500"],
         windows=[window(MONDAY, "9:00", "11:00"),
                  window(MONDAY + timedelta(days=1), "9:00", "11:00")],
         rule=StartRule.HOUR, days=(MONDAY, MONDAY + timedelta(days=1)),
         days_off=frozenset({MONDAY})),
    Case("horizon: clients can't book past it", ["Mon 09:00-0500"],
         windows=[window(MONDAY, "9:00", "10:00")], rule=StartRule.HOUR,
         days=(MONDAY, MONDAY + timedelta(days=21)), now=at(MONDAY, "7:00"),
         for_client=True, horizon_days=6),
    Case("horizon doesn't limit staff", ["Mon 09:00-0500", "Mon 09:00-0500"],
         windows=[window(MONDAY, "9:00", "10:00")], rule=StartRule.HOUR,
         days=(MONDAY, MONDAY + timedelta(days=13)), now=at(MONDAY, "7:00"), horizon_days=1),
    Case("notice: clients book this far ahead", ["Mon 11:30-0500", "Mon 12:00-0500"],
         windows=[window(MONDAY, "9:00", "13:00")],
         now=at(MONDAY, "9:10"), for_client=True, min_notice_minutes=120),
    Case("notice: staff book from now on", ["Mon 09:30-0500", "Mon 10:00-0500",
                                            "Mon 10:30-0500", "Mon 11:00-0500"],
         now=at(MONDAY, "9:10"), min_notice_minutes=120),
    Case("spring forward: 2:00-3:00 doesn't exist",
         ["Sun 00:00-0500", "Sun 01:00-0500", "Sun 03:00-0400"],
         windows=[window(SPRING_SUNDAY, "0:00", "4:00")], rule=StartRule.HOUR,
         days=(SPRING_SUNDAY, SPRING_SUNDAY)),
    Case("fall back: 1:00 happens twice",
         ["Sun 00:00-0400", "Sun 01:00-0400", "Sun 01:00-0500", "Sun 02:00-0500",
          "Sun 03:00-0500"],
         windows=[window(FALL_SUNDAY, "0:00", "4:00")], rule=StartRule.HOUR,
         days=(FALL_SUNDAY, FALL_SUNDAY)),
    Case("spring forward: the week keeps its wall times",
         ["Fri 09:00-0500", "Mon 09:00-0400"],
         windows=[window(SPRING_SUNDAY - timedelta(days=2), "9:00", "10:00"),
                  window(SPRING_SUNDAY + timedelta(days=1), "9:00", "10:00")],
         rule=StartRule.HOUR, days=(SPRING_SUNDAY - timedelta(days=2),
                                    SPRING_SUNDAY + timedelta(days=1))),
    Case("fall back: the week keeps its wall times",
         ["Fri 09:00-0400", "Mon 09:00-0500"],
         windows=[window(FALL_SUNDAY - timedelta(days=2), "9:00", "10:00"),
                  window(FALL_SUNDAY + timedelta(days=1), "9:00", "10:00")],
         rule=StartRule.HOUR, days=(FALL_SUNDAY - timedelta(days=2),
                                    FALL_SUNDAY + timedelta(days=1))),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_free_slots(case: Case) -> None:
    query = SlotQuery(
        availability=Availability(1, tuple(case.windows), case.days_off),
        busy=tuple(Interval(at(MONDAY, a), at(MONDAY, b)) for a, b in case.busy),
        duration=timedelta(minutes=case.duration),
        rules=BookingRules(start_rule=case.rule, break_minutes=case.break_minutes,
                           horizon_days=case.horizon_days,
                           min_notice_minutes=case.min_notice_minutes),
        first_day=case.days[0], last_day=case.days[1], now=case.now, for_client=case.for_client)
    assert wall(free_slots(query)) == case.expected


def test_a_session_over_the_fall_back_lasts_its_real_length() -> None:
    """A 90-minute session from 0:30 EDT ends at 1:00 EST (real time): it blocks 0:00 and
    1:00 EDT; 1:00 EST, the second 1:00 of the night, is free again."""
    busy = Interval(at(FALL_SUNDAY, "0:30"), at(FALL_SUNDAY, "0:30") + timedelta(minutes=90))
    query = SlotQuery(Availability(1, (window(FALL_SUNDAY, "0:00", "3:00"),)), (busy,),
                      timedelta(minutes=60), BookingRules(start_rule=StartRule.HOUR),
                      FALL_SUNDAY, FALL_SUNDAY, at(FALL_SUNDAY - timedelta(days=1), "9:00"))
    assert wall(free_slots(query)) == ["Sun 01:00-0500", "Sun 02:00-0500"]
