"""Paints an order status as a rounded, coloured chip inside a table cell."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.theme import COLORS, STATUS_COLORS


class StatusChipDelegate(QStyledItemDelegate):
    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if not text:
            super().paint(painter, option, index)
            return
        style = option.widget.style() if option.widget else None
        # Draw the selection/hover background first, then the chip on top.
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, option.widget)
        soft, strong = STATUS_COLORS.get(text.lower(), ("neutral_soft", "muted"))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = option.font
        font.setPointSizeF(max(7.5, font.pointSizeF() - 1))
        font.setBold(True)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        label = text.capitalize()
        width = metrics.horizontalAdvance(label) + 20
        height = metrics.height() + 6
        rect = QRectF(option.rect.left() + 8, option.rect.center().y() - height / 2 + 1, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(COLORS[soft]))
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setPen(QColor(COLORS[strong]))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
        painter.restore()
