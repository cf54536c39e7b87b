"""Targets vs supply per nutrient as horizontal bars: supply fill, target line, deficit in warning colour."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from agents.app import NutrientRow
from desktop.theme import COLORS

ROW_HEIGHT = 30
LABEL_WIDTH = 120
VALUE_WIDTH = 270


def format_amount(value: float, unit: str) -> str:
    unit = "µg" if unit == "ug" else unit
    if abs(value) >= 100:
        return f"{value:,.0f} {unit}".strip()
    return f"{value:,.1f} {unit}".strip()


class NutrientBars(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[NutrientRow, ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: Sequence[NutrientRow]) -> None:
        self._rows = tuple(rows)
        self.updateGeometry()
        self.setMinimumHeight(self.sizeHint().height())
        self.update()

    @property
    def rows(self) -> tuple[NutrientRow, ...]:
        return self._rows

    def sizeHint(self) -> QSize:
        return QSize(480, max(ROW_HEIGHT, len(self._rows) * ROW_HEIGHT))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        bar_left = LABEL_WIDTH
        bar_width = max(40, self.width() - LABEL_WIDTH - VALUE_WIDTH - 8)
        for i, row in enumerate(self._rows):
            top = i * ROW_HEIGHT
            center = top + ROW_HEIGHT / 2
            painter.setPen(QColor(COLORS["text"]))
            painter.drawText(
                QRectF(0, top, LABEL_WIDTH - 8, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, LABEL_WIDTH - 8),
            )
            # The scale leaves room past the target so a surplus is visible too. Short / over limit is the
            # agent's own verdict (its status), not re-derived here from the two numbers.
            supply = row.supply
            short = row.status == "short"
            over = row.status == "over_limit"
            scale = max(row.target * 1.25, supply, 1e-9)
            track = QRectF(bar_left, center - 6, bar_width, 12)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(COLORS["neutral_soft"]))
            painter.drawRoundedRect(track, 6, 6)
            target_x = bar_left + bar_width * row.target / scale
            covered = min(supply, row.target)
            painter.setBrush(QColor(COLORS["accent"]))
            painter.drawRoundedRect(QRectF(bar_left, center - 6, bar_width * covered / scale, 12), 6, 6)
            if supply > row.target:
                painter.setBrush(QColor(COLORS["danger"] if over else "#7fb9a3"))
                painter.drawRoundedRect(
                    QRectF(target_x, center - 6, bar_width * (supply - row.target) / scale, 12), 6, 6
                )
            elif short:
                deficit = QColor(COLORS["warning"])
                deficit.setAlpha(90)
                painter.setBrush(deficit)
                start = bar_left + bar_width * covered / scale
                painter.drawRoundedRect(QRectF(start, center - 6, target_x - start, 12), 6, 6)
            painter.setPen(QPen(QColor(COLORS["text"]), 2))
            painter.drawLine(int(target_x), int(center - 10), int(target_x), int(center + 10))
            of_target = f"{format_amount(supply, '')} of {format_amount(row.target, row.unit)}"
            if row.kind == "limit":
                painter.setPen(QColor(COLORS["danger"] if over else COLORS["muted"]))
                state = f"{format_amount(row.over_limit, row.unit)} over" if over else "within"
                text = f"{of_target} limit · {state}"
            elif short:
                painter.setPen(QColor(COLORS["warning"]))
                text = f"{of_target} · {format_amount(row.short_by, row.unit)} short"
            else:
                painter.setPen(QColor(COLORS["muted"]))
                text = f"{of_target} · covered"
            painter.drawText(
                QRectF(bar_left + bar_width + 12, top, VALUE_WIDTH, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(text, Qt.TextElideMode.ElideRight, VALUE_WIDTH - 4),
            )
        painter.end()
