"""The slot engine: when a practitioner can start a session of a given length.

One pure function the desk and the portal both use, so a slot shown anywhere is a slot the
booking service accepts. It takes the practitioner's availability (wall-clock windows in the
clinic's time zone), what is already taken (active appointments and holds, as instants), the
clinic's rules and "now", and returns start instants in UTC.

Daylight saving: each window is turned into two instants (its start at the earlier reading of
an ambiguous wall time, its end at the later one), and everything after that is done in real
time. So on the night clocks go back, 1:00 and 1:30 are offered twice (they are different
instants); on the night they go forward, 2:00–3:00 doesn't exist and nothing is offered in it;
a 60-minute session lasts 60 real minutes either way.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from owl_desktop.domain.scheduling import (
    MINUTES_PER_DAY,
    Interval,
    SlotQuery,
    StartRule,
    WeeklyWindow,
)

_STEP_MINUTES = {StartRule.HOUR: 60, StartRule.HALF_HOUR: 30}


def wall_instant(day: date, minute: int, zone: ZoneInfo, *, later: bool = False) -> datetime:
    """The UTC instant of a wall-clock minute on a local day (``minute`` may be 24:00).
    ``later``: for a wall time that happens twice (clocks going back), the second one."""
    if minute >= MINUTES_PER_DAY:
        day, minute = day + timedelta(days=1), minute - MINUTES_PER_DAY
    local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=zone)
    return local.replace(fold=1 if later else 0).astimezone(UTC)


def merged(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, overlapping or touching intervals joined: ends then rise with starts."""
    out: list[Interval] = []
    for item in sorted(intervals, key=lambda i: i.start):
        if out and item.start <= out[-1].end:
            if item.end > out[-1].end:
                out[-1] = Interval(out[-1].start, item.end)
        else:
            out.append(item)
    return out


def local_day(instant: datetime, zone: ZoneInfo) -> date:
    return instant.astimezone(zone).date()


def free_slots(query: SlotQuery) -> list[datetime]:
    """Start instants (UTC) of free slots of ``query.duration`` from ``first_day`` to
    ``last_day`` (local dates, inclusive), in order."""
    rules = query.rules
    zone = rules.zone
    duration = query.duration
    rule = rules.start_rule
    gap = timedelta(minutes=rules.break_minutes) if rule is StartRule.BREAK else timedelta()
    earliest = query.now
    last_day = query.last_day
    if query.for_client:
        earliest = query.now + timedelta(minutes=rules.min_notice_minutes)
        last_day = min(last_day, local_day(query.now, zone) + timedelta(days=rules.horizon_days))
    busy = merged(query.busy)
    ends = [b.end + gap for b in busy]
    by_weekday: dict[int, list[WeeklyWindow]] = {}
    for window in sorted(query.availability.windows, key=lambda w: w.start_minute):
        by_weekday.setdefault(window.weekday, []).append(window)
    days_off = query.availability.days_off
    found: list[datetime] = []
    day = max(query.first_day, local_day(earliest, zone))
    while day <= last_day:
        if day not in days_off:
            for window in by_weekday.get(day.weekday(), ()):
                start = wall_instant(day, window.start_minute, zone)
                end = wall_instant(day, window.end_minute, zone, later=True)
                if end - start >= duration and end > earliest:
                    _scan(found, start, end, earliest, duration, gap, rule, zone, busy, ends)
        day += timedelta(days=1)
    return found


def _scan(found: list[datetime], start: datetime, end: datetime, earliest: datetime,
          duration: timedelta, gap: timedelta, rule: StartRule, zone: ZoneInfo,
          busy: list[Interval], ends: list[datetime]) -> None:
    """Add the free starts in one availability window [start, end) to ``found``."""
    stride = duration + gap if rule is StartRule.BREAK else timedelta(
        minutes=_STEP_MINUTES[rule])
    t = start if rule is StartRule.BREAK else _aligned(start, rule, zone)
    if t < earliest:
        t = _first_at_or_after(t, earliest, stride, rule, zone)
    i = bisect_left(ends, t, hi=len(ends))  # first busy stretch still running at t (+ gap)
    while t + duration <= end:
        while i < len(busy) and ends[i] <= t:
            i += 1
        if i < len(busy) and busy[i].start < t + duration + gap:
            # Collides with busy[i] (or its break): resume after it.
            after = ends[i]
            t = after if rule is StartRule.BREAK else _aligned(after, rule, zone)
            continue
        found.append(t)
        t += stride


def _aligned(instant: datetime, rule: StartRule, zone: ZoneInfo) -> datetime:
    """The first instant at or after ``instant`` on the hour (or half hour) of the wall clock."""
    step = _STEP_MINUTES[rule]
    local = instant.astimezone(zone)
    past = (local.minute % step) * 60 + local.second + local.microsecond / 1e6
    if past == 0:
        return instant
    return instant + timedelta(seconds=step * 60 - past)


def _first_at_or_after(t: datetime, earliest: datetime, stride: timedelta, rule: StartRule,
                       zone: ZoneInfo) -> datetime:
    if rule is StartRule.BREAK:
        steps = -(-(earliest - t) // stride)  # ceiling
        return t + stride * steps
    return _aligned(earliest, rule, zone)
