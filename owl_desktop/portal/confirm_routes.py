"""The portal's *Confirm payment* page (issue 17, item 3): a card charge the client's bank
wouldn't take without them (3-D Secure), confirmed here with Stripe.js.

``GET /billing/payments/{id}/confirm`` shows the invoice and amount; the page's script asks
``…/confirm/start`` for the PaymentIntent's client secret (read server-side, for the signed-in
client's own waiting payment only), confirms it with ``stripe.confirmCardPayment`` (the bank's
challenge), then posts ``…/confirm/finish``: the server reads the PaymentIntent from Stripe and
records it (``services/payment_confirmation.py``). Another client's payment id, or one that
doesn't exist, is a 404 everywhere. Not signed in: the sign-in page, then back here (the link
in the client's email).
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from owl_desktop.domain.billing import PaymentStatus
from owl_desktop.errors import NotFoundError, UserFacingError
from owl_desktop.portal.i18n import text
from owl_desktop.portal.routes import (
    current_session,
    deps_of,
    form_of,
    language,
    notice_for,
    render,
)
from owl_desktop.portal.security import SESSION_COOKIE
from owl_desktop.services.payment_confirmation import (
    NotAwaitingConfirmation,
    PaymentConfirmationService,
)
from owl_desktop.services.receipts import method_text, money

NO_STORE = {"Cache-Control": "no-store"}


def confirm_path(payment_id: int) -> str:
    return f"/billing/payments/{payment_id}/confirm"


def _service(request: Request) -> PaymentConfirmationService:
    service = deps_of(request).confirmations
    if service is None:
        raise HTTPException(404)
    return service


def _payment_id(request: Request) -> int:
    raw = request.path_params["payment_id"]
    if not raw.isdigit():
        raise HTTPException(404)
    return int(raw)


async def confirm_page(request: Request) -> Response:
    session = current_session(request)
    payment_id = _payment_id(request)
    if session is None:
        notice = "session_ended" if SESSION_COOKIE in request.cookies else ""
        query = f"?next={confirm_path(payment_id)}" + (f"&notice={notice}" if notice else "")
        return RedirectResponse("/sign-in" + query, status_code=303)
    service = _service(request)
    lang = language(request)
    try:
        awaiting = await run_in_threadpool(service.find, session.client_id, payment_id)
    except NotFoundError:
        raise HTTPException(404) from None
    except NotAwaitingConfirmation as error:
        if error.newer is not None:  # the desk tried again: that charge waits instead
            return RedirectResponse(confirm_path(error.newer), status_code=303)
        return render(request, "confirm_payment.html",
                      {"state": "paid" if error.paid else "not_awaiting"}, session=session)
    payment, invoice = awaiting.payment, awaiting.invoice
    deps = deps_of(request)
    return render(request, "confirm_payment.html", {
        "state": "awaiting", "payment_id": payment.id, "invoice_number": invoice.number,
        "description": invoice.description,
        "amount": money(payment.amount_cents, payment.currency, lang),
        "method": method_text(payment.method, payment.brand, payment.last4, "", lang),
        "publishable_key": deps.publishable_key(), "stripe_js_url": deps.stripe_js_url,
    }, session=session)


def _json(request: Request, key: str, status: int, **extra: object) -> JSONResponse:
    return JSONResponse({"ok": False, "state": key, "message": text(language(request), key),
                         **extra}, status_code=status, headers=NO_STORE)


async def confirm_start(request: Request) -> Response:
    """The client secret of the signed-in client's own waiting PaymentIntent."""
    session = current_session(request)
    if session is None:
        return JSONResponse({"ok": False, "signed_out": True}, status_code=401)
    if await form_of(request, session) is None:
        return JSONResponse({"ok": False}, status_code=403)
    payment_id = _payment_id(request)
    try:
        start = await run_in_threadpool(_service(request).start, session.client_id,
                                        payment_id)
    except NotFoundError:
        return _json(request, "not_found", 404)
    except NotAwaitingConfirmation as error:
        if error.newer is not None:
            return _json(request, "confirm_not_awaiting", 409,
                         redirect=confirm_path(error.newer))
        return _json(request, "confirm_already_paid" if error.paid else "confirm_not_awaiting",
                     409)
    except UserFacingError as error:
        return _json(request, notice_for(error), 503)
    return JSONResponse({"ok": True, "client_secret": start.client_secret,
                         "payment_method": start.payment_method_id}, headers=NO_STORE)


async def confirm_finish(request: Request) -> Response:
    """Stripe.js is done: what Stripe says now, recorded; the page shows it."""
    session = current_session(request)
    if session is None:
        return JSONResponse({"ok": False, "signed_out": True}, status_code=401)
    if await form_of(request, session) is None:
        return JSONResponse({"ok": False}, status_code=403)
    payment_id = _payment_id(request)
    try:
        result = await run_in_threadpool(_service(request).finish, session.client_id,
                                         payment_id)
    except NotFoundError:
        return _json(request, "not_found", 404)
    except UserFacingError as error:
        return _json(request, notice_for(error), 503)
    status = result.status
    if result.newer is not None and status is not PaymentStatus.SUCCEEDED:
        return _json(request, "confirm_not_awaiting", 200, redirect=confirm_path(result.newer))
    if status is PaymentStatus.SUCCEEDED or result.invoice_paid:
        key = "confirm_paid" if status is PaymentStatus.SUCCEEDED else "confirm_already_paid"
        return JSONResponse({"ok": True, "state": "paid",
                             "message": text(language(request), key)}, headers=NO_STORE)
    key = {PaymentStatus.REQUIRES_ACTION: "confirm_not_confirmed",
           PaymentStatus.PROCESSING: "confirm_processing"}.get(status, "confirm_declined")
    return JSONResponse({"ok": False, "state": key, "message": text(language(request), key),
                         "retry": status is PaymentStatus.REQUIRES_ACTION}, headers=NO_STORE)


ROUTES = [
    Route("/billing/payments/{payment_id}/confirm", confirm_page, methods=["GET"]),
    Route("/billing/payments/{payment_id}/confirm/start", confirm_start, methods=["POST"]),
    Route("/billing/payments/{payment_id}/confirm/finish", confirm_finish, methods=["POST"]),
]
