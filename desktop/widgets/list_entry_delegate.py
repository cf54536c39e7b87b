"""A shopping-list row: the check box and name as Qt draws them, the amount right-aligned in a muted
colour, and a quiet "free text" tag for an entry no product matches."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.icons import ICON_DIR
from desktop.theme import COLORS, color

AMOUNT_ROLE = int(Qt.ItemDataRole.UserRole) + 2
FREE_TEXT_ROLE = int(Qt.ItemDataRole.UserRole) + 3
ROW_HEIGHT = 34
AMOUNT_WIDTH = 110
TAG = "free text"

Index = QModelIndex | QPersistentModelIndex


def indicator_stylesheet() -> str:
    """Check boxes drawn in the theme's colours: Fusion's own frame vanished on the dark surface."""
    check = Path(tempfile.gettempdir()) / "larder-list-check.svg"
    if not check.is_file():
        svg = (ICON_DIR / "check.svg").read_text(encoding="utf-8").replace("currentColor", "#ffffff")
        check.write_text(svg, encoding="utf-8")
    return (
        "QListView::indicator { width: 16px; height: 16px; border-radius: 4px;"
        f" border: 1.5px solid {COLORS['border_strong']}; background: {COLORS['surface']}; }}"
        f" QListView::indicator:hover {{ border-color: {COLORS['accent']}; }}"
        f" QListView::indicator:checked {{ background: {COLORS['accent']}; border-color: {COLORS['accent']};"
        f" image: url({check.as_posix()}); }}"
    )


class ListEntryDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + AMOUNT_WIDTH, max(ROW_HEIGHT, size.height()))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        amount = str(index.data(AMOUNT_ROLE) or "")
        free_text = bool(index.data(FREE_TEXT_ROLE))
        reserved = AMOUNT_WIDTH + (80 if free_text else 0)
        narrowed = QStyleOptionViewItem(option)
        narrowed.rect = option.rect.adjusted(0, 0, -reserved, 0)
        # The row's background and selection span the whole width; the text stops before the amount.
        style = option.widget.style() if option.widget is not None else None
        if style is not None:
            full = QStyleOptionViewItem(option)
            self.initStyleOption(full, index)
            full.text = ""
            full.features &= ~QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, full, painter, option.widget)
        super().paint(painter, narrowed, index)
        painter.save()
        state = index.data(Qt.ItemDataRole.CheckStateRole)
        checked = state in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        painter.setPen(color("faint" if checked else "muted"))
        right = option.rect.adjusted(0, 0, -12, 0)
        painter.drawText(right, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), amount)
        if free_text:
            metrics = painter.fontMetrics()
            width = metrics.horizontalAdvance(TAG) + 14
            tag = QRect(right.right() - AMOUNT_WIDTH - width, right.center().y() - 10, width, 20)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color("neutral_soft"))
            painter.drawRoundedRect(tag, 10, 10)
            painter.setPen(color("muted"))
            painter.drawText(tag, int(Qt.AlignmentFlag.AlignCenter), TAG)
        painter.restore()
