"""Every StripeGateway call over HTTP against ``stripe_env`` (sandbox, or Stripe test mode)."""

from __future__ import annotations

import dataclasses
import uuid

import pytest
import stripe

from owl_desktop.payments import errors as pe
from owl_desktop.payments.gateway import BillingAddress
from owl_desktop.payments.stripe import SYNC_EVENT_TYPES, StripeGateway
from owl_desktop.sandbox.server import SandboxServer
from tests.integration.payments.conftest import confirm_bank, confirm_card, unique_details
from tests.stripe_env import StripeEnv


def key() -> str:
    return f"test:{uuid.uuid4().hex}"


def test_account(gateway: StripeGateway) -> None:
    account = gateway.retrieve_account()
    assert account.id.startswith("acct_")
    assert account.livemode is False


def test_customer_create_update_retrieve(gateway: StripeGateway) -> None:
    details = unique_details()
    created = gateway.create_customer(details, idempotency_key=key())
    assert created.id.startswith("cus_")
    assert (created.name, created.email, created.phone) == (
        details.name, details.email, details.phone)
    assert created.owl_client_id == details.client_id
    assert created.address == details.address
    assert created.default_payment_method_id is None

    changed = unique_details(details.client_id, email="")
    updated = gateway.update_customer(created.id, changed, idempotency_key=key())
    assert updated.email == ""  # "" unsets at Stripe
    again = gateway.retrieve_customer(created.id)
    assert again == updated


def test_same_idempotency_key_creates_one_customer(gateway: StripeGateway) -> None:
    details = unique_details()
    k = key()
    first = gateway.create_customer(details, idempotency_key=k)
    second = gateway.create_customer(details, idempotency_key=k)
    assert first.id == second.id


def test_find_customer_by_client_id(gateway: StripeGateway, sandbox: SandboxServer) -> None:
    # Sandbox only: real Stripe's search index lags writes by up to a minute.
    details = unique_details()
    created = gateway.create_customer(details, idempotency_key=key())
    found = gateway.find_customer_by_client_id(details.client_id, email=details.email)
    assert found is not None
    assert found.id == created.id
    assert gateway.find_customer_by_client_id(details.client_id + 1) is None
    # Without an email the gateway lists every customer and still finds it.
    assert gateway.find_customer_by_client_id(details.client_id) == found


def test_card_setup_list_default_detach(gateway: StripeGateway,
                                        stripe_client: stripe.StripeClient) -> None:
    customer = gateway.create_customer(unique_details(), idempotency_key=key())
    si = gateway.create_setup_intent(customer.id, "card", idempotency_key=key())
    assert si.status == "requires_payment_method"
    assert si.client_secret.startswith(si.id + "_secret_")
    assert si.customer_id == customer.id
    assert "card" in si.payment_method_types

    confirm_card(stripe_client, si.id)
    done = gateway.retrieve_setup_intent(si.id)
    assert done.status == "succeeded"
    pm = done.payment_method
    assert pm is not None
    assert (pm.type, pm.brand, pm.last4, pm.customer_id) == ("card", "visa", "4242", customer.id)
    assert pm.exp_year is not None
    assert pm.exp_month is not None

    listed = gateway.list_payment_methods(customer.id)
    assert [m.id for m in listed] == [pm.id]
    assert gateway.retrieve_payment_method(pm.id) == listed[0]

    with_default = gateway.set_default_payment_method(customer.id, pm.id,
                                                      idempotency_key=key())
    assert with_default.default_payment_method_id == pm.id
    cleared = gateway.set_default_payment_method(customer.id, None, idempotency_key=key())
    assert cleared.default_payment_method_id is None

    detached = gateway.detach_payment_method(pm.id, idempotency_key=key())
    assert detached.customer_id is None
    assert gateway.list_payment_methods(customer.id) == []


