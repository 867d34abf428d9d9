"""``owl-desktop autopay``: the autopay run without a window, for a server's scheduler.

Its Stripe secret comes from ``OWL_STRIPE_SECRET_KEY_FILE`` or ``OWL_STRIPE_SECRET_KEY``, like
``owl-desktop sync``. Without ``--if-due`` it runs now; with it, only when the nightly run is
due (the clinic's hour in its time zone, or a missed night), so a scheduler can call it every
few minutes. One run at a time with every desk and server (the lease): when another is under
way it says so and exits 0. A summary on stdout; failures are one sentence on stderr.
"""

from __future__ import annotations

from owl_desktop.config import Config
from owl_desktop.errors import UserFacingError
from owl_desktop.headless import EXIT_FAILURE, EXIT_OK, say
from owl_desktop.services.autopay_run import Outcome, RunLine, RunSummary

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
        if services.live.rebuild() is None:
            say(f"{name}: Stripe could not be opened (see the log).")
            return EXIT_FAILURE
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
            print("autopay: another desk or server is running it now; nothing done here")
            return EXIT_OK
        print(summary_text(summary))
        return EXIT_NOT_ALL_SENT if summary.count(Outcome.NOT_SENT) else EXIT_OK
    finally:
        services.close()
