"""Issue 12, item 5: desks with their own databases name each other's staff and desk in the
history, from what the calls they make anyway carry (a SetupIntent's metadata for an addition,
the customer update for a new default); no extra Stripe call for it."""

from __future__ import annotations

from typing import Any

import stripe

from owl_desktop.domain.audit import Workstation
from owl_desktop.domain.payment_methods import AuditAction
from owl_desktop.services.audit import AuditTrailService
from owl_desktop.services.customers import CustomerService
from owl_desktop.services.payment_methods import PaymentMethodService
from tests.integration.sandbox.conftest import Browser
from tests.integration.sync.conftest import DeskFactory
from tests.integration.sync.desk import (
    Desk,
    add_client,
    attach_card,
    link,
    local_remove,
    local_set_default,
    new_customer,
)
from tests.stripe_env import StripeEnv

FRONT = Workstation(actor="marie", desk="front")


def _services_as(desk: Desk, who: Workstation) -> PaymentMethodService:
    gateway = desk.engine.metered.as_gateway()
    return PaymentMethodService(
        desk.uow, gateway, CustomerService(desk.uow, gateway, desk.engine.account, desk.clock),
        desk.clock, workstation=lambda _uow: who)


def _trail(desk: Desk, client_id: int) -> list[tuple[str, str, str, str]]:
    return [(e.action, e.actor, e.desk, e.detail)
            for e in AuditTrailService(desk.uow).list_for_client(client_id)]


def _add_card(methods: PaymentMethodService, env: StripeEnv, client_id: int) -> Any:
    si = methods.start_setup(client_id, "card")
    browser = Browser(env)
    pm = browser.card_pm("4242424242424242").body
    confirmed = browser.post(f"/v1/setup_intents/{si.id}/confirm", {
        "client_secret": si.client_secret, "payment_method": pm["id"]})
    assert confirmed.status == 200, confirmed.body
    return methods.complete_setup(client_id, si.id)


def test_another_desks_addition_and_default_name_who_and_where(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient,
        stripe_env: StripeEnv) -> None:
    front, back = desk_factory("front"), desk_factory("back")
    cf, cb = add_client(front, "Élise"), add_client(back, "Élise")
    cus = new_customer(stripe_client, "Élise Tremblay", cf)
    link(front, cf, cus)
    link(back, cb, cus)
    amex = attach_card(stripe_client, cus, "pm_card_amex")  # in the Dashboard
    front.sync()
    back.sync()

    methods = _services_as(front, FRONT)
    visa = _add_card(methods, stripe_env, cf)  # Marie at the front desk adds a Visa ...
    seti = stripe_client.v1.setup_intents.retrieve(visa.setup_intent_id)
    assert seti.metadata is not None
    assert seti.metadata.to_dict() == {"owl_by": "marie", "owl_desk": "front"}
    front.sync()  # ... its first usable method becomes the default only if none: make it so
    methods.set_default(cf, visa.id)
    front.sync()
    customer = stripe_client.v1.customers.retrieve(cus)
    assert customer.metadata is not None
    metadata = customer.metadata.to_dict()
    assert metadata["owl_default_by"] == "marie"
    assert metadata["owl_default_pm"] == visa.stripe_id

    calls_before = back.engine.metered.total_calls
    back.sync()
    trail = _trail(back, cb)
    assert (AuditAction.ADDED, "marie", "front", "") in trail
    assert (AuditAction.SET_DEFAULT, "marie", "front", "") in trail
    # the Amex added in the Dashboard names nobody
    assert trail[-1] == (AuditAction.ADDED, "Stripe", "elsewhere", "noticed_by_sync")
    # no extra call: the pull read events and re-read the client as before
    assert back.engine.metered.total_calls - calls_before <= 4

    # A removal seen through sync is "removed at another desk or in Stripe".
    local_remove(front, cf, amex)
    front.sync()
    back.sync()
    assert (AuditAction.REMOVED, "Stripe", "elsewhere", "noticed_by_sync") in _trail(back, cb)


def test_a_default_set_in_the_dashboard_after_a_desk_is_not_attributed_to_it(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient) -> None:
    front, back = desk_factory("front"), desk_factory("back")
    cf, cb = add_client(front, "Ada"), add_client(back, "Ada")
    cus = new_customer(stripe_client, "Ada", cf)
    link(front, cf, cus)
    link(back, cb, cus)
    visa, amex = attach_card(stripe_client, cus), attach_card(stripe_client, cus, "pm_card_amex")
    front.sync()
    back.sync()
    local_set_default(front, cf, visa)
    front.sync()
    stripe_client.v1.customers.update(cus, params={
        "invoice_settings": {"default_payment_method": amex}})  # the Dashboard, later
    back.sync()
    defaults = [t for t in _trail(back, cb) if t[0] == AuditAction.SET_DEFAULT]
    assert defaults == [(AuditAction.SET_DEFAULT, "Stripe", "elsewhere", "noticed_by_sync")]
