"""Issue 11, item 6: the card form's billing postal code and province are checked like the
client form's, in the page, with the rules the page gets from ``domain/`` (no second copy)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from owl_desktop.domain.clients import Address, ClientDraft, FieldError, validate_client
from owl_desktop.ui.web.entry_page import address_rules, render_entry_page
from owl_desktop.ui.web.view import EntryPrefill, EntryView
from tests.gui.entry.helpers import run_js, wait_until

PREFILL = EntryPrefill(name="Ann Tremblay", line1="1 Main St", city="Montréal", state="QC",
                       postal_code="H2X 1Y4")

SAMPLES = [
    ("QC", "H2X 1Y4"), ("QC", "h2x1y4"), ("QC", "99999"), ("QC", "K1A 0B1"), ("QC", "G1R 4P5"),
    ("QC", "J8Y 3Z1"), ("ON", "K1A 0B1"), ("ON", "M5V 3L9"), ("ON", "H2X 1Y4"), ("BC", "V6B 1A1"),
    ("NU", "X0A 0H0"), ("NT", "X1A 2P7"), ("AB", "T2P 1J9"), ("AB", "D2P 1J9"), ("YT", "Y1A 1A1"),
    ("NS", "B3H 1A1"), ("QC", "H2X-1Y4"), ("QC", "H2X  1Y4"), ("QC", "H2X 1Y"), ("QC", "W2X 1Y4"),
    ("QC", "H2O 1Y4"), ("PE", "C1A 4P3"), ("", "H2X 1Y4"), ("", "99999"), ("SK", "S4P 3Y2"),
]


def domain_problem(province: str, postal: str) -> str:
    """What the client form says of that province and postal code."""
    draft = ClientDraft("A", "B", address=Address("1 Main", "", "City", province, postal))
    code = validate_client(draft.normalized()).get("postal_code", "")
    return code if code in (FieldError.POSTAL_FORMAT, FieldError.POSTAL_PROVINCE) else ""


def open_card_form(view: EntryView, prefill: EntryPrefill) -> None:
    view.open_form("card", prefill)
    wait_until(lambda: view.state.value == "opened", what="the card form")


def test_the_rendered_page_carries_the_domain_rules() -> None:
    page = render_entry_page("https://js.stripe.com/v3/")
    block = page.split('<script type="application/json" id="owl-address-rules">')[1]
    assert json.loads(block.split("</script>")[0]) == address_rules()


def test_the_page_and_the_client_form_agree_on_every_sample(ready_view: EntryView) -> None:
    """The drift test: the page's check, run in the real page, against the domain's."""
    page = ready_view.page()
    got = run_js(page, f"JSON.stringify({json.dumps(SAMPLES)}.map(function (s) {{"
                       " return window.owlPostalProblem(s[0], s[1]); }))")
    assert dict(zip(SAMPLES, json.loads(got), strict=True)) == {
        sample: domain_problem(*sample) for sample in SAMPLES}


@pytest.mark.parametrize(("postal", "problem"), [
    ("99999", "Enter a Canadian postal code, like H2X 1Y4."),
    ("K1A 0B1", "This postal code doesn't match the province: it should start with G/H/J."),
])
def test_a_wrong_billing_postal_code_is_shown_and_blocks_saving(
        ready_view: EntryView, postal: str, problem: str) -> None:
    open_card_form(ready_view, replace(PREFILL, postal_code=postal))
    page = ready_view.page()
    wait_until(lambda: not ready_view.address_ok, what="the page to report the postal code")
    assert run_js(page, "document.getElementById('postal_code-error').textContent") == problem
    assert not ready_view.can_save
    # Corrected by staff: the message goes and the address no longer holds Save back.
    run_js(page, "var p = document.getElementById('postal_code'); p.value = 'H2X 1Y4';"
                 "p.dispatchEvent(new Event('input', {bubbles: true})); 1")
    wait_until(lambda: ready_view.address_ok, what="the corrected postal code")
    assert run_js(page, "document.getElementById('postal_code-error').textContent") == ""
