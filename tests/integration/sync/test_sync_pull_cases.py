"""What pull sync brings in from elsewhere: card expiry updates, a deleted customer, a bank
account verified (micro-deposits) on another desk with its mandate."""

from __future__ import annotations

import stripe

from owl_desktop.services.audit import AuditTrailService
from owl_desktop.services.customers import CustomerService
from owl_desktop.services.payment_methods import PaymentMethodService
from tests.integration.sandbox.conftest import Browser, acss_setup_intent
from tests.integration.sync.conftest import DeskFactory
from tests.integration.sync.desk import (
    add_client,
    assert_desk_matches_stripe,
    attach_card,
    link,
    new_customer,
)
from tests.stripe_env import StripeEnv


def test_card_expiry_updated_elsewhere_reaches_the_cache(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient) -> None:
    desk = desk_factory("A")
    cid = add_client(desk, "Ada")
    cus = new_customer(stripe_client, "Ada", cid)
    link(desk, cid, cus)
    pm = attach_card(stripe_client, cus)
    desk.sync()
    stripe_client.v1.payment_methods.update(pm, params={"card": {"exp_month": 3,
                                                                 "exp_year": 2031}})
    summary = desk.sync()
    assert summary.changed_clients == [cid]
    with desk.uow() as uow:
        cached = uow.payment_methods.by_stripe_id(pm)
    assert cached is not None
    assert (cached.exp_month, cached.exp_year) == (3, 2031)


def test_customer_deleted_elsewhere_unlinks_the_client_and_drops_its_methods(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient) -> None:
    desk = desk_factory("A")
    cid = add_client(desk, "Ada")
    cus = new_customer(stripe_client, "Ada", cid)
    link(desk, cid, cus)
    attach_card(stripe_client, cus)
    desk.sync()
    stripe_client.v1.customers.delete(cus)
    desk.sync()
    with desk.uow() as uow:
        assert uow.customer_links.customer_of(cid) is None
        assert uow.payment_methods.list_for_client(cid, include_removed=True) == []
        assert uow.clients.get(cid).first_name == "Ada"  # the profile itself stays


def test_bank_account_verified_elsewhere_arrives_with_its_active_mandate(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient,
        stripe_env: StripeEnv) -> None:
    desk = desk_factory("A")
    cid = add_client(desk, "Ada")
    cus = new_customer(stripe_client, "Ada", cid)
    link(desk, cid, cus)
    desk.sync()
    browser = Browser(stripe_env)
    si = acss_setup_intent(stripe_client, cus)
    pm = browser.acss_pm("000123456789").body
    confirmed = browser.post(f"/v1/setup_intents/{si.id}/confirm", {
        "client_secret": si.client_secret, "payment_method": pm["id"],
        "mandate_data": {"customer_acceptance": {"type": "online"}}})
    assert confirmed.status == 200, confirmed.body
    verified = browser.post(f"/v1/setup_intents/{si.id}/verify_microdeposits", {
        "client_secret": si.client_secret, "amounts": [32, 45]})
    assert verified.status == 200, verified.body

    summary = desk.sync()
    assert summary.changed_clients == [cid]
    assert_desk_matches_stripe(desk, stripe_client)
    with desk.uow() as uow:
        cached = uow.payment_methods.by_stripe_id(pm["id"])
    assert cached is not None
    assert cached.type == "acss_debit"
    assert cached.last4 == "6789"
    assert cached.mandate_id
    assert cached.mandate_status == "active"
    assert stripe_client.v1.mandates.retrieve(cached.mandate_id).payment_method == pm["id"]


def test_pending_bank_account_verified_later_is_recorded_by_the_payment_method_service(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient,
        stripe_env: StripeEnv) -> None:
    """Saved here as "pending verification"; the client enters the micro-deposits later."""
    desk = desk_factory("A")
    gateway = desk.engine.metered.as_gateway()
    methods = PaymentMethodService(desk.uow, gateway,
                                   CustomerService(desk.uow, gateway, desk.engine.account),
                                   desk.clock)
    cid = add_client(desk, "Ada", email="ada@example.com")
    si = methods.start_setup(cid, "acss_debit")
    browser = Browser(stripe_env)
    pm = browser.acss_pm("000123456789").body
    confirmed = browser.post(f"/v1/setup_intents/{si.id}/confirm", {
        "client_secret": si.client_secret, "payment_method": pm["id"],
        "mandate_data": {"customer_acceptance": {"type": "online"}}})
    assert confirmed.status == 200, confirmed.body
    pending = methods.complete_setup(cid, si.id)
    assert pending.status == "pending_verification"
    desk.sync()
    assert methods.list_for_client(cid)[0].status == "pending_verification"

    verified = browser.post(f"/v1/setup_intents/{si.id}/verify_microdeposits", {
        "client_secret": si.client_secret, "amounts": [32, 45]})
    assert verified.status == 200, verified.body
    desk.sync()

    (method,) = methods.list_for_client(cid)
    assert method.status == "active"
    assert method.is_default
    assert_desk_matches_stripe(desk, stripe_client)
    with desk.uow() as uow:
        cached = uow.payment_methods.by_stripe_id(pm["id"])
    assert cached is not None
    assert cached.mandate_status == "active"
    trail = [(e.action, e.actor, e.desk)
             for e in AuditTrailService(desk.uow).list_for_client(cid)]
    here = (trail[-1][1], trail[-1][2])  # this workstation saved it (pending)
    assert here != ("Stripe", "elsewhere")
    # newest first: pending, then verified (not a second "added") as noticed by sync, then
    # made the default by this desk (its first usable method)
    assert trail == [("set_default", *here), ("verified", "Stripe", "elsewhere"),
                     ("added_pending_verification", *here)]
