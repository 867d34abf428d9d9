"""``GET /v1/mandates/{id}``: PAD mandates created by acss_debit SetupIntents."""

from __future__ import annotations

from typing import Any

from owl_desktop.sandbox import objects
from owl_desktop.sandbox.app import Ctx, router
from owl_desktop.sandbox.params import L, check


@router.add("GET", "/v1/mandates/{mandate_id}", "mandates", "read")
def retrieve(ctx: Ctx, mandate_id: str) -> tuple[int, Any]:
    p = check(ctx.params, {"expand": L()})
    obj = objects.get(ctx.account, mandate_id, "mandate", param="mandate")
    return 200, objects.render(ctx.account, obj, p.get("expand"))
