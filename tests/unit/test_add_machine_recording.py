"""*Add payment method* when recording: the method just saved repeats one on file (issue 12,
item 3): the machine stops at a choice, keeps only the one on file or both, and says why a
removal failed; a 429 while recording is tried again by itself. Without Qt, like
``test_add_machine.py``."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from owl_desktop.ui.payment_methods.add_machine import (
    CARD,
    LOAD_ERROR_FAILURE,
    MAX_SETUP_RETRIES,
    Abandon,
    AddPaymentMethodMachine,
    AddState,
    Announce,
    Effect,
    Finish,
    HandOver,
    KeepExisting,
    RetryLater,
    SetBusy,
    Stage,
    Store,
)
from tests.unit.test_add_machine import (
    SAVING,
    SETI,
    CodedError,
    RateLimitedError,
    Step,
    drive,
)


@dataclass(frozen=True)
class Method:
    id: int
    status: str = "active"


NEW, ON_FILE = Method(7), Method(3)
NEW_PENDING = Method(8, "pending_verification")
FOUND: list[Step] = [*SAVING, ("stored", NEW, ON_FILE)]

ROWS: list[tuple[str, list[Step], AddState, list[Effect]]] = [
    ("not a duplicate: done", [*SAVING, ("stored", NEW, None)], AddState.SAVED,
     [Announce(NEW), Finish()]),
    ("a duplicate: listed at once, then a choice", FOUND, AddState.DUPLICATE_FOUND,
     [SetBusy(False), Announce(NEW)]),
    ("keep only the one on file", [*FOUND, ("keep_existing",)], AddState.REMOVING_DUPLICATE,
     [KeepExisting(NEW.id)]),
    ("asked twice: one removal", [*FOUND, ("keep_existing",), ("keep_existing",)],
     AddState.REMOVING_DUPLICATE, []),
    ("removed: the one on file announced, done",
     [*FOUND, ("keep_existing",), ("duplicate_removed", ON_FILE)], AddState.SAVED,
     [Announce(ON_FILE), Finish()]),
    ("removal refused: the choice again",
     [*FOUND, ("keep_existing",), ("duplicate_not_removed", CodedError("not_a_duplicate"))],
     AddState.DUPLICATE_FOUND, []),
    ("keep both", [*FOUND, ("keep_both",)], AddState.SAVED, [Finish()]),
    ("keep both, the new one pending verification: the dialog stays",
     [*SAVING, ("stored", NEW_PENDING, ON_FILE), ("keep_both",)],
     AddState.SAVED_PENDING_VERIFICATION, []),
    ("closing at the choice keeps both, abandons nothing", [*FOUND, ("close",)],
     AddState.DUPLICATE_FOUND, []),
    ("closed while recording: handed over, no choice",
     [*SAVING, ("close",), ("stored", NEW, ON_FILE)], AddState.SAVED, [HandOver(NEW)]),
    ("keep_existing without a duplicate does nothing",
     [*SAVING, ("stored", NEW, None), ("keep_existing",)], AddState.SAVED, []),
]


@pytest.mark.parametrize(("steps", "state", "effects"),
                         [pytest.param(s, st, e, id=name) for name, s, st, e in ROWS])
def test_duplicate_choice(steps: list[Step], state: AddState, effects: list[Effect]) -> None:
    machine, last = drive(CARD, steps)
    assert machine.state is state
    assert last == effects


def test_the_choice_has_its_own_stage_and_keeps_the_error() -> None:
    machine, _ = drive(CARD, FOUND)
    assert (machine.stage, machine.duplicate_of, machine.saved_method) == (
        Stage.DECIDING, ON_FILE, NEW)
    assert not machine.busy
    assert machine.may_close
    assert not machine.can_save
    refused = CodedError("not_a_duplicate")
    for name, *args in [("keep_existing",), ("duplicate_not_removed", refused)]:
        getattr(machine, name)(*args)
    assert machine.error is refused
    machine.keep_existing()
    assert machine.busy
    assert machine.error is None


def test_a_429_while_recording_is_tried_again_by_itself() -> None:
    """Stripe confirmed; recording it here met a 429: wait (Retry-After), record again, and
    only after the last try leave *Try again* to staff."""
    asked: list[tuple[int, float | None]] = []

    def delay(attempt: int, retry_after: float | None) -> float:
        asked.append((attempt, retry_after))
        return max(float(attempt), retry_after or 0.0)

    machine = AddPaymentMethodMachine(bank_allowed=True, kind=CARD, retry_delay=delay)
    for name, *args in SAVING:
        getattr(machine, name)(*args)
    assert machine.store_failed(RateLimitedError(retry_after=3)) == [RetryLater(3.0)]
    assert machine.state is AddState.WAITING_TO_STORE
    assert (machine.stage, machine.busy, machine.can_save) == (Stage.STORING, True, False)
    assert machine.retry_due() == [SetBusy(True), Store(SETI)]
    assert machine.retry_due() == []  # once only
    for attempt in range(2, MAX_SETUP_RETRIES + 1):
        assert machine.store_failed(RateLimitedError()) == [RetryLater(float(attempt))]
        machine.retry_due()
    assert machine.store_failed(RateLimitedError()) == []  # the last one: staff decide
    assert machine.state is AddState.NOT_RECORDED
    assert asked == [(1, 3), *((n, None) for n in range(2, MAX_SETUP_RETRIES + 1))]


def test_a_429_while_recording_then_stored() -> None:
    machine, _ = drive(CARD, [*SAVING, ("store_failed", RateLimitedError()), ("retry_due",)])
    assert machine.stored(NEW) == [Announce(NEW), Finish()]
    assert machine.state is AddState.SAVED


def test_closed_while_waiting_to_record_leaves_it_to_the_sync() -> None:
    machine, _ = drive(CARD, [*SAVING, ("store_failed", RateLimitedError())])
    assert machine.close() == []  # Stripe saved it: nothing to abandon
    assert machine.retry_due() == []


def test_other_recording_failures_wait_for_staff() -> None:
    machine, effects = drive(CARD, [*SAVING, ("store_failed", CodedError("database_locked"))])
    assert (machine.state, effects) == (AddState.NOT_RECORDED, [])


def test_stripes_fields_failing_to_load_replace_the_form_and_cancel_the_setup() -> None:
    """Stripe.js's 'loaderror' after the form is up: staff can't type a card; the dialog says
    the form can't be loaded, and closing cancels the SetupIntent. Not while Stripe confirms."""
    from tests.unit.test_add_machine import CONFIRMING, READY

    machine, _ = drive(CARD, READY)
    assert machine.view_failed(LOAD_ERROR_FAILURE) == []
    assert (machine.state, machine.view_failure) == (AddState.FORM_UNAVAILABLE,
                                                     LOAD_ERROR_FAILURE)
    assert not machine.can_save
    assert machine.close() == [Abandon(SETI)]
    confirming, _ = drive(CARD, CONFIRMING)
    assert confirming.view_failed(LOAD_ERROR_FAILURE) == []
    assert confirming.state is AddState.CONFIRMING
    other, _ = drive(CARD, READY)
    assert other.view_failed("timeout") == []  # a late prepare timeout changes nothing
    assert other.state is AddState.FORM_READY
