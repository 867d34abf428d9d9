"""*Add payment method*'s states and the plain values its machine reads (``add_machine.py``):
the coarse stages tests wait on, the fine states the dialog draws, what the form and Stripe.js
report, why a try saved nothing. No Qt, no I/O, no texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Protocol

CARD_DECLINED = "card_declined"

class Stage(Enum):
    """The coarse phase of the flow (tests and the benchmark wait on it)."""

    CHOOSING = "choosing"      # the type choice is up
    PREPARING = "preparing"    # waiting for the form
    EDITING = "editing"        # staff type; Save follows the fields
    CONFIRMING = "confirming"  # Stripe.js confirms (its 3-D Secure or bank window may be up)
    STORING = "storing"        # the service fetches and records the payment method
    DECIDING = "deciding"      # saved, and it repeats one on file: keep one or both?
    DONE = "done"              # saved
    BROKEN = "broken"          # can't go on: Cancel only
    CANCELLED = "cancelled"    # closed before anything was saved


class AddState(Enum):
    CHOOSING_KIND = "choosing_kind"
    PREPARING_FORM = "preparing_form"      # Stripe's form is loading (the SetupIntent may be too)
    PREPARING_INTENT = "preparing_intent"  # the form is up; the SetupIntent is being created
    WAITING_TO_RETRY = "waiting_to_retry"  # Stripe asked for a pause: creating it again soon
    FORM_INCOMPLETE = "form_incomplete"    # something is still missing (empty or unfinished)
    FORM_INVALID = "form_invalid"          # a card field shows an error
    FORM_READY = "form_ready"              # Save is enabled
    CONFIRMING = "confirming"              # card: Stripe confirms, maybe with 3-D Secure
    BANK_WINDOW = "bank_window"            # bank: Stripe's window takes the account + agreement
    DECLINED = "declined"                  # Stripe refused the last try; the fields stay
    BANK_WINDOW_CLOSED = "bank_window_closed"  # closed before accepting: nothing saved
    SAVING = "saving"                      # Stripe confirmed; the method is being recorded
    NOT_RECORDED = "not_recorded"          # Stripe saved it, recording here failed: retry
    WAITING_TO_STORE = "waiting_to_store"  # Stripe asked for a pause: recording again soon
    DUPLICATE_FOUND = "duplicate_found"    # saved, but the same one is on file: keep one?
    REMOVING_DUPLICATE = "removing_duplicate"  # keeping only the one on file
    SAVED = "saved"
    SAVED_PENDING_VERIFICATION = "saved_pending_verification"  # micro-deposits to come
    OFFLINE = "offline"                    # the SetupIntent couldn't be created: no connection
    SETUP_FAILED = "setup_failed"          # ... for another reason (``error`` says which)
    NOT_CONNECTED = "not_connected"        # this desk has no Stripe keys
    FORM_UNAVAILABLE = "form_unavailable"  # Stripe.js or the page couldn't be loaded
    CANCELLED = "cancelled"


_STAGES = {
    AddState.CHOOSING_KIND: Stage.CHOOSING,
    AddState.PREPARING_FORM: Stage.PREPARING,
    AddState.PREPARING_INTENT: Stage.EDITING,
    AddState.WAITING_TO_RETRY: Stage.PREPARING,
    AddState.FORM_INCOMPLETE: Stage.EDITING,
    AddState.FORM_INVALID: Stage.EDITING,
    AddState.FORM_READY: Stage.EDITING,
    AddState.CONFIRMING: Stage.CONFIRMING,
    AddState.BANK_WINDOW: Stage.CONFIRMING,
    AddState.DECLINED: Stage.EDITING,
    AddState.BANK_WINDOW_CLOSED: Stage.EDITING,
    AddState.SAVING: Stage.STORING,
    AddState.NOT_RECORDED: Stage.EDITING,
    AddState.WAITING_TO_STORE: Stage.STORING,
    AddState.DUPLICATE_FOUND: Stage.DECIDING,
    AddState.REMOVING_DUPLICATE: Stage.STORING,
    AddState.SAVED: Stage.DONE,
    AddState.SAVED_PENDING_VERIFICATION: Stage.DONE,
    AddState.OFFLINE: Stage.BROKEN,
    AddState.SETUP_FAILED: Stage.BROKEN,
    AddState.NOT_CONNECTED: Stage.BROKEN,
    AddState.FORM_UNAVAILABLE: Stage.BROKEN,
    AddState.CANCELLED: Stage.CANCELLED,
}
FORM_STATES = frozenset({AddState.FORM_INCOMPLETE, AddState.FORM_INVALID, AddState.FORM_READY})
# The form is up with its SetupIntent and staff may change it.
EDITABLE = FORM_STATES | {AddState.DECLINED, AddState.BANK_WINDOW_CLOSED}
WITH_STRIPE = frozenset({AddState.CONFIRMING, AddState.BANK_WINDOW})
SAVED_STATES = frozenset({AddState.SAVING, AddState.SAVED, AddState.SAVED_PENDING_VERIFICATION,
                          AddState.DUPLICATE_FOUND, AddState.REMOVING_DUPLICATE,
                          AddState.WAITING_TO_STORE})


class FormView(Enum):
    """Where the entry view stands when the dialog starts."""

    LOADING = "loading"
    READY = "ready"
    FAILED = "failed"


@dataclass(frozen=True)
class FormCheck:
    """What the form reports, never what was typed: card fields not valid yet (in the form's
    order), card fields showing an error, and whether a name is given."""

    missing: tuple[str, ...] = ()
    invalid: tuple[str, ...] = ()
    name_given: bool = False
    address_ok: bool = True  # the billing postal code fits the province (card)


class ConfirmResult(Protocol):
    """How Stripe.js's confirmation ended (``ui.web.bridge.ConfirmOutcome``)."""

    @property
    def setup_intent_id(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def next_action_type(self) -> str: ...
    @property
    def error_type(self) -> str: ...
    @property
    def error_code(self) -> str: ...
    @property
    def decline_code(self) -> str: ...
    @property
    def error_message(self) -> str: ...
    @property
    def failed(self) -> bool: ...


@dataclass(frozen=True)
class Refusal:
    """Why the last try saved nothing: Stripe's codes (and its sentence, for the log: staff
    read the app's own, by code), or no error but no method."""

    message: str = ""
    code: str = ""
    unfinished: bool = False
    decline_code: str = ""
    error_type: str = ""

    @property
    def declined(self) -> bool:
        """The bank said no: staff also need to know what to do now."""
        return self.code == CARD_DECLINED




def stage_of(state: AddState) -> Stage:
    return _STAGES[state]
