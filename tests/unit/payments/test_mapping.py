"""SDK objects (built from Stripe's own fixtures) to our dataclasses: only what we may keep."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import stripe

from owl_desktop.payments.errors import StripeRequestError
from owl_desktop.payments.gateway import BillingAddress
from owl_desktop.payments.stripe import mapping

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "stripe" / "fixtures3.json"


@pytest.fixture(scope="module")
def resources() -> dict[str, Any]:
    return dict(json.loads(FIXTURES.read_text(encoding="utf-8"))["resources"])


def build(cls: type[stripe.StripeObject], values: dict[str, Any]) -> Any:
    return cls.construct_from(values, "sk_test_unit")


def test_card_keeps_last4_brand_expiry_and_billing(resources: dict[str, Any]) -> None:
    raw = copy.deepcopy(resources["payment_method"])
    raw["customer"] = "cus_1"
    info = mapping.payment_method_info(build(stripe.PaymentMethod, raw))
    assert info.type == "card"
    assert info.id == raw["id"]
    assert info.customer_id == "cus_1"
    assert (info.brand, info.last4, info.exp_month, info.exp_year) == ("visa", "4242", 8, 2030)
    assert info.fingerprint == raw["card"]["fingerprint"]
    assert info.holder_email == "jenny@example.com"
    assert info.billing_address == BillingAddress(
        line1="1234 Fake Street", city="San Francisco", state="CA", postal_code="94102",
        country="US")


def test_acss_debit_keeps_bank_branch_and_last4_only(resources: dict[str, Any]) -> None:
    raw = copy.deepcopy(resources["payment_method"])
    raw.pop("card")
    raw["type"] = "acss_debit"
    raw["customer"] = {"id": "cus_2", "object": "customer"}  # expanded
    raw["billing_details"]["name"] = "Jenny Rosen"
    raw["acss_debit"] = {"bank_name": "TD Canada Trust", "fingerprint": "fp1",
                         "institution_number": "004", "last4": "6789", "transit_number": "11000"}
    info = mapping.payment_method_info(build(stripe.PaymentMethod, raw))
    assert info.type == "acss_debit"
    assert info.customer_id == "cus_2"
    assert (info.bank_name, info.institution_number, info.transit_number, info.last4) == (
        "TD Canada Trust", "004", "11000", "6789")
    assert info.holder_name == "Jenny Rosen"
    assert info.brand == ""
    assert info.exp_month is None


def test_unsupported_type_is_refused(resources: dict[str, Any]) -> None:
    raw = copy.deepcopy(resources["payment_method"])
    raw["type"] = "sepa_debit"
    with pytest.raises(StripeRequestError):
        mapping.payment_method_info(build(stripe.PaymentMethod, raw))


def test_customer_reads_default_and_client_id(resources: dict[str, Any]) -> None:
    raw = copy.deepcopy(resources["customer"])
    raw["invoice_settings"]["default_payment_method"] = "pm_9"
    raw["metadata"] = {"owl_client_id": "42"}
    raw["name"], raw["email"] = "Jo Tremblay", "jo@example.com"
    info = mapping.customer_info(build(stripe.Customer, raw))
    assert (info.id, info.default_payment_method_id, info.owl_client_id) == (
        raw["id"], "pm_9", 42)
    assert (info.name, info.email, info.phone, info.deleted) == (
        "Jo Tremblay", "jo@example.com", "", False)


def test_deleted_customer(resources: dict[str, Any]) -> None:
    info = mapping.customer_info(build(stripe.Customer, resources["deleted_customer"]))
    assert info.deleted
    assert info.default_payment_method_id is None


def test_setup_intent_with_expanded_method_and_mandate(resources: dict[str, Any]) -> None:
    raw = copy.deepcopy(resources["setup_intent"])
    pm = copy.deepcopy(resources["payment_method"])
    mandate = copy.deepcopy(resources["mandate"])
    mandate["status"] = "pending"
    raw.update(status="requires_action", customer="cus_3", payment_method=pm, mandate=mandate,
               next_action={"type": "verify_with_microdeposits"}, last_setup_error=None)
    info = mapping.setup_intent_info(build(stripe.SetupIntent, raw))
    assert info.status == "requires_action"
    assert info.next_action_type == "verify_with_microdeposits"
    assert info.payment_method is not None
    assert info.payment_method_id == pm["id"]
    assert (info.mandate_id, info.mandate_status) == (mandate["id"], "pending")
    assert info.customer_id == "cus_3"
    assert info.last_error_code is None


def test_setup_intent_unexpanded(resources: dict[str, Any]) -> None:
    raw = copy.deepcopy(resources["setup_intent"])
    raw.update(payment_method="pm_5", mandate="mandate_5", next_action=None,
               last_setup_error={"type": "card_error", "code": "card_declined",
                                 "message": "Your card was declined."})
    info = mapping.setup_intent_info(build(stripe.SetupIntent, raw))
    assert info.payment_method is None
    assert info.payment_method_id == "pm_5"
    assert (info.mandate_id, info.mandate_status) == ("mandate_5", None)
    assert (info.last_error_code, info.last_error_message) == (
        "card_declined", "Your card was declined.")
    assert info.client_secret == raw["client_secret"]
    assert raw["client_secret"] not in repr(info)  # logging the object can't leak it


def test_mandate_statuses(resources: dict[str, Any]) -> None:
    for status in ("active", "inactive", "pending"):
        raw = dict(resources["mandate"], status=status)
        info = mapping.mandate_info(build(stripe.Mandate, raw))
        assert info.status == status
        assert info.payment_method_id == "pm_123456789"


def test_payment_intent_failure(resources: dict[str, Any]) -> None:
    raw = copy.deepcopy(resources["payment_intent"])
    raw.update(customer="cus_1", payment_method="pm_1",
               last_payment_error={"type": "card_error", "code": "card_declined",
                                   "decline_code": "insufficient_funds",
                                   "message": "Your card has insufficient funds."})
    info = mapping.payment_intent_info(build(stripe.PaymentIntent, raw))
    assert (info.amount, info.currency, info.status) == (1099, "usd", "requires_payment_method")
    assert (info.failure_code, info.failure_message) == (
        "insufficient_funds", "Your card has insufficient funds.")


def test_event_names_object_and_customer(resources: dict[str, Any]) -> None:
    pm = copy.deepcopy(resources["payment_method"])
    pm["customer"] = "cus_7"
    raw = dict(resources["event"], type="payment_method.attached", data={"object": pm})
    info = mapping.event_info(build(stripe.Event, raw))
    assert (info.object_type, info.object_id, info.customer_id) == (
        "payment_method", pm["id"], "cus_7")


def test_detached_event_takes_customer_from_previous_attributes(
        resources: dict[str, Any]) -> None:
    pm = copy.deepcopy(resources["payment_method"])
    pm["customer"] = None
    raw = dict(resources["event"], type="payment_method.detached",
               data={"object": pm, "previous_attributes": {"customer": "cus_8"}})
    assert mapping.event_info(build(stripe.Event, raw)).customer_id == "cus_8"


def test_customer_event_names_itself(resources: dict[str, Any]) -> None:
    raw = dict(resources["event"], type="customer.updated",
               data={"object": resources["customer"]})
    info = mapping.event_info(build(stripe.Event, raw))
    assert info.customer_id == resources["customer"]["id"] == info.object_id
