"""The words of the mails the clinic sends clients, in English and French (the client reads
them, not staff: so not the desk's Qt catalogue), and the one way a mail's HTML is made.

``compose(kind, language, **values)`` gives a :class:`MailContent` (subject, plain text, HTML)
for ``test``, ``invitation`` and ``reset``. A new kind (the booking's confirmation) can either
add its words here or build its own with :meth:`MailContent.of`. Values are escaped in the
HTML; a link is shown as a button and, in full, as text (some clients block buttons).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

LANGUAGES = ("en", "fr")


@dataclass(frozen=True)
class MailContent:
    """One message's words: the subject, the plain-text body and its HTML twin."""

    subject: str
    text: str
    html: str

    @classmethod
    def of(cls, subject: str, paragraphs: Sequence[str], *, link: str = "",
           link_label: str = "", after_link: Sequence[str] = (),
           signature: str = "") -> MailContent:
        """Plain paragraphs (no markup: they are escaped), an optional link with its button
        label, paragraphs after it and a signature (the clinic's name)."""
        text_parts = list(paragraphs)
        html_parts = [f"<p>{html.escape(p)}</p>" for p in paragraphs]
        if link:
            text_parts.append(link)
            url = html.escape(link, quote=True)
            html_parts.append(
                f'<p><a href="{url}" style="display:inline-block;padding:10px 18px;'
                f'background:#1f5fa8;color:#ffffff;text-decoration:none;border-radius:4px">'
                f"{html.escape(link_label or link)}</a></p>"
                f'<p style="font-size:90%;color:#555">{html.escape(link)}</p>')
        text_parts.extend(after_link)
        html_parts.extend(f"<p>{html.escape(p)}</p>" for p in after_link)
        if signature:
            text_parts.append(signature)
            html_parts.append(f"<p>{html.escape(signature)}</p>")
        body = "\n".join(html_parts)
        page = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>'
                f"{html.escape(subject)}</title></head>"
                f'<body style="font-family:sans-serif;line-height:1.5;color:#222">'
                f"{body}</body></html>")
        return cls(subject, "\n\n".join(text_parts) + "\n", page)


_WORDS: dict[str, dict[str, dict[str, object]]] = {
    "en": {
        "test": {
            "subject": "Test email from {clinic}",
            "paragraphs": ["This is a test email sent from Owl Desktop's Settings → Online "
                           "portal. The clinic's email settings work."],
        },
        "invitation": {
            "subject": "Your client portal at {clinic}",
            "paragraphs": ["Hello {name},",
                           "{clinic} invites you to its client portal, where you can see your "
                           "payment methods and add your own card or bank account.",
                           "Open this link to choose your password:"],
            "link_label": "Choose my password",
            "after_link": ["The link can be used once, until {expires}. If you didn't "
                           "expect this email, you can ignore it."],
        },
        "reset": {
            "subject": "Reset your password at {clinic}",
            "paragraphs": ["Hello {name},",
                           "Someone (probably you) asked to reset the password of your "
                           "client portal account at {clinic}. Open this link to choose a "
                           "new password:"],
            "link_label": "Choose a new password",
            "after_link": ["The link can be used once, within {minutes} minutes. If you "
                           "didn't ask for it, ignore this email: your password stays as "
                           "it is."],
        },
    },
    "fr": {
        "test": {
            "subject": "Courriel d’essai de {clinic}",
            "paragraphs": ["Ceci est un courriel d’essai envoyé depuis Paramètres → Portail "
                           "en ligne d’Owl Desktop. Les réglages de courriel de la clinique "
                           "fonctionnent."],
        },
        "invitation": {
            "subject": "Votre portail client chez {clinic}",
            "paragraphs": ["Bonjour {name},",
                           "{clinic} vous invite à son portail client, où vous pouvez voir "
                           "vos modes de paiement et ajouter vous-même une carte ou un compte "
                           "bancaire.",
                           "Ouvrez ce lien pour choisir votre mot de passe\u00a0:"],
            "link_label": "Choisir mon mot de passe",
            "after_link": ["Le lien peut être utilisé une seule fois, jusqu’au {expires}. Si "
                           "vous n’attendiez pas ce courriel, vous pouvez l’ignorer."],
        },
        "reset": {
            "subject": "Réinitialisez votre mot de passe chez {clinic}",
            "paragraphs": ["Bonjour {name},",
                           "Quelqu’un (probablement vous) a demandé de réinitialiser le mot "
                           "de passe de votre compte du portail client chez {clinic}. Ouvrez "
                           "ce lien pour choisir un nouveau mot de passe\u00a0:"],
            "link_label": "Choisir un nouveau mot de passe",
            "after_link": ["Le lien peut être utilisé une seule fois, dans les {minutes} "
                           "minutes. Si vous ne l’avez pas demandé, ignorez ce courriel\u00a0: "
                           "votre mot de passe reste le même."],
        },
    },
}


_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
}


def when(instant: datetime, zone: ZoneInfo, language: str) -> str:
    """``instant`` in the clinic's time zone, written out (no OS locale involved):
    "December 10, 2026, 14:30" or "10 décembre 2026, 14 h 30"."""
    local = instant.astimezone(zone)
    if language == "fr":
        day = "1er" if local.day == 1 else str(local.day)
        return (f"{day} {_MONTHS['fr'][local.month - 1]} {local.year}, "
                f"{local.hour} h {local.minute:02d}")
    return f"{_MONTHS['en'][local.month - 1]} {local.day}, {local.year}, {local:%H:%M}"


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _fill(text: str, values: dict[str, str]) -> str:
    """One pass: a value that itself holds ``{name}`` is left as typed."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def compose(kind: str, language: str, *, link: str = "", **values: str) -> MailContent:
    """The ``kind`` mail in ``language`` (English when not ``fr``), ``{name}``-style
    placeholders filled from ``values`` (no other formatting: a brace in a name is harmless).
    The signature is ``values["clinic"]``."""
    words = _WORDS["fr" if language == "fr" else "en"][kind]

    def many(key: str) -> list[str]:
        found = words.get(key, [])
        assert isinstance(found, list)
        return [_fill(str(p), values) for p in found]

    return MailContent.of(_fill(str(words["subject"]), values), many("paragraphs"),
                          link=link, link_label=_fill(str(words.get("link_label", "")), values),
                          after_link=many("after_link"), signature=values.get("clinic", ""))
