"""Customers: CRUD, list and pagination, default payment method, a customer's methods."""

from __future__ import annotations

import uuid

import pytest
import stripe

from owl_desktop.sandbox.server import SandboxServer


def test_create_retrieve_update_delete(stripe_client: stripe.StripeClient) -> None:
    cus = stripe_client.v1.customers.create(params={
        "name": "Marie Curie", "email": "marie@example.com", "phone": "+15145550100",
        "address": {"line1": "1 rue Sherbrooke", "city": "Montréal", "state": "QC",
                    "postal_code": "H2X 1Y4", "country": "CA"},
        "metadata": {"owl_client_id": "7"}})
    assert cus.id.startswith("cus_")
    assert cus.object == "customer"
    assert cus.address is not None
    assert cus.address.city == "Montréal"
    assert cus.metadata.to_dict() == {"owl_client_id": "7"}
    assert cus.invoice_settings.default_payment_method is None

    updated = stripe_client.v1.customers.update(cus.id, params={
        "name": "Marie Skłodowska-Curie", "metadata": {"tier": "gold"}})
    assert updated.name == "Marie Skłodowska-Curie"
    # Stripe merges metadata keys.
    assert updated.metadata.to_dict() == {"owl_client_id": "7", "tier": "gold"}
    cleared = stripe_client.v1.customers.update(cus.id, params={"metadata": {"tier": ""}})
    assert cleared.metadata.to_dict() == {"owl_client_id": "7"}

    deleted = stripe_client.v1.customers.delete(cus.id)
    assert deleted.deleted is True
    again = stripe_client.v1.customers.retrieve(cus.id)
    assert again.to_dict().get("deleted") is True
    with pytest.raises(stripe.InvalidRequestError) as info:
        stripe_client.v1.customers.update(cus.id, params={"name": "x"})
    assert info.value.http_status == 404
    assert info.value.code == "resource_missing"


