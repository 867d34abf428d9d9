"""Which queued change waits for an earlier one of the same client (issue 12, item 4)."""

from __future__ import annotations

from typing import Any

import pytest

from owl_desktop.domain.outbox import depends_on

Change = tuple[str, dict[str, Any]]
DETACH_A: Change = ("detach", {"payment_method": "pm_A"})
DETACH_B: Change = ("detach", {"payment_method": "pm_B"})
DEFAULT_A: Change = ("set_default", {"payment_method": "pm_A"})
DEFAULT_B: Change = ("set_default", {"payment_method": "pm_B"})
CLEAR_AFTER_A: Change = ("set_default", {"payment_method": None, "after_removing": "pm_A"})
PROFILE: Change = ("customer_update", {"details": {}})
CREATE: Change = ("customer_create", {"details": {}})


@pytest.mark.parametrize(("later", "earlier", "waits"), [
    (DETACH_B, DEFAULT_A, False),  # the issue: a removal never waits behind another default
    (DETACH_B, DETACH_A, False),
    (PROFILE, DEFAULT_A, False),
    (DETACH_A, DEFAULT_A, True),  # names the same method
    (DEFAULT_A, DETACH_A, True),
    (CLEAR_AFTER_A, DETACH_A, True),  # the clear that follows removing the default
    (DEFAULT_B, DEFAULT_A, True),  # the default, in order
    (PROFILE, PROFILE, True),
    (DETACH_B, CREATE, True),  # everything behind the customer creation
    (PROFILE, CREATE, True),
])
def test_depends_on(later: Change, earlier: Change, waits: bool) -> None:
    assert depends_on(later[0], later[1], earlier[0], earlier[1]) is waits