def test_bank_account_setup_with_mandate(gateway: StripeGateway,
                                         stripe_client: stripe.StripeClient) -> None:
    customer = gateway.create_customer(unique_details(), idempotency_key=key())
    si = gateway.create_setup_intent(customer.id, "acss_debit", idempotency_key=key())
    assert "acss_debit" in si.payment_method_types
    confirm_bank(stripe_client, si.id)
    info = gateway.retrieve_setup_intent(si.id)
    assert info.status == "requires_action"
    assert info.next_action_type == "verify_with_microdeposits"
    assert info.payment_method is not None
    assert info.payment_method.type == "acss_debit"
    assert (info.payment_method.last4, info.payment_method.institution_number,
            info.payment_method.transit_number) == ("6789", "000", "11000")
    assert info.mandate_id is not None
    assert info.mandate_status == "pending"
    mandate = gateway.retrieve_mandate(info.mandate_id)
    assert (mandate.status, mandate.payment_method_id) == ("pending", info.payment_method.id)

    stripe_client.v1.setup_intents.verify_microdeposits(si.id, params={"amounts": [32, 45]})
    verified = gateway.retrieve_setup_intent(si.id)
    assert verified.status == "succeeded"
    assert verified.mandate_status == "active"
    found = gateway.find_mandate_for(info.payment_method.id, customer.id)
    assert found is not None
    assert (found.id, found.status) == (info.mandate_id, "active")
    assert [m.type for m in gateway.list_payment_methods(customer.id)] == ["acss_debit"]


def test_cancel_setup_intent(gateway: StripeGateway) -> None:
    customer = gateway.create_customer(unique_details(), idempotency_key=key())
    si = gateway.create_setup_intent(customer.id, "card", idempotency_key=key())
    gateway.cancel_setup_intent(si.id, idempotency_key=key())
    assert gateway.retrieve_setup_intent(si.id).status == "canceled"


def _saved_card(gateway: StripeGateway, stripe_client: stripe.StripeClient,
                payment_method: str) -> tuple[str, str]:
    customer = gateway.create_customer(unique_details(), idempotency_key=key())
    si = gateway.create_setup_intent(customer.id, "card", idempotency_key=key())
    confirm_card(stripe_client, si.id, payment_method)
    done = gateway.retrieve_setup_intent(si.id)
    assert done.payment_method_id is not None
    return customer.id, done.payment_method_id


def test_charge_off_session(gateway: StripeGateway, stripe_client: stripe.StripeClient) -> None:
    customer_id, pm_id = _saved_card(gateway, stripe_client, "pm_card_visa")
    k = key()
    pi = gateway.charge_off_session(customer_id=customer_id, payment_method_id=pm_id,
                                    amount=4500, currency="CAD", idempotency_key=k,
                                    description="Invoice 12")
    assert (pi.status, pi.amount, pi.currency) == ("succeeded", 4500, "cad")
    again = gateway.charge_off_session(customer_id=customer_id, payment_method_id=pm_id,
                                       amount=4500, currency="CAD", idempotency_key=k,
                                       description="Invoice 12")
    assert again.id == pi.id  # charged once
    assert gateway.retrieve_payment_intent(pi.id) == pi


def _saved_bank(gateway: StripeGateway, stripe_client: stripe.StripeClient
                ) -> tuple[str, str, str]:
    """A verified PAD bank account: (customer, payment method, active mandate)."""
    customer = gateway.create_customer(unique_details(), idempotency_key=key())
    si = gateway.create_setup_intent(customer.id, "acss_debit", idempotency_key=key())
    confirm_bank(stripe_client, si.id)
    stripe_client.v1.setup_intents.verify_microdeposits(si.id, params={"amounts": [32, 45]})
    done = gateway.retrieve_setup_intent(si.id)
    assert done.status == "succeeded"
    assert done.payment_method_id is not None
    assert done.mandate_id is not None
    return customer.id, done.payment_method_id, done.mandate_id


def test_card_charge_is_off_session_for_cards_only(gateway: StripeGateway,
                                                   stripe_client: stripe.StripeClient) -> None:
    customer_id, pm_id = _saved_card(gateway, stripe_client, "pm_card_visa")
    pi = gateway.charge_off_session(customer_id=customer_id, payment_method_id=pm_id,
                                    amount=2500, currency="cad", idempotency_key=key())
    assert pi.status == "succeeded"
    assert stripe_client.v1.payment_intents.retrieve(pi.id).payment_method_types == ["card"]


