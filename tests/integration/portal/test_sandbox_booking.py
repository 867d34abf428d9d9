"""The sandbox has a demo schedule, so a newcomer can book in its portal at once; a clinic's
own database never gets one, and a second start adds nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from owl_desktop.composition import build_services
from owl_desktop.config import load_config
from owl_desktop.domain.slots import local_day


def test_the_sandbox_has_practitioners_taking_online_bookings(tmp_path: Path) -> None:
    for _start in range(2):
        services = build_services(load_config(["--sandbox", "--data-dir", str(tmp_path)],
                                              environ={}), open_stripe=False)
        try:
            offer = services.booking.offer()
            assert [p.name for p in offer.practitioners] == ["Dr. Anne Roy", "Marc Gagnon"]
            assert len(offer.services) == 2
            zone = services.booking.rules().zone
            day = local_day(services.clock(), zone) + timedelta(days=3)
            if day.weekday() == 6:
                day += timedelta(days=1)
            assert services.booking.slots(offer.services[0].id, None, day)
        finally:
            services.close()


def test_not_outside_the_sandbox(tmp_path: Path) -> None:
    services = build_services(load_config(["--data-dir", str(tmp_path)], environ={}),
                              open_stripe=False)
    try:
        assert services.scheduling.practitioners() == []
    finally:
        services.close()
