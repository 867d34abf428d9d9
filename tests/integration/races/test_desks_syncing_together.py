"""Two desks (two real processes, one database) syncing at the same instant, round after
round, while Stripe changes for the clients they share (methods added and removed, defaults
chosen elsewhere) and staff change defaults here: no run ends in an error, and the database
then matches Stripe (issue 10, "what was seen" 3: both full reconciles inserting the same
cursor key and the same payment methods)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import stripe

from tests.integration.races.desk_worker import DeskProcesses
from tests.integration.sync.desk import (
    Desk,
    add_client,
    assert_desk_matches_stripe,
    attach_card,
    link,
    local_set_default,
    new_customer,
    open_desk,
    set_default_elsewhere,
    stripe_methods,
)
from tests.stripe_env import StripeEnv

CLIENTS = 6
ROUNDS = 5


@pytest.fixture
def clinic_desk(database_url: str, stripe_env: StripeEnv) -> Iterator[Desk]:
    """The parent's own desk on the shared database: staff's local changes, and the check."""
    desk = open_desk("clinic", database_url, stripe_env.api_base, stripe_env.secret_key)
    yield desk
    desk.close()


@pytest.mark.slow
def test_two_desks_syncing_together_end_without_errors_and_match_stripe(
        clinic_desk: Desk, desk_processes: Callable[..., DeskProcesses],
        stripe_client: stripe.StripeClient) -> None:
    sc = stripe_client
    shared: list[tuple[int, str]] = []
    for n in range(CLIENTS):
        cid = add_client(clinic_desk, f"Shared{n}")
        cus = new_customer(sc, f"Shared{n}", cid)
        link(clinic_desk, cid, cus)
        first = attach_card(sc, cus)
        if n % 2:
            set_default_elsewhere(sc, cus, first)
        attach_card(sc, cus, "pm_card_mastercard")
        shared.append((cid, cus))

    runs: list[str] = []
    with desk_processes("A", "B") as desks:
        for round_ in range(ROUNDS + 1):
            queued = 0
            if round_:  # round 0: both desks' first sync, a full reconcile each, at once
                queued = _change_stripe_and_here(sc, clinic_desk, shared, round_)
            outcomes = desks.run("sync")
            for name, outcome in outcomes.items():
                assert outcome.ok, f"round {round_}: {outcome}"
                runs.append(f"round {round_} {name}: {outcome.value}")
                assert (outcome.value["error_code"], outcome.value["error"]) == ("", ""), \
                    "\n".join(runs)
                assert outcome.value["failed"] == 0, "\n".join(runs)
            assert all(o.value["full"] for o in outcomes.values()) == (round_ == 0), runs
            assert sum(o.value["sent"] for o in outcomes.values()) == queued, runs  # once

    assert_desk_matches_stripe(clinic_desk, sc)


def _change_stripe_and_here(sc: stripe.StripeClient, desk: Desk, shared: list[tuple[int, str]],
                            round_: int) -> int:
    """Elsewhere: a card added to two clients, one of them made the default, a card removed
    from a third. Here: staff choose another default for a fourth (queued for Stripe: both
    desks' drains race for it). Returns how many changes were queued here."""
    n = len(shared)
    for offset in (0, 1):
        _cid, cus = shared[(round_ + offset) % n]
        new = attach_card(sc, cus, "pm_card_amex")
        if offset:
            set_default_elsewhere(sc, cus, new)
    _cid, cus = shared[(round_ + 2) % n]
    methods = sorted(stripe_methods(sc, cus))
    if len(methods) > 1:
        sc.v1.payment_methods.detach(methods[0])
    cid, cus = shared[(round_ + 3) % n]
    with desk.uow() as uow:
        cached = uow.payment_methods.list_for_client(cid)
    others = [m.stripe_id for m in cached if not m.is_default and m.status == "active"]
    if not others:
        return 0
    local_set_default(desk, cid, others[0])
    return 1
