"""The portal's two languages say the same things, and the browser's language is honoured."""

from __future__ import annotations

import re

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


def test_french_puts_a_non_breaking_space_before_double_punctuation() -> None:
    """Quebec typography: « Mot de passe oublié ? », never « oublié? » nor a plain space
    that lets the sign wrap to the next line alone (words_*.py are merged into FR)."""
    wrong = {key: value for key, value in FR.items()
             if re.search(r"[^\u00a0\u202f](?<!:/)[?!;:»](?!//)", value.replace("{", " {"))
             and not _only_urls_or_times(value)}
    assert wrong == {}
    assert text("fr", "forgot") == "Mot de passe oublié\u00a0?"


def _only_urls_or_times(value: str) -> bool:
    """A colon in https:// or 9:30 is not punctuation."""
    stripped = re.sub(r"https?://\S+|\d:\d\d", "", value)
    return not re.search(r"[^\u00a0\u202f][?!;:»]", stripped)
