"""The portal's *Book* tab: the client's upcoming appointments (cancel within the clinic's
notice), then service → practitioner (or anyone) → day → free times → confirm. With the
clinic's rule on and no valid payment method, the time is held for 10 minutes while the
client adds one (the same dialog as *My account*) and the booking is confirmed once one is on
file.

As in ``routes.py``: the client comes from the session, never from the request; every id in
a request (a hold, an appointment) is checked against that client by the booking service, so
another client's ids get "not found". Registered by ``app.py`` (``ROUTES``).
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any
from urllib.parse import urlencode

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from owl_desktop.domain.booking import EXPIRED, NO_METHOD, PENDING
from owl_desktop.domain.slots import local_day
from owl_desktop.errors import NotFoundError, SlotTakenError, UserFacingError
from owl_desktop.portal.booking_views import (
    appointment_view,
    day_text,
    names_of,
    parse_day,
    parse_instant,
    parse_int,
    service_label,
    slot_views,
    time_text,
    when_text,
)
from owl_desktop.portal.routes import (
    current_session,
    deps_of,
    forbidden,
    form_of,
    language,
    render,
    to_sign_in,
)
from owl_desktop.portal.security import SESSION_COOKIE
from owl_desktop.services.booking import (
    BookingService,
    CancelTooLate,
    HoldExpired,
    MethodStillNeeded,
    Offer,
)
from owl_desktop.services.portal_accounts import PortalSession

log = logging.getLogger(__name__)

# Notices the Book tab shows (?done=...): only these keys, never free text.
DONE = ("booked", "cancelled", "released", "hold_expired", "cancel_too_late", "not_bookable",
        "booking_error")
REASONS = {NO_METHOD: "hold_reason_no_method", EXPIRED: "hold_reason_expired",
           PENDING: "hold_reason_pending"}


def _session_or_redirect(request: Request) -> tuple[PortalSession | None, Response | None]:
    session = current_session(request)
    if session is None:
        return None, to_sign_in("session_ended" if SESSION_COOKIE in request.cookies else "")
    return session, None


def _booking(request: Request) -> BookingService | None:
    return deps_of(request).booking


def _unavailable(request: Request, session: PortalSession) -> Response:
    return render(request, "book.html", {"unavailable": True, "upcoming": [], "done": "",
                                         "offer": None}, session=session)


def _to_book(done: str, *, background: BackgroundTask | None = None, **params: object
             ) -> Response:
    query = urlencode({**{k: v for k, v in params.items() if v is not None}, "done": done})
    return RedirectResponse(f"/book?{query}", status_code=303, background=background)


def _choice(offer: Offer, service_id: int | None, who: str
            ) -> tuple[int | None, int | None, str]:
    """The chosen service (None: none or not offered) and practitioner (None: anyone)."""
    if service_id not in {s.id for s in offer.services}:
        return None, None, "any"
    pid = parse_int(who)
    if pid is not None and pid in {p.id for p in offer.practitioners_for(service_id)}:
        return service_id, pid, str(pid)
    return service_id, None, "any"


def _page(request: Request, session: PortalSession, booking: BookingService, *,
          service_id: int | None, who: str, day: date | None, status: int = 200,
          extra: dict[str, Any] | None = None) -> Response:
    lang = language(request)
    offer = booking.offer()
    rules = booking.rules()
    zone = rules.zone
    service_id, pid, who = _choice(offer, service_id, who)
    slots: list[Any] = []
    if service_id is not None:
        day = day or booking.first_day(service_id, pid)
        found = booking.slots(service_id, pid, day)
        slots = slot_views(lang, found, zone, service_id, who, names_of(offer.practitioners))
    upcoming = [appointment_view(lang, a, zone, booking.can_cancel(a, rules))
                for a in booking.upcoming(session.client_id)]
    done = request.query_params.get("done", "")
    context: dict[str, Any] = {
        "unavailable": False, "offer": offer, "service_id": service_id, "who": who,
        "practitioners": offer.practitioners_for(service_id) if service_id else (),
        "services": [(s.id, service_label(lang, s)) for s in offer.services],
        "day": day.isoformat() if day else "", "day_label": day_text(lang, day) if day else "",
        "slots": slots, "upcoming": upcoming, "notice_hours": rules.cancellation_notice_hours,
        "done": done if done in DONE else "", "taken": False, "next_slots": [],
    }
    context.update(extra or {})
    return render(request, "book.html", context, session=session, status=status)


async def book_page(request: Request) -> Response:
    session, away = _session_or_redirect(request)
    if session is None:
        return away  # type: ignore[return-value]
    booking = _booking(request)
    if booking is None:
        return _unavailable(request, session)
    params = request.query_params
    return _page(request, session, booking, service_id=parse_int(params.get("service")),
                 who=params.get("who", "any"), day=parse_day(params.get("day")))


async def confirm_page(request: Request) -> Response:
    session, away = _session_or_redirect(request)
    if session is None:
        return away  # type: ignore[return-value]
    booking = _booking(request)
    if booking is None:
        return _unavailable(request, session)
    params = request.query_params
    lang = language(request)
    offer = booking.offer()
    service_id, _, who = _choice(offer, parse_int(params.get("service")), params.get("who", ""))
    pid = parse_int(params.get("practitioner"))
    start = parse_instant(params.get("start", ""))
    practitioners = names_of(offer.practitioners_for(service_id) if service_id else ())
    if service_id is None or pid not in practitioners or start is None:
        return _to_book("not_bookable", service=service_id)
    service = next(s for s in offer.services if s.id == service_id)
    zone = booking.rules().zone
    return render(request, "book_confirm.html", {
        "service_id": service_id, "who": who, "practitioner_id": pid,
        "start": start.isoformat(), "service_name": service_label(lang, service),
        "practitioner": practitioners[pid],
        "when": when_text(lang, start, zone),
        "back": f"/book?{urlencode({'service': service_id, 'who': who})}",
    }, session=session)


async def book(request: Request) -> Response:
    session, away = _session_or_redirect(request)
    if session is None:
        return away  # type: ignore[return-value]
    form = await form_of(request, session)
    if form is None:
        return forbidden(request)
    booking = _booking(request)
    if booking is None:
        return _unavailable(request, session)
    service_id = parse_int(form.get("service"))
    pid = parse_int(form.get("practitioner"))
    start = parse_instant(form.get("start", ""))
    who = form.get("who", "any")
    if service_id is None or pid is None or start is None:
        return _to_book("not_bookable")
    try:
        outcome = booking.book(session.client_id, service_id, pid, start)
    except SlotTakenError:
        return _taken(request, session, booking, service_id, who, start)
    except UserFacingError:  # not offered online, or not a free slot (any more)
        return _to_book("not_bookable", service=service_id, who=who)
    if outcome.hold is not None:
        return RedirectResponse(f"/book/holds/{outcome.hold.id}", status_code=303)
    assert outcome.appointment is not None
    return _to_book("booked", background=BackgroundTask(booking.mail_confirmation,
                                                        outcome.appointment.id))


def _taken(request: Request, session: PortalSession, booking: BookingService,
           service_id: int, who: str, start: Any) -> Response:
    """The loser of a race: said plainly, with the next free times to pick from."""
    lang = language(request)
    offer = booking.offer()
    _, pid, who = _choice(offer, service_id, who)
    following = booking.next_slots(service_id, pid, start)
    next_views = slot_views(lang, following, booking.rules().zone, service_id, who,
                            names_of(offer.practitioners), with_day=True)
    return _page(request, session, booking, service_id=service_id, who=who,
                 day=local_day(start, booking.rules().zone), status=409,
                 extra={"taken": True, "next_slots": next_views})


async def hold_page(request: Request) -> Response:
    session, away = _session_or_redirect(request)
    if session is None:
        return away  # type: ignore[return-value]
    booking = _booking(request)
    hold_id = parse_int(request.path_params["hold_id"])
    if booking is None or hold_id is None:
        return _to_book("hold_expired")
    try:
        held = booking.hold_of(session.client_id, hold_id)
    except HoldExpired:
        return _to_book("hold_expired")
    lang = language(request)
    deps = deps_of(request)
    zone = booking.rules().zone
    check = booking.check(session.client_id, local_day(held.starts_at, zone))
    offer = booking.offer()
    service = next((s for s in offer.services if s.id == held.service_id), None)
    mine = deps.accounts.my_account(session.client_id)
    return render(request, "book_hold.html", {
        "hold": held, "check": check,
        "reason_key": REASONS.get(check.reason, "hold_reason_not_usable"),
        "message": booking.rule().message(lang),
        "when": when_text(lang, held.starts_at, zone),
        "until": time_text(lang, held.expires_at, zone),
        "service_name": service_label(lang, service) if service else "",
        "practitioner": names_of(offer.practitioners).get(held.practitioner_id, ""),
        "still_needed": request.query_params.get("problem") == "still_needed",
        "me": mine.client, "publishable_key": deps.publishable_key(),
        "stripe_js_url": deps.stripe_js_url, "return_to": f"/book/holds/{held.id}",
        "instant_bank": True,  # a bank account must be valid within the hold
    }, session=session)


async def confirm_hold(request: Request) -> Response:
    session, away = _session_or_redirect(request)
    if session is None:
        return away  # type: ignore[return-value]
    form = await form_of(request, session)
    if form is None:
        return forbidden(request)
    booking = _booking(request)
    hold_id = parse_int(request.path_params["hold_id"])
    if booking is None or hold_id is None:
        return _to_book("hold_expired")
    try:
        booked = booking.confirm_hold(session.client_id, hold_id)
    except HoldExpired:
        # A second click after the first one booked it: say booked, not "ran out".
        start = parse_instant(form.get("start", ""))
        if any(a.starts_at == start and a.booked_online
               for a in booking.upcoming(session.client_id)):
            return _to_book("booked")
        return _to_book("hold_expired")
    except MethodStillNeeded:
        return RedirectResponse(f"/book/holds/{hold_id}?problem=still_needed",
                                status_code=303)
    except UserFacingError:
        log.warning("portal: a held slot could not be booked")
        return _to_book("booking_error")
    return _to_book("booked", background=BackgroundTask(booking.mail_confirmation, booked.id))


async def release_hold(request: Request) -> Response:
    session, away = _session_or_redirect(request)
    if session is None:
        return away  # type: ignore[return-value]
    if await form_of(request, session) is None:
        return forbidden(request)
    booking = _booking(request)
    hold_id = parse_int(request.path_params["hold_id"])
    if booking is not None and hold_id is not None:
        booking.release_hold(session.client_id, hold_id)
    return _to_book("released")


async def cancel(request: Request) -> Response:
    session, away = _session_or_redirect(request)
    if session is None:
        return away  # type: ignore[return-value]
    if await form_of(request, session) is None:
        return forbidden(request)
    booking = _booking(request)
    appointment_id = parse_int(request.path_params["appointment_id"])
    if booking is None or appointment_id is None:
        return render(request, "message.html", {"message_key": "not_found"},
                      session=session, status=404)
    try:
        booking.cancel(session.client_id, appointment_id)
    except NotFoundError:
        return render(request, "message.html", {"message_key": "not_found"},
                      session=session, status=404)
    except CancelTooLate:
        return _to_book("cancel_too_late")
    return _to_book("cancelled", background=BackgroundTask(booking.mail_cancellation,
                                                           appointment_id))


ROUTES = [
    Route("/book", book_page, methods=["GET"]),
    Route("/book", book, methods=["POST"]),
    Route("/book/confirm", confirm_page, methods=["GET"]),
    Route("/book/holds/{hold_id}", hold_page, methods=["GET"]),
    Route("/book/holds/{hold_id}/confirm", confirm_hold, methods=["POST"]),
    Route("/book/holds/{hold_id}/release", release_hold, methods=["POST"]),
    Route("/book/appointments/{appointment_id}/cancel", cancel, methods=["POST"]),
]
