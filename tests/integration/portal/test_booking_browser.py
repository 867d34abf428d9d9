"""The Book tab in a real browser: a real uvicorn server on a free port, the sandbox's
Stripe.js double, Debian's Chromium driven by Playwright (skipped when either is missing, as
``test_browser.py``). The clinic's rule on and off × a valid card / a card expiring before the
appointment / a bank account pending verification / nothing; the clinic's message in English
and French; the held time running out (the portal's clock moved); two clients racing for one
time; cancelling inside and outside the clinic's notice."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest

from owl_desktop.domain.scheduling import AppointmentStatus
from tests.integration.portal.booking_fixtures import Clinic, clinic_fixture  # noqa: F401
from tests.integration.portal.browser_steps import CHROMIUM, CHROMIUM_ARGS, serving, sign_in
from tests.integration.portal.conftest import SAMI_PASSWORD
from tests.integration.portal.helpers import GOOD_PASSWORD
from tests.integration.portal.test_browser import (
    pytestmark,  # noqa: F401 - slow; skipped without Chromium
    type_card,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

MESSAGE_EN = "No-show policy: a missed visit costs $40.\nCancel 24 hours ahead."
MESSAGE_FR = "Politique d’absence : un rendez-vous manqué coûte 40 $.\nAnnulez 24 heures avant."
Pages = Callable[..., "Page"]


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    return sqlite_url


@pytest.fixture
def server(clinic: Clinic) -> Iterator[str]:
    with serving(clinic.portal.app) as url:
        yield url


@pytest.fixture
def pages(server: str) -> Iterator[Pages]:
    """New browser pages (each its own cookies), signed in as the client asked for."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)

        def make(email: str = "noor@example.com", password: str = GOOD_PASSWORD,
                 locale: str = "en-CA") -> Page:
            context = browser.new_context(viewport={"width": 390, "height": 844},
                                          locale=locale)
            page = context.new_page()
            page.set_default_timeout(15000)
            sign_in(page, server, email, password)
            return page

        yield make
        browser.close()


def choose_time(p: Page, clinic: Clinic, day: date, practitioner: str = "any") -> str:
    """Book tab → service → practitioner → day → the first free time → the confirm page;
    returns the chosen start (ISO)."""
    p.click("#book-tab")
    p.wait_for_url(re.compile(r"/book$"))
    p.select_option("#service", str(clinic.massage))
    p.click("#show-times")
    p.wait_for_selector("#who")
    p.select_option("#who", practitioner)
    p.fill("#day", day.isoformat())
    p.click("#show-times")
    first = p.locator("#slots a.slot").first
    start = first.get_attribute("data-start") or ""
    first.click()
    p.wait_for_url(re.compile(r"/book/confirm\?"))
    return start


def confirm(p: Page) -> None:
    p.click("#confirm-booking")
    p.wait_for_load_state()


CASES = ["valid_card", "card_expiring_before", "bank_pending", "none"]


def arrange(clinic: Clinic, case: str) -> None:
    noor = clinic.portal.noor
    if case == "valid_card":
        clinic.store_card(noor)
    elif case == "card_expiring_before":
        clinic.store_card(noor, clinic.this_month_expiry())
    elif case == "bank_pending":
        clinic.store_pending_bank(noor)


@pytest.mark.parametrize("case", CASES)
def test_rule_off_books_at_once(clinic: Clinic, pages: Pages, case: str) -> None:
    clinic.rule(False)
    arrange(clinic, case)
    p = pages()
    choose_time(p, clinic, clinic.next_month_day())
    confirm(p)
    p.wait_for_url(re.compile(r"/book\?done=booked"))
    assert "Your appointment is booked." in p.text_content("#book-notice")
    [booked] = clinic.booking.upcoming(clinic.portal.noor)
    assert booked.booked_online
    expect(p.locator("#upcoming .appointment")).to_have_count(1)


@pytest.mark.parametrize("case", CASES)
def test_rule_on(clinic: Clinic, pages: Pages, case: str) -> None:
    clinic.rule(True, en=MESSAGE_EN, fr=MESSAGE_FR)
    arrange(clinic, case)
    p = pages()
    start = choose_time(p, clinic, clinic.next_month_day())
    confirm(p)
    if case == "valid_card":
        p.wait_for_url(re.compile(r"/book\?done=booked"))
        assert len(clinic.booking.upcoming(clinic.portal.noor)) == 1
        return
    p.wait_for_url(re.compile(r"/book/holds/\d+$"))
    # The clinic's message, as typed: line breaks kept.
    message = p.locator("#clinic-message")
    assert message.inner_text() == MESSAGE_EN
    assert "10 minutes" in p.text_content("#hold-kept")
    reason = p.text_content("#hold-reason")
    assert clinic.booking.upcoming(clinic.portal.noor) == []
    # The time is held: that practitioner isn't offered it any more (the other one is).
    held = clinic.booking.hold_of(clinic.portal.noor, int(p.url.rsplit("/", 1)[1]))
    other = clinic.ben if held.practitioner_id == clinic.anne else clinic.anne
    day = clinic.next_month_day()
    assert start not in {s.start.isoformat() for s in
                         clinic.booking.slots(clinic.massage, held.practitioner_id, day)}
    assert start in {s.start.isoformat() for s in
                     clinic.booking.slots(clinic.massage, other, day)}
    if case == "card_expiring_before":
        assert "will have expired by the appointment's date" in reason
    elif case == "bank_pending":
        assert "small deposits" in reason
        assert "logging in to your bank" in reason
    else:
        assert "Add a card or a bank account" in reason
        # The same dialog as My account: a valid card, then back here to confirm.
        p.click("#add-method")
        p.click("#choose-card")
        type_card(p, "4242424242424242")
        p.click("#save")
        p.wait_for_url(re.compile(r"/book/holds/\d+\?notice=added"))
        assert "Your payment method is on file." in p.text_content("#ready-heading")
        confirm(p)
        p.wait_for_url(re.compile(r"/book\?done=booked"))
        [booked] = clinic.booking.upcoming(clinic.portal.noor)
        assert booked.starts_at.isoformat() == start
        return
    # Confirming without a valid method: still needed, nothing booked.
    confirm(p)
    p.wait_for_url(re.compile(r"problem=still_needed"))
    assert p.is_visible("#still-needed")
    assert clinic.booking.upcoming(clinic.portal.noor) == []


