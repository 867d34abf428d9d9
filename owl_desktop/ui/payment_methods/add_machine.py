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
    FORM_INCOMPLETE,    fields_changed -> the form state the fields say;
                        view_failed(stripe_load_error) -> FORM_UNAVAILABLE
    FORM_INVALID,       save (READY only) -> CONFIRMING (card) / BANK_WINDOW (bank): Confirm
    FORM_READY
    CONFIRMING,         confirm_finished: confirmed -> SAVING (Store); refused -> DECLINED;
    BANK_WINDOW           bank window closed unaccepted (Stripe.js's validation error
                          incomplete_payment_details) -> BANK_WINDOW_CLOSED
    DECLINED,           edited -> the form state (the message was about the old input);
    BANK_WINDOW_CLOSED    save -> CONFIRMING / BANK_WINDOW
    SAVING              stored -> SAVED (Finish) / SAVED_PENDING_VERIFICATION (stays open);
                        stored repeating one on file -> DUPLICATE_FOUND;
                        store_failed -> NOT_RECORDED, or (429, at most MAX_SETUP_RETRIES
                        times) WAITING_TO_STORE: RetryLater
    WAITING_TO_STORE    retry_due -> SAVING: Store
    DUPLICATE_FOUND     keep_existing -> REMOVING_DUPLICATE: KeepExisting;
                        keep_both (or close) -> SAVED / SAVED_PENDING_VERIFICATION
    REMOVING_DUPLICATE  duplicate_removed -> SAVED (Finish);
                        duplicate_not_removed -> DUPLICATE_FOUND (error says why)
    NOT_RECORDED        save ("Try again") -> SAVING (stores the SetupIntent Stripe confirmed)
    any other           close -> CANCELLED: Abandon the SetupIntent unless Stripe confirmed it

After ``close`` the machine still hears late answers: a SetupIntent created after closing is
abandoned, a method stored after closing is handed over (``HandOver``) instead of announced.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

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
    KeepExisting,
    OpenForm,
    ProvideSecret,
    RetryLater,
    SetBusy,
    StartSetup,
    Store,
)
from owl_desktop.ui.payment_methods.add_states import (
    CARD_DECLINED,
    EDITABLE,
    FORM_STATES,
    SAVED_STATES,
    WITH_STRIPE,
    AddState,
    ConfirmResult,
    FormCheck,
    FormView,
    Refusal,
    Stage,
    stage_of,
)

log = logging.getLogger(__name__)
# The effects (``add_effects.py``) are part of this module's interface: the dialog and the
# tests take them from here.
# So are the states (``add_states.py``).
__all__ = ["CARD_DECLINED", "FORM_STATES", "Abandon", "AddState", "Announce", "Confirm",
           "ConfirmResult", "Effect", "Finish", "FocusForm", "FormCheck", "FormView", "HandOver",
           "KeepExisting", "OpenForm", "ProvideSecret", "Refusal", "RetryLater", "SetBusy", "Stage",
           "StartSetup", "Store", "stage_of"]

