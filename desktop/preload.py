"""The first scan should not wait for torch: its import starts in a worker once the window is idle (and
the SR28 foods table is read beside it, for the Nutrients picker's first search).

Importing torch and ultralytics takes seconds. Most of it is Python and shares the GIL fairly, but
loading torch's shared libraries (~0.4 s of static constructors) used to hold the GIL and stall the UI
thread for 265-331 ms. `vision.native_libraries` now loads them through libc with the GIL released
before the import, so the preload no longer freezes the window (bench/ui.md). It still runs a moment
after the pages are built, when the user is not yet doing anything, instead of inside the first scan.
A scan started earlier simply imports them itself (Python's import lock makes the two wait for each
other, not import twice)."""

from __future__ import annotations

import gc
from functools import partial

from PySide6.QtCore import Qt, QTimer

from agents.app import Larder
from desktop.tasks import Task, TaskRunner

PRELOAD_DELAY_MS = 1500  # after the pages are built: the window has painted and settled by then


def start_detector_preload(larder: Larder, runner: TaskRunner) -> Task:
    """Import the detector's libraries now, in the quiet query pool (no status-bar entry)."""
    task = runner.query("preload the detector", partial(larder.preload_detector))
    # On `succeeded`: delivered before `finished`, so before the runner turns automatic collection back on.
    task.signals.succeeded.connect(_freeze_imported, Qt.ConnectionType.SingleShotConnection)
    runner.start(task)
    return task


def _freeze_imported(_loaded: object) -> None:
    """torch and ultralytics leave ~200,000 long-lived objects: frozen, no later collection walks them.
    Automatic collection is off while a task runs (desktop/tasks.py), so everything the import made is
    still in the youngest generation: the first collection after it would walk it all on the UI thread
    (100-300 ms). Freezing also keeps the little cyclic garbage an import leaves; that is once, and small."""
    gc.freeze()


def start_foods_preload(larder: Larder, runner: TaskRunner) -> Task:
    """Read the SR28 foods table in the quiet query pool: the first search of the Nutrients picker would
    otherwise build its index on the UI thread (~250 ms)."""

    def work(**_: object) -> int:  # a query's work is handed progress and cancel: reading needs neither
        return larder.preload_foods()

    task = runner.query("read the SR28 foods", work)
    runner.start(task)
    return task


def schedule_detector_preload(larder: Larder, runner: TaskRunner, delay_ms: int = PRELOAD_DELAY_MS) -> None:
    QTimer.singleShot(delay_ms, runner, partial(start_detector_preload, larder, runner))
    QTimer.singleShot(delay_ms, runner, partial(start_foods_preload, larder, runner))
