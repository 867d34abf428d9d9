"""Refunds from a desk against Stripe over HTTP, on both databases: whole and part, behind the
administrator's passphrase (recorded with the refund), nothing more than what is left, Stripe's
own refusal kept as is and nothing recorded, a lost answer replayed with the same key (one
refund), and a refund made in Stripe's Dashboard picked up by sync."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import stripe
from argon2 import PasswordHasher

from owl_desktop.domain.admin_history import parse_detail
from owl_desktop.payments.errors import StripeRequestError, StripeUnavailable
from owl_desktop.payments.refunds import RefundInfo
from owl_desktop.services.admin_passphrase import (
    AdminAction,
    AdminPassphraseService,
    PassphraseError,
)
from owl_desktop.services.refunds import (
    REFUND_AUDIT,
    RefundRefusedError,
    RefundRequest,
    RefundService,
)
from tests.integration.sync.desk import (
    Desk,
    add_client,
    attach_card,
    link,
    new_customer,
    open_desk,
)
from tests.stripe_env import StripeEnv

PASSPHRASE = "clinic administrator 1"


@pytest.fixture
def desk(database_url: str, stripe_env: StripeEnv) -> Iterator[Desk]:
    opened = open_desk("refunds", database_url, stripe_env.api_base, stripe_env.secret_key)
    yield opened
    opened.close()


def services(desk: Desk, gateway: object | None = None
             ) -> tuple[AdminPassphraseService, RefundService]:
    admin = AdminPassphraseService(desk.uow, desk.clock,
                                   hasher=PasswordHasher(time_cost=1, memory_cost=1024,
                                                         parallelism=1))
    if not admin.is_set():
        admin.set_once(PASSPHRASE)
    return admin, RefundService(desk.uow, gateway or desk.engine.metered.as_gateway(), admin,
                                desk.clock)


def paid_client(desk: Desk, sc: stripe.StripeClient, amount: int = 8000
                ) -> tuple[int, stripe.PaymentIntent]:
    client_id = add_client(desk, "Rémi", email="remi@example.com")
    customer = new_customer(sc, "Rémi Tester", client_id)
    link(desk, client_id, customer)
    pm = attach_card(sc, customer)
    pi = sc.v1.payment_intents.create(params={
        "amount": amount, "currency": "cad", "customer": customer, "payment_method": pm,
        "off_session": True, "confirm": True})
    return client_id, pi


def test_part_then_whole_behind_the_passphrase(desk: Desk,
                                               stripe_client: stripe.StripeClient) -> None:
    admin, refunds = services(desk)
    client_id, pi = paid_client(desk, stripe_client)
    with pytest.raises(PassphraseError):
        refunds.refund(RefundRequest(pi.id, 1500, "requested_by_customer", client_id=client_id),
                       paid=8000, currency="cad", passphrase="not the passphrase")
    assert refunds.for_payment(pi.id) == []

    part = refunds.refund(RefundRequest(pi.id, 1500, "requested_by_customer",
                                        note="session cut short", client_id=client_id),
                          paid=8000, currency="cad", passphrase=PASSPHRASE)
    assert (part.amount, part.status, part.note) == (1500, "succeeded", "session cut short")
    assert part.stripe_refund_id is not None
    with pytest.raises(RefundRefusedError) as too_much:
        refunds.refund(RefundRequest(pi.id, 7000, "", client_id=client_id), paid=8000,
                       currency="cad", passphrase=PASSPHRASE)
    assert too_much.value.message == "At most $65.00 can be refunded of this payment."
    assert too_much.value.amounts == {"left": (6500, "cad")}  # the desk writes it its way
    rest = refunds.refund(RefundRequest(pi.id, None, "duplicate", client_id=client_id),
                          paid=8000, currency="cad", passphrase=PASSPHRASE)
    assert rest.amount == 6500
    assert refunds.left_to_refund(pi.id, 8000) == 0

    on_stripe = stripe_client.v1.refunds.list(params={"payment_intent": pi.id}).data
    assert sorted((r.amount, r.reason) for r in on_stripe) == [
        (1500, "requested_by_customer"), (6500, "duplicate")]
    history = [(e.action, parse_detail(e.detail)) for e in admin.history()]
    assert history[:4] == [
        (AdminAction.REFUND, {"payment_intent": pi.id, "amount_cents": 6500, "currency": "CAD",
                              "reason": "duplicate", "client": "Rémi Tester"}),
        (AdminAction.REFUND, {"payment_intent": pi.id, "amount_cents": 1500, "currency": "CAD",
                              "reason": "requested_by_customer", "note": "session cut short",
                              "client": "Rémi Tester"}),
        (AdminAction.REFUSED, {"for": AdminAction.REFUND}), (AdminAction.PASSPHRASE_SET, {})]
    with desk.uow() as uow:
        trail = [(e.action, e.detail) for e in uow.audit.list_for_client(client_id)]
    assert trail == [(REFUND_AUDIT, "65.00 CAD duplicate"),
                     (REFUND_AUDIT, "15.00 CAD requested_by_customer")]
    # Sync reads the refund events: nothing new (the rows are the same refunds).
    desk.sync()
    assert len(refunds.for_payment(pi.id)) == 2


def test_stripe_refusal_is_kept_and_nothing_recorded(desk: Desk,
                                                     stripe_client: stripe.StripeClient) -> None:
    _admin, refunds = services(desk)
    client_id, pi = paid_client(desk, stripe_client, amount=5445)
    stripe_client.v1.refunds.create(params={"payment_intent": pi.id, "amount": 5000})
    with pytest.raises(StripeRequestError) as refused:  # this desk doesn't know of it yet
        refunds.refund(RefundRequest(pi.id, 1000, "", client_id=client_id), paid=5445,
                       currency="cad", passphrase=PASSPHRASE)
    assert refused.value.stripe_code == "amount_too_large"
    assert refused.value.message == ("Refund amount ($10.00) is greater than unrefunded amount "
                                     "on charge ($4.45)")
    with desk.uow() as uow:
        assert [r.stripe_refund_id for r in uow.refunds.for_payment(pi.id)] == []


class LostAnswer:
    """The gateway, except that the first refund's answer never arrives (after Stripe made
    it): what a crash or a dropped connection after the request looks like."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.lost = False

    def create_refund(self, **kwargs: object) -> RefundInfo:
        info: RefundInfo = self.inner.create_refund(**kwargs)  # type: ignore[attr-defined]
        if not self.lost:
            self.lost = True
            raise StripeUnavailable("Stripe can't be reached.")
        return info


