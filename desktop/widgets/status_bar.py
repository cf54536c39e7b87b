"""The facts the user relies on: model present, offline, database location, last background task."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QStatusBar, QWidget

from desktop import icons
from desktop.tasks import TaskRunner
from desktop.theme import COLORS


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
        box, self.offline_label = _fact("offline", "Offline" if offline else "Online")
        self.offline_label.setToolTip(
            "Larder reaches a store only when you submit an order to a configured provider"
        )
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
