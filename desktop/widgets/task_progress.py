"""Progress bar, message and Cancel button for one running task; hidden while nothing runs."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from desktop import icons
from desktop.tasks import Task
from desktop.theme import COLORS, SPACING


class TaskProgress(QWidget):
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING // 2)
        row = QHBoxLayout()
        row.setSpacing(SPACING)
        self.message = QLabel()
        self.message.setProperty("muted", True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setIcon(icons.icon("close", COLORS["muted"]))
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        row.addWidget(self.message, 1)
        row.addWidget(self.cancel_button)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        layout.addLayout(row)
        layout.addWidget(self.bar)
        self._task: Task | None = None
        self.hide()

    @property
    def task(self) -> Task | None:
        return self._task

    def track(self, task: Task, message: str, *, cancellable: bool = True) -> None:
        self._task = task
        self.message.setText(message)
        self.bar.setRange(0, 0)  # busy until the first progress report
        self.cancel_button.setEnabled(True)
        self.cancel_button.setVisible(cancellable)
        task.signals.progress.connect(self._on_progress)
        task.signals.finished.connect(self._on_finished)
        self.show()

    @Slot()
    def _on_cancel_clicked(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.message.setText("Cancelling…")
        self.cancel_requested.emit()

    @Slot(float, str)
    def _on_progress(self, fraction: float, message: str) -> None:
        if self.bar.maximum() == 0:
            self.bar.setRange(0, 1000)
        self.bar.setValue(int(fraction * 1000))
        if message and self.cancel_button.isEnabled():
            self.message.setText(message)

    @Slot()
    def _on_finished(self) -> None:
        self._task = None
        self.hide()
