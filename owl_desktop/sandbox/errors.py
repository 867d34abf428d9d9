"""Errors in Stripe's JSON shape.

Every refusal the double makes goes through :class:`StripeApiError` so that clients (stripe-python,
our Stripe.js double) see exactly the body and status Stripe would send.
"""

from __future__ import annotations

from typing import Any

DOC_BASE = "https://stripe.com/docs/error-codes/"


class StripeApiError(Exception):
    """An answer in Stripe's error shape: ``{"error": {...}}`` with an HTTP status.

    ``saved`` says whether an idempotent replay stores it: Stripe saves the result only once the
    endpoint started executing, so parameter-validation and auth errors are not saved.
    """

    def __init__(self, status: int, message: str, *, type_: str = "invalid_request_error",
                 code: str | None = None, param: str | None = None,
                 decline_code: str | None = None, saved: bool = True,
                 headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type_
        self.code = code
        self.param = param
        self.decline_code = decline_code
        self.saved = saved
        self.headers = headers or {}
        self.extra = extra

    def body(self, request_id: str) -> dict[str, Any]:
        err: dict[str, Any] = {}
        if self.code:
            err["code"] = self.code
            err["doc_url"] = DOC_BASE + self.code.replace("_", "-")
        if self.decline_code:
            err["decline_code"] = self.decline_code
        err["message"] = self.message
        if self.param:
            err["param"] = self.param
        err["request_log_url"] = (
            f"https://dashboard.stripe.com/test/logs/{request_id}?t=0")
        err["type"] = self.type
        err.update(self.extra)
        return {"error": err}


def param_error(message: str, *, code: str | None, param: str | None) -> StripeApiError:
    """A 400 raised while checking parameters (not saved for idempotent replays)."""
    return StripeApiError(400, message, code=code, param=param, saved=False)


def unknown_param(name: str) -> StripeApiError:
    return param_error(f"Received unknown parameter: {name}", code="parameter_unknown",
                       param=name)


def missing_param(name: str) -> StripeApiError:
    return param_error(f"Missing required param: {name}.", code="parameter_missing",
                       param=name)


def resource_missing(kind: str, obj_id: str, param: str = "id") -> StripeApiError:
    return StripeApiError(404, f"No such {kind}: '{obj_id}'", code="resource_missing",
                          param=param)


def invalid_state(message: str, code: str = "resource_invalid_state",
                  param: str | None = None) -> StripeApiError:
    return StripeApiError(400, message, code=code, param=param)
