"""*Forgot your password?* route by route (Starlette's TestClient runs the background mail
before answering), with a real SMTP server on 127.0.0.1: the same answer whether or not the
email exists, the rate limits, single-use expiring links, the strength check, French, and a
mail server that fails without the page saying more."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from owl_desktop.services.portal_mail import MAX_RESETS_PER_ACCOUNT, MAX_RESETS_PER_ADDRESS
from tests.integration.portal.conftest import Portal, csrf_of
from tests.integration.portal.helpers import GOOD_PASSWORD
from tests.integration.portal.mail_portal import PUBLIC_URL, MailPortal, reset_link, with_mail
from tests.mail_server import MailServer, running

NEW_PASSWORD = "a brand new passphrase"
SMTP_PASSWORD = "reset-smtp-canary-55$"

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@pytest.fixture
def mail_server(tmp_path: Path) -> Iterator[MailServer]:
    yield from running(tmp_path)


@pytest.fixture
def mp(portal: Portal, mail_server: MailServer) -> MailPortal:
    return with_mail(portal, mail_server)


def browser(app: object, **headers: str) -> TestClient:
    return TestClient(app, base_url="http://testserver",  # type: ignore[arg-type]
                      headers=headers, follow_redirects=False)


def ask(client: TestClient, email: str) -> tuple[int, str]:
    answer = client.post("/forgot", data={"csrf": csrf_of(client, "/forgot"), "email": email})
    return answer.status_code, re.sub(r'name="csrf" value="[^"]+"', "", answer.text)


def sign_in(app: object, email: str, password: str) -> int:
    client = browser(app)
    answer = client.post("/sign-in", data={"csrf": csrf_of(client, "/sign-in"),
                                           "email": email, "password": password})
    return answer.status_code


def test_without_mail_the_page_says_to_ask_the_clinic(portal: Portal) -> None:
    page = portal.client().get("/forgot")
    assert page.status_code == 200
    assert "Ask the clinic for a new link" in page.text
    assert 'action="/forgot"' not in page.text


def test_reset_by_email_end_to_end(mp: MailPortal) -> None:
    signed_before = mp.portal.signed_in()
    assert signed_before.get("/account").status_code == 200
    client = browser(mp.app)
    page = client.get("/forgot")
    assert 'action="/forgot"' in page.text
    status, text = ask(client, " Noor@Example.com ")
    assert status == 200
    assert "a link to choose a new password is on its way" in text
    [got] = mp.server.wait_for(1)
    assert got.recipients == ["noor@example.com"]
    assert got.message["Subject"] == "Reset your password at Clinique Azur"
    assert "within 60 minutes" in got.part("plain")
    link = reset_link(got)
    assert link in got.part("html")
    path = link.removeprefix(PUBLIC_URL)

    form = client.get(path)
    assert form.status_code == 200
    assert "Choose a new password" in form.text
    assert "noor@example.com" in form.text
    weak = client.post(path, data={"csrf": csrf_of(client, path), "password": "short",
                                   "confirm": "short"})
    assert weak.status_code == 400
    assert "Use at least 10 characters." in weak.text
    done = client.post(path, data={"csrf": csrf_of(client, path), "password": NEW_PASSWORD,
                                   "confirm": NEW_PASSWORD})
    assert done.status_code == 303
    assert done.headers["location"] == "/sign-in?notice=password_saved"

    assert sign_in(mp.app, "noor@example.com", NEW_PASSWORD) == 303
    assert sign_in(mp.app, "noor@example.com", GOOD_PASSWORD) == 400
    # Other sessions ended; the link works once.
    assert signed_before.get("/account").status_code == 303
    assert client.get(path).status_code == 404
    again = client.post(path, data={"csrf": csrf_of(client, "/forgot"),
                                    "password": "yet another passphrase",
                                    "confirm": "yet another passphrase"})
    assert again.status_code == 404
    assert "be used any more (it was used already or has expired)" in again.text


def test_an_unknown_email_gets_the_same_page_and_no_mail(mp: MailPortal) -> None:
    client = browser(mp.app)
    known = ask(client, "noor@example.com")
    mp.server.wait_for(1)
    unknown = ask(client, "nobody@example.com")
    assert unknown == known
    assert len(mp.server.messages) == 1


def test_requests_are_rate_limited_per_account_and_per_address(mp: MailPortal) -> None:
    client = browser(mp.app)
    for _ in range(MAX_RESETS_PER_ACCOUNT):
        assert ask(client, "sami@example.com")[0] == 200
    status, text = ask(client, "sami@example.com")
    assert status == 429
    assert "Too many requests for a new password. Wait an hour" in text
    assert len(mp.server.wait_for(MAX_RESETS_PER_ACCOUNT)) == MAX_RESETS_PER_ACCOUNT
    # The same for an address that has no account: the limit says nothing either.
    for _ in range(MAX_RESETS_PER_ACCOUNT):
        assert ask(client, "nobody@example.com")[0] == 200
    assert ask(client, "nobody@example.com")[0] == 429
    # Per address: many emails from one place.
    used = 2 * (MAX_RESETS_PER_ACCOUNT + 1)
    for n in range(MAX_RESETS_PER_ADDRESS - used):
        assert ask(client, f"someone{n}@example.com")[0] == 200
    assert ask(client, "noor@example.com")[0] == 429
    mp.portal.clock.advance(minutes=61)
    assert ask(client, "noor@example.com")[0] == 200


def test_a_reset_link_expires_after_an_hour(mp: MailPortal) -> None:
    client = browser(mp.app)
    ask(client, "noor@example.com")
    path = reset_link(mp.server.wait_for(1)[0]).removeprefix(PUBLIC_URL)
    mp.portal.clock.advance(minutes=59)
    assert client.get(path).status_code == 200
    mp.portal.clock.advance(minutes=2)
    expired = client.get(path)
    assert expired.status_code == 404
    assert "Ask for a new one on the sign-in page" in expired.text


def test_a_new_request_replaces_the_earlier_link(mp: MailPortal) -> None:
    client = browser(mp.app)
    ask(client, "noor@example.com")
    ask(client, "noor@example.com")
    first, second = (reset_link(m).removeprefix(PUBLIC_URL) for m in mp.server.wait_for(2))
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


def test_an_invitation_link_is_not_a_reset_link(mp: MailPortal) -> None:
    token = mp.portal.accounts.invite(mp.portal.noor).token
    assert browser(mp.app).get(f"/reset/{token}").status_code == 404
    assert browser(mp.app).get(f"/invitation/{token}").status_code == 200


def test_french_page_and_mail(mp: MailPortal) -> None:
    client = browser(mp.app, **{"accept-language": "fr-CA,fr;q=0.9"})
    assert "Mot de passe oublié\u00a0?" in client.get("/forgot").text
    status, text = ask(client, "noor@example.com")
    assert status == 200
    assert "un lien pour choisir un nouveau mot de passe est en route" in text
    [got] = mp.server.wait_for(1)
    assert got.message["Subject"] == "Réinitialisez votre mot de passe chez Clinique Azur"
    assert got.part("plain").startswith("Bonjour Noor,")
    assert "dans les 60 minutes" in got.part("plain")
    page = client.get(reset_link(got).removeprefix(PUBLIC_URL))
    assert "Choisissez un nouveau mot de passe" in page.text
    # The client's language is remembered for later mails.
    assert mp.mail.mailer.language_for(mp.portal.noor) == "fr"


def test_the_link_uses_the_public_address_never_the_request_host(mp: MailPortal) -> None:
    client = browser(mp.app)
    token = csrf_of(client, "/forgot")
    client.post("/forgot", data={"csrf": token, "email": "noor@example.com"},
                headers={"host": "evil.example", "x-forwarded-host": "evil.example"})
    got = mp.server.wait_for(1)[0]
    assert "evil.example" not in got.part("plain")
    assert reset_link(got).startswith(PUBLIC_URL + "/reset/")


def test_a_form_without_its_token_is_refused(mp: MailPortal) -> None:
    answer = browser(mp.app).post("/forgot", data={"email": "noor@example.com"})
    assert answer.status_code == 403
    assert mp.server.messages == []


def test_an_empty_email_is_said_next_to_the_field(mp: MailPortal) -> None:
    status, text = ask(browser(mp.app), "  ")
    assert status == 400
    assert 'id="email-error"' in text


def test_a_failing_mail_server_changes_nothing_the_client_sees(
        portal: Portal, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for server in running(tmp_path, username="portal", password="the-real-one"):
        # The portal was given the wrong password: the server refuses it.
        mp = with_mail(portal, server, password=SMTP_PASSWORD)
        client = browser(mp.app)
        known = ask(client, "noor@example.com")
        unknown = ask(client, "nobody@example.com")
        assert known == unknown
        assert known[0] == 200
        assert server.messages == []
        assert "mail not sent: auth" in caplog.text
        server.stop()
        down = ask(client, "sami@example.com")
        assert down == (200, known[1])
        assert "mail not sent: connect" in caplog.text
    assert SMTP_PASSWORD not in caplog.text
