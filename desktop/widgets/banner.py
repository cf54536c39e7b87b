"""An inline note at the top of a page (feature missing, last action's result); no dialog needed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop import icons
from desktop.theme import COLORS, SPACING

_KINDS = {
    "info": ("info_soft", "info", "alert"),
    "warning": ("warning_soft", "warning", "alert"),
    "success": ("accent_soft", "accent", "check"),
}


class Banner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(SPACING + 4, SPACING, SPACING, SPACING)
        layout.setSpacing(SPACING)
        self.icon = QLabel()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QPushButton()
        close.setProperty("flat", True)
        close.setIcon(icons.icon("close", COLORS["muted"]))
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)
        layout.addWidget(close)
        self.kind = ""
        self.hide()

    def show_message(self, text: str, kind: str = "info") -> None:
        soft, strong, icon_name = _KINDS.get(kind, _KINDS["info"])
        self.kind = kind
        self.setStyleSheet(
            f"Banner {{ background: {COLORS[soft]}; border-radius: 8px; border: 1px solid {COLORS[soft]}; }}"
            f"QLabel {{ color: {COLORS['text']}; background: transparent; }}"
        )
        self.icon.setPixmap(icons.pixmap(icon_name, COLORS[strong], 18))
        self.text.setText(text)
        self.show()
