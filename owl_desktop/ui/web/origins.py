"""Where the entry view may go and what its page may load: plain functions, no Qt.

The navigation filter (``page.py``) and the page's Content-Security-Policy (``entry_page.py``)
are both built from here, so a unit test can read the whole policy in one place:

* **The entry page's own resources** (its CSP): Stripe.js's documented sources only —
  ``script-src https://js.stripe.com https://*.js.stripe.com``, ``frame-src`` those and
  ``https://hooks.stripe.com``, ``connect-src https://api.stripe.com`` (Stripe's security
  guide) — plus the configured Stripe.js origin when it isn't Stripe's (the sandbox).
* **The main frame** never leaves the entry page (``page.py``).
* **Frames inside frames** (``allows_frame``): a bank's 3-D Secure challenge and its device
  fingerprinting run on the bank's own domain inside Stripe's iframe, so any ``https://``
  origin is allowed there; never ``http:``, ``data:``, ``blob:``, ``file:`` or
  ``javascript:``. The one exception is the sandbox: when the configured Stripe.js origin is
  plain http on a loopback host, loopback http frames are allowed too. Which frames our page
  itself may embed is already narrowed by its CSP ``frame-src``.
* **Pop-ups** must start at one of Stripe's origins or the configured Stripe.js origin
  (``may_open_popup``); after that they may follow a bank's redirects like a frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from owl_desktop.config import is_loopback_host

# Hosts Stripe.js, its iframes, 3-D Secure and bank windows start from.
STRIPE_HOSTS: tuple[str, ...] = ("stripe.com", "stripe.network")
# Stripe's documented Content-Security-Policy sources for Stripe.js
# (https://docs.stripe.com/security/guide#content-security-policy). The Address Element's
# https://maps.googleapis.com and Link's hosts aren't listed: the page uses neither.
STRIPE_JS_SOURCES: tuple[str, ...] = ("https://js.stripe.com", "https://*.js.stripe.com")
STRIPE_FRAME_SOURCES: tuple[str, ...] = (*STRIPE_JS_SOURCES, "https://hooks.stripe.com")
STRIPE_CONNECT_SOURCES: tuple[str, ...] = ("https://api.stripe.com",)
# The origin the embedded page is given (never fetched: the page comes from setHtml).
EMBEDDED_ORIGIN = "https://entry.owl-desktop.invalid"
EMBEDDED_URL = EMBEDDED_ORIGIN + "/entry.html"
# Empty documents Stripe.js (and the bank pages inside it) create before writing to them.
BLANK_URLS = ("about:blank", "about:srcdoc")
_DEFAULT_PORTS = {"https": 443, "http": 80}


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL, lower-cased, default port dropped; empty for a URL
    without a host (``data:``, ``about:``, ``javascript:``) or with a malformed port."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return ""
    if not parts.scheme or not parts.hostname:
        return ""
    scheme = parts.scheme.lower()
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    origin = f"{scheme}://{host}"
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        origin += f":{port}"
    return origin


def is_stripe_host(host: str) -> bool:
    """``stripe.com``, ``*.stripe.com``, ``stripe.network`` or ``*.stripe.network``."""
    host = host.lower().rstrip(".")
    return any(host == h or host.endswith("." + h) for h in STRIPE_HOSTS)


def _is_loopback_http(url: str) -> bool:
    parts = urlsplit(url)
    return bool(origin_of(url)) and parts.scheme.lower() == "http" \
        and is_loopback_host(parts.hostname or "")


@dataclass(frozen=True)
class AllowedOrigins:
    """The entry view's world, from the configured Stripe.js URL and the page's origin.

    ``stripe_js_origin`` is where Stripe.js comes from (https://js.stripe.com normally, the
    sandbox's http://127.0.0.1 origin in tests and sandbox mode); ``page_origin`` is the
    embedded page's origin or the hosted copy's.
    """

    stripe_js_origin: str
    page_origin: str = EMBEDDED_ORIGIN

    @classmethod
    def for_urls(cls, stripe_js_url: str, entry_page_url: str = "") -> AllowedOrigins:
        page = origin_of(entry_page_url) if entry_page_url else EMBEDDED_ORIGIN
        return cls(stripe_js_origin=origin_of(stripe_js_url), page_origin=page)

    @property
    def sandbox(self) -> bool:
        """Stripe.js is a local double over plain http (the sandbox): loopback http is fine."""
        return _is_loopback_http(self.stripe_js_origin)

    def is_stripe(self, url: str) -> bool:
        """One of Stripe's own origins (https only) or exactly the configured Stripe.js one."""
        origin = origin_of(url)
        if not origin:
            return False
        if origin == self.stripe_js_origin:
            return True
        parts = urlsplit(url)
        return parts.scheme.lower() == "https" and is_stripe_host(parts.hostname or "")

    def may_open_popup(self, url: str) -> bool:
        """May a pop-up window start at ``url``? Only at Stripe (or the Stripe.js origin)."""
        return self.is_stripe(url)

    def allows_frame(self, url: str) -> bool:
        """May a frame (not the main one), or a pop-up that started at Stripe, go to ``url``?

        Any https:// origin: a bank's 3-D Secure page, its fingerprinting frame or its login
        live on the bank's own domain. Plain http only on loopback in sandbox mode; ``data:``,
        ``blob:``, ``file:``, ``javascript:`` never (Stripe's flows use none of them).
        """
        if url in BLANK_URLS:
            return True
        origin = origin_of(url)
        if not origin:
            return False
        if origin == self.stripe_js_origin or origin.startswith("https://"):
            return True
        return self.sandbox and _is_loopback_http(url)

    # ---- the page's Content-Security-Policy -----------------------------------------------
    def _with_configured(self, sources: tuple[str, ...]) -> str:
        extra = () if self.is_stripe_js_default else (self.stripe_js_origin,)
        return " ".join((*sources, *extra))

    @property
    def is_stripe_js_default(self) -> bool:
        """Stripe.js from Stripe itself (js.stripe.com), not a double or a mirror."""
        return self.stripe_js_origin in ("", "https://js.stripe.com")

    def csp_script_sources(self) -> str:
        """Stripe.js's script (and style, image, font) sources, plus the configured origin."""
        return self._with_configured(STRIPE_JS_SOURCES)

    def csp_frame_sources(self) -> str:
        """Which iframes the page itself may hold: Stripe.js's, 3-D Secure's hooks host."""
        return self._with_configured(STRIPE_FRAME_SOURCES)

    def csp_connect_sources(self) -> str:
        """Stripe's API; in sandbox mode the double's API shares the Stripe.js origin."""
        return self._with_configured(STRIPE_CONNECT_SOURCES)
