"""The sweep of debit failure mails in a process of its own, for race and kill tests:

``python -m tests.integration.autopay.mail_driver DB_URL START_AT``

It waits for the wall-clock ``START_AT`` (so several processes sweep at the same instant),
runs ``DebitFailureMail.send_due`` once on the real clock with the clinic's saved mail
settings, logs to stderr, and prints one JSON line: ``{"sent": n}``. Pointed at a mail server
that never answers, it hangs while sending: a test kills it there.
"""

from __future__ import annotations

import json
import logging
import sys
import time

from owl_desktop.core.clock import utc_now
from owl_desktop.mail.smtp import SmtpTransport
from owl_desktop.services.debit_failure_mail import DebitFailureMail
from owl_desktop.services.failed_payment_mail import FailedPaymentMail
from owl_desktop.services.mailer import Mailer
from owl_desktop.services.smtp_secrets import KeyringSmtpPassword
from owl_desktop.store.db import create_db_engine
from owl_desktop.store.uow import UnitOfWorkFactory


def main(argv: list[str]) -> int:
    database_url, start_at = argv
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(name)s %(levelname)s %(message)s")
    engine = create_db_engine(database_url)
    uow = UnitOfWorkFactory(engine)
    mailer = Mailer(uow, KeyringSmtpPassword(), SmtpTransport(None), timeout=120.0)
    sweep = DebitFailureMail(uow, FailedPaymentMail(uow, mailer), utc_now)
    with uow() as u:  # connected before the start line
        u.settings.get("x")
    time.sleep(max(0.0, float(start_at) - time.time()))
    sent = sweep.send_due()
    print(json.dumps({"sent": sent}), flush=True)
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
