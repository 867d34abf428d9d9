"""``owl-desktop --sandbox``: the portal served beside the desk (``portal/serve.py``) has the
Billing tab wired to the desk's billing: a demo client signs in over real HTTP, sees an
invoice paid at the desk and downloads its receipt."""

from __future__ import annotations

import re
from pathlib import Path

import httpx2 as httpx

from owl_desktop.composition import build_services, start_sandbox_portal
from owl_desktop.config import load_config
from owl_desktop.domain.billing import InvoiceDraft, PaymentMethodKind
from owl_desktop.portal.serve import DEMO_PASSWORD
from tests.integration.portal.test_sandbox_portal import wait_until_serving


def test_the_sandbox_portal_shows_billing_and_receipts(tmp_path: Path) -> None:
    services = build_services(load_config(["--sandbox", "--data-dir", str(tmp_path)],
                                          environ={}), open_stripe=False)
    try:
        client = next(c for c in services.client_service.search("", limit=50) if c.email)
        invoice = services.billing.make_invoice(InvoiceDraft(
            client.id, "Sandbox massage", 87_50, services.clock().date()))
        payment = services.billing.record_payment(invoice.id, PaymentMethodKind.CHEQUE, 87_50,
                                                  reference="314")
        url = start_sandbox_portal(services)
        wait_until_serving(url)
        with httpx.Client(base_url=url, timeout=30) as browser:
            form = browser.get("/sign-in").text
            csrf = re.search(r'name="csrf" value="([^"]+)"', form)
            assert csrf is not None
            signed = browser.post("/sign-in", data={"csrf": csrf.group(1),
                                                    "email": client.email,
                                                    "password": DEMO_PASSWORD})
            assert signed.status_code == 303, signed.text
            page = browser.get("/billing")
            assert page.status_code == 200
            assert f'data-invoice-number="{invoice.number}"' in page.text
            assert "Cheque no. 314" in page.text
            receipt = browser.get(f"/billing/payments/{payment.id}/receipt")
            assert receipt.status_code == 200
            assert receipt.content.startswith(b"%PDF")
            assert receipt.headers["content-disposition"].startswith("attachment;")
    finally:
        services.close()