def test_a_lost_answer_is_replayed_with_the_same_key(desk: Desk,
                                                      stripe_client: stripe.StripeClient) -> None:
    gateway = LostAnswer(desk.engine.metered.as_gateway())
    _admin, refunds = services(desk, gateway)
    client_id, pi = paid_client(desk, stripe_client)
    with pytest.raises(StripeUnavailable):
        refunds.refund(RefundRequest(pi.id, 2000, "", client_id=client_id), paid=8000,
                       currency="cad", passphrase=PASSPHRASE)
    [sending] = refunds.for_payment(pi.id)
    assert (sending.status, sending.stripe_refund_id) == ("sending", None)
    assert refunds.left_to_refund(pi.id, 8000) == 6000  # counted while unanswered
    assert refunds.resume() == 1
    [done] = refunds.for_payment(pi.id)
    assert done.status == "succeeded"
    assert len(stripe_client.v1.refunds.list(params={"payment_intent": pi.id}).data) == 1


def test_a_dashboard_refund_is_picked_up_by_sync(desk: Desk,
                                                 stripe_client: stripe.StripeClient) -> None:
    _admin, refunds = services(desk)
    client_id, pi = paid_client(desk, stripe_client)
    desk.sync()
    made = stripe_client.v1.refunds.create(params={"payment_intent": pi.id, "amount": 2500,
                                                   "reason": "requested_by_customer"})
    desk.sync()
    [seen] = refunds.for_payment(pi.id)
    assert (seen.stripe_refund_id, seen.amount, seen.reason, seen.client_id) == (
        made.id, 2500, "requested_by_customer", client_id)
    assert (seen.actor, seen.idempotency_key) == ("", None)  # made elsewhere
    desk.sync()
    assert len(refunds.for_payment(pi.id)) == 1
