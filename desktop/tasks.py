"""Long work off the UI thread: Task wraps a core callable, TaskRunner owns the pools.

Workers only emit signals; the TaskSignals object is made in the GUI thread, so slots of GUI-thread
objects run queued on the GUI thread. Cancelling is cooperative (a threading.Event) and is not an error;
the work stops by raising, and a work that returns anyway has succeeded.

Python's cycle collector runs in whichever thread happens to allocate. A collection in a pool thread
that frees a Qt wrapper (an old window, a pixmap) deletes a GUI object off the GUI thread and kills the
process (a segfault under "Garbage-collecting" in a worker). So while any task is in flight automatic
collection is off; it comes back, from the GUI thread, once every started task has returned."""

from __future__ import annotations

import gc
import logging
import threading
import time
from typing import Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

from agents.app import CancelToken, ProgressFn

log = logging.getLogger(__name__)


class Work(Protocol):
    """A front-door call with its arguments bound, e.g. `partial(larder.scan, photos, save=True)`: the
    task adds the keywords every LONG call of the front door takes."""

    def __call__(self, *, on_progress: ProgressFn, cancel: CancelToken) -> object: ...


PROGRESS_INTERVAL_S = 0.05
POOLS = ("io", "detector", "writer", "query")
UNWIND_POLL_MS = 10


class _GcPause:
    """Automatic collection off while any runner has work in flight (runners call this from the GUI thread)."""

    holders = 0
    was_enabled = True

    @classmethod
    def hold(cls) -> None:
        if cls.holders == 0:
            cls.was_enabled = gc.isenabled()
            gc.disable()
        cls.holders += 1

    @classmethod
    def release(cls) -> None:
        cls.holders -= 1
        if cls.holders == 0 and cls.was_enabled:
            gc.enable()


class TaskSignals(QObject):
    """A task's signals, emitted on the GUI thread.

    The worker never emits these itself: it emits `_relay`, connected (queued) when this object is
    made, and the GUI thread re-emits the public signal when it handles that event. A worker's own
    emit reaches only the connections that exist at that instant, so a receiver connected after the
    task started (a dialog, a test's waitSignal) missed a fast task's `succeeded`; re-emitted on the
    GUI thread, it reaches every connection made before the GUI thread next handles events."""

    started = Signal()
    progress = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()
    _relay = Signal(str, object)

    def __init__(self) -> None:
        super().__init__()
        self._relay.connect(self._deliver)

    def send(self, kind: str, payload: object = None) -> None:
        """Called from the worker thread."""
        self._relay.emit(kind, payload)

    @Slot(str, object)
    def _deliver(self, kind: str, payload: object) -> None:
        if kind == "progress" and isinstance(payload, tuple):
            fraction: float = payload[0]
            message: str = payload[1]
            self.progress.emit(fraction, message)
        elif kind == "succeeded":
            self.succeeded.emit(payload)
        elif kind == "failed":
            self.failed.emit(payload)
        else:
            getattr(self, kind).emit()


class Task(QRunnable):
    """One piece of core work: `work(on_progress=..., cancel=...)` runs in a pool thread."""

    def __init__(self, label: str, work: Work) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner keeps it until `finished` has been delivered
        self.label = label
        self.work = work
        self.cancel_event = CancelToken()
        self.signals = TaskSignals()
        self.pool = "io"
        self.quiet = False  # a page's background read: no status-bar entry, not in `active`
        self._last_progress = 0.0
        # Set as run()'s last statement: `finished` reaches the GUI thread while run() may still unwind.
        self.returned = threading.Event()

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def is_cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def report(self, fraction: float, message: str = "") -> None:
        # Throttled: a parser may report per record, the bar needs ~20 updates a second.
        now = time.monotonic()
        if fraction < 1.0 and now - self._last_progress < PROGRESS_INTERVAL_S:
            return
        self._last_progress = now
        self.signals.send("progress", (max(0.0, min(1.0, float(fraction))), message))

    def run(self) -> None:
        self.signals.send("started")
        try:
            result = self.work(on_progress=self.report, cancel=self.cancel_event)
        except BaseException as exc:  # every failure reaches the error presenter through `failed`
            from agents.app import is_cancellation  # here: the errors module loads the keyring, slow at start

            if self.cancel_event.is_set() or is_cancellation(exc):
                self.signals.send("cancelled")
            else:
                log.debug("task %s failed", self.label, exc_info=True)
                self.signals.send("failed", exc)
        else:
            # Work that returns has finished, even if Cancel came too late to stop it: an import or a
            # scan may already be committed, and saying "cancelled, nothing was written" would be false.
            self.signals.send("succeeded", result)
        finally:
            self.signals.send("finished")
            self.returned.set()


