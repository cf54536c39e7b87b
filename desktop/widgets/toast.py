"""A quiet note after a change, optionally with an Undo button, that goes away by itself (or on Dismiss).

Its colours are the inverse of the page's (dark on a light theme, light on a dark one) and follow a
theme switch."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop import icons
from desktop.theme import COLORS, SPACING, notifier

SHOWN_MS = 8000


class Toast(QFrame):
    undo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Toast")
        self.setAccessibleName("Notification")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2 * SPACING, SPACING, SPACING, SPACING)
        layout.setSpacing(SPACING)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.undo_button = QPushButton("Undo")
        self.undo_button.setToolTip("Undo (Ctrl+Z)")
        self.undo_button.setAccessibleName("Undo the last change")
        self.undo_button.clicked.connect(self._on_undo)
        self.close_button = QPushButton()
        self.close_button.setToolTip("Dismiss")
        self.close_button.setAccessibleName("Dismiss the notification")
        self.close_button.clicked.connect(self.hide)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.undo_button)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self._restyle()
        notifier().changed.connect(self._restyle)
        self.hide()

    @Slot()
    def _restyle(self) -> None:
        self.setStyleSheet(
            f"QFrame#Toast {{ background: {COLORS['toast_bg']}; border-radius: 8px; }}"
            f"QFrame#Toast QLabel {{ color: {COLORS['toast_text']}; background: transparent; }}"
            f"QFrame#Toast QPushButton {{ color: {COLORS['toast_action']}; background: transparent; border: none;"
            " font-weight: 700; padding: 4px 8px; }"
        )
        self.close_button.setIcon(icons.icon("close", COLORS["toast_text"]))

    def show_message(self, text: str, *, undo: bool = True, ms: int = SHOWN_MS) -> None:
        self.text.setText(text)
        self.undo_button.setVisible(undo)
        self.show()
        self.raise_()
        self._timer.start(ms)

    @Slot()
    def _on_undo(self) -> None:
        self.hide()
        self.undo_requested.emit()
