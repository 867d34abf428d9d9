"""The nightly autopay run, from any desk that is open (or a server's scheduler): at the
clinic's hour in its time zone, once a night whichever desks are open; a night missed while
every desk was off runs once at the next start.

``check()`` is cheap (two settings reads) and is called every minute by an open desk (and at
start). When a night is due it runs it through ``AutopayRunner`` under the run's lease, and
re-checks under the lease that no other desk finished that night meanwhile; the night is
marked done at the end of a run that went to its end, so a run cut short is run again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from owl_desktop.core.clock import Clock, utc_now
from owl_desktop.domain.autopay import (
    AUTOMATIC,
    LAST_NIGHT_KEY,
    NIGHTLY_HOUR_KEY,
    PROCESSING_KEY,
    baseline_night,
    night_due,
    nightly_hour_from,
    processing_from,
)
from owl_desktop.domain.scheduling import DEFAULT_TIME_ZONE, clinic_zone
from owl_desktop.services.autopay_run import AutopayRunner, Progress, RunSummary
from owl_desktop.services.scheduling import TIME_ZONE_KEY
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClinicZone:
    """The time zone of the nightly hour. ``chosen``: the clinic set it (Settings → booking
    rules); otherwise every desk and server uses the default, whatever their own clock's
    zone (so they agree on the night)."""

    name: str
    chosen: bool


def clinic_time_zone(uow: UnitOfWork) -> ClinicZone:
    name = uow.settings.get(TIME_ZONE_KEY) or ""
    try:
        clinic_zone(name)
    except ValueError:
        return ClinicZone(DEFAULT_TIME_ZONE, chosen=False)
    return ClinicZone(name, chosen=True)


def _zone(uow: UnitOfWork) -> ZoneInfo:
    return clinic_zone(clinic_time_zone(uow).name)


def _last_night(uow: UnitOfWork) -> date | None:
    raw = uow.settings.get(LAST_NIGHT_KEY)
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


class NightlyAutopay:
    def __init__(self, uow: UnitOfWorkFactory, runner: AutopayRunner,
                 clock: Clock = utc_now) -> None:
        self._uow = uow
        self._runner = runner
        self._clock = clock

    def due(self) -> date | None:
        """The night to run now, or None (manual processing, or done already). The first
        check after automatic processing starts records the baseline (nothing past runs)."""
        with self._uow() as uow:
            if processing_from(uow.settings.get(PROCESSING_KEY)) != AUTOMATIC:
                return None
            hour = nightly_hour_from(uow.settings.get(NIGHTLY_HOUR_KEY))
            zone = _zone(uow)
            last = _last_night(uow)
        if last is None:
            with self._uow(write=True) as uow:
                if _last_night(uow) is None:
                    uow.settings.set(LAST_NIGHT_KEY,
                                     baseline_night(self._clock(), hour, zone).isoformat())
                    uow.commit()
            return None
        return night_due(self._clock(), hour, zone, last)

    def check(self, progress: Progress | None = None) -> RunSummary | None:
        """Run tonight's autopay if it is due (None when not, or another desk ran it)."""
        night = self.due()
        if night is None:
            return None

        def still_due() -> bool:
            with self._uow() as uow:
                last = _last_night(uow)
            return last is None or last < night

        def done() -> None:
            with self._uow(write=True) as uow:
                uow.settings.set(LAST_NIGHT_KEY, night.isoformat())
                uow.commit()

        log.info("nightly autopay due for %s", night)
        summary = self._runner.run("nightly", progress=progress, before=still_due, after=done)
        return None if summary.busy else summary
