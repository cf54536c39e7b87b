"""The facts the user relies on: model present, the store (offline, or which provider and store, and
whether its last call failed), database location, last background task."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QStatusBar, QWidget

from agents.app import StoreConnection
from desktop import icons
from desktop.connection import connection_notifier
from desktop.tasks import TaskRunner
from desktop.theme import COLORS

FAILED_SUFFIX = " · last call failed"
PROVIDER_NAMES = {"offline": "Offline", "kroger": "Kroger", "instacart": "Instacart"}


def connection_text(connection: StoreConnection) -> str:
    """One line that claims nothing the front door did not report."""
    if not connection.online:
        return "Offline: prices from the catalogue"
    name = PROVIDER_NAMES.get(connection.provider, connection.provider)
    if not connection.has_credentials:
        return f"{name}: no credentials (Settings)"
    if connection.provider == "kroger":
        store = connection.store_name.split(",")[0] if connection.store_name else "no store chosen"
        return f"Kroger · {store} · {'signed in' if connection.signed_in else 'not signed in'}"
    return f"{name}: key stored"


def _fact(icon_name: str, text: str, color: str = COLORS["muted"]) -> tuple[QWidget, QLabel]:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(8, 0, 8, 0)
    layout.setSpacing(4)
    pic = QLabel()
    pic.setPixmap(icons.pixmap(icon_name, color, 14))
    pic.setStyleSheet("padding: 0;")
    label = QLabel(text)
    label.setStyleSheet("padding: 0;")
    layout.addWidget(pic)
    layout.addWidget(label)
    layout.addStretch(1)
    return box, label


class LarderStatusBar(QStatusBar):
    def __init__(self, *, model_path: Path | None, offline: bool, database: Path, runner: TaskRunner) -> None:
        super().__init__()
        self.setSizeGripEnabled(False)
        present = model_path is not None and model_path.is_file()
        model_text = (
            f"Model: {model_path.name}"
            if model_path is not None and present
            else "Model: none bundled (add items by hand)"
        )
        box, self.model_label = _fact("chip", model_text, COLORS["accent"] if present else COLORS["warning"])
        self.model_label.setToolTip(str(model_path or ""))
        self.addWidget(box)
        # Until the Cart page reports (the keyring is read off the UI thread), say only the setting.
        box, self.offline_label = _fact(
            "offline", "Offline: prices from the catalogue" if offline else "Store: checking…"
        )
        self.offline_label.setToolTip(
            "Larder reaches a store only when you submit an order to a configured provider"
        )
        self.offline_label.setAccessibleName("Store connection")
        self.connection: StoreConnection | None = None
        self.last_call_failed = False
        self._failed_call: tuple[str, str] | None = None
        self.addWidget(box)
        box, self.db_label = _fact("database", str(database))
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.addWidget(box, 1)
        box, self.task_label = _fact("clock", "No background task yet")
        self.addPermanentWidget(box)
        self.task_bar = QProgressBar()
        self.task_bar.setRange(0, 1000)
        self.task_bar.setFixedWidth(110)
        self.task_bar.hide()
        self.addPermanentWidget(self.task_bar)
        runner.task_started.connect(self._on_started)
        runner.task_progress.connect(self._on_progress)
        runner.task_ended.connect(self._on_ended)
        notifier = connection_notifier()
        notifier.changed.connect(self.show_connection)
        notifier.call_finished.connect(self.show_call)

    @Slot(object)
    def show_connection(self, connection: object) -> None:
        if isinstance(connection, StoreConnection):
            self.connection = connection
            self._show_store()

    @Slot(str, bool, str)
    def show_call(self, what: str, failed: bool, message: str) -> None:
        self.last_call_failed = failed
        self._failed_call = (what, message) if failed else None
        self._show_store()

    def _show_store(self) -> None:
        text = connection_text(self.connection) if self.connection is not None else self.offline_label.text()
        text = text.removesuffix(FAILED_SUFFIX)
        failure = self._failed_call
        if failure is not None:
            text += FAILED_SUFFIX
            self.offline_label.setToolTip(f"{failure[0]} failed: {failure[1]}")
        else:
            self.offline_label.setToolTip(
                "Larder reaches a store only when you price a cart, search a store or submit an order"
            )
        self.offline_label.setText(text)
        self.offline_label.setStyleSheet(
            f"padding: 0; color: {COLORS['danger']};" if failure is not None else "padding: 0;"
        )

    @Slot(str)
    def _on_started(self, label: str) -> None:
        self.task_label.setText(f"{label}…")
        self.task_bar.setRange(0, 0)
        self.task_bar.show()

    @Slot(str, float, str)
    def _on_progress(self, label: str, fraction: float, _message: str) -> None:
        self.task_bar.setRange(0, 1000)
        self.task_bar.setValue(int(fraction * 1000))
        self.task_label.setText(f"{label}: {fraction:.0%}")

    @Slot(str, str)
    def _on_ended(self, label: str, outcome: str) -> None:
        self.task_bar.hide()
        words = {"succeeded": "done", "failed": "failed", "cancelled": "cancelled"}
        self.task_label.setText(f"Last task: {label}, {words.get(outcome, outcome)}")
