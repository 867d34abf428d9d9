"""Every security rule of the portal, route by route (Starlette's TestClient), on SQLite and
PostgreSQL, against the Stripe sandbox."""

from __future__ import annotations

import re

import pytest
import stripe
from starlette.testclient import TestClient

from owl_desktop.domain.stripe_records import StripeAccount
from owl_desktop.portal.app import build_deps
from owl_desktop.portal.serve import DEMO_PASSWORD
from tests.integration.portal.conftest import (
    SAMI_PASSWORD,
    Portal,
    account_csrf,
    csrf_of,
    methods_service,
)
from tests.integration.portal.helpers import GOOD_PASSWORD
from tests.stripe_env import SANDBOX_SECRET_KEY


def add_card(portal: Portal, browser: TestClient, stripe_client: stripe.StripeClient,
             payment_method: str = "pm_card_visa") -> str:
    """What the page does: ask for a SetupIntent, confirm it (Stripe.js; here server-side with
    a test method), then ask the server to complete it. Returns the SetupIntent id."""
    token = account_csrf(browser)
    made = browser.post("/account/setups", data={"csrf": token, "kind": "card"}).json()
    assert made["ok"], made
    stripe_client.v1.setup_intents.confirm(made["id"], params={"payment_method": payment_method})
    done = browser.post(f"/account/setups/{made['id']}/complete", data={"csrf": token}).json()
    assert done == {"ok": True, "redirect": "/account?notice=added"}
    return str(made["id"])


def method_ids(portal: Portal, client_id: int) -> list[int]:
    return [m.id for m in portal.methods.list_for_client(client_id)]


def test_headers_on_every_response(portal: Portal) -> None:
    browser = portal.client()
    for path in ("/sign-in", "/nowhere", "/static/portal.css", "/invitation/bogus"):
        headers = browser.get(path).headers
        csp = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp
        assert "default-src 'none'" in csp
        assert "script-src 'self' https://js.stripe.com" in csp
        assert "unsafe-eval" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-frame-options"] == "DENY"
    # The configured Stripe.js origin (the sandbox's) is allowed, nothing else of it.
    origin = re.match(r"https?://[^/]+", portal.env.js_url)
    assert origin
    assert origin.group(0) in browser.get("/sign-in").headers["content-security-policy"]
    assert "strict-transport-security" in portal.client(https=True).get("/sign-in").headers


def test_forms_without_the_right_csrf_token_are_refused(portal: Portal) -> None:
    browser = portal.client()
    csrf_of(browser, "/sign-in")
    for data in ({}, {"csrf": "x" * 43}):
        answer = browser.post("/sign-in", data={**data, "email": "noor@example.com",
                                                "password": GOOD_PASSWORD})
        assert answer.status_code == 403
        assert "owl_session" not in answer.cookies
    signed = portal.signed_in()
    method_id = 1
    for path in ("/sign-out", "/language", f"/account/methods/{method_id}/default",
                 "/account/setups", "/account/setups/seti_x/complete",
                 "/account/setups/seti_x/abandon"):
        assert signed.post(path, data={"csrf": "wrong", "kind": "card"}).status_code == 403
    assert signed.get("/account").status_code == 200  # still signed in


def test_session_cookie_is_secure_httponly_samesite_and_new_at_each_sign_in(
        portal: Portal) -> None:
    browser = portal.client(https=True)
    browser.cookies.set("owl_session", "planted-by-an-attacker", domain="testserver.local")
    answer = browser.post("/sign-in", data={"csrf": csrf_of(browser, "/sign-in"),
                                            "email": "noor@example.com",
                                            "password": GOOD_PASSWORD})
    cookie = answer.headers["set-cookie"]
    assert "owl_session=" in cookie
    assert "HttpOnly" in cookie
    assert "Secure" in cookie
    assert "SameSite=lax" in cookie
    first = answer.cookies["owl_session"]
    assert first != "planted-by-an-attacker"
    again = portal.signed_in().cookies["owl_session"]
    assert again != first
    plain = portal.client().post("/sign-in", data={"csrf": "", "email": "", "password": ""})
    assert "Secure" not in plain.headers.get("set-cookie", "")