CARD = "card"
BANK = "acss_debit"
KINDS = (CARD, BANK)
# SetupIntent outcomes after which Stripe holds a usable (or soon usable) payment method.
SAVED_STATUSES = frozenset({"succeeded", "processing"})
MICRODEPOSITS = "verify_with_microdeposits"
# Stripe.js's answer when the bank window is closed before the agreement is accepted.
BANK_WINDOW_CLOSED_CODE = "incomplete_payment_details"
# Error codes meaning Stripe couldn't be reached (services' NeedsInternet, StripeUnavailable).
OFFLINE_CODES = frozenset({"needs_internet", "stripe_unavailable"})
NOT_CONNECTED_FAILURE = "not_connected"
BROKEN_FAILURE = "tampered"  # the page misused the bridge: fails closed, at any stage
# Stripe.js's 'loaderror': its card fields failed to load, maybe after the form was shown;
# staff can't type a card, so the form gives way to the message (not while Stripe confirms).
LOAD_ERROR_FAILURE = "stripe_load_error"
# Stripe asked for a pause (429): the SetupIntent is asked for again after a backoff that
# honours Retry-After, this many times before the dialog gives up.
RATE_LIMITED = "rate_limited"
MAX_SETUP_RETRIES = 4


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
        self.store_retries = 0  # recordings tried again after a 429
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
        self.duplicate_of: object | None = None  # the method on file the new one repeats
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
        return self.state in EDITABLE and bool(self.client_secret) and self._form_complete()

    @property
    def missing_input(self) -> FormCheck | None:
        """What the form reports while Save is disabled for want of input (for the hint)."""
        if self.state in EDITABLE and not self.can_save:
            return self.check
        return None

    @property
    def busy(self) -> bool:
        """Something is on its way (the form, the SetupIntent, Stripe, the recording)."""
        return self.state in (AddState.PREPARING_FORM, AddState.PREPARING_INTENT,
                              AddState.WAITING_TO_RETRY, AddState.SAVING,
                              AddState.WAITING_TO_STORE,
                              AddState.REMOVING_DUPLICATE) \
            or self.state in WITH_STRIPE

    @property
    def may_close(self) -> bool:
        """Escape and Cancel close the dialog, except while Stripe's own window decides."""
        return not self.closed and self.state not in WITH_STRIPE

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
        if self.closed:
            return []
        if failure == LOAD_ERROR_FAILURE and self.stage is Stage.EDITING:
            self._view_failed(failure)
            return []
        if failure != BROKEN_FAILURE and (
                self.form_open or self.stage not in (Stage.PREPARING, Stage.BROKEN)):
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
        """The pause Stripe asked for is over: ask for the SetupIntent again, or record again
        what Stripe confirmed (closed meanwhile: the sync brings the method in)."""
        if self.state is AddState.WAITING_TO_STORE and not self.closed:
            return self._store()
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
        if self.closed or self.state not in WITH_STRIPE:
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

    def stored(self, method: object, duplicate_of: object | None = None) -> list[Effect]:
        """Recorded. ``duplicate_of``: the method on file it repeats (the service's rule):
        the list shows the new one at once, and staff choose to keep only the one on file
        (``keep_existing``) or both (``keep_both``, or closing)."""
        if self.state is not AddState.SAVING:
            return []
        self.confirmed_id = ""
        self.error = None
        self.saved_method = method
        if self.closed:  # closed while it was being recorded: saved all the same
            self._settle_saved()
            return [HandOver(method)]
        if duplicate_of is not None:
            self.duplicate_of = duplicate_of
            self.state = AddState.DUPLICATE_FOUND
            return [SetBusy(False), Announce(method)]
        return [Announce(method), *self._settle_saved()]

    def keep_existing(self) -> list[Effect]:
        """Keep only the one on file: the one just added goes."""
        if self.state is not AddState.DUPLICATE_FOUND:
            return []
        self.error = None
        self.state = AddState.REMOVING_DUPLICATE
        return [KeepExisting(int(getattr(self.saved_method, "id", 0)))]

    def duplicate_removed(self, kept: object) -> list[Effect]:
        if self.state is not AddState.REMOVING_DUPLICATE:
            return []
        self.saved_method = kept
        self.state = AddState.SAVED
        return [Announce(kept), Finish()]

    def duplicate_not_removed(self, error: BaseException) -> list[Effect]:
        """Refused (the one on file was removed meanwhile) or failed: both stay; the dialog
        says why and staff choose again."""
        if self.state is not AddState.REMOVING_DUPLICATE:
            return []
        self.error = error
        self.state = AddState.DUPLICATE_FOUND
        return []

    def keep_both(self) -> list[Effect]:
        if self.state is not AddState.DUPLICATE_FOUND:
            return []
        self.error = None
        return self._settle_saved()

    def store_failed(self, error: BaseException) -> list[Effect]:
        """Recording failed. A 429 (Stripe asked for a pause) is tried again by itself after
        a backoff honouring Retry-After, at most MAX_SETUP_RETRIES times; anything else, or
        the last 429, leaves *Try again* to staff."""
        if self.state is not AddState.SAVING:
            return []
        self.error = error
        if getattr(error, "code", "") == RATE_LIMITED and self.store_retries < MAX_SETUP_RETRIES:
            self.store_retries += 1
            self.retry_in_s = self._retry_delay(self.store_retries,
                                                getattr(error, "retry_after", None))
            log.info("Stripe asked for a pause (429): recording %s again in %.1f s (retry %d)",
                     self.confirmed_id, self.retry_in_s, self.store_retries)
            self.state = AddState.WAITING_TO_STORE
            return [RetryLater(self.retry_in_s)]
        self.state = AddState.NOT_RECORDED
        return []

    def close(self) -> list[Effect]:
        """The dialog (or the type choice) closes. A SetupIntent Stripe confirmed is left alone:
        cancelling would fail anyway, and sync brings the method in if recording didn't."""
        if self.closed:
            return []
        self.closed = True
        if self.state in SAVED_STATES:
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

    def _settle_saved(self) -> list[Effect]:
        """Saved and decided: done, or (pending verification) the dialog stays to say what
        happens next."""
        pending = str(getattr(self.saved_method, "status", "")) == PENDING_VERIFICATION
        self.state = AddState.SAVED_PENDING_VERIFICATION if pending else AddState.SAVED
        return [] if pending or self.closed else [Finish()]

    def _store(self) -> list[Effect]:
        self.state = AddState.SAVING
        return [SetBusy(True), Store(self.confirmed_id)]
