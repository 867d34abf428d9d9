"""What Settings → Stripe says about keys: each problem the key check finds, the permissions a
restricted key needs (as the Stripe Dashboard names them), and what to do without a keyring.

Whole sentences for translators, in the ``StripeSettingsDialog`` context the dialog uses.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication

from owl_desktop.services.stripe_connection import KeyProblem
from owl_desktop.ui.translate import QT_TRANSLATE_NOOP

# The dialog's class name: the catalogues hold these sentences under it.
CONTEXT = "StripeSettingsDialog"

# Problem code -> sentence (what is wrong, then what to do). Whole sentences for translators.
PROBLEM_TEXTS: dict[str, str] = {
    "publishable_missing": QT_TRANSLATE_NOOP(
        "StripeSettingsDialog",
        "Enter the publishable key. It starts with pk_live_ or pk_test_."),
    "secret_missing": QT_TRANSLATE_NOOP(
        "StripeSettingsDialog",
        "Enter the secret key. A restricted key (rk_live_…) is recommended."),
    "publishable_malformed": QT_TRANSLATE_NOOP(
        "StripeSettingsDialog",
        "The publishable key doesn't look like a Stripe key. Copy it again from the Stripe "
        "Dashboard (Developers → API keys): it starts with pk_live_ or pk_test_."),
    "secret_malformed": QT_TRANSLATE_NOOP(
        "StripeSettingsDialog",
        "The secret key doesn't look like a Stripe key. Copy it again in full: a restricted key "
        "starts with rk_live_ or rk_test_, a standard secret key with sk_live_ or sk_test_."),
    "secret_in_publishable_field": QT_TRANSLATE_NOOP(
        "StripeSettingsDialog",
        "A secret key was pasted in the publishable key field. Move it to the secret key field; "
        "the publishable key starts with pk_."),
    "publishable_in_secret_field": QT_TRANSLATE_NOOP(
        "StripeSettingsDialog",
        "A publishable key was pasted in the secret key field. Enter a restricted key (rk_…) or "
        "a secret key (sk_…) there."),
    "modes_differ": QT_TRANSLATE_NOOP(
        "StripeSettingsDialog",
        "One key is a test key and the other a live key. Copy both keys from the same mode of "
        "the Stripe Dashboard."),
    "accounts_differ": QT_TRANSLATE_NOOP(
        "StripeSettingsDialog",
        "The two keys belong to different Stripe accounts. Copy both keys from the clinic's own "
        "Stripe account."),
    "secret_revoked": QT_TRANSLATE_NOOP(
        "StripeSettingsDialog",
        "Stripe says the secret key has expired or was revoked. Create a new restricted key in "
        "the Stripe Dashboard and enter it here."),
    "secret_invalid": QT_TRANSLATE_NOOP(
        "StripeSettingsDialog",
        "Stripe doesn't recognise the secret key. Check that it was copied in full, or create a "
        "new restricted key in the Stripe Dashboard."),
    "publishable_revoked": QT_TRANSLATE_NOOP(
        "StripeSettingsDialog",
        "Stripe says the publishable key has expired or was replaced. Copy the current "
        "publishable key from the Stripe Dashboard."),
    "publishable_invalid": QT_TRANSLATE_NOOP(
        "StripeSettingsDialog",
        "Stripe doesn't recognise the publishable key. Copy it again from the Stripe Dashboard."),
    "permission_missing": QT_TRANSLATE_NOOP(
        "StripeSettingsDialog",
        "The restricted key is missing a permission: {resource} needs “{access}”. In the Stripe "
        "Dashboard, edit the key and set {resource} to {access}."),
    "stripe_unreachable": QT_TRANSLATE_NOOP(
        "StripeSettingsDialog",
        "Stripe can't be reached right now, so the keys couldn't be checked. Check the internet "
        "connection and try again."),
    "check_failed": QT_TRANSLATE_NOOP(
        "StripeSettingsDialog",
        "Stripe refused to check these keys. Try again; if it keeps happening, the details are "
        "in the log file."),
}

# Permission -> (Dashboard resource name, access): as the Dashboard's key editor names them.
PERMISSION_LABELS: dict[str, tuple[str, str]] = {
    "customers_write": (QT_TRANSLATE_NOOP("StripeSettingsDialog", "Customers"),
                       QT_TRANSLATE_NOOP("StripeSettingsDialog", "Write")),
    "setup_intents_write": (QT_TRANSLATE_NOOP("StripeSettingsDialog", "SetupIntents"),
                           QT_TRANSLATE_NOOP("StripeSettingsDialog", "Write")),
    "payment_methods_write": (QT_TRANSLATE_NOOP("StripeSettingsDialog", "PaymentMethods"),
                             QT_TRANSLATE_NOOP("StripeSettingsDialog", "Write")),
    "payment_intents_write": (QT_TRANSLATE_NOOP("StripeSettingsDialog", "PaymentIntents"),
                             QT_TRANSLATE_NOOP("StripeSettingsDialog", "Write")),
    "mandates_read": (QT_TRANSLATE_NOOP("StripeSettingsDialog", "Mandates"),
                     QT_TRANSLATE_NOOP("StripeSettingsDialog", "Read")),
    "events_read": (QT_TRANSLATE_NOOP("StripeSettingsDialog", "Events"),
                   QT_TRANSLATE_NOOP("StripeSettingsDialog", "Read")),
    "refunds_write": (QT_TRANSLATE_NOOP("StripeSettingsDialog", "Refunds"),
                      QT_TRANSLATE_NOOP("StripeSettingsDialog", "Write")),
}

# Sentences services raise (translated through ui.messages, context "UserFacingError").
_SERVICE_SENTENCES = (
    QT_TRANSLATE_NOOP("UserFacingError", "This computer has no secure password store (keyring) "
                      "that Owl Desktop can use, so the Stripe secret key can't be saved or "
                      "read."),
    QT_TRANSLATE_NOOP("UserFacingError", "On Windows and macOS the system keychain is used: "
                      "sign in to your user account normally and try again. On Linux, install "
                      "and unlock a Secret Service keyring (GNOME Keyring or KDE Wallet), then "
                      "try again. Owl Desktop never writes the key to a plain file."),
    QT_TRANSLATE_NOOP("UserFacingError", "The system password store (keyring) is locked, so "
                      "the Stripe secret key can't be used."),
    QT_TRANSLATE_NOOP("UserFacingError", "Unlock your keyring (or sign in again), then try "
                      "again."),
    QT_TRANSLATE_NOOP("UserFacingError", "Stripe is connected, but its secret key isn't saved "
                      "on this computer."),
    QT_TRANSLATE_NOOP("UserFacingError", "An administrator should open Settings → Stripe on "
                      "this computer and enter the secret key again."),
)


# What to do when no keyring can be used, per OS: staff read only their own computer's advice.
KEYRING_HINTS: dict[str, str] = {
    "win32": QT_TRANSLATE_NOOP(
        "StripeSettingsDialog",
        "Windows keeps the key in its Credential Manager: sign in to your Windows account "
        "normally (not as a guest) and try again."),
    "darwin": QT_TRANSLATE_NOOP(
        "StripeSettingsDialog",
        "macOS keeps the key in your login keychain: sign in to your user account normally, "
        "unlock the keychain, and try again."),
    "linux": QT_TRANSLATE_NOOP(
        "StripeSettingsDialog",
        "Install and unlock a Secret Service keyring (GNOME Keyring or KDE Wallet), then try "
        "again."),
}
KEYRING_NO_FILE = QT_TRANSLATE_NOOP(
    "StripeSettingsDialog", "Owl Desktop never writes the key to a plain file.")


def keyring_hint(platform: str = sys.platform) -> str:
    """The translated advice for this computer's OS only (the service's hint covers all)."""
    key = "win32" if platform.startswith(("win", "cygwin")) else (
        "darwin" if platform == "darwin" else "linux")
    return translated(KEYRING_HINTS[key]) + " " + translated(KEYRING_NO_FILE)


def translated(source: str) -> str:
    """A source string of this module, in the user's language."""
    return QCoreApplication.translate(CONTEXT, source)


def problem_text(problem: KeyProblem) -> str:
    """The translated sentence for one problem found by the key check."""
    text = translated(PROBLEM_TEXTS[problem.code])
    if problem.code == "permission_missing" and problem.permission is not None:
        resource, access = PERMISSION_LABELS[problem.permission]
        text = text.format(resource=translated(resource), access=translated(access))
    return text


def problem_texts(problems: tuple[KeyProblem, ...]) -> list[str]:
    """One sentence per problem, except that several missing permissions make one sentence
    listing every setting to change (the administrator edits the key once)."""
    missing = [p for p in problems if p.code == "permission_missing" and p.permission]
    if len(missing) < 2:
        return [problem_text(p) for p in problems]
    labels = [PERMISSION_LABELS[p.permission] for p in missing if p.permission is not None]
    settings = ", ".join(f"{translated(resource)} → {translated(access)}"
                         for resource, access in labels)
    combined = QCoreApplication.translate(
        "StripeSettingsDialog",
        "The restricted key is missing permissions the app needs. In the Stripe Dashboard, "
        "edit the key and set: {settings}.").format(settings=settings)
    texts = [problem_text(p) for p in problems if p not in missing]
    return [*texts, combined]
