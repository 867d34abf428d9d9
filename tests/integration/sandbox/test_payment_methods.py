"""PaymentMethods: creation from the browser, card checks, attach/detach/update, test ids."""

from __future__ import annotations

import pytest
import stripe

from tests.integration.sandbox.conftest import Browser


def test_browser_creates_card_with_last4_only(browser: Browser) -> None:
    reply = browser.card_pm("4242 4242 4242 4242")
    assert reply.status == 200, reply.body
    pm = reply.body
    assert pm["id"].startswith("pm_")
    assert pm["type"] == "card"
    assert pm["card"]["brand"] == "visa"
    assert pm["card"]["last4"] == "4242"
    assert pm["card"]["exp_month"] == 12
    assert pm["card"]["exp_year"] == 2034
    assert pm["customer"] is None
    assert pm["livemode"] is False
    assert "4242424242424242" not in str(reply.body)
    assert "number" not in pm["card"]
    assert "cvc" not in pm["card"]


def test_amex_has_15_digits_and_4_digit_cvc(browser: Browser) -> None:
    ok = browser.card_pm("378282246310005", cvc="1234")
    assert ok.status == 200, ok.body
    assert ok.body["card"]["brand"] == "amex"
    assert ok.body["card"]["last4"] == "0005"
    bad = browser.card_pm("378282246310005", cvc="123")
    assert bad.status == 402
    assert bad.error["type"] == "card_error"
    assert bad.error["code"] == "invalid_cvc"


@pytest.mark.parametrize(("number", "month", "year", "code"), [
    ("4242424242424241", 12, 2034, "incorrect_number"),
    ("42424242", 12, 2034, "invalid_number"),
    ("4242424242424242", 13, 2034, "invalid_expiry_month"),
    ("4242424242424242", 12, 2001, "invalid_expiry_year"),
])
def test_card_checks_at_creation(browser: Browser, number: str, month: int, year: int,
                                 code: str) -> None:
    reply = browser.card_pm(number, exp_month=month, exp_year=year)
    assert reply.status == 402, reply.body
    assert reply.error["type"] == "card_error"
    assert reply.error["code"] == code


def test_raw_card_numbers_refused_with_secret_key(stripe_client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.StripeError) as info:
        stripe_client.v1.payment_methods.create(params={
            "type": "card", "card": {"number": "4242424242424242", "exp_month": 12,
                                     "exp_year": 2034, "cvc": "123"}})
    assert "unsafe" in str(info.value.user_message)


def test_browser_creates_bank_account(browser: Browser) -> None:
    reply = browser.acss_pm("000123456789")
    assert reply.status == 200, reply.body
    acss = reply.body["acss_debit"]
    assert acss["institution_number"] == "000"
    assert acss["transit_number"] == "11000"
    assert acss["last4"] == "6789"
    assert acss["bank_name"]
    assert acss["fingerprint"]
    assert "000123456789" not in str(reply.body)
    assert reply.body["billing_details"]["email"] == "ada@example.com"


def test_bank_account_needs_holder_name_and_email(browser: Browser) -> None:
    reply = browser.acss_pm(email="")
    assert reply.status == 400
    assert reply.error["code"] == "parameter_missing"
    assert reply.error["param"] == "billing_details[email]"


def test_same_card_same_fingerprint(browser: Browser) -> None:
    a = browser.card_pm("5555555555554444").body
    b = browser.card_pm("5555555555554444", exp_year=2035).body
    c = browser.card_pm("4242424242424242").body
    assert a["card"]["fingerprint"] == b["card"]["fingerprint"]
    assert a["card"]["fingerprint"] != c["card"]["fingerprint"]


def test_publishable_key_only_reaches_stripe_js_endpoints(browser: Browser) -> None:
    for method, path in (("GET", "/v1/customers"), ("POST", "/v1/customers"),
                         ("GET", "/v1/payment_methods/pm_card_visa"), ("GET", "/v1/events"),
                         ("POST", "/v1/setup_intents"), ("GET", "/v1/account")):
        reply = browser.get(path) if method == "GET" else browser.post(path, {})
        assert reply.status == 401, (path, reply.body)
        assert "publishable API key" in reply.error["message"]


