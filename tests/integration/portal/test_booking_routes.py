"""The Book tab's routes with Starlette's TestClient: the pages, the rule, and security — a
client can't see or act on another client's appointment or hold, whatever id they try."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlencode

from owl_desktop.domain.scheduling import AppointmentStatus
from tests.integration.portal.booking_fixtures import Clinic, clinic_fixture  # noqa: F401
from tests.integration.portal.conftest import SAMI_PASSWORD, csrf_of


def booking_form(clinic: Clinic, day_offset: int = 3, hour: int = 10,
                 who: int | None = None) -> dict[str, str]:
    start = clinic.at(clinic.day_after(day_offset), hour)
    return {"service": str(clinic.massage), "who": "any",
            "practitioner": str(who or clinic.anne), "start": start.isoformat()}


def test_book_at_once_when_the_rule_is_off_and_see_it_upcoming(clinic: Clinic) -> None:
    noor = clinic.portal.signed_in()
    page = noor.get(f"/book?service={clinic.massage}")
    assert page.status_code == 200
    assert 'id="book-tab"' in page.text
    slots = re.findall(r'class="slot" href="([^"]+)"', page.text)
    assert slots, page.text
    confirm = noor.get(slots[0].replace("&amp;", "&"))
    assert confirm.status_code == 200
    assert "Confirm the booking" in confirm.text
    form = dict(re.findall(r'name="(\w+)" value="([^"]*)"', confirm.text))
    answer = noor.post("/book", data=form)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/book?done=booked"
    [booked] = clinic.booking.upcoming(clinic.portal.noor)
    assert booked.booked_online
    assert booked.status is AppointmentStatus.BOOKED
    shown = noor.get("/book?done=booked")
    assert "Your appointment is booked." in shown.text
    assert f'data-appointment-id="{booked.id}"' in shown.text


def test_rule_on_without_a_method_holds_the_slot_and_shows_the_message(clinic: Clinic) -> None:
    clinic.rule(True, en="No-show fee: $40.\n<script>alert(1)</script>")
    noor = clinic.portal.signed_in()
    form = booking_form(clinic)
    answer = noor.post("/book", data={**form, "csrf": csrf_of(noor, "/book")})
    assert answer.status_code == 303
    hold_url = answer.headers["location"]
    assert re.fullmatch(r"/book/holds/\d+", hold_url)
    page = noor.get(hold_url)
    assert "No-show fee: $40.\n&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<script>alert(1)" not in page.text
    assert 'id="add-dialog"' in page.text
    assert f'data-return-to="{hold_url}"' in page.text
    assert clinic.booking.upcoming(clinic.portal.noor) == []
    # The hold counts against overlap: Sami is told the time is taken.
    sami = clinic.portal.signed_in("sami@example.com", SAMI_PASSWORD)
    lost = sami.post("/book", data={**form, "csrf": csrf_of(sami, "/book")})
    assert lost.status_code == 409
    assert "Someone else just booked this time." in lost.text
    # Confirming without a method: still needed; with a card on file: booked.
    still = noor.post(hold_url + "/confirm", data={"csrf": csrf_of(noor, hold_url)})
    assert still.headers["location"] == hold_url + "?problem=still_needed"
    clinic.store_card(clinic.portal.noor)
    ready = noor.get(hold_url)
    assert "Your payment method is on file." in ready.text
    done = noor.post(hold_url + "/confirm", data={"csrf": csrf_of(noor, hold_url)})
    assert done.headers["location"] == "/book?done=booked"
    assert len(clinic.booking.upcoming(clinic.portal.noor)) == 1


def test_another_clients_hold_and_appointment_are_not_found(clinic: Clinic) -> None:
    clinic.rule(True)
    noor = clinic.portal.signed_in()
    held = noor.post("/book", data={**booking_form(clinic),
                                    "csrf": csrf_of(noor, "/book")}).headers["location"]
    hold_id = int(held.rsplit("/", 1)[1])
    clinic.rule(False)
    noor.post("/book", data={**booking_form(clinic, hour=14), "csrf": csrf_of(noor, "/book")})
    [appointment] = clinic.booking.upcoming(clinic.portal.noor)

    sami = clinic.portal.signed_in("sami@example.com", SAMI_PASSWORD)
    token = csrf_of(sami, "/book")
    page = sami.get(f"/book/holds/{hold_id}")
    assert page.headers["location"] == "/book?done=hold_expired"
    assert "Dr. Anne Roy" not in sami.get("/book").text
    answer = sami.post(f"/book/holds/{hold_id}/confirm", data={"csrf": token})
    assert answer.headers["location"] == "/book?done=hold_expired"
    sami.post(f"/book/holds/{hold_id}/release", data={"csrf": token})
    assert clinic.booking.hold_of(clinic.portal.noor, hold_id).id == hold_id  # still kept
    for tried in (appointment.id, appointment.id + 1, 999999, "x"):
        answer = sami.post(f"/book/appointments/{tried}/cancel", data={"csrf": token})
        assert answer.status_code == 404, tried
    assert clinic.booking.upcoming(clinic.portal.noor)[0].status is AppointmentStatus.BOOKED
    assert f'data-appointment-id="{appointment.id}"' not in sami.get("/book").text
    # Without the form token, nothing happens even for Noor.
    answer = noor.post(f"/book/appointments/{appointment.id}/cancel", data={"csrf": "x"})
    assert answer.status_code == 403
    # Signed out: to the sign-in page.
    assert clinic.portal.client().get("/book").headers["location"].startswith("/sign-in")


def test_cancel_inside_and_outside_the_notice(clinic: Clinic) -> None:
    noor = clinic.portal.signed_in()
    token = csrf_of(noor, "/book")
    noor.post("/book", data={**booking_form(clinic, 3, 10), "csrf": token})
    noor.post("/book", data={**booking_form(clinic, 5, 10), "csrf": token})
    first, second = clinic.booking.upcoming(clinic.portal.noor)
    # Two days before the first one: cancelled here.
    answer = noor.post(f"/book/appointments/{first.id}/cancel", data={"csrf": token})
    assert answer.headers["location"] == "/book?done=cancelled"
    # Within 24 hours of the second one: the page says to call the clinic.
    clinic.portal.clock.now = second.starts_at - timedelta(hours=3)
    noor = clinic.portal.signed_in()  # (days later: a new session)
    token = csrf_of(noor, "/book")
    page = noor.get("/book")
    assert "call the clinic" in page.text
    assert f'action="/book/appointments/{second.id}/cancel"' not in page.text
    answer = noor.post(f"/book/appointments/{second.id}/cancel", data={"csrf": token})
    assert answer.headers["location"] == "/book?done=cancel_too_late"
    assert clinic.booking.upcoming(clinic.portal.noor)[0].id == second.id


def test_a_made_up_slot_is_refused(clinic: Clinic) -> None:
    noor = clinic.portal.signed_in()
    token = csrf_of(noor, "/book")
    for form in ({**booking_form(clinic, hour=3)},  # 3 a.m.: not a working hour
                 {**booking_form(clinic), "service": "999"},
                 {**booking_form(clinic), "start": "not a time"}):
        answer = noor.post("/book", data={**form, "csrf": token})
        assert answer.status_code == 303
        assert "done=not_bookable" in answer.headers["location"]
    query = urlencode({"service": clinic.massage, "practitioner": 999, "start": "x"})
    assert "not_bookable" in noor.get(f"/book/confirm?{query}").headers["location"]
    assert clinic.booking.upcoming(clinic.portal.noor) == []


def test_a_held_time_is_kept_even_once_the_minimum_notice_is_reached(clinic: Clinic) -> None:
    clinic.rule(True)
    [first, *_] = clinic.booking.slots(clinic.massage, clinic.anne, clinic.day_after(2))
    notice = timedelta(minutes=clinic.booking.rules().min_notice_minutes)
    clinic.portal.clock.now = first.start - notice - timedelta(minutes=5)
    outcome = clinic.booking.book(clinic.portal.noor, clinic.massage, clinic.anne, first.start)
    assert outcome.hold is not None
    clinic.store_card(clinic.portal.noor)
    clinic.portal.clock.advance(minutes=6)  # inside the notice now, the hold still lasts
    assert first.start not in {s.start for s in clinic.booking.slots(
        clinic.massage, clinic.anne, clinic.day_after(0), clinic.day_after(3))}
    booked = clinic.booking.confirm_hold(clinic.portal.noor, outcome.hold.id)
    assert booked.starts_at == first.start
    assert booked.booked_online


def test_confirming_a_held_time_twice_says_booked(clinic: Clinic) -> None:
    clinic.rule(True)
    noor = clinic.portal.signed_in()
    hold_url = noor.post("/book", data={**booking_form(clinic),
                                        "csrf": csrf_of(noor, "/book")}).headers["location"]
    clinic.store_card(clinic.portal.noor)
    page = noor.get(hold_url)
    form = dict(re.findall(r'name="(\w+)" value="([^"]*)"',
                           page.text.split(f'action="{hold_url}/confirm"')[1]))
    assert form["start"] == booking_form(clinic)["start"]
    first = noor.post(hold_url + "/confirm", data=form)
    second = noor.post(hold_url + "/confirm", data=form)  # a double click
    assert first.headers["location"] == second.headers["location"] == "/book?done=booked"
    assert len(clinic.booking.upcoming(clinic.portal.noor)) == 1
    # Without the time (or another one), a hold that is gone has run out.
    other = noor.post(hold_url + "/confirm", data={"csrf": form["csrf"]})
    assert other.headers["location"] == "/book?done=hold_expired"
