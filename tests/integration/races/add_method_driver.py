"""A desk process that starts adding a card for a client (``PaymentMethodService.start_setup``,
which makes the client's Stripe customer first), for the lost-answer tests.

``python -m tests.integration.races.add_method_driver DB_URL API_BASE SECRET_KEY CLIENT_ID MODE``

``MODE``:

- ``report``: run it and print, as the last line of stdout, a JSON object: ``{"ok": {...}}``
  or ``{"error_type", "code", "message", "hint"}`` for the exception that reached the caller
  (what staff would read). Exit 0.
- ``kill_after_create``: SIGKILL this process the moment Stripe's answer to the customer
  creation arrives, before anything of it is recorded. Exit 3 if still alive after.
"""

from __future__ import annotations

import json
import os
import signal
import sys

from owl_desktop.errors import UserFacingError
from owl_desktop.payments.gateway import CustomerDetails, CustomerInfo
from owl_desktop.payments.stripe import StripeGateway
from tests.integration.sync.desk import open_desk


class KillAfterCreate(StripeGateway):
    def create_customer(self, details: CustomerDetails, *,
                        idempotency_key: str) -> CustomerInfo:
        info = super().create_customer(details, idempotency_key=idempotency_key)
        os.kill(os.getpid(), signal.SIGKILL)
        return info  # never reached


def main(argv: list[str]) -> int:
    database_url, api_base, secret_key, raw_client_id, mode = argv
    gateway = (KillAfterCreate(secret_key, api_base=api_base, timeout_s=10)
               if mode == "kill_after_create" else None)
    desk = open_desk("child", database_url, api_base, secret_key, gateway=gateway)
    try:
        info = desk.methods.start_setup(int(raw_client_id), "card")
    except UserFacingError as error:
        print(json.dumps({"error_type": type(error).__name__, "code": getattr(error, "code", ""),
                          "message": error.message, "hint": error.hint}))
    else:
        print(json.dumps({"ok": {"setup_intent": info.id, "customer": info.customer_id}}))
    finally:
        desk.close()
    return 3 if mode == "kill_after_create" else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
