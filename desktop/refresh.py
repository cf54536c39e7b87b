"""Pages reload after another page's write without reading the database on the UI thread.

A page that splits its refresh offers `load()` (runs in the runner's quiet "query" pool: Larder reads
only, returns frozen views) and `apply(loaded)` (UI thread: models and widgets). A page that does not
split (its `load()` returns NOT_SPLIT) is refreshed on the UI thread, on a later turn of the loop.

Several writes in a row cost one reload per page: a page is only marked stale, at most one read runs
at a time, and a page marked again while its read runs is read once more when that one is applied.
The visible page goes first; hidden pages follow one by one in the background (their badges and the
tests read them), and a page shown while stale moves to the front."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal, Slot

from agents.app import CancelToken, ProgressFn
from desktop.pages.base import NOT_SPLIT, Page
from desktop.tasks import Task, TaskRunner

log = logging.getLogger(__name__)

HIDDEN_PAGE_DELAY_MS = 30  # between hidden pages: each apply is its own short turn of the loop


def _load(page_load: Callable[[], object], *, on_progress: ProgressFn, cancel: CancelToken) -> object:
    return page_load()


class RefreshScheduler(QObject):
    """Marks pages stale after a write and reloads them, one at a time, off the UI thread."""

    applied = Signal(object)  # the page that now shows fresh data

    def __init__(self, runner: TaskRunner, current: Callable[[], Page | None], parent: QObject | None = None):
        super().__init__(parent)
        self.runner = runner
        self._current = current
        self._pages: list[Page] = []
        self._stale: list[Page] = []
        self._loading: Page | None = None
        self._task: Task | None = None
        self._stopped = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._pump)

    def set_pages(self, pages: list[Page]) -> None:
        """The window (re)built its pages: forget the old ones; a read in flight for one is dropped."""
        self._pages = list(pages)
        self._stale = [p for p in self._stale if p in self._pages]
        if self._loading is not None and self._loading not in self._pages:
            self._loading = None
            self._task = None

    def stop(self) -> None:
        """The window is closing: start no further read, forget the stale pages."""
        self._stopped = True
        self._timer.stop()
        self._stale.clear()

    @property
    def idle(self) -> bool:
        """No page is stale and no read is in flight."""
        return not self._stale and self._loading is None

    def is_stale(self, page: Page) -> bool:
        return page in self._stale or page is self._loading

    def mark_stale(self, pages: list[Page]) -> None:
        for page in pages:
            if page not in self._stale:
                self._stale.append(page)
        self._schedule(0)

    def page_shown(self, page: Page) -> None:
        if page in self._stale:
            self._stale.remove(page)
            self._stale.insert(0, page)
            self._schedule(0)

    def flush(self, page: Page) -> None:
        """Refresh one page now, on the UI thread (a caller about to read what it shows)."""
        if page in self._stale:
            self._stale.remove(page)
            page.refresh()
            self.applied.emit(page)

    def _schedule(self, delay_ms: int) -> None:
        if not self._stopped and self._loading is None and self._stale and not self._timer.isActive():
            self._timer.start(delay_ms)

    def _next(self) -> Page:
        current = self._current()
        page = current if current in self._stale else self._stale[0]
        self._stale.remove(page)
        return page

    @Slot()
    def _pump(self) -> None:
        if self._stopped or self._loading is not None or not self._stale:
            return
        page = self._next()
        work = page.load
        if getattr(type(page), "load", None) is Page.load:  # not split: refresh here, a turn later
            page.refresh()
            self._done(page)
            return
        self._loading = page
        task = self.runner.query(f"refresh {type(page).__name__}", partial(_load, work))
        self._task = task
        # Bound slots, not partials: a connection to this object ends with it (a window closed meanwhile).
        task.signals.succeeded.connect(self._on_loaded)
        task.signals.failed.connect(self._on_failed)
        task.signals.cancelled.connect(self._on_cancelled)
        self.runner.start(task)

    def _current_load(self) -> Page | None:
        """The page whose read sent this signal, if it is still wanted and alive."""
        task, page = self._task, self._loading
        if task is None or page is None or self.sender() is not task.signals:
            return None  # the pages were rebuilt meanwhile
        self._loading = None
        self._task = None
        return page if shiboken6.isValid(page) else None

    @Slot(object)
    def _on_loaded(self, loaded: object) -> None:
        page = self._current_load()
        if page is None:
            return
        if loaded is not NOT_SPLIT:
            page.apply(loaded)
        else:
            page.refresh()
        self._done(page)

    @Slot()
    def _on_cancelled(self) -> None:
        self._on_failed(None)

    @Slot(object)
    def _on_failed(self, exc: object) -> None:
        page = self._current_load()
        if page is None:
            return
        log.debug("background refresh of %s failed (%r); refreshing on the UI thread", page, exc)
        page.refresh()  # a failing read fails here as before, where the page reports it
        self._done(page)

    def _done(self, page: Page) -> None:
        self.applied.emit(page)
        self._schedule(0 if self._current() in self._stale else HIDDEN_PAGE_DELAY_MS)
