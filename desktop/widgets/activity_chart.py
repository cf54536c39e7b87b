"""Daily total energy burned (with its 28-day median) and steps, from ReconciledDay rows."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import date, datetime, time

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDateTime, QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from agents.app import DayPoint
from desktop.theme import COLORS

MEDIAN_WINDOW = 28


def rolling_median(values: Sequence[float | None], window: int = MEDIAN_WINDOW) -> list[float | None]:
    out: list[float | None] = []
    for i in range(len(values)):
        chunk = [v for v in values[max(0, i - window + 1) : i + 1] if v is not None]
        out.append(statistics.median(chunk) if chunk else None)
    return out


def _ms(day: date) -> float:
    moment = datetime.combine(day, time(12))
    msecs: int = QDateTime(moment).toMSecsSinceEpoch()
    return float(msecs)


def _nice_max(value: float) -> float:
    step = int(
        10 ** max(0, len(str(int(value))) - 1)
    )  # int ** int is typed Any (a negative power is a float)
    return float((int(value / step) + 1) * step)


class ActivityChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        self._chart = QChart()
        super().__init__(self._chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._chart.setBackgroundVisible(False)
        self._chart.setMargins(QMargins(0, 0, 0, 0))
        self._chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        self._chart.legend().setFont(QFont(self.font().family(), 9))
        self._chart.legend().setLabelColor(QColor(COLORS["muted"]))
        self.setMinimumHeight(260)
        self.point_count = 0

    def _axis_style(self, axis: QValueAxis | QDateTimeAxis, color: str) -> None:
        axis.setLabelsColor(QColor(color))
        axis.setLabelsFont(QFont(self.font().family(), 8))
        axis.setGridLineColor(QColor(COLORS["border"]))
        axis.setLinePenColor(QColor(COLORS["border"]))

    def set_days(self, days: Sequence[DayPoint]) -> None:
        chart = self._chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        complete = [d for d in days if not d.is_partial]
        self.point_count = len(complete)
        if not complete:
            return
        energy = QLineSeries()
        energy.setName("Energy burned (kcal)")
        energy.setPen(QPen(QColor(COLORS["accent"]), 2))
        median = QLineSeries()
        median.setName(f"{MEDIAN_WINDOW}-day median")
        pen = QPen(QColor(COLORS["accent_pressed"]), 1.5, Qt.PenStyle.DashLine)
        median.setPen(pen)
        steps = QLineSeries()
        steps.setName("Steps")
        steps.setPen(QPen(QColor("#7a9cc6"), 1.5))
        medians = rolling_median([d.total_kcal for d in complete])
        for day, med in zip(complete, medians, strict=True):
            x = _ms(day.day)
            if day.total_kcal is not None:
                energy.append(x, day.total_kcal)
            if med is not None:
                median.append(x, med)
            if day.steps is not None:
                steps.append(x, day.steps)
        for series in (steps, energy, median):
            chart.addSeries(series)
        x_axis = QDateTimeAxis()
        x_axis.setFormat("d MMM")
        x_axis.setTickCount(7)
        self._axis_style(x_axis, COLORS["muted"])
        kcal_axis = QValueAxis()
        kcal_values = [d.total_kcal for d in complete if d.total_kcal is not None]
        kcal_axis.setRange(0, _nice_max(max(kcal_values, default=3000)))
        kcal_axis.setLabelFormat("%d")
        kcal_axis.setTitleText("kcal")
        kcal_axis.setTickCount(5)
        self._axis_style(kcal_axis, COLORS["accent"])
        steps_axis = QValueAxis()
        step_values = [d.steps for d in complete if d.steps is not None]
        steps_axis.setRange(0, _nice_max(max(step_values, default=10000)))
        steps_axis.setLabelFormat("%d")
        steps_axis.setTitleText("steps")
        steps_axis.setTickCount(5)
        self._axis_style(steps_axis, "#7a9cc6")
        steps_axis.setGridLineVisible(False)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(kcal_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(steps_axis, Qt.AlignmentFlag.AlignRight)
        for series in (energy, median):
            series.attachAxis(x_axis)
            series.attachAxis(kcal_axis)
        steps.attachAxis(x_axis)
        steps.attachAxis(steps_axis)
