"""Progress and cancellation for the front door's long calls (scan, import, plan, cart, train, eval)."""

from __future__ import annotations

import threading
from collections.abc import Callable

# on_progress(fraction 0..1, what is happening now); called from the worker thread doing the work.
ProgressFn = Callable[[float, str], None]


class CancelToken(threading.Event):
    """Set it from any thread to ask a long call to stop; the call then raises `Cancelled` (or
    `ImportCancelled`) and writes nothing. It is a threading.Event, so the agents take it as it is."""

    def cancel(self) -> None:
        self.set()

    @property
    def cancelled(self) -> bool:
        return self.is_set()