class TaskRunner(QObject):
    """Parallel pool for I/O (imports, agents); one thread for the detector and one for SQLite writes;
    a small "query" pool for the pages' reads after a write (quiet: they are not work the user started)."""

    task_started = Signal(str)
    task_progress = Signal(str, float, str)
    task_ended = Signal(str, str)  # label, outcome: succeeded | failed | cancelled

    def __init__(self, parent: QObject | None = None, *, io_threads: int = 4) -> None:
        super().__init__(parent)
        self._pools: dict[str, QThreadPool] = {}
        for name, threads in (("io", io_threads), ("detector", 1), ("writer", 1), ("query", 2)):
            pool = QThreadPool(self)
            pool.setMaxThreadCount(threads)
            self._pools[name] = pool
        self._running: dict[TaskSignals, Task] = {}
        self._outcome: dict[TaskSignals, str] = {}
        # Finished tasks stay referenced a moment: `finished` is delivered while run() may still be unwinding.
        self._finished: list[tuple[float, Task]] = []
        self._in_flight: list[Task] = []  # started and not yet returned; automatic gc is off meanwhile

    def submit(self, label: str, work: Work, *, pool: str = "io") -> Task:
        """prepare + start, for callers that connect nothing before the work may finish."""
        task = self.prepare(label, work, pool=pool)
        self.start(task)
        return task

    def query(self, label: str, work: Work) -> Task:
        """A page's read in the query pool, quiet: connect its signals, then start() it."""
        task = self.prepare(label, work, pool="query")
        task.quiet = True
        return task

    def prepare(self, label: str, work: Work, *, pool: str = "io") -> Task:
        """A task not yet running: connect its signals, then start() it, so no early signal is missed."""
        if pool not in self._pools:
            raise ValueError(f"unknown pool {pool!r}; use one of {', '.join(POOLS)}")
        self._forget_finished()
        task = Task(label, work)
        task.pool = pool
        signals = task.signals
        self._running[signals] = task
        signals.started.connect(self._on_started)
        signals.progress.connect(self._on_progress)
        signals.succeeded.connect(self._on_succeeded)
        signals.failed.connect(self._on_failed)
        signals.cancelled.connect(self._on_cancelled)
        signals.finished.connect(self._on_finished)
        return task

    def start(self, task: Task) -> None:
        if not self._in_flight:
            _GcPause.hold()
        self._in_flight.append(task)
        self._pools[task.pool].start(task)

    @property
    def active(self) -> list[Task]:
        return [task for task in self._running.values() if not task.quiet]

    def cancel_all(self) -> None:
        for task in self._running.values():
            task.cancel()

    def wait_for_done(self, msecs: int = 5000) -> bool:
        done = all(pool.waitForDone(msecs) for pool in self._pools.values())
        self._resume_gc_when_returned()
        return done

    @Slot()
    def _resume_gc_when_returned(self) -> None:
        if not self._in_flight:
            return
        self._in_flight = [task for task in self._in_flight if not task.returned.is_set()]
        if not self._in_flight:
            _GcPause.release()
        elif all(task not in self._running.values() for task in self._in_flight):
            # Only unwinding is left: no further `finished` will call again, so look again shortly.
            QTimer.singleShot(UNWIND_POLL_MS, self, self._resume_gc_when_returned)

    def _task(self) -> Task | None:
        sender = self.sender()
        return self._running.get(sender) if isinstance(sender, TaskSignals) else None

    @Slot()
    def _on_started(self) -> None:
        if (task := self._task()) and not task.quiet:
            self.task_started.emit(task.label)

    @Slot(float, str)
    def _on_progress(self, fraction: float, message: str) -> None:
        if (task := self._task()) and not task.quiet:
            self.task_progress.emit(task.label, fraction, message)

    def _mark(self, outcome: str) -> None:
        sender = self.sender()
        if isinstance(sender, TaskSignals):
            self._outcome[sender] = outcome

    @Slot(object)
    def _on_succeeded(self, _result: object) -> None:
        self._mark("succeeded")

    @Slot(object)
    def _on_failed(self, _exc: object) -> None:
        self._mark("failed")

    @Slot()
    def _on_cancelled(self) -> None:
        self._mark("cancelled")

    @Slot()
    def _on_finished(self) -> None:
        sender = self.sender()
        if not isinstance(sender, TaskSignals):
            return
        task = self._running.pop(sender, None)
        outcome = self._outcome.pop(sender, "succeeded")
        if task is not None:
            self._finished.append((time.monotonic(), task))
            if not task.quiet:
                self.task_ended.emit(task.label, outcome)
        self._resume_gc_when_returned()

    def _forget_finished(self) -> None:
        cutoff = time.monotonic() - 2.0
        self._finished = [(at, task) for at, task in self._finished if at > cutoff]
