"""What *Add payment method*'s state machine asks the widgets to do (``add_machine.py``).

Plain values, no Qt: each event of the machine returns a list of these and the dialog carries
them out.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OpenForm:
    """Show the form for ``kind`` in the entry view, pre-filled from the profile."""


@dataclass(frozen=True)
class StartSetup:
    """Have the service create the SetupIntent; ``setup_started`` / ``setup_failed`` follow."""


@dataclass(frozen=True)
class RetryLater:
    """Call ``retry_due`` after ``delay_s`` seconds (Stripe asked for a pause)."""

    delay_s: float


@dataclass(frozen=True)
class ProvideSecret:
    """Hand the SetupIntent's client secret to the page (Stripe.js confirms with it)."""

    client_secret: str


@dataclass(frozen=True)
class FocusForm:
    """Put the keyboard in the form (the page put the caret in its first field)."""


@dataclass(frozen=True)
class SetBusy:
    """Lock (or unlock) the form while Stripe or the service works."""

    busy: bool


@dataclass(frozen=True)
class Confirm:
    """Ask Stripe.js to confirm the SetupIntent; ``confirm_finished`` follows."""


@dataclass(frozen=True)
class Store:
    """Have the service fetch and record what Stripe saved; ``stored`` / ``store_failed``."""

    setup_intent_id: str


@dataclass(frozen=True)
class Abandon:
    """Cancel a SetupIntent nobody will confirm (the service keeps a method Stripe saved at the
    last moment)."""

    setup_intent_id: str


@dataclass(frozen=True)
class Announce:
    """Tell the list a method was saved."""

    method: object


@dataclass(frozen=True)
class HandOver:
    """A method saved after the dialog closed: whoever opened it still needs to hear of it."""

    method: object


@dataclass(frozen=True)
class KeepExisting:
    """Have the service keep only the method already on file: ``method_id`` (the one just
    added, which repeats it) is removed; ``duplicate_removed`` / ``duplicate_not_removed``."""

    method_id: int


@dataclass(frozen=True)
class Finish:
    """Close the dialog: the job is done."""


Effect = (OpenForm | StartSetup | RetryLater | ProvideSecret | FocusForm | SetBusy | Confirm
          | Store | Abandon | Announce | HandOver | KeepExisting | Finish)
