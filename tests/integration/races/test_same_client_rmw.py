"""Two processes on one database change the same client at the same instant, each a
read-modify-write: both record the same saved card, both choose a default, both enrol in
autopay, both remove the same method. No "database is locked" and no IntegrityError reaches
either; the work is done once (one row, one audit entry, one change for Stripe), and the
database ends equal to Stripe. SQLite has no row locks: these writes take its write lock up
front (BEGIN IMMEDIATE); on PostgreSQL they lock the client's row (FOR UPDATE).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

import pytest
import stripe

from owl_desktop.domain.outbox import KIND_DETACH, KIND_SET_DEFAULT
from owl_desktop.domain.payment_methods import AuditAction
from tests.integration.payments.conftest import confirm_card
from tests.integration.races.desk_worker import DeskProcesses, Outcome
from tests.integration.sync.desk import Desk, add_client, assert_desk_matches_stripe, open_desk
from tests.stripe_env import StripeEnv

ROUNDS = 3


@pytest.fixture
def clinic_desk(database_url: str, stripe_env: StripeEnv) -> Iterator[Desk]:
    desk = open_desk("clinic", database_url, stripe_env.api_base, stripe_env.secret_key)
    yield desk
    desk.close()


def _all_ok(outcomes: dict[str, Outcome], what: str) -> list[object]:
    problems = [str(o) for o in outcomes.values() if not o.ok]
    assert not problems, f"{what}:\n" + "\n".join(problems)
    return [o.value for o in outcomes.values()]


def _audit(desk: Desk, client_id: int) -> Counter[tuple[str, str]]:
    with desk.uow() as uow:
        return Counter((e.action, e.last4) for e in uow.audit.list_for_client(client_id))


def _defaults_chosen(desk: Desk, client_id: int) -> tuple[int, int]:
    """(audit rows of defaults chosen, set_default changes queued for Stripe)."""
    with desk.uow() as uow:
        queued = len(uow.outbox.all_entries([KIND_SET_DEFAULT]))
    return sum(n for (action, _), n in _audit(desk, client_id).items()
               if action == AuditAction.SET_DEFAULT), queued


def test_two_processes_changing_the_same_client_at_once(
        clinic_desk: Desk, desk_processes: Callable[..., DeskProcesses],
        stripe_client: stripe.StripeClient) -> None:
    desk = clinic_desk
    cid = add_client(desk, "Ada", email="ada@example.com")
    cards = ["pm_card_visa", "pm_card_mastercard", "pm_card_amex"]
    with desk_processes("A", "B") as desks:
        saved: list[str] = []
        for round_ in range(ROUNDS):
            intent = desk.methods.start_setup(cid, "card")
            confirm_card(stripe_client, intent.id, cards[round_])
            values = _all_ok(desks.run("complete_setup", cid, intent.id),
                             f"round {round_}: both record the card")
            assert len({v["stripe_id"] for v in values}) == 1, values  # type: ignore[index]
            saved.append(values[0]["stripe_id"])  # type: ignore[index]
        with desk.uow() as uow:
            rows = uow.payment_methods.list_for_client(cid, include_removed=True)
        assert sorted(m.stripe_id for m in rows) == sorted(saved)
        added = [k for k, n in _audit(desk, cid).items() if k[0] == AuditAction.ADDED]
        assert len(added) == ROUNDS
        assert all(_audit(desk, cid)[k] == 1 for k in added), _audit(desk, cid)
        defaults_before = _audit(desk, cid)[(AuditAction.SET_DEFAULT, rows[0].last4)]
        assert defaults_before == 1  # the first card, by the first-default rule, once

        for round_ in range(ROUNDS):
            _all_ok(desks.run("enrol", cid, True), f"round {round_}: both enrol")
            _all_ok(desks.run("enrol", cid, False), f"round {round_}: both withdraw")
            target = saved[1 + round_ % 2]
            before = _defaults_chosen(desk, cid)
            _all_ok(desks.run("set_default", cid, target),
                    f"round {round_}: both choose the same default")
            after = _defaults_chosen(desk, cid)
            assert (after[0] - before[0], after[1] - before[1]) in ((0, 0), (1, 1)), \
                (before, after)  # chosen once, or found chosen already
            _all_ok(desks.run_each({"A": ("set_default", (cid, saved[1])),
                                    "B": ("set_default", (cid, saved[2]))}),
                    f"round {round_}: each chooses another default")
        trail = _audit(desk, cid)
        assert sum(n for (action, _), n in trail.items() if action == AuditAction.AUTOPAY_ON) \
            == ROUNDS, trail
        assert sum(n for (action, _), n in trail.items()
                   if action == AuditAction.AUTOPAY_OFF) == ROUNDS, trail

        _all_ok(desks.run("remove", cid, saved[0]), "both remove the same card")
        with desk.uow() as uow:
            detaches = [e for e in uow.outbox.all_entries([KIND_DETACH])
                        if e.payload["payment_method"] == saved[0]]
        assert len(detaches) == 1
        removed = [k for k in _audit(desk, cid).elements() if k[0] == AuditAction.REMOVED]
        assert len(removed) == 1, _audit(desk, cid)

    runs = desk.sync_until_quiet()
    assert all(r.failed == 0 for r in runs), runs
    assert_desk_matches_stripe(desk, stripe_client)
