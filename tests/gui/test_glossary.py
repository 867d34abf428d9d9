"""The French desk uses the help article's words (docs/glossary.md), in the compiled catalogue
and on the real widgets."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from owl_desktop.store.uow import UnitOfWorkFactory
from owl_desktop.ui.i18n import Translations
from owl_desktop.ui.main_window import MainWindow
from owl_desktop.ui.payment_methods.add_flow import TypeChoiceDialog
from tests.gui.keyboard import type_text
from tests.gui.windows import make_window

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "docs" / "glossary.md"
CATALOGUE = ROOT / "resources" / "i18n" / "owl_desktop_fr_CA.ts"


# Contexts that name events that happened ("Set as default" → "Défini par défaut"), not
# actions or labels: the glossary says so.
EVENT_CONTEXTS = {"AuditTrail"}


def glossary() -> list[tuple[str, str, list[str]]]:
    """(English term, French term, English texts on screen) for each row of the table."""
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and "`" in cells[2]:
            rows.append((cells[0], cells[1], re.findall(r"`([^`]+)`", cells[2])))
    return rows


def banned_words() -> list[str]:
    text = GLOSSARY.read_text(encoding="utf-8").split("## Words we don't use", 1)[1]
    return re.findall(r"^- \*([^*]+)\*", text, flags=re.MULTILINE)


def shown(text: str) -> str:
    """A Qt text as the user reads it: mnemonics out, ``&&`` as ``&``, no trailing ellipsis."""
    text = re.sub(r"&(.)", r"\1", text)
    return text.removesuffix("…").removesuffix("...").strip()


def messages() -> Iterator[tuple[str, str, int]]:
    """(context, source, n) of every message in the catalogue; n is -1, or 2 for a plural
    message (Qt finds a plural message's translation only when given a count)."""
    tree = ET.parse(CATALOGUE)
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            n = 2 if message.get("numerus") == "yes" else -1
            yield name, message.findtext("source") or "", n


def french(context: str, source: str, n: int = -1) -> str:
    return QCoreApplication.translate(context, source, None, n)


def test_the_glossary_lists_the_articles_terms() -> None:
    terms = {fr for _en, fr, _texts in glossary()}
    assert {"Modes de paiement", "Ajouter un mode de paiement", "Carte de crédit",
            "Compte bancaire", "Définir par défaut", "Enregistrer",
            "Contact et clinique"} <= terms
    assert {"Coordonnées & clinique", "Enregistrer la carte"} <= set(banned_words())


@pytest.mark.parametrize(("english", "term", "on_screen"), glossary(),
                         ids=[row[0] for row in glossary()])
def test_french_catalogue_uses_the_term(translations: Translations, english: str, term: str,
                                        on_screen: list[str]) -> None:
    translations.install("fr")
    wanted = {text.removesuffix("…") for text in on_screen}  # as read: no mnemonics
    found = [(ctx, src, n) for ctx, src, n in messages()
             if shown(src) in wanted and ctx not in EVENT_CONTEXTS]
    assert found, f"no string shows {on_screen} in English"
    for ctx, src, n in found:
        assert shown(french(ctx, src, n)) == term, (ctx, src, french(ctx, src, n))


def test_french_catalogue_avoids_the_words_we_dont_use(translations: Translations) -> None:
    translations.install("fr")
    banned = [w.lower() for w in banned_words()]
    checked = 0
    for ctx, src, n in messages():
        text = shown(french(ctx, src, n)).lower()
        checked += text != shown(src).lower()
        assert not any(word in text for word in banned), (ctx, src, text)
    assert checked > 500  # the French catalogue was really read


def texts_of(widget: QWidget) -> set[str]:
    found = set()
    for child in widget.findChildren(QWidget):
        if isinstance(child, QLabel | QAbstractButton):
            found.add(shown(child.text()))
        elif isinstance(child, QGroupBox):
            found.add(shown(child.title()))
    return found


@pytest.fixture
def french_window(qtbot: QtBot, sqlite_uow_factory: UnitOfWorkFactory,
                  translations: Translations) -> Iterator[MainWindow]:
    translations.install("fr")
    window = make_window(qtbot, sqlite_uow_factory)
    yield window
    window.close()


def test_french_desk_shows_the_articles_words(qtbot: QtBot,
                                              french_window: MainWindow) -> None:
    window = french_window
    type_text(qtbot, window.search_panel.search_field, "elise")
    qtbot.waitUntil(lambda: window.search_panel.count_label.text() == "1 client")
    with qtbot.waitSignal(window.client_opened):
        qtbot.keyClick(window.search_panel.search_field, Qt.Key.Key_Return)
    tabs = window.profile_page.tabs
    assert shown(tabs.tabText(tabs.indexOf(window.profile_page.contact_tab))) == \
        "Contact et clinique"
    on_screen = texts_of(window)
    assert "Modes de paiement" in on_screen
    assert "Nouveau client" in on_screen

    client = window.current_client
    assert client is not None
    dialog = TypeChoiceDialog(client, window)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Ajouter un mode de paiement"
    assert shown(dialog.card_button.text()) == "Carte de crédit"
    assert shown(dialog.bank_button.text()) == "Compte bancaire"
    assert f"Quel mode de paiement garder au dossier de {client.full_name}\u00a0?" in \
        texts_of(dialog)
