"""``owl-desktop --sandbox``: the desk starts the client portal on 127.0.0.1 beside the Stripe
double (same database), points Settings → Online portal's address at it, and stops it when it
closes. A demo client signs in with the demo password shown on the sign-in page; an invitation
made at the desk opens in that portal."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from owl_desktop.composition import build_services, start_sandbox_portal
from owl_desktop.config import load_config
from owl_desktop.portal.serve import DEMO_PASSWORD
from owl_desktop.services.portal_settings import PortalSettings


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def wait_until_serving(url: str, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while True:
        try:
            get(url + "/sign-in")
            return
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_the_sandbox_desk_serves_the_portal_beside_it(tmp_path: Path) -> None:
    services = build_services(load_config(["--sandbox", "--data-dir", str(tmp_path)],
                                          environ={}), open_stripe=False)
    try:
        services.portal_settings.save(PortalSettings(clinic_name="Clinique des Hiboux",
                                                     clinic_contact="514 555-0100"))
        url = start_sandbox_portal(services)
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
        assert services.portal_settings.load() == PortalSettings(
            url, "Clinique des Hiboux", "514 555-0100")
        wait_until_serving(url)
        page = get(url + "/sign-in")
        assert DEMO_PASSWORD in page
        # The clinic's name and contact from Settings → Online portal, on every page.
        assert '<span class="brand">Clinique des Hiboux</span>' in page
        assert "514 555-0100" in page

        client = services.client_service.search("", limit=1)[0]
        invitation = services.portal_accounts.invite(client.id)
        link = services.portal_settings.load().invitation_link(invitation.token)
        assert link.startswith(url + "/invitation/")
        assert "password" in get(link).lower()
    finally:
        services.close()
    with pytest.raises((urllib.error.URLError, ConnectionError)):
        get(url + "/sign-in")


def test_only_in_sandbox_mode(tmp_path: Path) -> None:
    services = build_services(load_config(["--data-dir", str(tmp_path)], environ={}),
                              open_stripe=False)
    try:
        with pytest.raises(ValueError, match="sandbox"):
            start_sandbox_portal(services)
    finally:
        services.close()
