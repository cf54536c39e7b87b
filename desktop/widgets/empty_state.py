"""A centred icon, title and sentence for a view with nothing to show yet (or a feature missing)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop import icons
from desktop.theme import COLORS, SPACING


class EmptyState(QWidget):
    def __init__(self, icon_name: str, title: str, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3 * SPACING, 3 * SPACING, 3 * SPACING, 3 * SPACING)
        layout.setSpacing(SPACING)
        layout.addStretch(1)
        self.icon = QLabel()
        self.icon.setPixmap(icons.pixmap(icon_name, COLORS["faint"], 40))
        self.icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(title)
        self.title.setProperty("section", True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel(text)
        self.text.setProperty("muted", True)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for widget in (self.icon, self.title, self.text):
            layout.addWidget(widget)
        layout.addStretch(1)

    def set_message(self, title: str, text: str = "") -> None:
        self.title.setText(title)
        self.text.setText(text)
