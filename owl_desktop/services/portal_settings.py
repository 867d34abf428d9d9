"""The clinic's settings for the client portal (Settings → Online portal at the desk).

Both sides read them from the database (the ``settings`` key-value namespace): the desk builds
invitation links from the public address; the portal shows the clinic's name and contact on
its pages and sends mail from the sender. Qt-free and web-free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from owl_desktop.errors import ValidationFailed
from owl_desktop.store.uow import UnitOfWorkFactory

SETTING_PUBLIC_URL = "portal.public_url"
SETTING_CLINIC_NAME = "portal.clinic_name"
SETTING_CLINIC_CONTACT = "portal.clinic_contact"
SETTING_EMAIL_SENDER = "portal.email_sender"
MAX_TEXT = 200
# Plain http only on this machine (the sandbox's portal); a real portal is behind HTTPS.
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


@dataclass(frozen=True)
class PortalSettings:
    public_url: str = ""
    clinic_name: str = ""
    clinic_contact: str = ""
    email_sender: str = ""

    def invitation_link(self, token: str) -> str:
        """The address a client opens to set their password ("" without a public address)."""
        if not self.public_url:
            return ""
        return f"{self.public_url.rstrip('/')}/invitation/{token}"


def public_url_problem(url: str) -> str:
    """Why ``url`` can't be the portal's public address (a code), or "" when it will do."""
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return "invalid"
    if parts.scheme not in ("https", "http") or not host or " " in url:
        return "invalid"
    if parts.query or parts.fragment or parts.username or parts.password:
        return "invalid"
    if parts.scheme == "http" and host not in _LOOPBACK:
        return "not_https"
    return ""


def normalized(settings: PortalSettings) -> PortalSettings:
    return PortalSettings(public_url=settings.public_url.strip().rstrip("/"),
                          clinic_name=" ".join(settings.clinic_name.split()),
                          clinic_contact=settings.clinic_contact.strip(),
                          email_sender=settings.email_sender.strip())


def problems(settings: PortalSettings) -> dict[str, str]:
    """Field codes: ``invalid``, ``not_https``, ``too_long``."""
    found: dict[str, str] = {}
    url_problem = public_url_problem(settings.public_url)
    if url_problem:
        found["public_url"] = url_problem
    for name in ("clinic_name", "clinic_contact", "email_sender"):
        if len(getattr(settings, name)) > MAX_TEXT:
            found[name] = "too_long"
    if settings.email_sender and not _EMAIL.match(settings.email_sender):
        found.setdefault("email_sender", "invalid")
    return found


class PortalSettingsService:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def load(self) -> PortalSettings:
        with self._uow() as uow:
            return PortalSettings(
                public_url=uow.settings.get(SETTING_PUBLIC_URL) or "",
                clinic_name=uow.settings.get(SETTING_CLINIC_NAME) or "",
                clinic_contact=uow.settings.get(SETTING_CLINIC_CONTACT) or "",
                email_sender=uow.settings.get(SETTING_EMAIL_SENDER) or "")

    def save(self, settings: PortalSettings) -> PortalSettings:
        """Check and store; raises ``ValidationFailed`` (field codes from ``problems``)."""
        settings = normalized(settings)
        found = problems(settings)
        if found:
            raise ValidationFailed(found)
        with self._uow(write=True) as uow:
            for key, value in ((SETTING_PUBLIC_URL, settings.public_url),
                               (SETTING_CLINIC_NAME, settings.clinic_name),
                               (SETTING_CLINIC_CONTACT, settings.clinic_contact),
                               (SETTING_EMAIL_SENDER, settings.email_sender)):
                if value:
                    uow.settings.set(key, value)
                else:
                    uow.settings.delete(key)
            uow.commit()
        return settings

    def point_at(self, public_url: str) -> None:
        """The sandbox: the portal this desk started is the public address."""
        if public_url_problem(public_url):
            raise ValidationFailed({"public_url": public_url_problem(public_url)})
        with self._uow(write=True) as uow:
            uow.settings.set(SETTING_PUBLIC_URL, public_url.rstrip("/"))
            uow.commit()