def test_the_clinics_message_in_french(clinic: Clinic, pages: Pages) -> None:
    clinic.rule(True, en=MESSAGE_EN, fr=MESSAGE_FR)
    p = pages(locale="fr-CA")
    choose_time(p, clinic, clinic.next_month_day())
    assert "Confirmer la réservation" in p.text_content("#confirm-booking")
    confirm(p)
    p.wait_for_url(re.compile(r"/book/holds/\d+$"))
    assert p.locator("#clinic-message").inner_text() == MESSAGE_FR
    assert "Nous vous réservons cette heure jusqu’à" in p.text_content("#hold-kept")
    assert p.text_content("#add-method") == "Ajouter un mode de paiement"
    assert p.text_content("#book-tab") == "Réserver"


def test_the_held_time_runs_out(clinic: Clinic, pages: Pages) -> None:
    clinic.rule(True)
    p = pages()
    start = choose_time(p, clinic, clinic.next_month_day(), str(clinic.anne))
    confirm(p)
    p.wait_for_url(re.compile(r"/book/holds/\d+$"))
    clinic.store_card(clinic.portal.noor)  # too late: the hold runs out first
    clinic.portal.clock.advance(minutes=11)
    confirm(p)
    p.wait_for_url(re.compile(r"/book\?done=hold_expired"))
    assert "ran out" in p.text_content("#book-notice")
    assert clinic.booking.upcoming(clinic.portal.noor) == []
    # The time is free again: Sami (with a card on file) books it.
    clinic.store_card(clinic.portal.sami)
    sami = pages("sami@example.com", SAMI_PASSWORD)
    assert choose_time(sami, clinic, clinic.next_month_day(), str(clinic.anne)) == start
    confirm(sami)
    sami.wait_for_url(re.compile(r"/book\?done=booked"))


def test_two_clients_race_for_one_time(clinic: Clinic, pages: Pages) -> None:
    noor = pages()
    sami = pages("sami@example.com", SAMI_PASSWORD)
    day = clinic.next_month_day()
    start = choose_time(noor, clinic, day, str(clinic.anne))
    assert choose_time(sami, clinic, day, str(clinic.anne)) == start
    confirm(noor)
    noor.wait_for_url(re.compile(r"/book\?done=booked"))
    confirm(sami)
    expect(sami.locator("#taken-heading")).to_contain_text(
        "Someone else just booked this time.")
    following = sami.locator("#next-slots a.slot")
    assert following.count() > 0
    assert following.first.get_attribute("data-start") != start
    following.first.click()
    sami.wait_for_url(re.compile(r"/book/confirm\?"))
    confirm(sami)
    sami.wait_for_url(re.compile(r"/book\?done=booked"))
    [noors] = clinic.booking.upcoming(clinic.portal.noor)
    [samis] = clinic.booking.upcoming(clinic.portal.sami)
    assert noors.starts_at.isoformat() == start
    assert samis.starts_at > noors.starts_at


def test_cancel_inside_and_outside_the_notice(clinic: Clinic, pages: Pages, server: str
                                              ) -> None:
    p = pages()
    for day in (clinic.day_after(3), clinic.day_after(5)):
        choose_time(p, clinic, day)
        confirm(p)
        p.wait_for_url(re.compile(r"/book\?done=booked"))
    first, second = clinic.booking.upcoming(clinic.portal.noor)
    expect(p.locator("#upcoming .appointment")).to_have_count(2)
    p.locator(f'[data-appointment-id="{first.id}"] button.cancel-appointment').click()
    p.wait_for_url(re.compile(r"done=cancelled"))
    assert "Your appointment is cancelled." in p.text_content("#book-notice")
    expect(p.locator("#upcoming .appointment")).to_have_count(1)
    cancelled = clinic.booking.appointment_of(clinic.portal.noor, first.id)
    assert cancelled.status is AppointmentStatus.CANCELLED

    clinic.portal.clock.now = second.starts_at - timedelta(hours=3)
    sign_in(p, server, "noor@example.com", GOOD_PASSWORD)  # days later: a new session
    p.click("#book-tab")
    row = p.locator(f'[data-appointment-id="{second.id}"]')
    assert row.locator("button.cancel-appointment").count() == 0
    assert "call the clinic" in row.text_content()
