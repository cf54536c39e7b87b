"""Entry point of the window: logging, QApplication, error hook, MainWindow, exec, orderly shutdown.

Start fast: the window (rail, theme, a "opening" note) is shown before the core is imported or the
database opened; the pages are built on the first turn of the event loop after that."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from desktop.bootstrap import home_root, open_larder

if TYPE_CHECKING:
    from agents.app import Larder

log = logging.getLogger(__name__)


def configure_logging(folder: Path) -> logging.Handler:
    folder.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        folder / "larder.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return handler


def make_excepthook(
    parent_getter: Callable[[], QWidget | None],
) -> Callable[[type[BaseException], BaseException, TracebackType | None], None]:
    """Uncaught exceptions in slots go to the log and the one error presenter instead of killing the app."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        log.error("uncaught exception", exc_info=(kind, exc, tb))
        from desktop.errors import show_error

        show_error(parent_getter(), exc)

    return hook


class StartupReport(QObject):
    """LARDER_STARTUP_REPORT=FILE (bench/bench_ui_stall.py): writes the wall-clock time of the window's
    first paint ("visible") and of the pages being ready ("ready"), one "event<TAB>time" per line."""

    def __init__(self, path: str, window: QWidget) -> None:
        super().__init__(window)
        self.path = path
        self.painted = False
        window.installEventFilter(self)

    def mark(self, event: str) -> None:
        import time

        with open(self.path, "a", encoding="utf-8") as out:
            out.write(f"{event}\t{time.time():.6f}\n")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.painted and event.type() == QEvent.Type.Paint:
            self.painted = True
            self.mark("visible")
        return False


def create_application(argv: list[str] | None = None, *, theme: str = "system") -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Larder")
    app.setOrganizationName("Larder")
    app.setApplicationDisplayName("Larder")
    from desktop.theme import apply_theme

    apply_theme(app, theme)
    return app


def run_app(home: str | None) -> int:
    """Open the window (bare `larder`); returns the exit code once it is closed."""
    from desktop.main_window import MainWindow, saved_theme

    root = home_root(home)
    app = create_application(theme=saved_theme(root))
    window = MainWindow(None, restore_state=True, home_root=root)
    sys.excepthook = make_excepthook(lambda: window)
    report_to = os.environ.get("LARDER_STARTUP_REPORT")
    report = StartupReport(report_to, window) if report_to else None
    window.show()
    opened: list[Larder] = []
    failure: list[BaseException] = []

    def open_data() -> None:
        try:
            larder = open_larder(home)
        except Exception as exc:  # an unusable home: one line, exit 2, as the command line does
            failure.append(exc)
            app.exit(2)
            return
        opened.append(larder)
        configure_logging(larder.home().logs)
        window.attach(larder)
        if report is not None:
            report.mark("ready")
        from desktop.preload import schedule_detector_preload

        schedule_detector_preload(larder, window.runner)  # the first scan then skips torch's import
        if os.environ.get("LARDER_QUIT_AFTER_SHOW"):
            # Smoke test of an installed build (tests/test_packaging.py): the window opened, now leave.
            log.info("window shown; LARDER_QUIT_AFTER_SHOW is set, quitting")
            QTimer.singleShot(0, app.quit)

    # After the first paint: a 0 ms timer can run before the window is drawn, so give it a frame.
    QTimer.singleShot(30, open_data)
    try:
        code = int(app.exec())
    finally:
        window.shutdown()
        for larder in opened:
            larder.close()
        sys.excepthook = sys.__excepthook__
    if failure:
        from agents.app import is_user_facing

        exc = failure[0]
        if not is_user_facing(exc):
            raise exc
        sys.stderr.write(f"larder: {exc}\n")
        return 2
    return code