def test_pad_charge_uses_the_mandate_and_settles_later(
        gateway: StripeGateway, stripe_client: stripe.StripeClient,
        sandbox: SandboxServer) -> None:
    customer_id, pm_id, mandate_id = _saved_bank(gateway, stripe_client)
    k = key()
    pi = gateway.charge_off_session(customer_id=customer_id, payment_method_id=pm_id,
                                    amount=4500, currency="CAD", idempotency_key=k,
                                    description="Invoice 13", payment_method_type="acss_debit",
                                    mandate_id=mandate_id)
    assert (pi.status, pi.amount, pi.currency, pi.payment_method_id) == (
        "processing", 4500, "cad", pm_id)
    again = gateway.charge_off_session(customer_id=customer_id, payment_method_id=pm_id,
                                       amount=4500, currency="CAD", idempotency_key=k,
                                       description="Invoice 13",
                                       payment_method_type="acss_debit", mandate_id=mandate_id)
    assert again.id == pi.id  # debited once
    assert stripe_client.v1.payment_intents.retrieve(pi.id).payment_method_types == [
        "acss_debit"]
    sandbox.advance(3 * 24 * 3600 + 60)  # PAD settles in days, not at once
    assert gateway.retrieve_payment_intent(pi.id).status == "succeeded"


def test_pad_charge_sends_the_mandate_it_is_given(gateway: StripeGateway,
                                                  stripe_client: stripe.StripeClient) -> None:
    """The mandate goes to Stripe as given (not picked by Stripe): another account's mandate is
    refused, and a PAD charge without one isn't even sent."""
    customer_id, pm_id, _mandate = _saved_bank(gateway, stripe_client)
    _other_customer, _other_pm, other_mandate = _saved_bank(gateway, stripe_client)
    with pytest.raises(pe.StripeRequestError):
        gateway.charge_off_session(customer_id=customer_id, payment_method_id=pm_id,
                                   amount=1000, currency="cad", idempotency_key=key(),
                                   payment_method_type="acss_debit", mandate_id=other_mandate)
    with pytest.raises(ValueError, match="mandate"):
        gateway.charge_off_session(customer_id=customer_id, payment_method_id=pm_id,
                                   amount=1000, currency="cad", idempotency_key=key(),
                                   payment_method_type="acss_debit")


def test_declined_charge_raises_card_declined(gateway: StripeGateway,
                                              stripe_client: stripe.StripeClient) -> None:
    customer_id, pm_id = _saved_card(gateway, stripe_client, "pm_card_chargeCustomerFail")
    with pytest.raises(pe.CardDeclined) as caught:
        gateway.charge_off_session(customer_id=customer_id, payment_method_id=pm_id,
                                   amount=1000, currency="cad", idempotency_key=key())
    err = caught.value
    assert type(err) is pe.CardDeclined
    assert err.message
    assert err.request_id
    assert err.retryable is False
    assert err.payment_intent_id is not None
    failed = gateway.retrieve_payment_intent(err.payment_intent_id)
    assert failed.status == "requires_payment_method"
    assert failed.failure_code is not None


def test_authentication_required_off_session(gateway: StripeGateway,
                                             stripe_client: stripe.StripeClient,
                                             sandbox: SandboxServer) -> None:
    customer = gateway.create_customer(unique_details(), idempotency_key=key())
    pm = stripe_client.v1.payment_methods.attach(
        "pm_card_authenticationRequired", params={"customer": customer.id})
    with pytest.raises(pe.AuthenticationRequired):
        gateway.charge_off_session(customer_id=customer.id, payment_method_id=pm.id,
                                   amount=1000, currency="cad", idempotency_key=key())


