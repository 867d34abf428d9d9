"""Two desks (two real processes, one database) catching up at the same instant on refunds
made in Stripe that no event told them of: each refund gets one row and one line in the
client's history, whichever desk wrote it (issue 17, item 4)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import stripe

from tests.integration.races.desk_worker import DeskProcesses
from tests.integration.sync.desk import Desk, open_desk
from tests.integration.sync.refund_charges import (
    charged,
    refund_elsewhere,
    refund_history,
    refunds_of,
)
from tests.stripe_env import StripeEnv

ROUNDS = 3


@pytest.fixture
def clinic_desk(database_url: str, stripe_env: StripeEnv) -> Iterator[Desk]:
    """The parent's own desk on the shared database: the charge, and the check."""
    desk = open_desk("clinic", database_url, stripe_env.api_base, stripe_env.secret_key)
    yield desk
    desk.close()


@pytest.mark.slow
def test_two_desks_catching_up_at_once_record_each_refund_once(
        clinic_desk: Desk, desk_processes: Callable[..., DeskProcesses],
        stripe_client: stripe.StripeClient) -> None:
    payment = charged(clinic_desk, stripe_client, 90_00)
    made = [refund_elsewhere(stripe_client, payment, 10_00).id]
    with desk_processes("A", "B") as desks:
        # Both desks' first sync of a new database: full reconciles at once (a desk that
        # reads the cursor after the other's reconcile finished pulls events instead).
        outcomes = desks.run("sync")
        for outcome in outcomes.values():
            assert outcome.ok, str(outcome)
            assert outcome.value["error"] == "", str(outcome)
        assert any(o.value["full"] for o in outcomes.values()), outcomes
        assert [r.stripe_refund_id for r in refunds_of(clinic_desk.uow, payment)] == made
        assert len(refund_history(clinic_desk.uow, payment.client_id)) == 1
        # Nothing new: the counts so far say exactly one desk recorded it.
        recorded = sum(o.value for o in desks.run("catch_up_refunds").values())
        assert recorded == 1
        for round_ in range(ROUNDS):  # then only the catch-up, racing for each new refund
            made.append(refund_elsewhere(stripe_client, payment, 10_00 + round_).id)
            outcomes = desks.run("catch_up_refunds")
            assert all(o.ok for o in outcomes.values()), [str(o) for o in outcomes.values()]
            now_recorded = sum(o.value for o in outcomes.values())
            assert now_recorded - recorded == 1, [str(o) for o in outcomes.values()]
            recorded = now_recorded
    stored = refunds_of(clinic_desk.uow, payment)
    assert sorted(r.stripe_refund_id or "" for r in stored) == sorted(made)
    assert len(refund_history(clinic_desk.uow, payment.client_id)) == len(made)
