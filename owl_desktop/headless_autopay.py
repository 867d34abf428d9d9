"""``owl-desktop autopay``: the autopay run without a window, for a server's scheduler.

Its Stripe secret comes from ``OWL_STRIPE_SECRET_KEY_FILE`` or ``OWL_STRIPE_SECRET_KEY``, like
``owl-desktop sync``. Without ``--if-due`` it runs now; with it, only when the nightly run is
due (the clinic's hour in its time zone, or a missed night), so a scheduler can call it every
few minutes. One run at a time with every desk and server (the lease): when another is under
way it says so and exits 0. A summary on stdout; failures are one sentence on stderr.

Before anything is charged, one call asks Stripe whose the secret key is: a key Stripe refuses
(revoked, mistyped) or a key of another Stripe account stops the run with one sentence and
exit 1. Without this check every invoice would be sent with it, and another account's key
would have each charge recorded as a failed payment (Stripe answers "no such customer"), the
client emailed about it and the invoice held back from later runs as declined.
"""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING, cast

from owl_desktop.config import Config
from owl_desktop.core import lease
from owl_desktop.errors import UserFacingError
from owl_desktop.headless import EXIT_FAILURE, EXIT_OK, say
from owl_desktop.payments.errors import (
    InvalidApiKey,
    PaymentError,
    RateLimited,
    StripeUnavailable,
)
from owl_desktop.payments.gateway import KeyCheckGateway
from owl_desktop.services.autopay_run import LEASE_NAME, Outcome, RunLine, RunSummary

if TYPE_CHECKING:
    from owl_desktop.composition import Services

EXIT_NOT_ALL_SENT = 3  # Stripe couldn't be reached for some invoices: run again later


def invoices(n: int) -> str:
    return f"{n} invoice" if n == 1 else f"{n} invoices"


def summary_text(summary: RunSummary) -> str:
    skipped = ", ".join(f"{reason} {n}" for reason, n in
                        sorted(summary.skipped_by_reason().items()))
    return (f"autopay ({summary.trigger}): {invoices(len(summary.lines))} — "
            f"paid {summary.count(Outcome.CHARGED)}, "
            f"processing {summary.count(Outcome.PROCESSING)}, "
            f"failed {summary.count(Outcome.FAILED)}, "
            f"needs authentication {summary.count(Outcome.REQUIRES_ACTION)}, "
            f"not sent {summary.count(Outcome.NOT_SENT)}, "
            f"skipped {summary.count(Outcome.SKIPPED)}" + (f" ({skipped})" if skipped else "")
            + (" — stopped before the end" if summary.stopped else ""))


def _line(done: int, total: int, line: RunLine) -> None:
    print(f"[{done}/{total}] invoice {line.invoice_number}: {line.outcome}"
          + (f" ({line.reason})" if line.reason else ""), flush=True)


def key_problem(gateway: KeyCheckGateway, account_id: str) -> tuple[int, str] | None:
    """(exit code, sentence) when the secret key can't be used for the clinic's account:
    refused by Stripe, another account's, or Stripe out of reach; None when it can."""
    try:
        found = gateway.identify_account()
    except InvalidApiKey:
        return EXIT_FAILURE, ("Stripe refused the secret key given to this process (revoked, "
                              "expired or mistyped); nothing was charged. Give the clinic's "
                              f"current restricted key of account {account_id}.")
    except (StripeUnavailable, RateLimited):
        return EXIT_NOT_ALL_SENT, ("Stripe couldn't be reached; nothing was charged. The "
                                   "next run tries again.")
    except PaymentError as error:
        return EXIT_FAILURE, (f"Stripe refused to say whose the secret key is ({error.code}); "
                              "nothing was charged.")
    if found.id is not None and found.id != account_id:
        return EXIT_FAILURE, (f"The secret key given to this process belongs to another "
                              f"Stripe account ({found.id}), not the clinic's ({account_id}); "
                              f"nothing was charged. Give the restricted key of {account_id}.")
    return None


def _holder_text(services: Services) -> str:
    """Who holds the run's lease and until when: a run killed midway keeps it until then
    (a server's admin otherwise can't tell a run under way from one that died)."""
    held = lease.current(services.uow_factory, LEASE_NAME)
    if held is None or held.holder is None or held.expires_at is None:
        return ""
    return (f" (held by {held.holder}; a run that stopped without finishing frees it at "
            f"{held.expires_at.astimezone(UTC):%H:%M:%S} UTC)")


def run_autopay(config: Config) -> int:
    from owl_desktop.composition import build_services

    name = "owl-desktop autopay"
    try:
        services = build_services(config, open_stripe=False, headless=True)
    except UserFacingError as error:
        say(f"{name}: {error.message} {error.hint}".strip())
        return EXIT_FAILURE
    try:
        try:
            credentials = services.credentials.credentials()
        except UserFacingError as error:
            say(f"{name}: {error.message} {error.hint}".strip())
            return EXIT_FAILURE
        if credentials is None:
            say(f"{name}: no Stripe account is connected to this database. An administrator "
                "connects it at a desk, in Settings → Stripe.")
            return EXIT_FAILURE
        parts = services.live.rebuild()
        if parts is None:
            say(f"{name}: Stripe could not be opened (see the log).")
            return EXIT_FAILURE
        # The metered gateway forwards every call to the Stripe client, key checks included.
        problem = key_problem(cast(KeyCheckGateway, parts.gateway), credentials.account_id)
        if problem is not None:
            say(f"{name}: {problem[1]}")
            return problem[0]
        try:
            if config.extra.get("if_due") == "True":
                found = services.nightly_autopay.check(progress=_line)
                if found is None:
                    print("autopay: nothing due (not the hour yet, already run tonight, "
                          "processing is manual, or another desk is running it)")
                    return EXIT_OK
                summary = found
            else:
                summary = services.autopay_runner.run("headless", progress=_line)
        except UserFacingError as error:
            say(f"{name}: {error.message} {error.hint}".strip())
            return EXIT_FAILURE
        if summary.busy:
            print("autopay: another desk or server is running it now; nothing done here"
                  + _holder_text(services))
            return EXIT_OK
        print(summary_text(summary))
        return EXIT_NOT_ALL_SENT if summary.count(Outcome.NOT_SENT) else EXIT_OK
    finally:
        services.close()
