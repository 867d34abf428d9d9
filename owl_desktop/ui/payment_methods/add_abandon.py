"""Cancelling a SetupIntent nobody will confirm, off the UI thread (the add dialog's Abandon)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from owl_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class SetupAbandoner(Protocol):
    def abandon_setup(self, setup_intent_id: str, client_id: int | None = None) -> Any: ...


def abandon(tasks: TaskRunner, service: SetupAbandoner, setup_intent_id: str,
              client_id: int, late_added: Callable[[object], None] | None) -> None:
    """Cancel a SetupIntent off the UI thread. If Stripe had saved the method at the very last
    moment, the service keeps it and ``late_added`` hears of it. A failure only goes to the log
    (Stripe expires unconfirmed SetupIntents anyway, and sync ignores them)."""
    def done(method: Any) -> None:
        if method is not None and late_added is not None:
            late_added(method)

    def failed(error: BaseException) -> None:
        log.warning("could not cancel setup %s: %s", setup_intent_id, type(error).__name__)

    tasks.run(lambda: service.abandon_setup(setup_intent_id, client_id), on_success=done,
              on_failure=failed)
