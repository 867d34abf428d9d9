"""The *Add payment method* state machine, without Qt: each row drives a fresh machine through
events and says where it ends and what it asks the widgets to do."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from typing import Any

import pytest

from owl_desktop.ui.payment_methods.add_machine import (
    BANK,
    CARD,
    MAX_SETUP_RETRIES,
    Abandon,
    AddPaymentMethodMachine,
    AddState,
    Announce,
    Confirm,
    Effect,
    Finish,
    FocusForm,
    FormCheck,
    FormView,
    HandOver,
    OpenForm,
    ProvideSecret,
    Refusal,
    RetryLater,
    SetBusy,
    Stage,
    StartSetup,
    Store,
    stage_of,
)

SETI, SECRET = "seti_1", "seti_1_secret_abc"
EMPTY = FormCheck(missing=("cardNumber", "cardExpiry", "cardCvc"), name_given=True)
COMPLETE = FormCheck(name_given=True)
INVALID = FormCheck(missing=("cardNumber",), invalid=("cardNumber",), name_given=True)
NO_NAME = FormCheck()


@dataclass(frozen=True)
class Outcome:
    """What ``ui.web.bridge.ConfirmOutcome`` carries."""

    setup_intent_id: str = SETI
    status: str = ""
    next_action_type: str = ""
    error_type: str = ""
    error_code: str = ""
    decline_code: str = ""
    error_message: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.error_type or self.error_code)


@dataclass(frozen=True)
class Method:
    status: str = "active"


class CodedError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


ACTIVE, PENDING = Method(), Method("pending_verification")
DECLINE = Outcome(error_type="card_error", error_code="card_declined",
                  decline_code="generic_decline", error_message="Your card was declined.")
THREE_DS_FAILED = Outcome(error_type="invalid_request_error",
                          error_code="setup_intent_authentication_failure",
                          error_message="We are unable to authenticate your payment method.")
# What Stripe.js resolves when the bank window is closed before the agreement is accepted.
BANK_WINDOW_CLOSED = Outcome(setup_intent_id="", error_type="validation_error",
                             error_code="incomplete_payment_details",
                             error_message="Please provide complete payment details.")
OFFLINE_ERROR = CodedError("needs_internet")
Step = tuple[Any, ...]  # (event name, *arguments)

# Scripts that bring a machine to a state the rows start from.
PREPARING: list[Step] = [("start", FormView.LOADING), ("view_ready",)]
EDITING: list[Step] = [*PREPARING, ("form_opened", EMPTY), ("setup_started", SETI, SECRET)]
READY: list[Step] = [*EDITING, ("fields_changed", COMPLETE)]
CONFIRMING: list[Step] = [*READY, ("save",)]
SAVING: list[Step] = [*CONFIRMING, ("confirm_finished", Outcome(status="succeeded"))]
DECLINED: list[Step] = [*CONFIRMING, ("confirm_finished", DECLINE)]
NOT_RECORDED: list[Step] = [*SAVING, ("store_failed", CodedError("database_locked"))]
BANK_WINDOW: list[Step] = [*PREPARING, ("form_opened", COMPLETE), ("setup_started", SETI, SECRET),
                           ("save",)]


def drive(kind: str | None, steps: list[Step], *, bank_allowed: bool = True
          ) -> tuple[AddPaymentMethodMachine, list[Effect]]:
    """A fresh machine through ``steps``; returns it and the effects of the last step."""
    machine = AddPaymentMethodMachine(bank_allowed=bank_allowed, kind=kind)
    effects: list[Effect] = []
    for name, *args in steps:
        effects = getattr(machine, name)(*args)
    return machine, effects


TRANSITIONS: list[tuple[str, str | None, list[Step], AddState, list[Effect]]] = [
    # choosing the kind
    ("nothing chosen yet", None, [], AddState.CHOOSING_KIND, []),
    ("card chosen", None, [("choose", CARD)], AddState.PREPARING_FORM, []),
    ("bank chosen", None, [("choose", BANK)], AddState.PREPARING_FORM, []),
    ("choice cancelled", None, [("cancel",)], AddState.CANCELLED, []),
    # preparing: the form and the SetupIntent, in either order
    ("view still loading", CARD, [("start", FormView.LOADING)], AddState.PREPARING_FORM,
     [StartSetup()]),
    ("view prepared ahead", CARD, [("start", FormView.READY)], AddState.PREPARING_FORM,
     [OpenForm(), StartSetup()]),
    ("view ready later", CARD, PREPARING, AddState.PREPARING_FORM, [OpenForm()]),
    ("view ready twice", CARD, [*PREPARING, ("view_ready",)], AddState.PREPARING_FORM, []),
    ("not connected: nothing created", CARD, [("start", FormView.FAILED, "not_connected")],
     AddState.NOT_CONNECTED, []),
    ("Stripe.js unreachable: nothing created", CARD,
     [("start", FormView.FAILED, "stripe_js_unavailable")], AddState.FORM_UNAVAILABLE, []),
    ("view fails while loading", CARD, [*PREPARING, ("view_failed", "timeout")],
     AddState.FORM_UNAVAILABLE, []),
    ("form up, SetupIntent on its way", CARD, [*PREPARING, ("form_opened", EMPTY)],
     AddState.PREPARING_INTENT, [FocusForm()]),
    ("SetupIntent arrives", CARD, EDITING, AddState.FORM_INCOMPLETE, [ProvideSecret(SECRET)]),
    ("SetupIntent before the form", CARD, [*PREPARING, ("setup_started", SETI, SECRET)],
     AddState.PREPARING_FORM, [ProvideSecret(SECRET)]),
    ("form after the SetupIntent", CARD,
     [*PREPARING, ("setup_started", SETI, SECRET), ("form_opened", EMPTY)],
     AddState.FORM_INCOMPLETE, [FocusForm(), ProvideSecret(SECRET)]),
    ("offline", CARD, [*PREPARING, ("form_opened", EMPTY), ("setup_failed", OFFLINE_ERROR)],
     AddState.OFFLINE, []),
    ("offline before the form", CARD, [*PREPARING, ("setup_failed", OFFLINE_ERROR)],
     AddState.OFFLINE, []),
    ("Stripe down", CARD, [*PREPARING, ("setup_failed", CodedError("stripe_unavailable"))],
     AddState.OFFLINE, []),
    ("setup refused otherwise", CARD, [*PREPARING, ("setup_failed", KeyError("bug"))],
     AddState.SETUP_FAILED, []),
    ("a late form keeps the offline message", CARD,
     [*PREPARING, ("setup_failed", OFFLINE_ERROR), ("form_opened", EMPTY)], AddState.OFFLINE, []),
    # the form follows the fields
    ("card complete", CARD, READY, AddState.FORM_READY, []),
    ("card number invalid", CARD, [*EDITING, ("fields_changed", INVALID)], AddState.FORM_INVALID,
     []),
    ("card complete, no name", CARD, [*EDITING, ("fields_changed", NO_NAME)],
     AddState.FORM_INCOMPLETE, []),
    ("ready again once fixed", CARD, [*EDITING, ("fields_changed", INVALID),
                                      ("fields_changed", COMPLETE)], AddState.FORM_READY, []),
    ("bank needs only the name", BANK, [*PREPARING, ("form_opened", EMPTY),
                                        ("setup_started", SETI, SECRET)], AddState.FORM_READY,
     [ProvideSecret(SECRET)]),
    ("bank without a name", BANK, [*PREPARING, ("form_opened", NO_NAME),
                                   ("setup_started", SETI, SECRET)], AddState.FORM_INCOMPLETE,
     [ProvideSecret(SECRET)]),
    ("bank ignores card field errors", BANK, [*PREPARING, ("form_opened", INVALID),
                                              ("setup_started", SETI, SECRET)],
     AddState.FORM_READY, [ProvideSecret(SECRET)]),
    # saving
    ("save while incomplete does nothing", CARD, [*EDITING, ("save",)], AddState.FORM_INCOMPLETE,
     []),
    ("save before the SetupIntent does nothing", CARD,
     [*PREPARING, ("form_opened", COMPLETE), ("save",)], AddState.PREPARING_INTENT, []),
    ("save a card", CARD, CONFIRMING, AddState.CONFIRMING, [SetBusy(True), Confirm()]),
    ("save a bank account: Stripe's window", BANK, BANK_WINDOW, AddState.BANK_WINDOW,
     [SetBusy(True), Confirm()]),
    ("a second save while confirming does nothing", CARD, [*CONFIRMING, ("save",)],
     AddState.CONFIRMING, []),
    ("card confirmed", CARD, SAVING, AddState.SAVING, [SetBusy(True), Store(SETI)]),
    ("processing counts as saved", CARD,
     [*CONFIRMING, ("confirm_finished", Outcome(status="processing"))], AddState.SAVING,
     [SetBusy(True), Store(SETI)]),
    ("Stripe names the SetupIntent it confirmed", CARD,
     [*CONFIRMING, ("confirm_finished", Outcome(setup_intent_id="seti_2", status="succeeded"))],
     AddState.SAVING, [SetBusy(True), Store("seti_2")]),
    ("micro-deposits to come", BANK,
     [*BANK_WINDOW, ("confirm_finished", Outcome(status="requires_action",
                                                 next_action_type="verify_with_microdeposits"))],
     AddState.SAVING, [SetBusy(True), Store(SETI)]),
    ("declined", CARD, DECLINED, AddState.DECLINED, [SetBusy(False)]),
    ("3-D Secure failed", CARD, [*CONFIRMING, ("confirm_finished", THREE_DS_FAILED)],
     AddState.DECLINED, [SetBusy(False)]),
    ("bank window closed before accepting", BANK,
     [*BANK_WINDOW, ("confirm_finished", Outcome(status="requires_payment_method"))],
     AddState.BANK_WINDOW_CLOSED, [SetBusy(False)]),
    ("bank window closed: Stripe.js's incomplete_payment_details", BANK,
     [*BANK_WINDOW, ("confirm_finished", BANK_WINDOW_CLOSED)],
     AddState.BANK_WINDOW_CLOSED, [SetBusy(False)]),
    ("incomplete_payment_details on a card is a refusal", CARD,
     [*CONFIRMING, ("confirm_finished", BANK_WINDOW_CLOSED)], AddState.DECLINED,
     [SetBusy(False)]),
    ("a card left needing a method: not finished", CARD,
     [*CONFIRMING, ("confirm_finished", Outcome(status="requires_payment_method"))],
     AddState.DECLINED, [SetBusy(False)]),
    ("an unexpected status: not finished", CARD,
     [*CONFIRMING, ("confirm_finished", Outcome(status="requires_confirmation"))],
     AddState.DECLINED, [SetBusy(False)]),
    ("an outcome nobody waits for is ignored", CARD,
     [*READY, ("confirm_finished", Outcome(status="succeeded"))], AddState.FORM_READY, []),
    ("the decline stays while fields report", CARD, [*DECLINED, ("fields_changed", COMPLETE)],
     AddState.DECLINED, []),
    ("the decline goes once staff edit", CARD, [*DECLINED, ("edited",)], AddState.FORM_READY,
     []),
    ("... into what the fields say", CARD,
     [*DECLINED, ("fields_changed", INVALID), ("edited",)], AddState.FORM_INVALID, []),
    ("try again after a decline", CARD, [*DECLINED, ("save",)], AddState.CONFIRMING,
     [SetBusy(True), Confirm()]),
    ("editing a form without a message changes nothing", CARD, [*READY, ("edited",)],
     AddState.FORM_READY, []),
    # recording it here
    ("saved", CARD, [*SAVING, ("stored", ACTIVE)], AddState.SAVED,
     [Announce(ACTIVE), Finish()]),
    ("saved, waiting for verification: the dialog stays", BANK,
     [*BANK_WINDOW, ("confirm_finished", Outcome(status="requires_action",
                                                 next_action_type="verify_with_microdeposits")),
      ("stored", PENDING)], AddState.SAVED_PENDING_VERIFICATION, [Announce(PENDING)]),
    ("recording failed", CARD, NOT_RECORDED, AddState.NOT_RECORDED, []),
    ("try again records it", CARD, [*NOT_RECORDED, ("save",)], AddState.SAVING,
     [SetBusy(True), Store(SETI)]),
    ("an edit keeps the recording failure", CARD, [*NOT_RECORDED, ("edited",)],
     AddState.NOT_RECORDED, []),
    # closing
    ("closed while editing: the SetupIntent is cancelled", CARD, [*READY, ("close",)],
     AddState.CANCELLED, [Abandon(SETI)]),
    ("closed after a decline", CARD, [*DECLINED, ("close",)], AddState.CANCELLED,
     [Abandon(SETI)]),
    ("closed before any SetupIntent", CARD, [*PREPARING, ("close",)], AddState.CANCELLED, []),
    ("a SetupIntent created after closing is cancelled", CARD,
     [*PREPARING, ("close",), ("setup_started", "seti_late", SECRET)], AddState.CANCELLED,
     [Abandon("seti_late")]),
    ("offline, closed: nothing to cancel", CARD,
     [*PREPARING, ("setup_failed", OFFLINE_ERROR), ("close",)], AddState.CANCELLED, []),
    ("view failed, SetupIntent came anyway, closed", CARD,
     [*PREPARING, ("view_failed", "timeout"), ("setup_started", SETI, SECRET), ("close",)],
     AddState.CANCELLED, [Abandon(SETI)]),
    ("closed while recording: nothing cancelled", CARD, [*SAVING, ("close",)], AddState.SAVING,
     []),
    ("recorded after closing: handed over, not announced", CARD,
     [*SAVING, ("close",), ("stored", ACTIVE)], AddState.SAVED, [HandOver(ACTIVE)]),
    ("closed after recording failed: Stripe has it, sync brings it", CARD,
     [*NOT_RECORDED, ("close",)], AddState.CANCELLED, []),
    ("closed once saved", CARD, [*SAVING, ("stored", ACTIVE), ("close",)], AddState.SAVED, []),
    ("closed twice", CARD, [*READY, ("close",), ("close",)], AddState.CANCELLED, []),
    ("events after closing are ignored", CARD,
     [*READY, ("close",), ("fields_changed", EMPTY), ("edited",), ("save",)],
     AddState.CANCELLED, []),
]


@pytest.mark.parametrize(("kind", "steps", "state", "effects"),
                         [row[1:] for row in TRANSITIONS], ids=[row[0] for row in TRANSITIONS])
def test_transitions(kind: str | None, steps: list[Step], state: AddState,
                     effects: list[Effect]) -> None:
    machine, last = drive(kind, steps)
    assert (machine.state, last) == (state, effects)


# What the widgets read in each situation: (can_save, busy, may_close, stage).
READINGS: list[tuple[str, str, list[Step], bool, bool, bool, Stage]] = [
    ("preparing", CARD, PREPARING, False, True, True, Stage.PREPARING),
    ("waiting for the SetupIntent", CARD, [*PREPARING, ("form_opened", COMPLETE)], False, True,
     True, Stage.EDITING),
    ("incomplete", CARD, EDITING, False, False, True, Stage.EDITING),
    ("ready", CARD, READY, True, False, True, Stage.EDITING),
    ("confirming: Stripe's 3-D Secure may be up", CARD, CONFIRMING, False, True, False,
     Stage.CONFIRMING),
    ("in Stripe's bank window", BANK, BANK_WINDOW, False, True, False, Stage.CONFIRMING),
    ("declined, fields still valid", CARD, DECLINED, True, False, True, Stage.EDITING),
    ("declined, then a field invalid", CARD, [*DECLINED, ("fields_changed", INVALID)], False,
     False, True, Stage.EDITING),
    ("recording", CARD, SAVING, False, True, True, Stage.STORING),
    ("recording failed", CARD, NOT_RECORDED, True, False, True, Stage.EDITING),
    ("offline", CARD, [*PREPARING, ("setup_failed", OFFLINE_ERROR)], False, False, True,
     Stage.BROKEN),
    ("saved", CARD, [*SAVING, ("stored", ACTIVE)], False, False, True, Stage.DONE),
    ("closed", CARD, [*READY, ("close",)], False, False, False, Stage.CANCELLED),
]


@pytest.mark.parametrize(("kind", "steps", "can_save", "busy", "may_close", "stage"),
                         [row[1:] for row in READINGS], ids=[row[0] for row in READINGS])
def test_what_the_widgets_read(kind: str, steps: list[Step], can_save: bool, busy: bool,
                               may_close: bool, stage: Stage) -> None:
    machine, _ = drive(kind, steps)
    assert (machine.can_save, machine.busy, machine.may_close, machine.stage) == (
        can_save, busy, may_close, stage)


@pytest.mark.parametrize(("steps", "missing"), [
    (EDITING, EMPTY),                                   # Save disabled: say what is missing
    ([*EDITING, ("fields_changed", NO_NAME)], NO_NAME),
    (READY, None),                                      # Save enabled: nothing to say
    ([*PREPARING, ("form_opened", EMPTY)], None),       # still connecting: not the fields' fault
    (CONFIRMING, None),
    (NOT_RECORDED, None),                               # Try again works whatever the fields
], ids=["empty", "no name", "ready", "connecting", "confirming", "not recorded"])
def test_the_save_hint_names_what_is_missing_only_while_staff_edit(
        steps: list[Step], missing: FormCheck | None) -> None:
    machine, _ = drive(CARD, steps)
    assert machine.missing_input == missing


@pytest.mark.parametrize(("steps", "refusal"), [
    (DECLINED, Refusal("Your card was declined.", "card_declined",
                       decline_code="generic_decline", error_type="card_error")),
    ([*CONFIRMING, ("confirm_finished", THREE_DS_FAILED)],
     Refusal(THREE_DS_FAILED.error_message, "setup_intent_authentication_failure",
             error_type="invalid_request_error")),
    ([*CONFIRMING, ("confirm_finished", Outcome(status="requires_confirmation"))],
     Refusal(unfinished=True)),
    ([*DECLINED, ("edited",)], None),
], ids=["declined", "3-D Secure", "not finished", "edited"])
def test_what_a_refusal_keeps(steps: list[Step], refusal: Refusal | None) -> None:
    machine, _ = drive(CARD, steps)
    assert machine.refusal == refusal
    assert (refusal is not None and refusal.declined) == (steps is DECLINED)


def test_errors_are_kept_for_the_message() -> None:
    offline, _ = drive(CARD, [*PREPARING, ("setup_failed", OFFLINE_ERROR)])
    assert offline.error is OFFLINE_ERROR
    not_recorded, _ = drive(CARD, NOT_RECORDED)
    assert getattr(not_recorded.error, "code", "") == "database_locked"
    assert not_recorded.confirmed_id == SETI
    saved, _ = drive(CARD, [*NOT_RECORDED, ("save",), ("stored", ACTIVE)])
    assert (saved.error, saved.confirmed_id, saved.saved_method) == (None, "", ACTIVE)


@pytest.mark.parametrize(("bank_allowed", "choices", "error"), [
    (False, [BANK], ValueError),           # the PAD agreement needs the client's email
    (True, ["sepa_debit"], ValueError),
    (True, [CARD, BANK], RuntimeError),    # one kind per flow
])
def test_refused_choices(bank_allowed: bool, choices: list[str], error: type[Exception]) -> None:
    machine = AddPaymentMethodMachine(bank_allowed=bank_allowed)
    *accepted, refused = choices
    for kind in accepted:
        machine.choose(kind)
    with pytest.raises(error):
        machine.choose(refused)
    assert machine.state is (AddState.PREPARING_FORM if accepted else AddState.CHOOSING_KIND)


def test_every_state_has_a_stage() -> None:
    assert {stage_of(state) for state in AddState} == set(Stage)


def test_no_qt_is_imported() -> None:
    code = ("import sys, owl_desktop.ui.payment_methods.add_machine\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'shiboken6')))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout
    assert out.strip() == "[]"


class RateLimitedError(Exception):
    code = "rate_limited"

    def __init__(self, retry_after: float | None = None) -> None:
        super().__init__("429")
        self.retry_after = retry_after


def test_a_429_waits_and_asks_for_the_setup_intent_again_honouring_retry_after() -> None:
    """Issue 11, item 14: "the app will try again shortly" is true."""
    asked: list[tuple[int, float | None]] = []

    def delay(attempt: int, retry_after: float | None) -> float:
        asked.append((attempt, retry_after))
        return max(float(attempt), retry_after or 0.0)

    machine = AddPaymentMethodMachine(bank_allowed=True, kind=CARD, retry_delay=delay)
    for name, *args in [*PREPARING, ("form_opened", EMPTY)]:
        getattr(machine, name)(*args)
    assert machine.setup_failed(RateLimitedError(retry_after=7)) == [RetryLater(7.0)]
    assert machine.state is AddState.WAITING_TO_RETRY
    assert machine.busy
    assert not machine.can_save
    assert machine.retry_in_s == 7.0
    assert machine.retry_due() == [StartSetup()]
    assert machine.state is AddState.PREPARING_INTENT
    assert machine.retry_due() == []  # once only
    assert machine.setup_failed(RateLimitedError()) == [RetryLater(2.0)]
    assert asked == [(1, 7), (2, None)]
    machine.retry_due()
    assert machine.setup_started(SETI, SECRET) == [ProvideSecret(SECRET)]
    assert machine.state is AddState.FORM_INCOMPLETE


def test_a_429_before_the_form_is_up_still_opens_it_and_gives_up_after_the_last_retry() -> None:
    machine = AddPaymentMethodMachine(bank_allowed=True, kind=CARD,
                                      retry_delay=lambda attempt, _after: 0.5)
    machine.start(FormView.LOADING)
    assert machine.setup_failed(RateLimitedError()) == [RetryLater(0.5)]
    assert machine.view_ready() == [OpenForm()]
    assert machine.form_opened(EMPTY) == [FocusForm()]
    assert machine.state is AddState.WAITING_TO_RETRY
    for _ in range(MAX_SETUP_RETRIES - 1):
        assert machine.retry_due() == [StartSetup()]
        assert machine.setup_failed(RateLimitedError()) == [RetryLater(0.5)]
    assert machine.retry_due() == [StartSetup()]
    assert machine.setup_failed(RateLimitedError()) == []
    assert machine.state is AddState.SETUP_FAILED


def test_closing_while_waiting_cancels_the_retry() -> None:
    machine = AddPaymentMethodMachine(bank_allowed=True, kind=CARD,
                                      retry_delay=lambda attempt, _after: 1.0)
    machine.start(FormView.LOADING)
    machine.setup_failed(RateLimitedError())
    assert machine.close() == []
    assert machine.retry_due() == []
    assert machine.state is AddState.CANCELLED
