"""The portal's routes: each parses the request, calls one service and renders one template
(or answers JSON to the page's script). No SQL and no Stripe here: the services
(``services/portal_accounts.py``, ``services/payment_methods.py``) do that.

Every route that acts for a client takes the client from the session, never from the request:
ids in a request (a payment method, a SetupIntent) are checked against that client by the
service, so another client's ids get "not found".
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from owl_desktop.errors import NotFoundError, UserFacingError, ValidationFailed
from owl_desktop.payments.gateway import PaymentMethodType
from owl_desktop.portal.deps import PortalDeps
from owl_desktop.portal.i18n import LANG_COOKIE, LANGUAGES, choose_language, text
from owl_desktop.portal.security import (
    SESSION_COOKIE,
    anonymous_csrf,
    clear_session_cookie,
    safe_next,
    set_csrf_cookie,
    set_session_cookie,
    tokens_match,
)
from owl_desktop.services.customers import NeedsInternet, StripeNotConnected
from owl_desktop.services.payment_methods import (
    BankAccountNeedsEmail,
    MethodNotUsable,
    NotADuplicate,
    SetupNotCompleted,
    SetupOfAnotherClient,
)
from owl_desktop.services.portal_accounts import (
    InvitationInvalid,
    PortalSession,
    SignInRefused,
    TooManyAttempts,
)

log = logging.getLogger(__name__)

# Notices a redirect may ask a page to show (?notice=...): only these keys, never free text.
NOTICES = ("signed_out", "session_ended", "password_saved", "default_set", "default_queued",
           "added", "added_pending", "method_not_usable", "stripe_unreachable",
           "stripe_not_connected", "not_found", "duplicate_removed", "not_a_duplicate")


def deps_of(request: Request) -> PortalDeps:
    deps: PortalDeps = request.app.state.deps
    return deps


def language(request: Request) -> str:
    return choose_language(request.cookies.get(LANG_COOKIE),
                           request.headers.get("accept-language", ""))


def current_session(request: Request) -> PortalSession | None:
    return deps_of(request).accounts.session(request.cookies.get(SESSION_COOKIE, ""))


def render(request: Request, template: str, context: dict[str, Any], *,
           session: PortalSession | None = None, status: int = 200) -> Response:
    """One template, with the language, the form token and a whitelisted notice."""
    lang = language(request)
    csrf, new_cookie = ((session.csrf_token, False) if session is not None
                        else anonymous_csrf(request))
    notice = request.query_params.get("notice", "")
    deps = deps_of(request)
    response = deps.templates.TemplateResponse(request, template, {
        "lang": lang, "t": lambda key, **v: text(lang, key, **v), "csrf": csrf,
        "signed_in": session is not None, "notice": notice if notice in NOTICES else "",
        "path": request.url.path, "sandbox": deps.sandbox, "clinic": deps.clinic(),
        **context,
    }, status_code=status)
    if new_cookie:
        set_csrf_cookie(response, request, csrf)
    return response


# The password page's words for an invitation (a reset link uses RESET_WORDS, routes_mail.py).
INVITATION_WORDS = {"title": "set_password_title", "intro": "set_password_intro",
                    "password": "password"}

async def form_of(request: Request, session: PortalSession | None) -> dict[str, str] | None:
    """The posted form if its CSRF token is right, else None."""
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    expected = session.csrf_token if session is not None else \
        request.cookies.get("owl_csrf", "")
    given = values.get("csrf", "") or request.headers.get("x-csrf-token", "")
    return values if tokens_match(expected, given) else None


def forbidden(request: Request) -> Response:
    return render(request, "message.html", {"message_key": "forbidden"}, status=403)


def to_sign_in(notice: str = "") -> Response:
    return RedirectResponse("/sign-in" + (f"?notice={notice}" if notice else ""),
                            status_code=303)


# Signing in and out ------------------------------------------------------------------------

async def home(request: Request) -> Response:
    session = current_session(request)
    return RedirectResponse("/account" if session else "/sign-in", status_code=303)


def after_sign_in(raw: str) -> str:
    """Where signing in leads: back to the page a link named (``?next=``, same site only,
    e.g. the confirm-payment link of an email), else My account."""
    return safe_next(raw) if raw else "/account"


async def sign_in_page(request: Request) -> Response:
    after = request.query_params.get("next", "")
    if current_session(request) is not None:
        return RedirectResponse(after_sign_in(after), status_code=303)
    return render(request, "sign_in.html", {"email": "", "error": "", "errors": {},
                                            "demo_password": deps_of(request).demo_password,
                                            "next": safe_next(after) if after else ""})


async def sign_in(request: Request) -> Response:
    form = await form_of(request, None)
    if form is None:
        return forbidden(request)
    email, password = form.get("email", "").strip(), form.get("password", "")
    errors = {name: "required" for name, value in (("email", email), ("password", password))
              if not value}
    after = after_sign_in(form.get("next", ""))
    context: dict[str, Any] = {"email": email, "error": "", "errors": errors,
                               "demo_password": deps_of(request).demo_password,
                               "next": "" if after == "/account" else after}
    if errors:
        return render(request, "sign_in.html", context, status=400)
    address = request.client.host if request.client else "unknown"
    try:
        # argon2 takes a good fraction of a second of CPU (and releases the GIL): on a worker
        # thread, so other clients' pages don't wait behind it on the event loop.
        signed = await run_in_threadpool(deps_of(request).accounts.sign_in, email, password,
                                         address)
    except (SignInRefused, TooManyAttempts) as error:
        context["error"] = error.code
        status = 429 if isinstance(error, TooManyAttempts) else 400
        return render(request, "sign_in.html", context, status=status)
    mail = deps_of(request).mail
    if mail is not None:  # later mails to the client are written in this language
        mail.remember_language(signed.client_id, language(request))
    response = RedirectResponse(after, status_code=303)
    set_session_cookie(response, request, signed.session_token)
    return response


async def sign_out(request: Request) -> Response:
    session = current_session(request)
    if session is None:
        return to_sign_in()
    if await form_of(request, session) is None:
        return forbidden(request)
    deps_of(request).accounts.sign_out(request.cookies.get(SESSION_COOKIE, ""))
    response = to_sign_in("signed_out")
    clear_session_cookie(response, request)
    return response


# Invitation and reset links ------------------------------------------------------------------

async def invitation_page(request: Request) -> Response:
    token = request.path_params["token"]
    try:
        view = deps_of(request).accounts.invitation(token)
    except InvitationInvalid:
        return render(request, "message.html", {"message_key": "invitation_invalid"},
                      status=404)
    return render(request, "set_password.html",
                  {"view": view, "errors": {}, "words": INVITATION_WORDS})


async def accept_invitation(request: Request) -> Response:
    token = request.path_params["token"]
    form = await form_of(request, None)
    if form is None:
        return forbidden(request)
    accounts = deps_of(request).accounts
    try:
        view = accounts.invitation(token)
        await run_in_threadpool(accounts.accept, token, form.get("password", ""),
                                form.get("confirm", ""))  # argon2: see sign_in
    except InvitationInvalid:
        return render(request, "message.html", {"message_key": "invitation_invalid"},
                      status=404)
    except ValidationFailed as error:
        return render(request, "set_password.html",
                      {"view": view, "errors": error.field_errors, "words": INVITATION_WORDS},
                      status=400)
    return to_sign_in("password_saved")


# My account ---------------------------------------------------------------------------------

async def account(request: Request) -> Response:
    deps = deps_of(request)
    # On a worker thread: the page's queries wait on the database (PostgreSQL round trips)
    # without holding up the event loop, so requests overlap (benchmarks/portal_load.py).
    page = await run_in_threadpool(deps.accounts.account_page,
                                   request.cookies.get(SESSION_COOKIE, ""))
    if page is None:
        return to_sign_in("session_ended" if SESSION_COOKIE in request.cookies else "")
    session, mine = page
    return render(request, "account.html", {
        "me": mine.client, "methods": mine.methods, "today": mine.today,
        "publishable_key": deps.publishable_key(), "stripe_js_url": deps.stripe_js_url,
        "duplicate": duplicate_choice(request, session.client_id, mine.methods),
    }, session=session)


def duplicate_choice(request: Request, client_id: int, methods: list[Any]
                     ) -> dict[str, Any] | None:
    """``?duplicate=<id>`` (after adding one that repeats one on file): the new method and the
    one on file, for the page to offer keeping only one; None when it no longer applies."""
    raw = request.query_params.get("duplicate", "")
    new = next((m for m in methods if raw.isdigit() and m.id == int(raw)), None)
    if new is None:
        return None
    try:
        on_file = deps_of(request).payment_methods().duplicate_of(client_id, new.id)
    except UserFacingError:
        return None
    if on_file is None:
        return None
    lang = language(request)

    def words(m: Any) -> str:
        return f"{m.brand_name if m.is_card else (m.bank_name or text(lang, 'bank_account'))} " \
               f"{m.masked}"
    return {"new": new, "on_file": on_file, "new_words": words(new),
            "on_file_words": words(on_file)}


async def keep_existing(request: Request) -> Response:
    """Keep only the method on file: the one just added (``method_id``) is removed."""
    session = current_session(request)
    if session is None:
        return to_sign_in("session_ended")
    if await form_of(request, session) is None:
        return forbidden(request)
    try:
        method_id = int(request.path_params["method_id"])
        deps_of(request).payment_methods().keep_existing_now(session.client_id, method_id)
    except (ValueError, NotFoundError):
        return RedirectResponse("/account?notice=not_found", status_code=303)
    except UserFacingError as error:
        return RedirectResponse(f"/account?notice={notice_for(error)}", status_code=303)
    return RedirectResponse("/account?notice=duplicate_removed", status_code=303)


async def make_default(request: Request) -> Response:
    session = current_session(request)
    if session is None:
        return to_sign_in("session_ended")
    if await form_of(request, session) is None:
        return forbidden(request)
    try:
        method_id = int(request.path_params["method_id"])
        choice = deps_of(request).payment_methods().set_default_now(session.client_id,
                                                                    method_id)
    except (ValueError, NotFoundError):
        return RedirectResponse("/account?notice=not_found", status_code=303)
    except UserFacingError as error:
        return RedirectResponse(f"/account?notice={notice_for(error)}", status_code=303)
    notice = "default_set" if choice.reached_stripe else "default_queued"
    return RedirectResponse(f"/account?notice={notice}", status_code=303)


def notice_for(error: UserFacingError) -> str:
    """The words for a service's refusal (the services speak English to staff; the portal
    says it to the client in their language)."""
    if isinstance(error, MethodNotUsable):
        return "method_not_usable"
    if isinstance(error, NotADuplicate):
        return "not_a_duplicate"
    if isinstance(error, StripeNotConnected):
        return "stripe_not_connected"
    if isinstance(error, NeedsInternet):
        return "stripe_unreachable"
    if isinstance(error, BankAccountNeedsEmail):
        return "bank_needs_email"
    if isinstance(error, NotFoundError):
        return "not_found"
    if isinstance(error, SetupNotCompleted):
        return "setup_cancelled" if error.status == "canceled" else "setup_failed"
    return "error"


def json_error(request: Request, error: UserFacingError, status: int = 400) -> JSONResponse:
    key = notice_for(error)
    if key == "not_found":
        status = 404
    return JSONResponse({"ok": False, "message": text(language(request), key)},
                        status_code=status)


async def start_setup(request: Request) -> Response:
    """The page asks for a SetupIntent to confirm with Stripe.js: its client secret goes to
    this client's page only."""
    session = current_session(request)
    if session is None:
        return JSONResponse({"ok": False, "signed_out": True}, status_code=401)
    form = await form_of(request, session)
    if form is None:
        return JSONResponse({"ok": False}, status_code=403)
    kind: PaymentMethodType = "acss_debit" if form.get("kind") == "acss_debit" else "card"
    # From a booking hold: a bank account must be valid within the hold, so instant
    # verification only (no numbers typed in, no micro-deposits).
    instant = form.get("instant") == "1"
    try:
        info = deps_of(request).payment_methods().start_setup(session.client_id, kind,
                                                              instant=instant)
    except UserFacingError as error:
        return json_error(request, error)
    return JSONResponse({"ok": True, "id": info.id, "client_secret": info.client_secret})


