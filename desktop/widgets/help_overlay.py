"""The keyboard help (F1 or Ctrl+/): a panel over the window listing every shortcut, the window's and
the current page's, read from the QActions themselves so the list cannot drift from what works."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.theme import COLORS, SPACING


def shortcut_text(action: QAction) -> str:
    return ", ".join(
        s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts() if not s.isEmpty()
    )


def with_shortcut(text: str, action: QAction) -> str:
    """'Scan a photo' -> 'Scan a photo (Ctrl+O)': the tooltip form used everywhere."""
    keys = shortcut_text(action)
    return f"{text} ({keys})" if keys else text


class HelpOverlay(QWidget):
    """Covers its parent with a dimmed backdrop; Esc, a click outside or Close hides it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("HelpOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAccessibleName("Keyboard shortcuts")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.panel = QFrame()
        self.panel.setObjectName("Card")
        self.panel.setMinimumWidth(520)
        panel_layout = QVBoxLayout(self.panel)
        panel_layout.setContentsMargins(3 * SPACING, 3 * SPACING, 3 * SPACING, 3 * SPACING)
        panel_layout.setSpacing(2 * SPACING)
        title = QLabel("Keyboard shortcuts")
        title.setObjectName("CardTitle")
        panel_layout.addWidget(title)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(3 * SPACING)
        self.grid.setVerticalSpacing(SPACING // 2)
        self.grid.setColumnStretch(1, 1)  # keys sit next to what they do
        panel_layout.addLayout(self.grid)
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close the keyboard shortcuts")
        self.close_button.setToolTip("Close (Esc)")
        self.close_button.clicked.connect(self.hide)
        panel_layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        outer.addWidget(self.panel)
        parent.installEventFilter(self)
        self.hide()

    def set_sections(self, sections: Sequence[tuple[str, Sequence[QAction]]]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        row = 0
        for heading, actions in sections:
            listed = [a for a in actions if shortcut_text(a)]
            if not listed:
                continue
            head = QLabel(heading)
            head.setProperty("section", True)
            self.grid.addWidget(head, row, 0, 1, 2)
            row += 1
            for action in listed:
                keys = QLabel(shortcut_text(action))
                keys.setObjectName("ShortcutKeys")
                keys.setStyleSheet(
                    f"background: {COLORS['neutral_soft']}; border-radius: 4px; padding: 2px 8px;"
                    " font-weight: 600;"
                )
                self.grid.addWidget(keys, row, 0, Qt.AlignmentFlag.AlignLeft)
                self.grid.addWidget(QLabel(action.text().replace("&", "")), row, 1)
                row += 1

    def listed(self) -> list[str]:
        """The action texts shown now (for tests and the accessible description)."""
        texts = []
        for index in range(self.grid.count()):
            item = self.grid.itemAt(index)
            widget = item.widget() if item is not None else None
            # PySide6 types the (row, column, rowspan, colspan) tuple as a bare object.
            position = cast("tuple[int, int, int, int]", self.grid.getItemPosition(index))
            if isinstance(widget, QLabel) and position[1] == 1:
                texts.append(widget.text())
        return texts

    def open(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.setStyleSheet("QWidget#HelpOverlay { background: rgba(0, 0, 0, 110); }")
        self.show()
        self.raise_()
        self.close_button.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        parent = self.parentWidget()
        resized = event.type() == QEvent.Type.Resize
        if parent is not None and watched is parent and resized and self.isVisible():
            self.setGeometry(parent.rect())
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_F1):
            self.hide()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self.panel.geometry().contains(event.position().toPoint()):
            self.hide()
        super().mousePressEvent(event)
