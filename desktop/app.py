"""Entry point of the window: logging, QApplication, error hook, MainWindow, exec, orderly shutdown."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from agents.app import Larder
from desktop.bootstrap import open_larder

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


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Larder")
    app.setOrganizationName("Larder")
    app.setApplicationDisplayName("Larder")
    from desktop.theme import apply_theme

    apply_theme(app)
    return app


def run_app(home: str | None) -> int:
    """Open the window (bare `larder`); returns the exit code once it is closed."""
    larder: Larder = open_larder(home)
    configure_logging(larder.home().logs)
    app = create_application()
    from desktop.main_window import MainWindow

    window = MainWindow(larder, restore_state=True)
    sys.excepthook = make_excepthook(lambda: window)
    window.show()
    if os.environ.get("LARDER_QUIT_AFTER_SHOW"):
        # Smoke test of an installed build (tests/test_packaging.py): the window opened, now leave.
        log.info("window shown; LARDER_QUIT_AFTER_SHOW is set, quitting")
        QTimer.singleShot(0, app.quit)
    try:
        return int(app.exec())
    finally:
        window.shutdown()
        larder.close()
        sys.excepthook = sys.__excepthook__
