"""PaymentMethodService on both databases against ``stripe_env`` over HTTP."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import stripe

from owl_desktop.domain.outbox import KIND_DETACH, KIND_SET_DEFAULT
from owl_desktop.domain.payment_methods import AuditAction
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.services.audit import AuditTrailService
from owl_desktop.services.customers import CustomerService, NeedsInternet, StripeNotConnected
from owl_desktop.services.payment_methods import (
    BankAccountNeedsEmail,
    MethodNotUsable,
    PaymentMethodService,
    SetupNotCompleted,
)
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.integration.payments.conftest import confirm_bank, confirm_card


def open_entries(uow_factory: UnitOfWorkFactory, client_id: int) -> list[tuple[str, object]]:
    with uow_factory() as uow:
        return [(e.kind, e.payload.get("payment_method"))
                for e in uow.outbox.open_for_client(client_id)]


def add_card(methods: PaymentMethodService, stripe_client: stripe.StripeClient, client_id: int,
             payment_method: str = "pm_card_visa") -> int:
    si = methods.start_setup(client_id, "card")
    confirm_card(stripe_client, si.id, payment_method)
    return methods.complete_setup(client_id, si.id).id


def test_add_card_first_becomes_default(methods: PaymentMethodService,
                                        stripe_client: stripe.StripeClient,
                                        gateway: StripeGateway,
                                        uow_factory: UnitOfWorkFactory,
                                        make_client: Callable[..., int]) -> None:
    client_id = make_client()
    si = methods.start_setup(client_id, "card")
    assert si.client_secret
    confirm_card(stripe_client, si.id)
    stored = methods.complete_setup(client_id, si.id)
    assert (stored.type, stored.brand, stored.last4, stored.status) == (
        "card", "visa", "4242", "active")
    assert stored.is_default
    assert stored.pending_sync  # set_default waits in the outbox
    assert stored.setup_intent_id == si.id
    assert methods.list_for_client(client_id) == [stored]
    assert open_entries(uow_factory, client_id) == [(KIND_SET_DEFAULT, stored.stripe_id)]
    # Completing twice (a retry) stores nothing new.
    assert methods.complete_setup(client_id, si.id).id == stored.id
    assert len(methods.list_for_client(client_id)) == 1

    second = add_card(methods, stripe_client, client_id, "pm_card_mastercard")
    listed = methods.list_for_client(client_id)
    assert [m.id for m in listed] == [stored.id, second]
    assert [m.is_default for m in listed] == [True, False]

    trail = AuditTrailService(uow_factory).list_for_client(client_id)
    assert [e.action for e in trail] == [AuditAction.ADDED, AuditAction.SET_DEFAULT,
                                         AuditAction.ADDED][::-1]
    assert {(e.actor, e.desk) for e in trail} == {("reception1", "desk-A")}
    assert trail[0].last4 == "4444"
    assert trail[0].method_label == "Mastercard"


def test_set_default_and_remove_go_through_the_outbox(methods: PaymentMethodService,
                                                      stripe_client: stripe.StripeClient,
                                                      uow_factory: UnitOfWorkFactory,
                                                      make_client: Callable[..., int]) -> None:
    client_id = make_client()
    first = add_card(methods, stripe_client, client_id)
    second = add_card(methods, stripe_client, client_id, "pm_card_amex")
    chosen = methods.set_default(client_id, second)
    assert chosen.is_default
    assert [(m.id, m.is_default) for m in methods.list_for_client(client_id)] == [
        (second, True), (first, False)]  # the default first

    methods.remove(client_id, second)  # the default
    remaining = methods.list_for_client(client_id)
    assert [m.id for m in remaining] == [first]
    assert not remaining[0].is_default  # autopay paused: no default picked silently
    with uow_factory() as uow:
        removed = uow.payment_methods.get(second)
    entries = open_entries(uow_factory, client_id)
    assert entries[-2:] == [(KIND_DETACH, removed.stripe_id), (KIND_SET_DEFAULT, None)]
    actions = [e.action for e in AuditTrailService(uow_factory).list_for_client(client_id)]
    assert actions[:2] == [AuditAction.DEFAULT_CLEARED, AuditAction.REMOVED]


def test_declined_setup_is_not_saved(methods: PaymentMethodService,
                                     stripe_client: stripe.StripeClient,
                                     make_client: Callable[..., int]) -> None:
    client_id = make_client()
    si = methods.start_setup(client_id, "card")
    with pytest.raises(stripe.CardError):
        confirm_card(stripe_client, si.id, "pm_card_chargeDeclined")
    with pytest.raises(SetupNotCompleted) as caught:
        methods.complete_setup(client_id, si.id)
    assert caught.value.status == "requires_payment_method"
    assert methods.list_for_client(client_id) == []


def test_bank_account_pending_then_verified(methods: PaymentMethodService,
                                            stripe_client: stripe.StripeClient,
                                            gateway: StripeGateway,
                                            make_client: Callable[..., int]) -> None:
    client_id = make_client()
    si = methods.start_setup(client_id, "acss_debit")
    confirm_bank(stripe_client, si.id)
    pending = methods.complete_setup(client_id, si.id)
    assert (pending.type, pending.status, pending.mandate_status) == (
        "acss_debit", "pending_verification", "pending")
    assert (pending.last4, pending.institution_number, pending.transit_number) == (
        "6789", "000", "11000")
    assert not pending.is_default  # not usable yet
    with pytest.raises(MethodNotUsable):
        methods.set_default(client_id, pending.id)

    stripe_client.v1.setup_intents.verify_microdeposits(si.id, params={"amounts": [32, 45]})
    verified = methods.record_setup_intent(client_id, gateway.retrieve_setup_intent(si.id))
    assert verified is not None
    assert (verified.status, verified.mandate_status) == ("active", "active")
    assert verified.is_default  # the first usable method


def test_bank_account_needs_email(methods: PaymentMethodService,
                                  make_client: Callable[..., int]) -> None:
    client_id = make_client(email="")
    with pytest.raises(BankAccountNeedsEmail):
        methods.start_setup(client_id, "acss_debit")


def test_abandon_cancels(methods: PaymentMethodService, gateway: StripeGateway,
                         make_client: Callable[..., int]) -> None:
    client_id = make_client()
    si = methods.start_setup(client_id, "card")
    assert methods.abandon_setup(si.id, client_id) is None
    assert gateway.retrieve_setup_intent(si.id).status == "canceled"


def test_abandon_after_success_keeps_the_method(methods: PaymentMethodService,
                                                stripe_client: stripe.StripeClient,
                                                make_client: Callable[..., int]) -> None:
    client_id = make_client()
    si = methods.start_setup(client_id, "card")
    confirm_card(stripe_client, si.id)
    kept = methods.abandon_setup(si.id, client_id)
    assert kept is not None
    assert [m.id for m in methods.list_for_client(client_id)] == [kept.id]


def test_offline_adding_says_so_and_creates_nothing(methods: PaymentMethodService,
                                                    gateway: StripeGateway,
                                                    uow_factory: UnitOfWorkFactory,
                                                    make_client: Callable[..., int],
                                                    sandbox: SandboxServer) -> None:
    client_id = make_client()
    sandbox.faults.set(refuse_connections=True)
    with pytest.raises(NeedsInternet) as caught:
        methods.start_setup(client_id, "card")
    sandbox.faults.clear()
    # What is true: the request may or may not have reached Stripe.
    assert "can't be reached, or its answer didn't arrive" in caught.value.message
    assert "internet" in caught.value.hint
    assert methods.list_for_client(client_id) == []
    with uow_factory() as uow:
        assert uow.clients.get(client_id).stripe_customer_id is None
        # The creation stays queued with its key: the next sync finishes it, exactly once.
        assert [e.kind for e in uow.outbox.open_for_client(client_id)] == ["customer_create"]


def test_offline_default_and_removal_apply_locally(methods: PaymentMethodService,
                                                   stripe_client: stripe.StripeClient,
                                                   uow_factory: UnitOfWorkFactory,
                                                   make_client: Callable[..., int],
                                                   sandbox: SandboxServer) -> None:
    client_id = make_client()
    first = add_card(methods, stripe_client, client_id)
    second = add_card(methods, stripe_client, client_id, "pm_card_mastercard")
    sandbox.faults.set(refuse_connections=True)
    methods.set_default(client_id, second)
    methods.remove(client_id, first)
    sandbox.faults.clear()
    [left] = methods.list_for_client(client_id)
    assert left.id == second
    assert left.is_default
    assert left.pending_sync


def test_without_stripe_connected(uow_factory: UnitOfWorkFactory,
                                  make_client: Callable[..., int]) -> None:
    customers = CustomerService(uow_factory, None)
    service = PaymentMethodService(uow_factory, None, customers)
    client_id = make_client()
    assert service.list_for_client(client_id) == []
    with pytest.raises(StripeNotConnected):
        service.start_setup(client_id, "card")
    with pytest.raises(StripeNotConnected):
        customers.ensure_customer(client_id)


def test_removing_a_bank_account_awaiting_verification_cancels_its_setup(
        methods: PaymentMethodService, stripe_client: stripe.StripeClient,
        gateway: StripeGateway, uow_factory: UnitOfWorkFactory,
        make_client: Callable[..., int]) -> None:
    client_id = make_client()
    si = methods.start_setup(client_id, "acss_debit")
    confirm_bank(stripe_client, si.id)
    pending = methods.complete_setup(client_id, si.id)
    methods.remove(client_id, pending.id)
    assert methods.list_for_client(client_id) == []
    assert gateway.retrieve_setup_intent(si.id).status == "canceled"
    with uow_factory() as uow:
        assert uow.outbox.open_for_client(client_id) == []  # nothing left to detach
    trail = AuditTrailService(uow_factory).list_for_client(client_id)
    assert [e.action for e in trail] == [AuditAction.REMOVED, AuditAction.ADDED_PENDING]
    assert trail[0].last4 == "6789"
