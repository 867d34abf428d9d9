"""The profile header: the client's key facts at a glance (name, contact, autopay as it really
stands, the default method), and the hook other features use for theirs (billing's balance)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from owl_desktop.ui.clients.profile_page import ProfilePage
from owl_desktop.ui.i18n import Translations
from tests.gui.payment_methods.conftest import PmEnv, SectionFactory


@pytest.fixture
def pages(qtbot: QtBot) -> Iterator[list[ProfilePage]]:
    made: list[ProfilePage] = []
    yield made
    for page in made:
        page.contact_tab.payment_section.setParent(None)  # the section is its fixture's
        page.close()
        page.deleteLater()


def profile(qtbot: QtBot, pm_env: PmEnv, make_section: SectionFactory, client_id: int,
            pages: list[ProfilePage]) -> ProfilePage:
    section = make_section(client_id)
    page = ProfilePage(section)
    pages.append(page)
    page.resize(700, 500)
    page.show()
    with pm_env.uow() as uow:
        client = uow.clients.get(client_id)
    with qtbot.waitSignal(section.loaded):
        page.show_client(client)
    return page


def test_header_shows_the_key_facts(qtbot: QtBot, pm_env: PmEnv, make_section: SectionFactory,
                                    pages: list[ProfilePage]) -> None:
    client = pm_env.add_client(autopay=True)
    pm_env.store_card(client, default=True)
    page = profile(qtbot, pm_env, make_section, client, pages)
    header = page.header
    assert header.name_label.text() == "Élise Tremblay"
    assert header.subtitle_label.text() == "(514) 555-0199  ·  elise@example.com  ·  Montréal"
    assert header.fact_texts() == ["Autopay: On", "Default method: Visa •••• 4242"]
    # Bigger than body text, from the type scale.
    assert header.name_label.font().pointSizeF() > page.tabs.font().pointSizeF() * 1.5

    # Billing's hook: a fact of its own, after the built-in ones, gone for another client.
    header.set_fact("balance", "Balance: $12.00")
    assert header.fact_texts()[-1] == "Balance: $12.00"
    other = pm_env.add_client(first="Marc", email="marc@example.com")
    with pm_env.uow() as uow:
        marc = uow.clients.get(other)
    with qtbot.waitSignal(page.contact_tab.payment_section.loaded):
        page.show_client(marc)
    assert header.name_label.text() == "Marc Tremblay"
    assert header.fact_texts() == ["Autopay: Off", "No default payment method"]


def test_header_says_when_autopay_is_paused_in_french(
        qtbot: QtBot, pm_env: PmEnv, make_section: SectionFactory,
        translations: Translations, pages: list[ProfilePage]) -> None:
    translations.install("fr")
    client = pm_env.add_client(autopay=True)
    pm_env.store_card(client, default=True, exp=(1, 2020))  # expired: autopay can't charge it
    page = profile(qtbot, pm_env, make_section, client, pages)
    facts = page.header.fact_texts()
    assert facts[0].startswith("Paiement automatique\u00a0: Activé")
    assert "suspendu" in facts[0]
    assert facts[1] == "Mode par défaut\u00a0: Visa •••• 4242"


def test_long_facts_wrap_within_the_profile_in_french(
        qtbot: QtBot, pm_env: PmEnv, make_section: SectionFactory,
        translations: Translations, pages: list[ProfilePage]) -> None:
    """The profile's width at a 900×600 desk: « Paiement automatique : Activé — suspendu (le
    mode par défaut ne peut pas être débité) » and the default method beside it, whole."""
    translations.install("fr")
    client = pm_env.add_client(autopay=True)
    pm_env.store_card(client, default=True, exp=(1, 2020))
    page = profile(qtbot, pm_env, make_section, client, pages)
    header = page.header
    shown = [label for label in header.facts.values() if not label.isHidden()]
    assert len(shown) == 2
    page.resize(1100, 500)  # room: each on one line
    qtbot.wait(50)
    for label in shown:
        assert label.height() < 2 * label.fontMetrics().lineSpacing(), label.text()
    page.resize(600, 500)
    qtbot.wait(50)
    # Not wider than the profile gets at a 900-pixel desk (else the window cuts it off).
    assert header.minimumSizeHint().width() <= 600
    for label in shown:
        right = label.mapTo(page, label.rect().topRight()).x()
        assert right < page.width(), label.text()
        assert label.height() >= label.heightForWidth(label.width()), label.text()


def test_a_client_paused_for_want_of_a_default_is_said_once(
        qtbot: QtBot, pm_env: PmEnv, make_section: SectionFactory,
        pages: list[ProfilePage]) -> None:
    client = pm_env.add_client(autopay=True)
    page = profile(qtbot, pm_env, make_section, client, pages)
    assert page.header.fact_texts() == ["Autopay: On \u2014 paused (no default method)"]
