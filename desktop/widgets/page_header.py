"""Top of every page: title, one sentence of purpose, and the page's only primary button."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop import icons
from desktop.theme import SPACING


class PageHeader(QWidget):
    def __init__(
        self, title: str, subtitle: str, action: str | None = None, action_icon: str | None = None
    ) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, SPACING)
        layout.setSpacing(SPACING)
        text = QVBoxLayout()
        text.setSpacing(2)
        self.title = QLabel(title)
        self.title.setObjectName("PageTitle")
        self.subtitle = QLabel(subtitle)
        self.subtitle.setObjectName("PageSubtitle")
        self.subtitle.setWordWrap(True)
        text.addWidget(self.title)
        text.addWidget(self.subtitle)
        layout.addLayout(text, 1)
        self.action_row = QHBoxLayout()
        self.action_row.setSpacing(SPACING)
        layout.addLayout(self.action_row)
        self.primary: QPushButton | None = None
        if action:
            self.primary = QPushButton(action)
            self.primary.setProperty("primary", True)
            if action_icon:
                self.primary.setIcon(icons.icon(action_icon, "#ffffff"))
            self.action_row.addWidget(self.primary)

    def add_secondary(self, widget: QWidget) -> None:
        """Secondary actions sit left of the primary button."""
        self.action_row.insertWidget(max(0, self.action_row.count() - (1 if self.primary else 0)), widget)
