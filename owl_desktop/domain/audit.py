"""Who made a change: the vocabulary of the audit trail shared by the desk, the sync and the
portal (the one writer is ``core/audit.py``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Workstation:
    actor: str
    desk: str


# Changes this desk didn't make but noticed through sync (Stripe's Dashboard, another desk
# with its own database, the self-service window, a micro-deposit verification): who and where
# aren't known, so the trail says "Stripe" / "elsewhere", marked by ``detail`` so the UI can
# name them in the user's language.
ELSEWHERE = Workstation(actor="Stripe", desk="elsewhere")
NOTICED_BY_SYNC = "noticed_by_sync"
# Changes the client made themselves, signed in to the client portal.
IN_THE_PORTAL = Workstation(actor="client", desk="portal")


def by_payload(who: Workstation) -> dict[str, str]:
    """Who queued an outbox change, as its payload keeps it (sent on with the change);
    empty when nobody at a desk did (``ELSEWHERE``)."""
    return {} if who == ELSEWHERE else {"actor": who.actor, "desk": who.desk}


def by_from_payload(value: object) -> Workstation | None:
    if not isinstance(value, dict):
        return None
    actor, desk = value.get("actor"), value.get("desk")
    if not isinstance(actor, str) or not isinstance(desk, str) or not (actor or desk):
        return None
    return Workstation(actor=actor, desk=desk)
