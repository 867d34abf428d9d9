"""*Add payment method* as a plain state machine: no Qt, no I/O, no texts.

The widgets (``add_flow.py``, ``add_dialog.py``) feed it what happens: staff's choice and clicks,
what the entry view reports (form on screen, field states, Stripe.js's confirmation), what the
service answered (SetupIntent created, method stored, or why not). Each event returns the
*effects* the widgets carry out (open the form, create the SetupIntent, confirm, store, cancel
the SetupIntent...), and the widgets then draw ``state``: which message, whether Save is
enabled, what is still missing. What happens next is decided here, and tested without a window
(``tests/unit/test_add_machine.py``); drawing, texts and talking to Stripe stay in the widgets.

It lives in ``ui/`` because it is the desk's dialog flow (a form in a web view, Save, Stripe's
windows, closing the dialog); the use cases it drives (create, complete and abandon a
SetupIntent) are ``services.payment_methods``'s, which the portal shares. It must not import
Qt: a unit test checks.

States (``AddState``) and what moves them::

    CHOOSING_KIND       choose(kind) -> PREPARING_FORM          (bank only with a valid email)
    PREPARING_FORM      start(view) -> OpenForm + StartSetup     (the view failed: no SetupIntent,
                                                                  NOT_CONNECTED / FORM_UNAVAILABLE)
                        view_ready -> OpenForm
                        form_opened -> PREPARING_INTENT, or a form state when the secret is here
    PREPARING_INTENT    setup_started -> a form state;  setup_failed -> OFFLINE / SETUP_FAILED,
                        or (429, at most MAX_SETUP_RETRIES times) WAITING_TO_RETRY: RetryLater
    WAITING_TO_RETRY    retry_due -> PREPARING_FORM / PREPARING_INTENT: StartSetup
    FORM_INCOMPLETE,    fields_changed -> the form state the fields say
    FORM_INVALID,       save (READY only) -> CONFIRMING (card) / BANK_WINDOW (bank): Confirm
    FORM_READY
    CONFIRMING,         confirm_finished: confirmed -> SAVING (Store); refused -> DECLINED;
    BANK_WINDOW           bank window closed unaccepted (Stripe.js's validation error
                          incomplete_payment_details) -> BANK_WINDOW_CLOSED
    DECLINED,           edited -> the form state (the message was about the old input);
    BANK_WINDOW_CLOSED    save -> CONFIRMING / BANK_WINDOW
    SAVING              stored -> SAVED (Finish) / SAVED_PENDING_VERIFICATION (stays open);
                        store_failed -> NOT_RECORDED
    NOT_RECORDED        save ("Try again") -> SAVING (stores the SetupIntent Stripe confirmed)
    any other           close -> CANCELLED: Abandon the SetupIntent unless Stripe confirmed it

After ``close`` the machine still hears late answers: a SetupIntent created after closing is
abandoned, a method stored after closing is handed over (``HandOver``) instead of announced.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from owl_desktop.core.failures import backoff_delay
from owl_desktop.domain.payment_methods import PENDING_VERIFICATION
from owl_desktop.ui.payment_methods.add_effects import (
    Abandon,
    Announce,
    Confirm,
    Effect,
    Finish,
    FocusForm,
    HandOver,
    OpenForm,
    ProvideSecret,
    RetryLater,
    SetBusy,
    StartSetup,
    Store,
)

log = logging.getLogger(__name__)
# The effects (``add_effects.py``) are part of this module's interface: the dialog and the
# tests take them from here.
__all__ = ["Abandon", "Announce", "Confirm", "Effect", "Finish", "FocusForm", "HandOver",
           "OpenForm", "ProvideSecret", "RetryLater", "SetBusy", "StartSetup", "Store"]

CARD = "card"
BANK = "acss_debit"
KINDS = (CARD, BANK)
# SetupIntent outcomes after which Stripe holds a usable (or soon usable) payment method.
SAVED_STATUSES = frozenset({"succeeded", "processing"})
MICRODEPOSITS = "verify_with_microdeposits"
CARD_DECLINED = "card_declined"
# Stripe.js's answer when the bank window is closed before the agreement is accepted.
BANK_WINDOW_CLOSED_CODE = "incomplete_payment_details"
# Error codes meaning Stripe couldn't be reached (services' NeedsInternet, StripeUnavailable).
OFFLINE_CODES = frozenset({"needs_internet", "stripe_unavailable"})
NOT_CONNECTED_FAILURE = "not_connected"
BROKEN_FAILURE = "tampered"  # the page misused the bridge: fails closed, at any stage
# Stripe asked for a pause (429): the SetupIntent is asked for again after a backoff that
# honours Retry-After, this many times before the dialog gives up.
RATE_LIMITED = "rate_limited"
MAX_SETUP_RETRIES = 4


class Stage(Enum):
    """The coarse phase of the flow (tests and the benchmark wait on it)."""

    CHOOSING = "choosing"      # the type choice is up
    PREPARING = "preparing"    # waiting for the form
    EDITING = "editing"        # staff type; Save follows the fields
    CONFIRMING = "confirming"  # Stripe.js confirms (its 3-D Secure or bank window may be up)
    STORING = "storing"        # the service fetches and records the payment method
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
_EDITABLE = FORM_STATES | {AddState.DECLINED, AddState.BANK_WINDOW_CLOSED}
_WITH_STRIPE = frozenset({AddState.CONFIRMING, AddState.BANK_WINDOW})
_SAVED = frozenset({AddState.SAVING, AddState.SAVED, AddState.SAVED_PENDING_VERIFICATION})


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


class AddPaymentMethodMachine:
    """One client, one kind, one SetupIntent: the states of adding a payment method.

    ``kind`` given: the choice is made already (the flow opened the dialog for that kind).
    """

    def __init__(self, *, bank_allowed: bool, kind: str | None = None,
                 retry_delay: Callable[[int, float | None], float] = backoff_delay) -> None:
        """``retry_delay(attempt, retry_after)``: seconds to wait before creating the
        SetupIntent again after a 429 (never sooner than Stripe's Retry-After)."""
        self.bank_allowed = bank_allowed
        self._retry_delay = retry_delay
        self.setup_retries = 0  # SetupIntents asked for again after a 429
        self.retry_in_s = 0.0
        self.state = AddState.CHOOSING_KIND
        self.kind = ""
        self.setup_intent_id = ""
        self.client_secret = ""
        self.confirmed_id = ""  # a SetupIntent Stripe confirmed, not yet recorded here
        self.form_open = False
        self.check = FormCheck()
        self.refusal: Refusal | None = None
        self.error: BaseException | None = None  # why the setup or the recording failed
        self.view_failure = ""
        self.saved_method: object | None = None
        self.closed = False
        self._form_requested = False
        if kind is not None:
            self.choose(kind)

    # ---- what the widgets read ---------------------------------------------------------------
    @property
    def stage(self) -> Stage:
        return stage_of(self.state)

    @property
    def can_save(self) -> bool:
        """Save (or Enter) does something now."""
        if self.closed:
            return False
        if self.state is AddState.NOT_RECORDED:
            return True  # store what Stripe confirmed again, whatever the fields say
        return self.state in _EDITABLE and bool(self.client_secret) and self._form_complete()

    @property
    def missing_input(self) -> FormCheck | None:
        """What the form reports while Save is disabled for want of input (for the hint)."""
        if self.state in _EDITABLE and not self.can_save:
            return self.check
        return None

    @property
    def busy(self) -> bool:
        """Something is on its way (the form, the SetupIntent, Stripe, the recording)."""
        return self.state in (AddState.PREPARING_FORM, AddState.PREPARING_INTENT,
                              AddState.WAITING_TO_RETRY, AddState.SAVING) \
            or self.state in _WITH_STRIPE

    @property
    def may_close(self) -> bool:
        """Escape and Cancel close the dialog, except while Stripe's own window decides."""
        return not self.closed and self.state not in _WITH_STRIPE

    # ---- events --------------------------------------------------------------------------
    def choose(self, kind: str) -> list[Effect]:
        if self.state is not AddState.CHOOSING_KIND:
            raise RuntimeError(f"the kind is chosen already ({self.kind})")
        if kind not in KINDS:
            raise ValueError(f"unknown payment method kind {kind!r}")
        if kind == BANK and not self.bank_allowed:
            raise ValueError("a bank account needs the client's valid email")
        self.kind = kind
        self.state = AddState.PREPARING_FORM
        return []

    def start(self, view: FormView, failure: str = "") -> list[Effect]:
        """The dialog is up: show the form (at once if the view is prepared) and create the
        SetupIntent, unless the view already failed (then nothing is created at Stripe)."""
        if self.state is not AddState.PREPARING_FORM or self.closed:
            return []
        if view is FormView.FAILED:
            self._view_failed(failure)
            return []
        opening = self.view_ready() if view is FormView.READY else []
        return [*opening, StartSetup()]

    def view_ready(self) -> list[Effect]:
        if self.closed or self._form_requested or self.state not in (
                AddState.PREPARING_FORM, AddState.WAITING_TO_RETRY):
            return []
        self._form_requested = True
        return [OpenForm()]

    def view_failed(self, failure: str) -> list[Effect]:
        if self.closed or (failure != BROKEN_FAILURE and (
                self.form_open or self.stage not in (Stage.PREPARING, Stage.BROKEN))):
            return []
        self._view_failed(failure)
        return []

    def form_opened(self, check: FormCheck) -> list[Effect]:
        if self.closed:
            return []
        self.form_open = True
        self.check = check
        if self.state is AddState.WAITING_TO_RETRY:
            return [FocusForm()]
        if self.state is not AddState.PREPARING_FORM:
            self._follow_fields()
            return []
        effects: list[Effect] = [FocusForm()]
        if self.client_secret:
            effects.append(ProvideSecret(self.client_secret))
        self._settle()
        return effects

    def setup_started(self, setup_intent_id: str, client_secret: str) -> list[Effect]:
        self.setup_intent_id = setup_intent_id
        if self.closed:  # closed while it was being created: nobody will confirm it
            return [Abandon(setup_intent_id)]
        self.client_secret = client_secret
        if self.state is AddState.PREPARING_INTENT:
            self._settle()
        return [ProvideSecret(client_secret)]

    def setup_failed(self, error: BaseException) -> list[Effect]:
        if self.closed or self.stage not in (Stage.PREPARING, Stage.EDITING, Stage.BROKEN) \
                or self.client_secret:
            return []
        self.error = error
        code = getattr(error, "code", "")
        if code == RATE_LIMITED and self.setup_retries < MAX_SETUP_RETRIES:
            self.setup_retries += 1
            retry_after = getattr(error, "retry_after", None)
            self.retry_in_s = self._retry_delay(self.setup_retries, retry_after)
            log.info("Stripe asked for a pause (429): setup asked again in %.1f s (retry %d)",
                     self.retry_in_s, self.setup_retries)
            self.state = AddState.WAITING_TO_RETRY
            return [RetryLater(self.retry_in_s)]
        self.state = AddState.OFFLINE if code in OFFLINE_CODES else AddState.SETUP_FAILED
        return []

    def retry_due(self) -> list[Effect]:
        """The pause Stripe asked for is over: ask for the SetupIntent again."""
        if self.closed or self.state is not AddState.WAITING_TO_RETRY:
            return []
        self.state = AddState.PREPARING_INTENT if self.form_open else AddState.PREPARING_FORM
        return [StartSetup()]

    def fields_changed(self, check: FormCheck) -> list[Effect]:
        self.check = check
        self._follow_fields()
        return []

    def edited(self) -> list[Effect]:
        """Staff changed the form: a refusal was about what was typed then."""
        if not self.closed and self.state in (AddState.DECLINED, AddState.BANK_WINDOW_CLOSED):
            self.refusal = None
            self._settle()
        return []

    def save(self) -> list[Effect]:
        """Save, Enter or the page's submit: confirm with Stripe, or record again what Stripe
        confirmed when recording failed."""
        if not self.can_save:
            return []
        if self.state is AddState.NOT_RECORDED:
            return self._store()
        self.refusal = None
        self.state = AddState.BANK_WINDOW if self.kind == BANK else AddState.CONFIRMING
        return [SetBusy(True), Confirm()]

    def confirm_finished(self, outcome: ConfirmResult) -> list[Effect]:
        if self.closed or self.state not in _WITH_STRIPE:
            return []
        if outcome.failed:
            log.info("setup %s not confirmed: %s/%s/%s: %s", self.setup_intent_id,
                     outcome.error_type, outcome.error_code, outcome.decline_code,
                     outcome.error_message)
            if self.kind == BANK and outcome.error_code == BANK_WINDOW_CLOSED_CODE:
                return self._refused(AddState.BANK_WINDOW_CLOSED, None)
            return self._refused(AddState.DECLINED, Refusal(
                outcome.error_message, outcome.error_code, decline_code=outcome.decline_code,
                error_type=outcome.error_type))
        log.info("setup %s confirmed by Stripe: status=%s next_action=%s",
                 outcome.setup_intent_id, outcome.status, outcome.next_action_type or "-")
        if outcome.status in SAVED_STATUSES or (outcome.status == "requires_action"
                                                and outcome.next_action_type == MICRODEPOSITS):
            self.confirmed_id = outcome.setup_intent_id or self.setup_intent_id
            return self._store()
        if outcome.status == "requires_payment_method" and self.kind == BANK:
            return self._refused(AddState.BANK_WINDOW_CLOSED, None)
        return self._refused(AddState.DECLINED, Refusal(unfinished=True))

    def stored(self, method: object) -> list[Effect]:
        if self.state is not AddState.SAVING:
            return []
        self.confirmed_id = ""
        self.error = None
        self.saved_method = method
        pending = str(getattr(method, "status", "")) == PENDING_VERIFICATION
        self.state = AddState.SAVED_PENDING_VERIFICATION if pending else AddState.SAVED
        if self.closed:  # closed while it was being recorded: saved all the same
            return [HandOver(method)]
        # Pending verification: the dialog stays to say what happens next.
        return [Announce(method)] if pending else [Announce(method), Finish()]

    def store_failed(self, error: BaseException) -> list[Effect]:
        if self.state is not AddState.SAVING:
            return []
        self.error = error
        self.state = AddState.NOT_RECORDED
        return []

    def close(self) -> list[Effect]:
        """The dialog (or the type choice) closes. A SetupIntent Stripe confirmed is left alone:
        cancelling would fail anyway, and sync brings the method in if recording didn't."""
        if self.closed:
            return []
        self.closed = True
        if self.state in _SAVED:
            return []
        saved = bool(self.confirmed_id)
        self.state = AddState.CANCELLED
        if saved or not self.setup_intent_id:
            return []
        log.info("add payment method closed before saving: cancelling %s", self.setup_intent_id)
        return [Abandon(self.setup_intent_id)]

    cancel = close

    # ---- internals -----------------------------------------------------------------------
    def _form_complete(self) -> bool:
        return self.check.name_given and (self.kind == BANK or (
            not self.check.missing and self.check.address_ok))

    def _settle(self) -> None:
        """Into the form state the facts say (the form is up)."""
        if not self.client_secret:
            self.state = AddState.PREPARING_INTENT
        elif self.kind == CARD and self.check.invalid:
            self.state = AddState.FORM_INVALID
        elif self._form_complete():
            self.state = AddState.FORM_READY
        else:
            self.state = AddState.FORM_INCOMPLETE

    def _follow_fields(self) -> None:
        if not self.closed and self.state in FORM_STATES:
            self._settle()

    def _view_failed(self, failure: str) -> None:
        self.view_failure = failure
        self.state = (AddState.NOT_CONNECTED if failure == NOT_CONNECTED_FAILURE
                      else AddState.FORM_UNAVAILABLE)

    def _refused(self, state: AddState, refusal: Refusal | None) -> list[Effect]:
        self.refusal = refusal
        self.state = state
        return [SetBusy(False)]

    def _store(self) -> list[Effect]:
        self.state = AddState.SAVING
        return [SetBusy(True), Store(self.confirmed_id)]
