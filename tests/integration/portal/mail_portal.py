"""The portal with mail: the ``portal`` fixture's clients and services, SMTP pointed at a
real server on 127.0.0.1 (aiosmtpd) and *Forgot your password?* switched on."""

from __future__ import annotations

import re
from dataclasses import dataclass

from owl_desktop.mail.smtp import SmtpTransport
from owl_desktop.portal.app import build_deps, create_app
from owl_desktop.services.mailer import Mailer
from owl_desktop.services.portal_mail import PortalMailService
from owl_desktop.services.portal_settings import PortalSettings, PortalSettingsService
from owl_desktop.services.smtp_secrets import KeyringSmtpPassword
from owl_desktop.services.smtp_settings import SmtpSettings, SmtpSettingsService
from tests.integration.portal.conftest import Portal
from tests.mail_server import MailServer, Received

PUBLIC_URL = "https://portal.clinic.example"


@dataclass
class MailPortal:
    portal: Portal
    mail: PortalMailService
    server: MailServer
    app: object


def with_mail(portal: Portal, server: MailServer, public_url: str = PUBLIC_URL,
              password: str = "") -> MailPortal:
    uow = portal.uow
    PortalSettingsService(uow).save(PortalSettings(
        public_url=public_url, clinic_name="Clinique Azur",
        email_sender="portal@clinic.example"))
    SmtpSettingsService(uow, KeyringSmtpPassword()).save(
        SmtpSettings(host=server.host, port=server.port, security=server.security,
                     username=server.username), password)
    mailer = Mailer(uow, KeyringSmtpPassword(), SmtpTransport(server.client_tls), timeout=5)
    mail = PortalMailService(uow, portal.accounts, mailer, portal.clock)
    env = portal.env
    deps = build_deps(portal.accounts, lambda: portal.methods, lambda: env.publishable_key,
                      env.js_url, mail=mail)
    return MailPortal(portal, mail, server, create_app(deps))


def reset_link(got: Received, base: str = PUBLIC_URL) -> str:
    found = re.search(re.escape(base) + r"/reset/[A-Za-z0-9_\-]+", got.part("plain"))
    assert found, got.part("plain")
    return found.group(0)
