"""One place the desk's views learn that data changed, whoever changed it.

Three kinds of source announce here: a user action finished (the view that made it), a sync
run changed local data (its summary names the clients), and another process committed a
change to the shared database (``core/change_watch.ChangeWatcher``, polled on its own thread).
Views subscribe to ``clients_changed`` and reload what they show when it concerns them.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Qt, Signal, Slot

from owl_desktop.core.change_watch import Changes, ChangeWatcher


class ChangeBus(QObject):
    """Signals:
        clients_changed(object): a ``frozenset[int]`` of the clients whose data changed; an
            empty set means "anything may have changed" (reload whatever is shown).
    """

    clients_changed = Signal(object)
    _from_watcher = Signal(object)  # Changes, emitted on the watcher's thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Queued: the watcher calls from its own thread; views are touched on the UI thread.
        self._from_watcher.connect(self._on_watcher_changes, Qt.ConnectionType.QueuedConnection)

    def announce(self, client_ids: Iterable[int] | None = None) -> None:
        """These clients' data changed (None: anything may have). UI thread only."""
        self.clients_changed.emit(frozenset(client_ids) if client_ids is not None
                                  else frozenset())

    def follow(self, watcher: ChangeWatcher) -> None:
        """Announce what other processes change, as ``watcher`` finds it (any thread)."""
        watcher.subscribe(self._from_watcher.emit)

    @Slot(object)
    def _on_watcher_changes(self, changes: Changes) -> None:
        self.announce(None if changes.everything else changes.clients)


def concerns(changed: frozenset[int], client_id: int | None) -> bool:
    """Whether a ``clients_changed`` set concerns this client (empty: it concerns everyone)."""
    return client_id is not None and (not changed or client_id in changed)
