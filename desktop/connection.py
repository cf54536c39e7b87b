"""Where the window learns what is true about the store connection: the Cart page publishes what the
front door reported (StoreConnection) and how its last store call went; the status bar listens. One
object per application, so no page has to know where the status bar lives."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ConnectionNotifier(QObject):
    changed = Signal(object)  # agents.app.StoreConnection
    call_finished = Signal(str, bool, str)  # what was called, whether it failed, the error message


_notifier: ConnectionNotifier | None = None


def connection_notifier() -> ConnectionNotifier:
    global _notifier
    if _notifier is None:
        _notifier = ConnectionNotifier()
    return _notifier
