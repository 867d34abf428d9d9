"""Events: recorded for every change, newest first, filters, cursors, 30-day horizon."""

from __future__ import annotations

import time

import pytest
import stripe

from owl_desktop.sandbox.server import SandboxServer


def test_customer_events_with_previous_attributes(stripe_client: stripe.StripeClient) -> None:
    start = int(time.time()) - 5
    cus = stripe_client.v1.customers.create(params={"name": "Ada", "email": "a@example.com"})
    stripe_client.v1.customers.update(cus.id, params={"email": "ada@example.com",
                                                      "metadata": {"k": "v"}})
    events = [e for e in stripe_client.v1.events.list(params={
        "type": "customer.*", "created": {"gte": start}}).data
        if e.data.object["id"] == cus.id]
    assert [e.type for e in events] == ["customer.updated", "customer.created"]
    updated = events[0]
    assert updated.object == "event"
    assert updated.livemode is False
    assert updated.data.object["email"] == "ada@example.com"
    prev = updated.data.previous_attributes
    assert prev is not None
    assert prev["email"] == "a@example.com"
    assert "name" not in prev.to_dict()
    assert stripe_client.v1.events.retrieve(updated.id).id == updated.id


def test_payment_method_and_setup_intent_events(stripe_client: stripe.StripeClient,
                                                customer: stripe.Customer) -> None:
    si = stripe_client.v1.setup_intents.create(params={
        "customer": customer.id, "allowed_payment_method_types": ["card"]})
    done = stripe_client.v1.setup_intents.confirm(si.id,
                                                  params={"payment_method": "pm_card_visa"})
    assert isinstance(done.payment_method, str)
    stripe_client.v1.payment_methods.detach(done.payment_method)
    mine = {si.id, done.payment_method}
    types = [e.type for e in stripe_client.v1.events.list(params={"limit": 100}).data
             if e.data.object["id"] in mine]
    # Events of the same second may come in any order at Stripe; the detach came last.
    assert types[0] == "payment_method.detached"
    assert sorted(types) == ["payment_method.attached", "payment_method.detached",
                             "setup_intent.created", "setup_intent.succeeded"]
    only = stripe_client.v1.events.list(params={"types": ["payment_method.attached",
                                                          "payment_method.detached"]})
    assert {e.type for e in only.data} <= {"payment_method.attached",
                                           "payment_method.detached"}
    assert len(only.data) >= 2


def test_newest_first_and_cursors(sandbox: SandboxServer,
                                  stripe_client: stripe.StripeClient) -> None:
    ids = [stripe_client.v1.customers.create(params={"name": f"C{i}"}).id for i in range(5)]
    page1 = stripe_client.v1.events.list(params={"type": "customer.created", "limit": 2})
    assert [e.data.object["id"] for e in page1.data] == [ids[4], ids[3]]
    assert page1.has_more is True
    page2 = stripe_client.v1.events.list(params={"type": "customer.created", "limit": 2,
                                                 "starting_after": page1.data[-1].id})
    assert [e.data.object["id"] for e in page2.data] == [ids[2], ids[1]]
    page3 = stripe_client.v1.events.list(params={"type": "customer.created", "limit": 2,
                                                 "starting_after": page2.data[-1].id})
    assert [e.data.object["id"] for e in page3.data] == [ids[0]]
    assert page3.has_more is False
    newer = stripe_client.v1.events.list(params={"type": "customer.created", "limit": 10,
                                                 "ending_before": page2.data[0].id})
    assert [e.data.object["id"] for e in newer.data] == [ids[4], ids[3]]


def test_created_filters(sandbox: SandboxServer, stripe_client: stripe.StripeClient) -> None:
    stripe_client.v1.customers.create(params={"name": "old"})
    sandbox.advance(100)
    cut = sandbox.now()
    stripe_client.v1.customers.create(params={"name": "new"})
    recent = stripe_client.v1.events.list(params={"created": {"gte": cut}})
    assert [e.data.object["name"] for e in recent.data] == ["new"]
    older = stripe_client.v1.events.list(params={"created": {"lt": cut}})
    assert [e.data.object["name"] for e in older.data] == ["old"]


def test_events_expire_after_30_days(sandbox: SandboxServer,
                                     stripe_client: stripe.StripeClient) -> None:
    sandbox.set_clock(time.time() - 40 * 24 * 3600)
    old = stripe_client.v1.customers.create(params={"name": "long ago"})
    sandbox.set_clock(time.time())
    stripe_client.v1.customers.create(params={"name": "today"})
    names = [e.data.object["name"] for e in stripe_client.v1.events.list().data]
    assert names == ["today"]
    assert stripe_client.v1.customers.retrieve(old.id).name == "long ago"


def test_type_and_types_are_exclusive(stripe_client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.events.list(params={"type": "customer.created",
                                             "types": ["customer.updated"]})


def test_limit_bounds(stripe_client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as info:
        stripe_client.v1.events.list(params={"limit": 101})
    assert info.value.param == "limit"


def test_previous_attributes_only_on_updates(stripe_client: stripe.StripeClient,
                                             customer: stripe.Customer) -> None:
    pm = stripe_client.v1.payment_methods.attach("pm_card_visa",
                                                 params={"customer": customer.id})
    stripe_client.v1.payment_methods.update(pm.id, params={"metadata": {"nick": "work"}})
    events = [e for e in stripe_client.v1.events.list(params={"type": "payment_method.*"}).data
              if e.data.object["id"] == pm.id]
    assert [e.type for e in events] == ["payment_method.updated", "payment_method.attached"]
    assert events[0].data.previous_attributes is not None
    assert events[0].data.previous_attributes.to_dict() == {"metadata": {"nick": None}}
    assert "previous_attributes" not in events[1].data.to_dict()


def test_cursor_may_be_an_event_the_filter_excludes(sandbox: SandboxServer,
                                                    stripe_client: stripe.StripeClient) -> None:
    first = stripe_client.v1.customers.create(params={"name": "one"})
    stripe_client.v1.customers.update(first.id, params={"name": "one!"})
    second = stripe_client.v1.customers.create(params={"name": "two"})
    updated = stripe_client.v1.events.list(params={"type": "customer.updated"}).data[0]
    older = stripe_client.v1.events.list(params={"type": "customer.created",
                                                 "starting_after": updated.id})
    assert [e.data.object["id"] for e in older.data] == [first.id]
    newer = stripe_client.v1.events.list(params={"type": "customer.created",
                                                 "ending_before": updated.id})
    assert [e.data.object["id"] for e in newer.data] == [second.id]