def test_same_answer_whether_or_not_the_email_exists(portal: Portal) -> None:
    pages = []
    for email in ("noor@example.com", "nobody@example.com"):
        browser = portal.client()
        answer = browser.post("/sign-in", data={"csrf": csrf_of(browser, "/sign-in"),
                                                "email": email, "password": "wrong password!"})
        assert answer.status_code == 400
        pages.append(re.sub(r'value="[^"]*"', "", answer.text))
    assert pages[0] == pages[1]
    assert "The email or password is wrong." in pages[0]


def test_sign_in_is_rate_limited_with_a_clear_message(portal: Portal) -> None:
    browser = portal.client()
    token = csrf_of(browser, "/sign-in")
    for _ in range(5):
        browser.post("/sign-in", data={"csrf": token, "email": "noor@example.com",
                                       "password": "wrong password!"})
    answer = browser.post("/sign-in", data={"csrf": token, "email": "noor@example.com",
                                            "password": GOOD_PASSWORD})
    assert answer.status_code == 429
    assert "Too many sign-in attempts. Wait 15 minutes" in answer.text
    assert 'value="noor@example.com"' in answer.text  # the form keeps what was typed


def test_pages_need_a_session_that_expires_when_idle(portal: Portal) -> None:
    assert portal.client().get("/account").headers["location"] == "/sign-in"
    browser = portal.signed_in()
    assert "Noor Haddad" in browser.get("/account").text
    portal.clock.advance(minutes=31)
    answer = browser.get("/account")
    assert answer.headers["location"] == "/sign-in?notice=session_ended"


def test_sign_out_ends_the_session(portal: Portal) -> None:
    browser = portal.signed_in()
    token = browser.cookies["owl_session"]
    answer = browser.post("/sign-out", data={"csrf": account_csrf(browser)})
    assert answer.headers["location"] == "/sign-in?notice=signed_out"
    assert portal.accounts.session(token) is None
    replay = portal.client()
    replay.cookies.set("owl_session", token)
    assert replay.get("/account").status_code == 303


def test_a_client_reaches_only_their_own_data(portal: Portal,
                                              stripe_client: stripe.StripeClient) -> None:
    noor = portal.signed_in()
    sami = portal.signed_in("sami@example.com", SAMI_PASSWORD)
    noor_setup = add_card(portal, noor, stripe_client)
    add_card(portal, noor, stripe_client, "pm_card_mastercard")
    sami_setup = add_card(portal, sami, stripe_client, "pm_card_amex")
    sami_method = method_ids(portal, portal.sami)[0]
    token = account_csrf(noor)
    # Sami's method as Noor's default: not found, nothing changed.
    answer = noor.post(f"/account/methods/{sami_method}/default", data={"csrf": token})
    assert answer.headers["location"] == "/account?notice=not_found"
    assert [m.is_default for m in portal.methods.list_for_client(portal.sami)] == [True]
    # Sami's SetupIntent completed or abandoned by Noor: not found.
    assert noor.post(f"/account/setups/{sami_setup}/complete",
                     data={"csrf": token}).status_code == 404
    assert noor.post(f"/account/setups/{sami_setup}/abandon",
                     data={"csrf": token}).status_code == 404
    assert noor.post("/account/methods/nonsense/default",
                     data={"csrf": token}).headers["location"] == "/account?notice=not_found"
    # Each page lists its own client's methods only, and no secret of any kind.
    page = noor.get("/account").text
    assert page.count('class="method"') == 2
    assert "American Express" not in page
    assert "Sami" not in page
    assert "sk_test" not in page
    assert "_secret_" not in page
    assert noor_setup not in page
    assert sami_setup not in page


