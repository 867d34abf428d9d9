"""Which origins the entry view may talk to: Stripe's, and the configured Stripe.js origin.

Kept free of Qt so the rules are plain functions a unit test can read. The navigation filter
(``page.py``) and the page's Content-Security-Policy (``entry_page.py``) are both built from
them, so the two can't drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

# Hosts Stripe.js, its iframes, 3-D Secure and bank windows are served from.
STRIPE_HOSTS: tuple[str, ...] = ("stripe.com", "stripe.network")
# The origin the embedded page is given (never fetched: the page comes from setHtml).
EMBEDDED_ORIGIN = "https://entry.owl-desktop.invalid"
EMBEDDED_URL = EMBEDDED_ORIGIN + "/entry.html"


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL, lower-cased; empty for a URL without a host."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.hostname:
        return ""
    origin = f"{parts.scheme.lower()}://{parts.hostname.lower()}"
    if parts.port is not None:
        origin += f":{parts.port}"
    return origin


def is_stripe_host(host: str) -> bool:
    """``stripe.com``, ``*.stripe.com``, ``stripe.network`` or ``*.stripe.network``."""
    host = host.lower().rstrip(".")
    return any(host == h or host.endswith("." + h) for h in STRIPE_HOSTS)


@dataclass(frozen=True)
class AllowedOrigins:
    """The entry view's whole world.

    ``stripe_js_origin`` is where Stripe.js comes from (js.stripe.com normally, the sandbox's
    127.0.0.1 origin in tests and sandbox mode); ``page_origin`` is the embedded page's origin
    or the hosted copy's.
    """

    stripe_js_origin: str
    page_origin: str = EMBEDDED_ORIGIN

    @classmethod
    def for_urls(cls, stripe_js_url: str, entry_page_url: str = "") -> AllowedOrigins:
        page = origin_of(entry_page_url) if entry_page_url else EMBEDDED_ORIGIN
        return cls(stripe_js_origin=origin_of(stripe_js_url), page_origin=page)

    def allows(self, url: str) -> bool:
        """May the view (or a Stripe pop-up) navigate to ``url``?

        Stripe's hosts over https only; the configured Stripe.js origin and the page's own
        origin exactly. ``about:blank`` (empty iframes Stripe.js creates) is allowed, ``data:``
        only for the page Qt's ``setHtml`` loads (checked by the page, not here).
        """
        if url in ("about:blank", "about:srcdoc"):
            return True
        parts = urlsplit(url)
        origin = origin_of(url)
        if not origin:
            return False
        if origin in (self.stripe_js_origin, self.page_origin):
            return True
        return parts.scheme.lower() == "https" and is_stripe_host(parts.hostname or "")

    def csp_sources(self) -> str:
        """Source list for the CSP: Stripe's hosts and the configured Stripe.js origin."""
        sources = ["https://js.stripe.com", "https://*.js.stripe.com", "https://*.stripe.com",
                   "https://*.stripe.network"]
        if self.stripe_js_origin and self.stripe_js_origin not in sources:
            sources.append(self.stripe_js_origin)
        return " ".join(sources)
