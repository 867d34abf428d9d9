"""The outbox's vocabulary: what kinds of Stripe change wait in it, and their statuses.

Defined once here because the store (which persists entries), the sync (which sends them) and
the services (which queue them) all speak it. Payloads are described in ``store/outbox_repo.py``.
"""

from __future__ import annotations

from typing import Final

KIND_CUSTOMER_CREATE: Final = "customer_create"
KIND_CUSTOMER_UPDATE: Final = "customer_update"
KIND_SET_DEFAULT: Final = "set_default"
KIND_DETACH: Final = "detach"
KINDS: Final = (KIND_CUSTOMER_CREATE, KIND_CUSTOMER_UPDATE, KIND_SET_DEFAULT, KIND_DETACH)

PENDING: Final = "pending"
IN_PROGRESS: Final = "in_progress"
DONE: Final = "done"
FAILED: Final = "failed"
DISCARDED: Final = "discarded"
# Statuses that still hold a client's queue: not yet applied at Stripe.
OPEN_STATUSES: Final = (PENDING, IN_PROGRESS, FAILED)