async def complete_setup(request: Request) -> Response:
    session = current_session(request)
    if session is None:
        return JSONResponse({"ok": False, "signed_out": True}, status_code=401)
    if await form_of(request, session) is None:
        return JSONResponse({"ok": False}, status_code=403)
    try:
        stored = deps_of(request).payment_methods().complete_setup(
            session.client_id, request.path_params["setup_intent_id"])
    except SetupOfAnotherClient as error:
        return json_error(request, NotFoundError(error.message))
    except UserFacingError as error:
        return json_error(request, error)
    notice = "added_pending" if stored.status == "pending_verification" else "added"
    try:
        repeats = deps_of(request).payment_methods().duplicate_of(session.client_id, stored.id)
    except UserFacingError:
        repeats = None
    if repeats is not None:  # the page offers to keep only the one on file
        return JSONResponse({"ok": True, "redirect": f"/account?duplicate={stored.id}"})
    return JSONResponse({"ok": True, "redirect": f"/account?notice={notice}"})


async def abandon_setup(request: Request) -> Response:
    session = current_session(request)
    if session is None:
        return JSONResponse({"ok": False, "signed_out": True}, status_code=401)
    if await form_of(request, session) is None:
        return JSONResponse({"ok": False}, status_code=403)
    try:
        deps_of(request).payment_methods().abandon_own_setup(
            session.client_id, request.path_params["setup_intent_id"])
    except UserFacingError as error:
        return json_error(request, error)
    return JSONResponse({"ok": True})


# Language ----------------------------------------------------------------------------------

async def choose_lang(request: Request) -> Response:
    session = current_session(request)
    form = await form_of(request, session)
    if form is None:
        return forbidden(request)
    chosen = form.get("lang", "")
    response = RedirectResponse(safe_next(form.get("next", "/")), status_code=303)
    if chosen in LANGUAGES:
        response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 24 * 3600, httponly=True,
                            samesite="lax", secure=request.url.scheme == "https")
    return response
