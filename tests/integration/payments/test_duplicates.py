"""The same card or bank account added twice (issue 12, item 3): the service says which method
on file the new one repeats (Stripe's fingerprint; for a card the expiry too) and keeps only
that one on request. Both databases, ``stripe_env`` over HTTP."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import stripe

from owl_desktop.domain.outbox import KIND_DETACH
from owl_desktop.domain.payment_methods import AuditAction
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.services.audit import AuditTrailService
from owl_desktop.services.payment_methods import NotADuplicate, PaymentMethodService
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.integration.payments.conftest import Clock, confirm_bank, confirm_card
from tests.integration.payments.test_outbox_roundtrip import drain
from tests.stripe_env import StripeEnv


def add_card(methods: PaymentMethodService, stripe_client: stripe.StripeClient, client_id: int,
             payment_method: str = "pm_card_visa") -> int:
    si = methods.start_setup(client_id, "card")
    confirm_card(stripe_client, si.id, payment_method)
    return methods.complete_setup(client_id, si.id).id


@pytest.fixture
def typed_card(stripe_env: StripeEnv) -> Callable[[str, int], str]:
    """A card as Stripe.js makes it from the fields, with the publishable key (a secret key
    may not send card numbers): its PaymentMethod id."""
    browser = stripe.StripeClient(stripe_env.publishable_key,
                                  base_addresses={"api": stripe_env.api_base},
                                  max_network_retries=0)

    def make(number: str, exp_year: int) -> str:
        pm = browser.v1.payment_methods.create(params={
            "type": "card", "card": {"number": number, "exp_month": 12, "exp_year": exp_year,
                                     "cvc": "123"},  # type: ignore[typeddict-item]
            "billing_details": {"name": "Élise Tremblay"}})
        return pm.id
    return make


def test_the_same_card_twice_is_named_and_the_new_one_goes(
        methods: PaymentMethodService, stripe_client: stripe.StripeClient,
        gateway: StripeGateway, uow_factory: UnitOfWorkFactory, clock: Clock,
        make_client: Callable[..., int]) -> None:
    client_id = make_client()
    first = add_card(methods, stripe_client, client_id)
    assert methods.duplicate_of(client_id, first) is None  # nothing else on file
    other = add_card(methods, stripe_client, client_id, "pm_card_mastercard")
    assert methods.duplicate_of(client_id, other) is None  # another number

    second = add_card(methods, stripe_client, client_id)  # Visa 4242 again, same expiry
    on_file = methods.duplicate_of(client_id, second)
    assert on_file is not None
    assert on_file.id == first
    assert on_file.is_default
    with uow_factory() as uow:
        a, b = uow.payment_methods.get(first), uow.payment_methods.get(second)
    assert a.fingerprint
    assert a.fingerprint == b.fingerprint
    assert a.stripe_id != b.stripe_id

    kept = methods.keep_existing(client_id, second)
    assert kept.id == first
    assert kept.is_default
    assert [m.id for m in methods.list_for_client(client_id)] == [first, other]
    trail = AuditTrailService(uow_factory).list_for_client(client_id)
    assert trail[0].action == AuditAction.REMOVED
    assert trail[0].last4 == "4242"
    with uow_factory() as uow:
        assert [(e.kind, e.payload["payment_method"]) for e in
                uow.outbox.open_for_client(client_id)][-1] == (KIND_DETACH, b.stripe_id)
    # Asked again (a second click) before the sync: done already, the one on file named.
    assert methods.keep_existing(client_id, second).id == first
    drain(uow_factory, gateway, clock)
    detached = stripe_client.v1.payment_methods.retrieve(b.stripe_id)
    assert detached.customer is None  # detached at Stripe
    assert stripe_client.v1.payment_methods.retrieve(a.stripe_id).customer is not None


def test_a_card_with_another_expiry_is_not_a_duplicate(
        methods: PaymentMethodService, stripe_client: stripe.StripeClient,
        typed_card: Callable[[str, int], str], clock: Clock,
        make_client: Callable[..., int]) -> None:
    client_id = make_client()
    year = clock().year + 2
    visa = "4242424242424242"
    first = add_card(methods, stripe_client, client_id, typed_card(visa, year))
    renewed = add_card(methods, stripe_client, client_id, typed_card(visa, year + 1))
    assert methods.duplicate_of(client_id, renewed) is None  # a renewed card: both kept
    again = add_card(methods, stripe_client, client_id, typed_card(visa, year))
    on_file = methods.duplicate_of(client_id, again)
    assert on_file is not None
    assert on_file.id == first
    with pytest.raises(NotADuplicate):
        methods.keep_existing(client_id, renewed)
    assert len(methods.list_for_client(client_id)) == 3  # nothing removed by the refusal


def test_the_same_bank_account_twice_keeps_the_verified_one_and_its_mandate(
        methods: PaymentMethodService, stripe_client: stripe.StripeClient,
        gateway: StripeGateway, make_client: Callable[..., int]) -> None:
    client_id = make_client()
    si = methods.start_setup(client_id, "acss_debit")
    confirm_bank(stripe_client, si.id)
    methods.complete_setup(client_id, si.id)
    stripe_client.v1.setup_intents.verify_microdeposits(si.id, params={"amounts": [32, 45]})
    verified = methods.record_setup_intent(client_id, gateway.retrieve_setup_intent(si.id))
    assert verified is not None
    assert verified.is_default
    assert verified.mandate_status == "active"

    again = methods.start_setup(client_id, "acss_debit")
    confirm_bank(stripe_client, again.id)
    pending = methods.complete_setup(client_id, again.id)  # awaits its own micro-deposits
    on_file = methods.duplicate_of(client_id, pending.id)
    assert on_file is not None
    assert on_file.id == verified.id
    # The verified one doesn't repeat the pending one: only a usable method is offered.
    assert methods.duplicate_of(client_id, verified.id) is None

    kept = methods.keep_existing(client_id, pending.id)  # cancels its SetupIntent at Stripe
    assert (kept.id, kept.is_default, kept.mandate_id, kept.mandate_status) == (
        verified.id, True, verified.mandate_id, "active")
    assert [m.id for m in methods.list_for_client(client_id)] == [verified.id]
    assert stripe_client.v1.setup_intents.retrieve(again.id).status == "canceled"


def test_removed_at_another_desk_meanwhile_keeps_the_new_one(
        methods: PaymentMethodService, stripe_client: stripe.StripeClient,
        make_client: Callable[..., int]) -> None:
    client_id = make_client()
    first = add_card(methods, stripe_client, client_id)
    second = add_card(methods, stripe_client, client_id)
    assert methods.duplicate_of(client_id, second) is not None
    methods.remove(client_id, first)  # the other desk's hand
    with pytest.raises(NotADuplicate):
        methods.keep_existing(client_id, second)
    assert [m.id for m in methods.list_for_client(client_id)] == [second]
