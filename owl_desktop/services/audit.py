"""Who did what to a client's payment methods, from which desk.

The actor is the signed-in OS user of the workstation (the app has no logins of its own); the
desk is a name staff set in the settings, else the computer's host name.
"""

from __future__ import annotations

import getpass
import logging
import socket
from collections.abc import Callable

from owl_desktop.domain.audit import ELSEWHERE, NOTICED_BY_SYNC, Workstation
from owl_desktop.domain.payment_methods import AuditEntry
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

__all__ = ["ELSEWHERE", "NOTICED_BY_SYNC", "AuditTrailService", "Workstation",
           "WorkstationProvider", "desk_workstation", "os_user", "this_workstation"]

def os_user() -> str:
    try:
        return getpass.getuser() or "unknown"
    except (OSError, KeyError):  # no login name in this environment (e.g. a service)
        return "unknown"


WorkstationProvider = Callable[[UnitOfWork], Workstation]


def this_workstation(_uow: UnitOfWork) -> Workstation:
    """The signed-in OS user at this computer (named by its host name)."""
    return Workstation(actor=os_user(), desk=socket.gethostname() or "unknown")


def desk_workstation(desk_name: str) -> WorkstationProvider:
    """The signed-in OS user at the desk the configuration names (``OWL_DESK``). The name is
    per machine on purpose: desks sharing one database must not share it."""

    def provider(_uow: UnitOfWork) -> Workstation:
        return Workstation(actor=os_user(), desk=desk_name or socket.gethostname() or "unknown")

    return provider



class AuditTrailService:
    """Read side of the trail (the payment methods service writes it)."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def list_for_client(self, client_id: int) -> list[AuditEntry]:
        """Newest first, including entries about methods since removed."""
        with self._uow() as uow:
            return uow.audit.list_for_client(client_id)
