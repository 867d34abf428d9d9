"""The clinic's email server (Settings → Online portal at the desk), in the database's
``settings`` namespace (keys ``smtp.*``) so every desk and the portal read the same; the
password is not a setting (``smtp_secrets.py``). The sender address is the portal's
``email_sender`` (``portal_settings.py``). Qt-free and web-free."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from owl_desktop.errors import ValidationFailed
from owl_desktop.mail.smtp import DEFAULT_PORTS, NONE, SECURITIES, STARTTLS, TLS
from owl_desktop.services.smtp_secrets import SmtpPasswordSource
from owl_desktop.store.uow import UnitOfWorkFactory

__all__ = ["DEFAULT_PORTS", "NONE", "SECURITIES", "STARTTLS", "TLS", "SmtpSettings",
           "SmtpSettingsService", "problems"]

SETTING_HOST = "smtp.host"
SETTING_PORT = "smtp.port"
SETTING_SECURITY = "smtp.security"
SETTING_USERNAME = "smtp.username"
# The language of mails to a client whose own language isn't known (an invitation).
SETTING_LANGUAGE = "smtp.default_language"
LANGUAGES = ("en", "fr")
# Plain SMTP (no TLS) only to a server on this machine: a password or a reset link never
# crosses a network in clear.
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
_HOST = re.compile(r"^[A-Za-z0-9.\-:\[\]]{1,253}$")


@dataclass(frozen=True)
class SmtpSettings:
    host: str = ""
    port: int = DEFAULT_PORTS[STARTTLS]
    security: str = STARTTLS
    username: str = ""
    default_language: str = "en"

    @property
    def configured(self) -> bool:
        return bool(self.host)


def problems(settings: SmtpSettings) -> dict[str, str]:
    """Field codes: ``invalid``, ``not_local`` (no encryption to a distant server),
    ``too_long``."""
    found: dict[str, str] = {}
    if settings.host and not _HOST.match(settings.host):
        found["host"] = "invalid"
    if not 0 < settings.port < 65536:
        found["port"] = "invalid"
    if settings.security not in SECURITIES:
        found["security"] = "invalid"
    elif settings.security == NONE and settings.host and settings.host not in LOOPBACK:
        found["security"] = "not_local"
    if len(settings.username) > 254:
        found["username"] = "too_long"
    if settings.default_language not in LANGUAGES:
        found["default_language"] = "invalid"
    return found


class SmtpSettingsService:
    """Load and save the server settings; ``passwords`` keeps the password (the keyring at
    a desk; read-only on a server)."""

    def __init__(self, uow: UnitOfWorkFactory, passwords: SmtpPasswordSource) -> None:
        self._uow = uow
        self._passwords = passwords

    def load(self) -> SmtpSettings:
        with self._uow() as uow:
            values = uow.settings
            security = values.get(SETTING_SECURITY) or STARTTLS
            try:
                port = int(values.get(SETTING_PORT) or DEFAULT_PORTS.get(security, 587))
            except ValueError:
                port = DEFAULT_PORTS.get(security, 587)
            return SmtpSettings(host=values.get(SETTING_HOST) or "", port=port,
                                security=security, username=values.get(SETTING_USERNAME) or "",
                                default_language=values.get(SETTING_LANGUAGE) or "en")

    def has_password(self) -> bool:
        """Whether a password is kept (the field shows that, never the password)."""
        return bool(self._passwords.password())

    def save(self, settings: SmtpSettings, password: str = "", *,
             forget_password: bool = False) -> SmtpSettings:
        """Check and store. ``password``: a new one for the keyring ("" keeps the one there);
        ``forget_password`` removes it. Raises ``ValidationFailed`` (``problems``' codes) or
        ``SmtpPasswordUnavailable`` (then nothing is saved)."""
        settings = replace(settings, host=settings.host.strip(),
                           username=settings.username.strip())
        found = problems(settings)
        if found:
            raise ValidationFailed(found)
        store = getattr(self._passwords, "store", None)
        if password and store is not None:
            store(password)
        elif forget_password and hasattr(self._passwords, "clear"):
            self._passwords.clear()
        with self._uow(write=True) as uow:
            for key, value in ((SETTING_HOST, settings.host),
                               (SETTING_PORT, str(settings.port)),
                               (SETTING_SECURITY, settings.security),
                               (SETTING_USERNAME, settings.username),
                               (SETTING_LANGUAGE, settings.default_language)):
                if value:
                    uow.settings.set(key, value)
                else:
                    uow.settings.delete(key)
            uow.commit()
        return settings