def test_events_after_cursor_oldest_first(gateway: StripeGateway,
                                          stripe_client: stripe.StripeClient) -> None:
    customer = gateway.create_customer(unique_details(), idempotency_key=key())
    start = gateway.latest_event(SYNC_EVENT_TYPES)
    if start is None:  # a fresh account: make one event to start from
        gateway.update_customer(customer.id, unique_details(), idempotency_key=key())
        start = gateway.latest_event(SYNC_EVENT_TYPES)
    assert start is not None
    for _ in range(3):
        gateway.update_customer(customer.id, unique_details(), idempotency_key=key())
    pages = [gateway.list_events(after_event_id=start.id, types=SYNC_EVENT_TYPES, limit=2)]
    while pages[-1].has_more:
        pages.append(gateway.list_events(after_event_id=pages[-1].events[-1].id,
                                         types=SYNC_EVENT_TYPES, limit=2))
    assert len(pages) >= 2  # paged
    everything = [e for page in pages for e in page.events]
    created = [e.created for e in everything]
    assert created == sorted(created)  # oldest first, across pages
    assert len({e.id for e in everything}) == len(everything)
    raw = stripe_client.v1.events.list(params={"types": list(SYNC_EVENT_TYPES), "limit": 100,
                                               "ending_before": start.id})
    assert [e.id for e in everything] == [e.id for e in reversed(raw.data)]  # Stripe: newest first
    # Other activity on a shared test account may interleave; ours are all there, in order.
    mine = [e for e in everything if e.customer_id == customer.id]
    assert [e.type for e in mine] == ["customer.updated"] * 3


def test_expired_event_cursor(gateway: StripeGateway) -> None:
    with pytest.raises(pe.EventCursorExpired):
        gateway.list_events(after_event_id="evt_1NoSuchEventExists000000",
                            types=SYNC_EVENT_TYPES)


# ---- errors over the wire -----------------------------------------------------------------

def test_bad_key(stripe_env: StripeEnv) -> None:
    bad = StripeGateway("sk_test_not-a-real-key", api_base=stripe_env.api_base)
    with pytest.raises(pe.InvalidApiKey) as caught:
        bad.retrieve_customer("cus_whatever")
    assert "sk_test" not in str(caught.value)
    assert caught.value.http_status == 401


def test_missing_object(gateway: StripeGateway) -> None:
    with pytest.raises(pe.StripeRequestError) as caught:
        gateway.retrieve_payment_method("pm_1NoSuchMethod000000000")
    assert caught.value.is_missing
    assert caught.value.http_status == 404


def test_rate_limited_with_retry_after(gateway: StripeGateway, sandbox: SandboxServer) -> None:
    sandbox.faults.set(rate_limit_429_rate=1.0, retry_after_s=7)
    with pytest.raises(pe.RateLimited) as caught:
        gateway.retrieve_account()
    assert caught.value.retry_after == 7.0
    assert caught.value.retryable


def test_server_error_is_unavailable(gateway: StripeGateway, sandbox: SandboxServer) -> None:
    sandbox.faults.set(error_500_rate=1.0)
    with pytest.raises(pe.StripeUnavailable) as caught:
        gateway.retrieve_account()
    assert caught.value.http_status == 500
    assert caught.value.offline is False


def test_connection_refused_is_offline(stripe_env: StripeEnv, sandbox: SandboxServer) -> None:
    sandbox.faults.set(refuse_connections=True)
    gw = StripeGateway(stripe_env.secret_key, api_base=stripe_env.api_base, timeout_s=3)
    with pytest.raises(pe.StripeUnavailable) as caught:
        gw.retrieve_account()
    assert caught.value.offline


def test_faults_scoped_to_one_desk(stripe_env: StripeEnv, sandbox: SandboxServer) -> None:
    sandbox.faults.set(desk="desk-B", error_500_rate=1.0)
    desk_a = StripeGateway(stripe_env.secret_key, api_base=stripe_env.api_base, desk="desk-A")
    desk_b = StripeGateway(stripe_env.secret_key, api_base=stripe_env.api_base, desk="desk-B")
    assert desk_a.retrieve_account().id
    with pytest.raises(pe.StripeUnavailable):
        desk_b.retrieve_account()


def test_customer_without_address_or_phone(gateway: StripeGateway) -> None:
    bare = dataclasses.replace(unique_details(), phone="", address=BillingAddress())
    created = gateway.create_customer(bare, idempotency_key=key())
    assert (created.phone, created.address) == ("", BillingAddress())
    full = unique_details(bare.client_id)
    with_address = gateway.update_customer(created.id, full, idempotency_key=key())
    assert with_address.address == full.address
    cleared = gateway.update_customer(created.id, bare, idempotency_key=key())
    assert (cleared.phone, cleared.address) == ("", BillingAddress())