def test_add_a_card_then_choose_the_default_at_stripe_at_once(
        portal: Portal, stripe_client: stripe.StripeClient) -> None:
    browser = portal.signed_in()
    add_card(portal, browser, stripe_client)
    add_card(portal, browser, stripe_client, "pm_card_mastercard")
    page = browser.get("/account?notice=added").text
    assert "The payment method is saved." in page
    assert "•••• 4242" in page
    assert "•••• 4444" in page
    assert "Default" in page
    first, second = portal.methods.list_for_client(portal.noor)
    assert first.is_default
    assert not second.is_default
    answer = browser.post(f"/account/methods/{second.id}/default",
                          data={"csrf": account_csrf(browser)})
    assert answer.headers["location"] == "/account?notice=default_set"
    with portal.uow() as uow:
        customer = uow.clients.get(portal.noor).stripe_customer_id
    assert customer is not None
    at_stripe = stripe_client.v1.customers.retrieve(customer)
    assert at_stripe.invoice_settings.default_payment_method == second.stripe_id
    # Recorded as the client's own change, in the portal.
    with portal.uow() as uow:
        actors = {(e.actor, e.desk) for e in uow.audit.list_for_client(portal.noor)}
    assert ("client", "portal") in actors


def test_default_is_kept_and_said_plainly_when_stripe_cant_be_reached(
        portal: Portal, stripe_client: stripe.StripeClient) -> None:
    browser = portal.signed_in()
    add_card(portal, browser, stripe_client)
    add_card(portal, browser, stripe_client, "pm_card_mastercard")
    second = portal.methods.list_for_client(portal.noor)[1]
    portal.methods = methods_service(portal.uow, "http://127.0.0.1:9", SANDBOX_SECRET_KEY,
                                     portal.clock, StripeAccount("acct_offline", False))
    portal.app.state.deps.payment_methods = lambda: portal.methods  # type: ignore[attr-defined]
    answer = browser.post(f"/account/methods/{second.id}/default",
                          data={"csrf": account_csrf(browser)})
    assert answer.headers["location"] == "/account?notice=default_queued"
    assert "be reached right now" in browser.get("/account?notice=default_queued").text
    now = {m.id: m.is_default for m in portal.methods.list_for_client(portal.noor)}
    assert now[second.id]  # kept here, queued for Stripe
    token = account_csrf(browser)
    refused = browser.post("/account/setups", data={"csrf": token, "kind": "card"})
    assert "can't be reached right now. Nothing was changed" in refused.json()["message"]


def test_invitation_link_sets_a_password_once_with_field_errors(portal: Portal) -> None:
    from tests.integration.portal.helpers import make_client

    client_id = make_client(portal.uow, "Léa", "Roy", "lea@example.com")
    link = f"/invitation/{portal.accounts.invite(client_id).token}"
    browser = portal.client()
    page = browser.get(link)
    assert "Hello Léa" in page.text
    assert "lea@example.com" in page.text
    token = csrf_of(browser, link)
    weak = browser.post(link, data={"csrf": token, "password": "short", "confirm": "short"})
    assert weak.status_code == 400
    assert "Use at least 10 characters." in weak.text
    assert 'aria-invalid="true"' in weak.text
    good = browser.post(link, data={"csrf": token, "password": GOOD_PASSWORD,
                                    "confirm": GOOD_PASSWORD})
    assert good.headers["location"] == "/sign-in?notice=password_saved"
    again = browser.post(link, data={"csrf": token, "password": GOOD_PASSWORD,
                                     "confirm": GOOD_PASSWORD})
    assert again.status_code == 404
    assert "be used any more" in again.text
    assert portal.signed_in("lea@example.com").get("/account").status_code == 200


def test_french_from_the_browser_and_the_choice_is_remembered(portal: Portal) -> None:
    browser = portal.client(**{"accept-language": "fr-CA,fr;q=0.9,en;q=0.5"})
    assert "Connexion" in browser.get("/sign-in").text
    token = csrf_of(browser, "/sign-in")
    answer = browser.post("/language", data={"csrf": token, "lang": "en",
                                             "next": "//evil.example/"})
    assert answer.headers["location"] == "/"  # never another site
    assert "Sign in" in browser.get("/sign-in").text
    signed = portal.signed_in(**{"accept-language": "fr"})
    assert "Mon compte" in signed.get("/account").text


def test_the_demo_password_exists_only_in_sandbox_mode(portal: Portal) -> None:
    assert DEMO_PASSWORD not in portal.client().get("/sign-in").text
    with pytest.raises(ValueError, match="sandbox"):
        build_deps(portal.accounts, lambda: portal.methods, lambda: "pk_test_x",
                   portal.env.js_url, sandbox=False, demo_password=DEMO_PASSWORD)
