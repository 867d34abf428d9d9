"""French (fr_CA) UI from the built catalogues; the catalogues cover every UI string."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from owl_desktop.store.uow import UnitOfWorkFactory
from owl_desktop.ui import i18n_build
from owl_desktop.ui.i18n import Translations, choose_language
from owl_desktop.ui.main_window import MainWindow
from owl_desktop.ui.status_indicators import StatusIndicators
from tests.gui.keyboard import type_text
from tests.gui.windows import make_window

NBSP = "\u00a0"


def unfinished(ts: Path) -> list[str]:
    root = ET.parse(ts).getroot()
    return [f"{context.findtext('name')}: {message.findtext('source')}"
            for context in root.iter("context") for message in context.iter("message")
            if message.find("translation") is not None
            and message.find("translation").get("type") == "unfinished"]


def test_every_ui_string_has_a_french_translation_and_english_plurals(tmp_path: Path) -> None:
    """Re-extract the strings from today's code into copies: nothing new, nothing untranslated."""
    copies = {}
    for lang, ts in i18n_build.ts_files().items():
        copies[lang] = tmp_path / ts.name
        shutil.copy(ts, copies[lang])
    i18n_build.update(targets=copies)
    assert unfinished(copies["fr"]) == []
    assert unfinished(copies["en"]) == []


@pytest.fixture
def french_window(qtbot: QtBot, sqlite_uow_factory: UnitOfWorkFactory,
                  translations: Translations) -> Iterator[MainWindow]:
    """As the app does it: the language is chosen before any window is built."""
    translations.install("fr")
    window = make_window(qtbot, sqlite_uow_factory)
    yield window
    window.close()


def test_french_main_window(qtbot: QtBot, french_window: MainWindow) -> None:
    window = french_window
    assert window.menuBar().actions()[0].text() == "&Fichier"
    assert window.search_panel.search_field.placeholderText() == (
        "Rechercher par nom, courriel ou téléphone")
    status = StatusIndicators()
    qtbot.addWidget(status)
    assert status.mode_label.accessibleName() == f"Stripe{NBSP}: non connecté"
    form = window.new_client()
    assert form.windowTitle() == "Nouveau client"
    assert form.save_button.text() == "Créer le client"
    type_text(qtbot, form.fields["first_name"], "Zoé")
    type_text(qtbot, form.fields["last_name"], "Roy")
    type_text(qtbot, form.fields["email"], "zoe@")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.error_text("email") != "")
    assert form.error_text("email") == "Entrez une adresse courriel comme nom@exemple.com."
    assert form.summary_label.text() == "1 champ à corriger."
    province = form.fields["province"]
    names = [province.itemText(i) for i in range(province.count())]  # type: ignore[union-attr]
    assert "Québec" in names
    assert "Colombie-Britannique" in names
    form.reject()


def test_french_search_count_and_profile(qtbot: QtBot, french_window: MainWindow) -> None:
    window = french_window
    field = window.search_panel.search_field
    type_text(qtbot, field, "tremblay")
    with qtbot.waitSignal(window.client_opened):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.search_panel.count_label.text() == "1 client"
    tab = window.profile_page.contact_tab
    assert tab.edit_button.text() == "&Modifier…"
    assert tab.autopay_value.text() == "Désactivé"
    assert tab.address_value.text().endswith("Canada")
    assert window.profile_page.tabs.tabText(0) == "Contact et clinique"  # the help article's words
    assert tab.since_value.text().split()[1] in (
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre")


def test_language_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    assert choose_language("fr") == "fr"
    assert choose_language("en") == "en"
    assert choose_language(None) in ("en", "fr")


def test_qt_own_strings_follow_the_language(translations: Translations) -> None:
    from PySide6.QtCore import QCoreApplication

    translations.install("fr")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
    translations.install("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
