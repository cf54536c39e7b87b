"""The left navigation rail: one icon + label button per page, with an optional count badge."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QLabel, QToolButton, QVBoxLayout, QWidget

from desktop import icons
from desktop.theme import COLORS, SPACING

RAIL_WIDTH = 100


class NavRail(QWidget):
    page_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Rail")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFixedWidth(RAIL_WIDTH)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 2 * SPACING, 0, 2 * SPACING)
        self._layout.setSpacing(SPACING // 2)
        brand = QLabel("Larder")
        brand.setObjectName("Brand")
        brand.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(brand)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._group.idClicked.connect(self.page_requested)
        self._buttons: list[QToolButton] = []
        self._badges: list[QLabel] = []
        self._layout.addStretch(1)

    def add_page(self, label: str, icon_name: str) -> int:
        index = len(self._buttons)
        button = QToolButton()
        button.setProperty("nav", True)
        button.setText(label)
        button.setToolTip(label)
        button.setCheckable(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        button.setIcon(icons.icon(icon_name, COLORS["muted"], active=COLORS["accent"], size=22))
        button.setAccessibleName(label)
        button.setProperty("icon_name", icon_name)
        button.setIconSize(QSize(22, 22))
        button.setFixedSize(RAIL_WIDTH - 2 * SPACING, 60)  # 84 px: 'Inventory' fits unelided
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        self._group.addButton(button, index)
        self._layout.insertWidget(self._layout.count() - 1, button, 0, Qt.AlignmentFlag.AlignHCenter)
        badge = QLabel(button)
        badge.setObjectName("Badge")
        badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        badge.hide()
        self._buttons.append(button)
        self._badges.append(badge)
        return index

    def set_tooltip(self, index: int, text: str) -> None:
        self._buttons[index].setToolTip(text)

    def tooltip(self, index: int) -> str:
        return self._buttons[index].toolTip()

    def recolor(self) -> None:
        """Draw the icons again in the current theme's colours."""
        for button in self._buttons:
            name = str(button.property("icon_name"))
            button.setIcon(icons.icon(name, COLORS["muted"], active=COLORS["accent"], size=22))

    def set_current(self, index: int) -> None:
        self._buttons[index].setChecked(True)

    def current(self) -> int:
        return self._group.checkedId()

    def set_badge(self, index: int, count: int, tooltip: str = "") -> None:
        badge = self._badges[index]
        if count <= 0:
            badge.hide()
            return
        badge.setText(str(count) if count < 100 else "99+")
        badge.setToolTip(tooltip)
        badge.adjustSize()
        width = max(16, badge.sizeHint().width())
        badge.setFixedSize(width, 16)
        badge.move(self._buttons[index].width() - width - 14, 4)
        badge.show()

    def badge_text(self, index: int) -> str:
        badge = self._badges[index]
        return badge.text() if not badge.isHidden() else ""