def test_attach_detach_is_permanent(stripe_client: stripe.StripeClient, browser: Browser,
                                    customer: stripe.Customer) -> None:
    pm_id = browser.card_pm().body["id"]
    attached = stripe_client.v1.payment_methods.attach(pm_id, params={"customer": customer.id})
    assert attached.customer == customer.id
    detached = stripe_client.v1.payment_methods.detach(pm_id)
    assert detached.customer is None
    with pytest.raises(stripe.InvalidRequestError) as info:
        stripe_client.v1.payment_methods.attach(pm_id, params={"customer": customer.id})
    assert "may not be used again" in str(info.value.user_message)
    with pytest.raises(stripe.InvalidRequestError) as again:
        stripe_client.v1.payment_methods.detach(pm_id)
    assert "not attached to a customer" in str(again.value.user_message)


def test_attach_to_missing_customer(stripe_client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as info:
        stripe_client.v1.payment_methods.attach("pm_card_visa",
                                                params={"customer": "cus_missing0000"})
    assert info.value.code == "resource_missing"
    assert info.value.param == "customer"


def test_update_only_allowed_fields(stripe_client: stripe.StripeClient,
                                    customer: stripe.Customer) -> None:
    pm = stripe_client.v1.payment_methods.retrieve("pm_card_visa")
    with pytest.raises(stripe.InvalidRequestError) as unattached:
        stripe_client.v1.payment_methods.update(pm.id, params={"metadata": {"a": "b"}})
    assert "save this PaymentMethod to a customer" in str(unattached.value.user_message)

    pm = stripe_client.v1.payment_methods.attach(pm.id, params={"customer": customer.id})
    updated = stripe_client.v1.payment_methods.update(pm.id, params={
        "billing_details": {"name": "Ada King", "address": {"postal_code": "K1A 0B1"}},
        "card": {"exp_month": 11, "exp_year": 2033}, "metadata": {"label": "work"}})
    assert updated.billing_details.name == "Ada King"
    assert updated.billing_details.address is not None
    assert updated.billing_details.address.postal_code == "K1A 0B1"
    assert updated.card is not None
    assert (updated.card.exp_month, updated.card.exp_year) == (11, 2033)
    assert updated.metadata is not None
    assert updated.metadata.to_dict() == {"label": "work"}
    with pytest.raises(stripe.InvalidRequestError) as number:
        stripe_client.v1.payment_methods.update(pm.id, params={
            "card": {"number": "4000056655665556"}})  # type: ignore[typeddict-unknown-key]
    assert number.value.code == "parameter_unknown"
    assert number.value.param == "card[number]"


@pytest.mark.parametrize(("token", "brand", "last4"), [
    ("pm_card_visa", "visa", "4242"), ("pm_card_mastercard", "mastercard", "4444"),
    ("pm_card_amex", "amex", "0005"), ("pm_card_visa_debit", "visa", "5556"),
])
def test_test_payment_method_ids(stripe_client: stripe.StripeClient, token: str, brand: str,
                                 last4: str) -> None:
    pm = stripe_client.v1.payment_methods.retrieve(token)
    assert pm.id != token
    assert pm.id.startswith("pm_")
    assert pm.card is not None
    assert (pm.card.brand, pm.card.last4) == (brand, last4)


def test_declining_card_cannot_be_attached(stripe_client: stripe.StripeClient,
                                           customer: stripe.Customer) -> None:
    with pytest.raises(stripe.CardError) as info:
        stripe_client.v1.payment_methods.attach("pm_card_chargeDeclined",
                                                params={"customer": customer.id})
    assert info.value.code == "card_declined"
    # 4000000000000341 attaches fine (charges decline later).
    pm = stripe_client.v1.payment_methods.attach("pm_card_chargeCustomerFail",
                                                 params={"customer": customer.id})
    assert pm.customer == customer.id


def test_list_needs_existing_customer_and_filters_type(stripe_client: stripe.StripeClient,
                                                       customer: stripe.Customer) -> None:
    pm = stripe_client.v1.payment_methods.attach("pm_card_visa",
                                                 params={"customer": customer.id})
    listed = stripe_client.v1.payment_methods.list(params={"customer": customer.id,
                                                           "type": "card"})
    assert [p.id for p in listed.data] == [pm.id]
    with pytest.raises(stripe.InvalidRequestError) as info:
        stripe_client.v1.payment_methods.list(params={"customer": "cus_nope00000000"})
    assert info.value.code == "resource_missing"
