"""Renders ``resources/web/entry.html`` into the one HTML document the view loads.

The CSS and JS are inlined (the page has no server to fetch them from: it comes from
``setHtml``), and the Content-Security-Policy allows exactly the inline script, by hash, plus
Stripe.js's documented sources and the configured Stripe.js origin. Nothing else may run, load,
frame or be fetched (docs/entry-page-security.md). ``python -m owl_desktop.ui.web.entry_page
OUT.html`` writes the same page for clinics that host it on their own HTTPS server
(``OWL_ENTRY_PAGE_URL``).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import sys
from functools import cache
from pathlib import Path

from owl_desktop.config import DEFAULT_STRIPE_JS_URL
from owl_desktop.domain.clients import POSTAL_CODE_PATTERN, POSTAL_PREFIXES, PROVINCES
from owl_desktop.resources import resource_dir
from owl_desktop.ui.web.origins import AllowedOrigins


def web_resources_dir() -> Path:
    """``resources/web`` next to the package, or inside a PyInstaller bundle."""
    return resource_dir("web")


@cache
def _read(name: str) -> str:
    return (web_resources_dir() / name).read_text(encoding="utf-8")


def _sha256_source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(origins: AllowedOrigins, script_hash: str) -> str:
    """The page's policy: our one inline script, Stripe.js as Stripe documents it, nothing else.

    Stripe's list (script-src js.stripe.com and *.js.stripe.com; frame-src those and
    hooks.stripe.com; connect-src api.stripe.com), narrower than "anything at stripe.com"
    (files.stripe.com, for one, serves merchants' uploads). Only this page is bound by it:
    what Stripe's iframes embed (a bank's 3-D Secure page) is Stripe's policy and the
    navigation filter's (``origins.py``).
    """
    js = origins.csp_script_sources()
    directives = [
        "default-src 'none'",
        f"script-src {script_hash} {js}",
        # Stripe.js positions its iframes and modals with inline styles; styles can't run code.
        f"style-src 'unsafe-inline' {js}",
        f"frame-src {origins.csp_frame_sources()}",
        f"connect-src {origins.csp_connect_sources()}",
        f"img-src data: {js}",
        f"font-src {js}",
        "base-uri 'none'",
        "form-action 'none'",
        "object-src 'none'",
    ]
    return "; ".join(directives)


def address_rules() -> dict[str, object]:
    """The client form's postal code rules (``domain/clients.py``), for the page's billing
    address check: one source of truth, handed to the page as data."""
    return {"postalPattern": POSTAL_CODE_PATTERN, "postalPrefixes": POSTAL_PREFIXES,
            "provinces": sorted(PROVINCES)}


def render_entry_page(stripe_js_url: str = DEFAULT_STRIPE_JS_URL) -> str:
    """The complete entry page for Stripe.js at ``stripe_js_url``."""
    css = _read("entry.css")
    js = _read("entry.js")
    origins = AllowedOrigins.for_urls(stripe_js_url)
    csp = content_security_policy(origins, _sha256_source(js))
    page = _read("entry.html")
    # Markers are replaced one by one, the inlined files last, so their text is never scanned.
    page = page.replace("{{csp}}", html.escape(csp, quote=True))
    page = page.replace("{{stripe_js_url}}", html.escape(stripe_js_url, quote=True))
    page = page.replace("{{css}}", css.replace("</", "<\\/"))
    # A data block, not a script: the policy's script-src doesn't concern it.
    page = page.replace("{{address_rules}}", json.dumps(address_rules()).replace("</", "<\\/"))
    return page.replace("{{js}}", js)


def main(argv: list[str] | None = None) -> int:
    """Write the page for hosting: ``entry_page OUT.html [STRIPE_JS_URL]``."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        sys.stderr.write("usage: python -m owl_desktop.ui.web.entry_page OUT.html "
                         "[STRIPE_JS_URL]\n")
        return 2
    url = args[1] if len(args) > 1 else DEFAULT_STRIPE_JS_URL
    Path(args[0]).write_text(render_entry_page(url), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
