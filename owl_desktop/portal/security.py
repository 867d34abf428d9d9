"""The portal's security defaults, in one place: response headers (a strict CSP), cookies and
CSRF tokens.

* **CSP**: our own scripts and styles (``'self'``, no inline script), Stripe.js from Stripe's
  documented hosts (or, in sandbox mode, the configured Stripe.js origin), nothing else;
  ``frame-ancestors 'none'`` (no clickjacking), ``form-action 'self'``.
* **Cookies**: the session cookie is HttpOnly, SameSite=Lax and Secure whenever the request
  came over HTTPS (directly or, behind the reverse proxy, per its ``X-Forwarded-Proto``, which
  uvicorn applies for trusted proxies). Its token is new at every sign-in.
* **CSRF**: every form carries a token; signed in, it is the session's (kept server-side);
  before sign-in, a random token in its own SameSite=Strict cookie must match the form's
  (double submit). Compared in constant time.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "owl_session"
CSRF_COOKIE = "owl_csrf"
STRIPE_JS_SOURCES = ("https://js.stripe.com", "https://*.js.stripe.com")
STRIPE_FRAME_SOURCES = (*STRIPE_JS_SOURCES, "https://hooks.stripe.com")
STRIPE_CONNECT_SOURCES = ("https://api.stripe.com",)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return ""
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def content_security_policy(stripe_js_url: str) -> str:
    """Stripe's documented sources, plus the configured Stripe.js origin when it isn't
    Stripe's (the sandbox's double serves its API from the same origin)."""
    extra = origin_of(stripe_js_url)
    configured = () if extra in ("", "https://js.stripe.com") else (extra,)
    js = " ".join((*STRIPE_JS_SOURCES, *configured))
    frames = " ".join((*STRIPE_FRAME_SOURCES, *configured))
    connect = " ".join((*STRIPE_CONNECT_SOURCES, *configured))
    return "; ".join([
        "default-src 'none'",
        f"script-src 'self' {js}",
        # Stripe.js positions its iframes and modals with inline styles; styles run no code.
        f"style-src 'self' 'unsafe-inline' {js}",
        f"frame-src {frames}",
        f"connect-src 'self' {connect}",
        f"img-src 'self' data: {js}",
        f"font-src 'self' {js}",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ])


class SecurityHeaders:
    """Pure ASGI middleware: the same headers on every response, errors included."""

    def __init__(self, app: ASGIApp, *, csp: str) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            # Invitation links carry their token in the path: never send it onward.
            (b"referrer-policy", b"no-referrer"),
            (b"cache-control", b"no-store"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers += [(n, v) for n, v in self.headers if n not in names]
                if https:
                    headers.append((b"strict-transport-security",
                                    b"max-age=31536000; includeSubDomains"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    # No Max-Age: the browser forgets it when closed; the server ends it after inactivity.
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax",
                        secure=is_https(request), path="/")


def clear_session_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax",
                           secure=is_https(request))


def anonymous_csrf(request: Request) -> tuple[str, bool]:
    """The pre-sign-in CSRF token: the cookie's, or a new one (True: set the cookie)."""
    current = request.cookies.get(CSRF_COOKIE, "")
    if len(current) >= 32:
        return current, False
    return secrets.token_urlsafe(32), True


def set_csrf_cookie(response: Response, request: Request, token: str) -> None:
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict",
                        secure=is_https(request), path="/")


def tokens_match(expected: str, given: str) -> bool:
    return bool(expected) and hmac.compare_digest(expected.encode(), given.encode())


def safe_next(path: str) -> str:
    """A same-site path to go back to (never another site: ``//host`` or a scheme)."""
    if path.startswith("/") and not path.startswith("//") and "\\" not in path:
        return path
    return "/"
