"""The mails' words and their HTML: placeholders filled safely, markup escaped, dates written
out in the clinic's time zone in English and French."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from owl_desktop.services.mail_texts import MailContent, compose, when

TORONTO = ZoneInfo("America/Toronto")


def test_dates_are_written_out_in_the_clinics_zone() -> None:
    instant = datetime(2026, 12, 1, 3, 5, tzinfo=UTC)  # 22:05 the day before in Toronto
    assert when(instant, TORONTO, "en") == "November 30, 2026, 22:05"
    assert when(instant, TORONTO, "fr") == "30 novembre 2026, 22 h 05"
    assert when(datetime(2026, 3, 1, 17, 0, tzinfo=UTC), TORONTO, "fr") == \
        "1er mars 2026, 12 h 00"


def test_values_are_escaped_in_the_html_and_plain_in_the_text() -> None:
    content = compose("invitation", "en", link="https://p.example/invitation/a?b=1&c=2",
                      name="<b>Zoé</b> {clinic}", clinic="Dr. A & B", expires="Dec 9")
    assert content.subject == "Your client portal at Dr. A & B"
    assert "Hello <b>Zoé</b> {clinic}," in content.text  # no placeholder inside a value
    assert "&lt;b&gt;Zoé&lt;/b&gt;" in content.html
    assert "<b>Zoé</b>" not in content.html
    assert 'href="https://p.example/invitation/a?b=1&amp;c=2"' in content.html
    assert content.text.rstrip().endswith("Dr. A & B")


def test_every_kind_has_both_languages() -> None:
    for kind in ("test", "invitation", "reset"):
        english = compose(kind, "en", link="https://x", name="N", clinic="C", expires="E",
                          minutes="60")
        french = compose(kind, "fr", link="https://x", name="N", clinic="C", expires="E",
                         minutes="60")
        assert english.subject != french.subject
        assert "{" not in english.text + french.text
    assert compose("reset", "de", clinic="C").subject == "Reset your password at C"


def test_a_mail_built_by_hand() -> None:
    content = MailContent.of("Booked", ["Monday 10:00 with Dr. Roy."], signature="Clinic")
    assert content.text == "Monday 10:00 with Dr. Roy.\n\nClinic\n"
    assert "<p>Monday 10:00 with Dr. Roy.</p>" in content.html
    assert "<a " not in content.html
