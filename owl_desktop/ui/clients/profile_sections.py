"""The contract between the profile page and the parts other features plug into it.

A section is any ``QWidget`` with ``set_client(client)``: the page calls it whenever another
client is opened or the open one changes (``None`` when no client is open). Sections load their
own data (through the task runner), so the profile never waits for them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import QWidget

from owl_desktop.domain.clients import Client


@runtime_checkable
class ClientSection(Protocol):
    def set_client(self, client: Client | None) -> None: ...


# Builds a section given its parent; what MainWindow receives from the composition root.
SectionFactory = Callable[[QWidget | None], QWidget]


def as_section(widget: QWidget) -> ClientSection:
    """Check at construction time, not at the first client, that a widget is a section."""
    if not isinstance(widget, ClientSection):
        raise TypeError(f"{type(widget).__name__} has no set_client(client)")
    return widget
