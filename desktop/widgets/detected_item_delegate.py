"""One detection row: a status mark (category dot, "?" chip when unsure or unnamed, ✓ when the user
kept it), the name with its count, the confidence right-aligned (or "saving…" while a correction of it is
being written); rejected rows grey and struck through."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from agents.app import DetectionView, Larder
from desktop.models.detections_model import DETECTION_ROLE, display_name
from desktop.theme import COLORS, category_color
from desktop.widgets.photo_view import REJECTED, UNNAMED

ROW_HEIGHT = 36
MARK = 18


class DetectedItemDelegate(QStyledItemDelegate):
    """`pending` holds the detections whose correction is still being written: their row says
    "saving…" where the confidence goes, until the write has landed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pending: set[int] = set()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(200, ROW_HEIGHT)

    def _mark(self, painter: QPainter, rect: QRect, det: DetectionView) -> None:
        mark = QRect(rect.left() + 8, rect.center().y() - MARK // 2, MARK, MARK)
        bold = QFont(painter.font())
        bold.setBold(True)
        painter.setFont(bold)
        if det.status == "unnamed" or det.unsure:
            color = (
                QColor(UNNAMED)
                if det.status == "unnamed"
                else category_color(Larder.category(det.ingredient))
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(mark, 5, 5)
            painter.setPen(QColor("#1c2430" if det.status == "unnamed" else "white"))
            painter.drawText(mark, Qt.AlignmentFlag.AlignCenter, "?")
        elif det.status in ("confirmed", "relabelled", "added"):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(category_color(Larder.category(det.ingredient)))
            painter.drawEllipse(mark)
            painter.setPen(QColor("white"))
            painter.drawText(mark, Qt.AlignmentFlag.AlignCenter, "✓")
        else:
            color = (
                QColor(REJECTED)
                if det.status == "rejected"
                else category_color(Larder.category(det.ingredient))
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawEllipse(mark.adjusted(4, 4, -4, -4))

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        det = index.data(DETECTION_ROLE)
        if not isinstance(det, DetectionView):
            super().paint(painter, option, index)
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(COLORS["accent_soft"]))
            painter.drawRoundedRect(rect.adjusted(2, 1, -2, -1), 6, 6)
        self._mark(painter, rect, det)
        font = QFont(option.font)
        font.setStrikeOut(det.status == "rejected")
        font.setItalic(det.status == "unnamed")
        painter.setFont(font)
        metrics = painter.fontMetrics()
        conf_width = 64
        left = rect.left() + 8 + MARK + 10
        text_rect = QRect(left, rect.top(), rect.right() - left - conf_width - 8, rect.height())
        name = display_name(det)
        if det.status == "unnamed" and not det.guess_name:
            name = f"{name} ({det.label})"
        color = (
            COLORS["faint"]
            if det.status == "rejected"
            else COLORS["warning"]
            if det.status == "unnamed"
            else COLORS["text"]
        )
        painter.setPen(QColor(color))
        count = f"× {det.count}" if det.count > 1 else ""
        label = metrics.elidedText(
            name, Qt.TextElideMode.ElideRight, text_rect.width() - (40 if count else 0)
        )
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
        if count:
            painter.setPen(QColor(COLORS["muted"]))
            painter.drawText(
                QRect(text_rect.left() + metrics.horizontalAdvance(label) + 8, rect.top(), 40, rect.height()),
                Qt.AlignmentFlag.AlignVCenter,
                count,
            )
        painter.setFont(option.font)
        painter.setPen(QColor(COLORS["faint"] if det.status == "rejected" else COLORS["muted"]))
        right = (
            "saving…"
            if det.id in self.pending
            else "you"
            if det.source == "user"
            else f"{det.confidence:.2f}"
        )
        painter.drawText(
            QRect(rect.right() - conf_width - 8, rect.top(), conf_width, rect.height()),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
            right,
        )
        painter.restore()
