"""*Forgot your password?* and the reset link's page (``services/portal_mail.py`` does the
work). Without mail set up (or without ``PortalDeps.mail``) the page says to ask the clinic,
as before. The answer to a request is the same page whether or not the email exists; the
mail itself is sent after the answer (a background task), so its time says nothing either.
"""

from __future__ import annotations

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response

from owl_desktop.errors import ValidationFailed
from owl_desktop.portal.routes import (
    current_session,
    deps_of,
    forbidden,
    form_of,
    language,
    render,
    to_sign_in,
)
from owl_desktop.services.portal_accounts import InvitationInvalid, TooManyAttempts
from owl_desktop.services.portal_mail import RESET_LIFETIME, PortalMailService

MINUTES = str(int(RESET_LIFETIME.total_seconds() // 60))


def _mail(request: Request) -> PortalMailService | None:
    mail = deps_of(request).mail
    return mail if mail is not None and mail.can_email() else None


def _ask_the_clinic(request: Request) -> Response:
    return render(request, "message.html", {"message_key": "forgot_text", "back": True},
                  session=current_session(request))


# The password page (set_password.html) with a reset link's words.
RESET_WORDS = {"title": "reset_title", "intro": "reset_intro", "password": "new_password"}

async def forgot_page(request: Request) -> Response:
    if _mail(request) is None:
        return _ask_the_clinic(request)
    return render(request, "forgot.html", {"email": "", "errors": {}, "error": "",
                                           "sent": False})


async def forgot_request(request: Request) -> Response:
    form = await form_of(request, None)
    if form is None:
        return forbidden(request)
    mail = _mail(request)
    if mail is None:
        return _ask_the_clinic(request)
    email = form.get("email", "").strip()
    context: dict[str, object] = {"email": email, "errors": {}, "error": "", "sent": False,
                                  "minutes": MINUTES}
    if not email:
        context["errors"] = {"email": "required"}
        return render(request, "forgot.html", context, status=400)
    address = request.client.host if request.client else "unknown"
    try:
        mail.check_reset(email, address)
    except TooManyAttempts:
        context["error"] = "too_many_resets"
        return render(request, "forgot.html", context, status=429)
    context["sent"] = True
    response = render(request, "forgot.html", context)
    response.background = BackgroundTask(mail.send_reset, email, language(request))
    return response


def _invalid(request: Request) -> Response:
    return render(request, "message.html", {"message_key": "reset_invalid"}, status=404)


async def reset_page(request: Request) -> Response:
    mail = deps_of(request).mail
    if mail is None:
        return _invalid(request)
    try:
        view = mail.reset_view(request.path_params["token"])
    except InvitationInvalid:
        return _invalid(request)
    return render(request, "set_password.html",
                  {"view": view, "errors": {}, "words": RESET_WORDS})


async def reset_submit(request: Request) -> Response:
    form = await form_of(request, None)
    if form is None:
        return forbidden(request)
    mail, token = deps_of(request).mail, request.path_params["token"]
    if mail is None:
        return _invalid(request)
    try:
        view = mail.reset_view(token)
        mail.reset_password(token, form.get("password", ""), form.get("confirm", ""))
    except InvitationInvalid:
        return _invalid(request)
    except ValidationFailed as error:
        return render(request, "set_password.html",
                      {"view": view, "errors": error.field_errors, "words": RESET_WORDS},
                      status=400)
    return to_sign_in("password_saved")
