"""A desk process for the kill drills: charges one invoice and SIGKILLs itself at a step.

``python -m tests.integration.billing.charge_driver DB_URL API_BASE SECRET_KEY INVOICE_ID
PAYMENT_METHOD_ID KILL_AT``

``KILL_AT`` is a point of ``core/charging.py``: ``storing`` (the attempt and its key are
written, not committed), ``stored`` (committed, Stripe not called), ``answered`` (Stripe
answered, nothing recorded). The test reads the exit status (-SIGKILL) and charges again.
"""

from __future__ import annotations

import os
import signal
import sys

from owl_desktop.domain.audit import Workstation
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.services.billing import BillingService
from owl_desktop.store.db import create_db_engine
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory


def main(argv: list[str]) -> int:
    database_url, api_base, secret_key, invoice_id, method_id, kill_at = argv

    def hook(point: str) -> None:
        if point == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def here(_uow: UnitOfWork) -> Workstation:
        return Workstation(actor="crashing", desk="desk-K")

    engine = create_db_engine(database_url)
    gateway = StripeGateway(secret_key, api_base=api_base, timeout_s=10)
    billing = BillingService(UnitOfWorkFactory(engine), workstation=here,
                             gateway=lambda: gateway)
    billing.charge_hook = hook
    billing.charge_now(int(invoice_id), int(method_id))
    return 3  # not killed: the test fails on this exit code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
