"""The portal's two languages say the same things, and the browser's language is honoured."""

from __future__ import annotations

from owl_desktop.portal.i18n import EN, FR, choose_language, text


def test_every_text_exists_in_both_languages() -> None:
    assert set(EN) == set(FR)
    assert all(FR[key].strip() for key in FR)


def test_language_choice() -> None:
    assert choose_language("fr", "en") == "fr"
    assert choose_language(None, "de-DE,fr-CA;q=0.8,en;q=0.5") == "fr"
    assert choose_language(None, "en;q=0.2,fr;q=0.9") == "fr"
    assert choose_language("xx", "") == "en"
    assert text("fr", "expires", date="12/2030") == "Expire 12/2030"
