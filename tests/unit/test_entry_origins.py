"""The entry view's policy (``ui/web/origins.py``), read as plain rules: no Qt, no network."""

from __future__ import annotations

import pytest

from owl_desktop.ui.web.entry_page import render_entry_page
from owl_desktop.ui.web.origins import AllowedOrigins, origin_of

LIVE = AllowedOrigins.for_urls("https://js.stripe.com/v3/")
SANDBOX = AllowedOrigins.for_urls("http://127.0.0.1:4242/v3/")


def policy_of(page: str) -> dict[str, list[str]]:
    text = page.split('http-equiv="Content-Security-Policy" content="')[1].split('"')[0]
    text = text.replace("&#x27;", "'")
    directives = (d.split() for d in text.split(";") if d.strip())
    return {d[0]: d[1:] for d in directives}


@pytest.mark.parametrize("url", [
    "https://acs.bank.example/3ds2/challenge",       # the bank's 3-D Secure challenge
    "https://fingerprint.issuer.example:8443/method",  # its device fingerprinting
    "https://hooks.stripe.com/3d_secure_2/hosted", "https://js.stripe.com/v3/elements-inner.html",
    "about:blank", "about:srcdoc",
])
def test_frames_may_go_to_any_https_origin(url: str) -> None:
    assert LIVE.allows_frame(url)
    assert SANDBOX.allows_frame(url)


@pytest.mark.parametrize("url", [
    "http://acs.bank.example/3ds2/challenge", "http://js.stripe.com/v3/", "http://127.0.0.1:4242/",
    "http://localhost:9/", "data:text/html,<p>phish</p>", "blob:https://js.stripe.com/1-2-3",
    "file:///etc/passwd", "javascript:alert(1)", "ftp://bank.example/", "https://",
])
def test_frames_never_go_to_plain_http_data_blob_file_or_javascript(url: str) -> None:
    assert not LIVE.allows_frame(url)


def test_loopback_http_frames_only_when_stripe_js_is_the_loopback_sandbox() -> None:
    assert SANDBOX.sandbox
    assert not LIVE.sandbox
    assert SANDBOX.allows_frame("http://127.0.0.1:4243/bank")
    assert SANDBOX.allows_frame("http://localhost:4243/bank")
    assert not SANDBOX.allows_frame("http://bank.example/")
    assert not SANDBOX.allows_frame("http://127.0.0.1.bank.example/")
    assert not SANDBOX.allows_frame("data:text/html,x")
    assert not AllowedOrigins.for_urls("https://127.0.0.1:4242/v3/").allows_frame(
        "http://127.0.0.1:4243/")


def test_popups_start_only_at_stripe_or_the_configured_stripe_js_origin() -> None:
    assert LIVE.may_open_popup("https://hooks.stripe.com/redirect/authenticate/src_1")
    assert LIVE.may_open_popup("https://m.stripe.network/inner.html")
    assert LIVE.may_open_popup("https://js.stripe.com:443/v3/")
    assert SANDBOX.may_open_popup("http://127.0.0.1:4242/v3/3ds.html")
    for url in ("https://acs.bank.example/", "https://stripe.com.evil.example/",
                "http://js.stripe.com/v3/", "http://127.0.0.1:4243/", "about:blank",
                "data:text/html,x", "javascript:alert(1)"):
        assert not LIVE.may_open_popup(url), url
        assert not SANDBOX.may_open_popup(url), url


def test_the_scheme_is_part_of_the_origin() -> None:
    """http://js.stripe.com is not https://js.stripe.com, wherever it's checked."""
    assert not LIVE.is_stripe("http://js.stripe.com/v3/")
    assert not LIVE.is_stripe("http://hooks.stripe.com/")
    assert not SANDBOX.is_stripe("https://127.0.0.1:4242/v3/")
    assert origin_of("HTTPS://JS.Stripe.com:443/v3/") == "https://js.stripe.com"
    assert origin_of("http://js.stripe.com:443/") == "http://js.stripe.com:443"
    assert origin_of("http://[::1]:4242/v3/") == "http://[::1]:4242"
    assert origin_of("https://x.example:bad/") == ""


def test_the_policy_is_stripes_documented_one() -> None:
    """Stripe's security guide: script-src js.stripe.com *.js.stripe.com; frame-src those and
    hooks.stripe.com; connect-src api.stripe.com. Nothing wider (no files.stripe.com)."""
    policy = policy_of(render_entry_page("https://js.stripe.com/v3/"))
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"][1:] == ["https://js.stripe.com", "https://*.js.stripe.com"]
    assert policy["script-src"][0].startswith("'sha256-")
    assert policy["frame-src"] == ["https://js.stripe.com", "https://*.js.stripe.com",
                                   "https://hooks.stripe.com"]
    assert policy["connect-src"] == ["https://api.stripe.com"]
    every_host = {s for sources in policy.values() for s in sources if "://" in s}
    assert every_host == {"https://js.stripe.com", "https://*.js.stripe.com",
                          "https://hooks.stripe.com", "https://api.stripe.com"}


def test_the_sandbox_policy_adds_only_the_sandbox_origin() -> None:
    policy = policy_of(render_entry_page("http://127.0.0.1:4242/v3/"))
    for directive in ("script-src", "frame-src", "connect-src", "style-src"):
        assert policy[directive][-1] == "http://127.0.0.1:4242"
    assert policy["connect-src"] == ["https://api.stripe.com", "http://127.0.0.1:4242"]
