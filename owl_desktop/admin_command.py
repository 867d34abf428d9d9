"""``owl-desktop reset-admin-passphrase``: clear a forgotten clinic administrator's passphrase.

Nobody at a desk can recover the passphrase (only its argon2id hash is kept). Whoever can reach
the clinic's database — the server's administrator, or the person at the desk holding the
SQLite file — runs this command against it (``--database-url`` or ``OWL_DATABASE_URL``, as the
desks do). It needs no Stripe secret and no window. When a passphrase is set it asks the person
at the terminal to confirm by typing ``reset`` (the question on stderr, the answer on stdin;
``--yes`` skips it, for scripts); anything else — an empty line, the end of the input, Ctrl+C —
changes nothing and exits non-zero. It says what it did on stdout and records it in the
administrator's history (who: this computer's OS user; desk: ``OWL_DESK`` or the host name).
The next refund or change to Settings → Payments at any desk sets a new passphrase, as the
first time. Its messages are in English, like every other command's.
docs/administrator-passphrase.md.
"""

from __future__ import annotations

import sys

from owl_desktop.config import Config
from owl_desktop.errors import UserFacingError
from owl_desktop.headless import EXIT_FAILURE, EXIT_OK, say
from owl_desktop.store.db import describe

COMMAND = "owl-desktop reset-admin-passphrase"
CONFIRM_WORD = "reset"


def _confirmed(where: str) -> bool:
    """Ask the person at the terminal; only the word typed confirms."""
    sys.stderr.write(f"{COMMAND}: this clears the clinic administrator's passphrase in "
                     f"{where}. Every desk then asks for a new one at the next refund or "
                     f"change to Settings → Payments. Type {CONFIRM_WORD} to confirm: ")
    sys.stderr.flush()
    if sys.stdin is None:  # no console at all
        return False
    try:
        answer = sys.stdin.readline()
    except KeyboardInterrupt:
        answer = ""
    if not answer.endswith("\n"):  # Ctrl+D or Ctrl+C: what follows starts a line of its own
        sys.stderr.write("\n")
    return answer.strip().casefold() == CONFIRM_WORD


def run_reset_admin_passphrase(config: Config) -> int:
    from owl_desktop.composition import build_services

    try:
        services = build_services(config, open_stripe=False, headless=True)
    except UserFacingError as error:
        say(f"{COMMAND}: {error.message} {error.hint}".strip())
        return EXIT_FAILURE
    try:
        where = describe(config.database_url)
        if services.admin.is_set() and config.extra.get("yes") != "True" \
                and not _confirmed(where):
            say(f"{COMMAND}: not confirmed; nothing was changed. Run it again and type "
                f"{CONFIRM_WORD} when asked, or add --yes in a script.")
            return EXIT_FAILURE
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
