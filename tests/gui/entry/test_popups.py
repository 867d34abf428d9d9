"""Pop-ups: only from a user gesture, only while Stripe is confirming, at most one at a time;
a pop-up left on an empty or refused page closes by itself (issue 11, item 8).

A script once opened 20 windows from the entry view, and none closed. Here gestures are real
mouse clicks through ``QTest`` on the view's focus proxy (Chromium's ``isUserInitiated``), sent
once the window is exposed and again until the page reports its button was clicked (a busy
machine can drop one; ``helpers.real_click``); ``set_stripe_flow(True)`` is what
``EntryView.confirm`` does until Stripe's answer comes back.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6

from owl_desktop.ui.web.page import StripePopup
from owl_desktop.ui.web.view import EntryView
from tests.gui.entry.bank_server import BankServer, bank_server
from tests.gui.entry.helpers import click_to_open, run_js, spin, wait_until

pytestmark = pytest.mark.usefixtures("sandbox")


def watch(view: EntryView) -> tuple[list[StripePopup], list[str]]:
    opened: list[StripePopup] = []
    refused: list[str] = []
    view.entry_page.popup_opened.connect(opened.append)
    view.entry_page.popup_refused.connect(refused.append)
    return opened, refused


def closed(popup: StripePopup) -> bool:
    return not shiboken6.isValid(popup) or not popup.isVisible()


def settle(ms: float = 0.5) -> None:
    """Pump events a while: a refused window must stay refused."""
    deadline = time.monotonic() + ms
    while time.monotonic() < deadline:
        spin(20)


@pytest.fixture
def https_bank() -> Iterator[BankServer]:
    with bank_server(https=True) as bank:
        yield bank


def test_a_script_without_a_gesture_gets_no_window(ready_view: EntryView, sandbox: Any) -> None:
    opened, refused = watch(ready_view)
    ready_view.entry_page.set_stripe_flow(True)
    run_js(ready_view.page(), f"window.open({json.dumps(sandbox.stripe_js_url + '3ds.html')})"
                              " === null")
    wait_until(lambda: refused, what="the pop-up to be refused")
    settle()
    assert (opened, refused) == ([], ["no_gesture"])


def test_no_window_outside_a_stripe_flow(ready_view: EntryView, sandbox: Any) -> None:
    opened, refused = watch(ready_view)
    click_to_open(ready_view, sandbox.stripe_js_url + "3ds.html")
    wait_until(lambda: refused, what="the pop-up to be refused")
    settle()
    assert (opened, refused) == ([], ["no_flow"])


def test_at_most_one_window_at_a_time(ready_view: EntryView, sandbox: Any) -> None:
    opened, refused = watch(ready_view)
    ready_view.entry_page.set_stripe_flow(True)
    click_to_open(ready_view, sandbox.stripe_js_url + "3ds.html", times=20)
    wait_until(lambda: len(opened) + len(refused) == 20, what="20 window requests")
    assert len(opened) == 1
    assert len(refused) == 19  # Chromium spends a click's gesture on the first window
    popup = opened[0]
    wait_until(lambda: popup.loaded, what="Stripe's page in the one window")
    # Another click while it is open: still one.
    click_to_open(ready_view, sandbox.stripe_js_url + "3ds.html")
    wait_until(lambda: len(refused) == 20, what="the second window to be refused")
    assert refused[-1] == "one_at_a_time"
    # Nor can the pop-up open one of its own.
    popup_refused: list[str] = []
    popup.page.popup_refused.connect(popup_refused.append)
    run_js(popup.page, f"window.open({json.dumps(sandbox.stripe_js_url + '3ds.html')}); 1")
    wait_until(lambda: popup_refused, what="the pop-up's own window to be refused")
    # Once it is closed, the next gesture may open one again.
    popup.close()
    click_to_open(ready_view, sandbox.stripe_js_url + "3ds.html")
    wait_until(lambda: len(opened) == 2, what="a new window after the first closed")
    opened[1].close()


def test_the_flows_end_closes_its_window(ready_view: EntryView, sandbox: Any) -> None:
    opened, _refused = watch(ready_view)
    ready_view.entry_page.set_stripe_flow(True)
    click_to_open(ready_view, sandbox.stripe_js_url + "3ds.html")
    popup = wait_until(lambda: opened and opened[0], what="the pop-up window")
    ready_view.entry_page.set_stripe_flow(False)
    wait_until(lambda: closed(popup), what="the pop-up to close with the flow")


@pytest.mark.parametrize("script", ["", "w.document.write('<h1>Your card expired</h1>');"])
def test_an_empty_window_closes_by_itself(ready_view: EntryView, script: str) -> None:
    """about:blank, left empty or written into by its opener, shows nothing of Stripe's."""
    opened, _refused = watch(ready_view)
    ready_view.entry_page.set_stripe_flow(True)
    click_to_open(ready_view, script=f"var w = window.open('about:blank'); if (w) {{ {script} }}")
    popup = wait_until(lambda: opened and opened[0], what="the pop-up window")
    wait_until(lambda: closed(popup), what="the empty pop-up to close")
