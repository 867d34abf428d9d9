"""``owl-desktop reset-admin-passphrase``: clear a forgotten clinic administrator's passphrase.

Nobody at a desk can recover the passphrase (only its argon2id hash is kept). Whoever can reach
the clinic's database — the server's administrator, or the person at the desk holding the
SQLite file — runs this command against it (``--database-url`` or ``OWL_DATABASE_URL``, as the
desks do). It needs no Stripe secret and no window; it says what it did on stdout and records
it in the administrator's history (who: this computer's OS user; desk: ``OWL_DESK`` or the
host name). The next refund or change to Settings → Payments at any desk sets a new
passphrase, as the first time. docs/administrator-passphrase.md.
"""

from __future__ import annotations

from owl_desktop.config import Config
from owl_desktop.errors import UserFacingError
from owl_desktop.headless import EXIT_FAILURE, EXIT_OK, say
from owl_desktop.store.db import describe

COMMAND = "owl-desktop reset-admin-passphrase"


def run_reset_admin_passphrase(config: Config) -> int:
    from owl_desktop.composition import build_services

    try:
        services = build_services(config, open_stripe=False, headless=True)
    except UserFacingError as error:
        say(f"{COMMAND}: {error.message} {error.hint}".strip())
        return EXIT_FAILURE
    try:
        where = describe(config.database_url)
        if not services.admin.reset(COMMAND):
            print(f"{COMMAND}: no clinic administrator's passphrase is set in {where}; "
                  "nothing was changed. The next refund or change to Settings → Payments at a "
                  "desk sets one.")
            return EXIT_OK
        print(f"{COMMAND}: the clinic administrator's passphrase was cleared in {where} and "
              "this was recorded in the administrator's history. The next refund or change "
              "to Settings → Payments at a desk asks for a new passphrase (typed twice) and "
              "sets it.")
        return EXIT_OK
    except UserFacingError as error:
        say(f"{COMMAND}: {error.message} {error.hint}".strip())
        return EXIT_FAILURE
    finally:
        services.close()
