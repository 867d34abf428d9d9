"""The portal's *Billing* tab (issue 17): the signed-in client's invoices, payments (with
refunds), balance, and a receipt PDF for each payment that went through, in the client's
language.

As in ``routes.py``: the client comes from the session, never from the request; the payment
id of a receipt is checked against that client by ``services/client_billing.py``, so another
client's ids (or a failed payment's) get the same 404 as ids that don't exist. Receipts are
attachments that no cache may keep. Registered by ``app.py`` (``ROUTES``).
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from owl_desktop.domain.billing import PaymentStatus
from owl_desktop.domain.refunds import FAILED, SUCCEEDED
from owl_desktop.errors import NotFoundError
from owl_desktop.portal.routes import current_session, deps_of, language, render, to_sign_in
from owl_desktop.portal.security import SESSION_COOKIE
from owl_desktop.portal.words_refunds import failure_key
from owl_desktop.services.client_billing import ClientPayment, ClientStatement
from owl_desktop.services.payment_confirmation import AwaitingPayment
from owl_desktop.services.receipts import long_date, method_text, money


def _payment_view(item: ClientPayment, lang: str, zone: ZoneInfo) -> dict[str, Any]:
    p = item.payment
    amount = money(p.amount_cents, p.currency, lang)
    return {
        "id": p.id, "date": long_date(item.paid_on, lang), "amount": amount,
        "method": method_text(p.method, p.brand, p.last4, p.reference, lang),
        "invoice_number": item.invoice_number,
        "state": ("failed" if p.status is PaymentStatus.FAILED else
                  "processing" if p.status is PaymentStatus.PROCESSING else ""),
        "receipt": item.has_receipt,
        "refunds": [{"amount": money(r.amount, r.currency.upper(), lang),
                     "date": long_date(r.created_at.astimezone(zone).date(), lang),
                     "failed": r.status == FAILED, "reason": failure_key(r.failure_reason),
                     "pending": r.status not in (SUCCEEDED, FAILED)} for r in item.refunds],
    }


def _views(statement: ClientStatement, lang: str) -> dict[str, Any]:
    currency = statement.currency
    return {
        "invoices": [{"id": i.invoice.id, "number": i.invoice.number,
                      "date": long_date(i.invoice.service_date, lang),
                      "description": i.invoice.description,
                      "amount": money(i.invoice.amount_cents, i.invoice.currency, lang),
                      "status": i.status} for i in statement.invoices],
        "payments": [_payment_view(p, lang, statement.zone) for p in statement.payments],
        "balance": money(statement.balance_cents, currency, lang)
        if statement.balance_cents > 0 else "",
    }


async def billing_page(request: Request) -> Response:
    session = current_session(request)
    if session is None:
        return to_sign_in("session_ended" if SESSION_COOKIE in request.cookies else "")
    service = deps_of(request).billing
    if service is None:
        return render(request, "billing.html", {"unavailable": True}, session=session)
    statement = await run_in_threadpool(service.statement, session.client_id)
    confirmations = deps_of(request).confirmations
    awaiting = () if confirmations is None else await run_in_threadpool(
        confirmations.awaiting, session.client_id)
    lang = language(request)
    return render(request, "billing.html",
                  {"unavailable": False, **_views(statement, lang),
                   "awaiting": [_awaiting_view(a, lang) for a in awaiting]},
                  session=session)


def _awaiting_view(item: AwaitingPayment, lang: str) -> dict[str, Any]:
    """A payment the client's bank wants them to confirm: the call to action's words."""
    p = item.payment
    return {"id": p.id, "number": item.invoice.number,
            "amount": money(p.amount_cents, p.currency, lang),
            "method": method_text(p.method, p.brand, p.last4, "", lang)}


async def receipt(request: Request) -> Response:
    session = current_session(request)
    if session is None:
        return to_sign_in("session_ended" if SESSION_COOKIE in request.cookies else "")
    service = deps_of(request).billing
    try:
        payment_id = int(request.path_params["payment_id"])
        if service is None:
            raise NotFoundError("no billing")
        filename, pdf = await run_in_threadpool(service.receipt_pdf, session.client_id,
                                                payment_id, language(request))
    except (ValueError, NotFoundError):
        raise HTTPException(404) from None
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store", "Pragma": "no-cache",
        "X-Content-Type-Options": "nosniff"})


ROUTES = [
    Route("/billing", billing_page, methods=["GET"]),
    Route("/billing/payments/{payment_id}/receipt", receipt, methods=["GET"]),
]
