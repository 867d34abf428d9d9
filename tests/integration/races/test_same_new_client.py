"""Two desks (two real processes, one database) add a payment method for the same new client
at the same instant: Stripe ends with one customer for the client, both desks get their
SetupIntent on it, and no error reaches either (issue 10, "what was seen" 2)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import stripe

from owl_desktop.store.uow import UnitOfWorkFactory
from tests.integration.races.conftest import add_client, stripe_customers_of
from tests.integration.races.desk_worker import DeskProcesses

ROUNDS = {"sqlite": 4, "postgres": 10}


@pytest.mark.slow
def test_two_desks_adding_for_the_same_new_client_make_one_customer(
        request: pytest.FixtureRequest, desk_processes: Callable[..., DeskProcesses],
        shared_uow: UnitOfWorkFactory, stripe_client: stripe.StripeClient) -> None:
    rounds = ROUNDS[request.node.callspec.params["database_url"]]
    with desk_processes("A", "B") as desks:
        for round_ in range(rounds):
            client_id = add_client(shared_uow, f"Client{round_}", f"c{round_}@example.com")

            outcomes = desks.run("start_setup", client_id, "card")

            problems = [str(o) for o in outcomes.values() if not o.ok]
            assert not problems, f"round {round_}:\n" + "\n".join(problems)
            made = stripe_customers_of(stripe_client, shared_uow, client_id)
            assert len(made) == 1, f"round {round_}: {[c.id for c in made]}"
            [customer] = made
            with shared_uow() as uow:
                assert uow.customer_links.customer_of(client_id) == customer.id
                assert uow.outbox.open_customer_create(client_id) is None
            got = {name: o.value for name, o in outcomes.items()}
            assert {v["customer"] for v in got.values()} == {customer.id}, got
            for value in got.values():
                intent = stripe_client.v1.setup_intents.retrieve(value["setup_intent"])
                assert intent.customer == customer.id