def test_retrieve_missing_is_resource_missing(stripe_client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as info:
        stripe_client.v1.customers.retrieve("cus_doesNotExist000")
    assert info.value.http_status == 404
    assert info.value.code == "resource_missing"
    assert info.value.param == "id"
    assert "No such customer: 'cus_doesNotExist000'" in str(info.value.user_message)


def test_list_is_newest_first_with_cursors(stripe_client: stripe.StripeClient) -> None:
    email = f"pager-{uuid.uuid4().hex[:12]}@example.com"  # unique: real Stripe keeps old runs
    ids = [stripe_client.v1.customers.create(params={"email": email, "name": f"P{i}"}).id
           for i in range(5)]
    first = stripe_client.v1.customers.list(params={"email": email, "limit": 2})
    assert [c.id for c in first.data] == [ids[4], ids[3]]
    assert first.has_more is True
    second = stripe_client.v1.customers.list(params={"email": email, "limit": 2,
                                                     "starting_after": ids[3]})
    assert [c.id for c in second.data] == [ids[2], ids[1]]
    back = stripe_client.v1.customers.list(params={"email": email, "limit": 2,
                                                   "ending_before": ids[2]})
    assert [c.id for c in back.data] == [ids[4], ids[3]]
    everything = [c.id for c in stripe_client.v1.customers.list(
        params={"email": email, "limit": 2}).auto_paging_iter()]
    assert everything == list(reversed(ids))


def test_default_payment_method_must_be_attached(stripe_client: stripe.StripeClient,
                                                 customer: stripe.Customer) -> None:
    loose = stripe_client.v1.payment_methods.retrieve("pm_card_visa")
    with pytest.raises(stripe.InvalidRequestError) as info:
        stripe_client.v1.customers.update(customer.id, params={
            "invoice_settings": {"default_payment_method": loose.id}})
    assert info.value.param == "invoice_settings[default_payment_method]"

    pm = stripe_client.v1.payment_methods.attach("pm_card_visa",
                                                 params={"customer": customer.id})
    updated = stripe_client.v1.customers.update(customer.id, params={
        "invoice_settings": {"default_payment_method": pm.id}})
    assert updated.invoice_settings.default_payment_method == pm.id
    expanded = stripe_client.v1.customers.retrieve(customer.id, params={
        "expand": ["invoice_settings.default_payment_method"]})
    dpm = expanded.invoice_settings.default_payment_method
    assert isinstance(dpm, stripe.PaymentMethod)
    assert dpm.card is not None
    assert dpm.card.last4 == "4242"

    # Detaching the default leaves the customer without one, as Stripe does.
    stripe_client.v1.payment_methods.detach(pm.id)
    after = stripe_client.v1.customers.retrieve(customer.id)
    assert after.invoice_settings.default_payment_method is None


def test_customer_payment_methods_filter_by_type(stripe_client: stripe.StripeClient,
                                                 customer: stripe.Customer) -> None:
    visa = stripe_client.v1.payment_methods.attach("pm_card_visa",
                                                   params={"customer": customer.id})
    mc = stripe_client.v1.payment_methods.attach("pm_card_mastercard",
                                                 params={"customer": customer.id})
    listed = stripe_client.v1.customers.payment_methods.list(customer.id)
    assert [p.id for p in listed.data] == [mc.id, visa.id]
    cards = stripe_client.v1.customers.payment_methods.list(customer.id,
                                                            params={"type": "card"})
    assert {p.id for p in cards.data} == {visa.id, mc.id}
    banks = stripe_client.v1.customers.payment_methods.list(customer.id,
                                                            params={"type": "acss_debit"})
    assert banks.data == []
    one = stripe_client.v1.customers.payment_methods.retrieve(customer.id, visa.id)
    assert one.id == visa.id


def test_unknown_parameter_is_rejected(stripe_client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as info:
        stripe_client.v1.customers.create(
            params={"name": "x", "nickname": "y"})  # type: ignore[typeddict-unknown-key]
    assert info.value.http_status == 400
    assert info.value.code == "parameter_unknown"
    assert info.value.param == "nickname"
    with pytest.raises(stripe.InvalidRequestError) as nested:
        stripe_client.v1.customers.create(params={"address": {"street": "1 Main"}})  # type: ignore[typeddict-unknown-key]
    assert nested.value.param == "address[street]"


def test_invalid_email_is_rejected(stripe_client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as info:
        stripe_client.v1.customers.create(params={"email": "not-an-email"})
    assert info.value.code == "email_invalid"
    assert info.value.param == "email"


def test_search_by_metadata_email_and_name(sandbox: SandboxServer,
                                           stripe_client: stripe.StripeClient) -> None:
    # Sandbox-only: Stripe's search index lags writes by up to a minute.
    ada = stripe_client.v1.customers.create(params={
        "name": "Ada Lovelace", "email": "ada@example.com", "metadata": {"owl_client_id": "7"}})
    stripe_client.v1.customers.create(params={
        "name": "Grace Hopper", "email": "grace@example.com",
        "metadata": {"owl_client_id": "8"}})
    found = stripe_client.v1.customers.search(params={
        "query": "metadata['owl_client_id']:'7'"})
    assert [c.id for c in found.data] == [ada.id]
    assert found.object == "search_result"
    both = stripe_client.v1.customers.search(params={
        "query": "email:'ada@example.com' OR name~'Hopper'"})
    assert len(both.data) == 2
    none = stripe_client.v1.customers.search(params={
        "query": "metadata['owl_client_id']:'7' AND -name:'Ada Lovelace'"})
    assert none.data == []
    paged = stripe_client.v1.customers.search(params={"query": "email~'example.com'",
                                                      "limit": 1})
    assert paged.has_more is True
    assert paged.next_page is not None
    rest = stripe_client.v1.customers.search(params={"query": "email~'example.com'",
                                                     "limit": 1, "page": paged.next_page})
    assert rest.data[0].id != paged.data[0].id
    with pytest.raises(stripe.InvalidRequestError) as info:
        stripe_client.v1.customers.search(params={"query": "shoe_size:'9'"})
    assert info.value.param == "query"
