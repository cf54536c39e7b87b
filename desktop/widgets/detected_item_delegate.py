"""One detected-ingredient row: category dot, name with count, confidence right-aligned."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.models.detections_model import GROUP_ROLE, DetectedGroup
from desktop.theme import COLORS, category_color

ROW_HEIGHT = 34


class DetectedItemDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(200, ROW_HEIGHT)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        group = index.data(GROUP_ROLE)
        if not isinstance(group, DetectedGroup):
            super().paint(painter, option, index)
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(COLORS["accent_soft"]))
            painter.drawRoundedRect(rect.adjusted(2, 1, -2, -1), 6, 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(category_color(group.category))
        painter.drawEllipse(rect.left() + 10, rect.center().y() - 5, 10, 10)
        conf_width = 44
        text_rect = QRect(rect.left() + 30, rect.top(), rect.width() - 30 - conf_width - 10, rect.height())
        name = group.name.split(",")[0]
        painter.setPen(QColor(COLORS["text"] if group.ingredient_id else COLORS["warning"]))
        metrics = option.fontMetrics
        label = metrics.elidedText(name, Qt.TextElideMode.ElideRight, text_rect.width() - 40)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
        if group.count > 1:
            count_x = text_rect.left() + metrics.horizontalAdvance(label) + 8
            painter.setPen(QColor(COLORS["muted"]))
            painter.drawText(
                QRect(count_x, rect.top(), 40, rect.height()),
                Qt.AlignmentFlag.AlignVCenter,
                f"× {group.count}",
            )
        painter.setPen(QColor(COLORS["muted"]))
        painter.drawText(
            QRect(rect.right() - conf_width - 8, rect.top(), conf_width, rect.height()),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
            f"{group.best_confidence:.2f}",
        )
        painter.restore()
