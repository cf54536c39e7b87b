"""One health measure per day over a chosen span (4 weeks, 3 months, a year, all), from the reconciled
days the front door returns: energy burned (with its 28-day median), steps, weight, sleep, resting heart
rate, workout minutes. Days still in progress are left out; a day without the measure is a gap."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PySide6.QtCharts import (
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
    QXYSeries,
)
from PySide6.QtCore import QDateTime, QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from agents.app import DayPoint, kg_to_lb
from desktop.theme import COLORS

MEDIAN_WINDOW = 28
MARKERS_BELOW = 45  # fewer points than this: draw a dot on each, so a sparse series is readable

# Range key -> days shown up to the newest day (None: everything stored).
RANGES: dict[str, int | None] = {"4w": 28, "3m": 91, "1y": 365, "all": None}
RANGE_LABELS: dict[str, str] = {"4w": "4 weeks", "3m": "3 months", "1y": "Year", "all": "All"}


@dataclass(frozen=True)
class Metric:
    key: str
    label: str  # what the tile and the legend say
    unit: str
    color: str  # a COLORS key or a literal colour
    value: Callable[[DayPoint, str], float | None]  # (day, units) -> value in the unit shown
    digits: int = 0


def _sleep_hours(d: DayPoint, _units: str) -> float | None:
    return d.sleep_min / 60.0 if d.sleep_min is not None else None


def _weight(d: DayPoint, units: str) -> float | None:
    if d.weight_kg is None:
        return None
    return kg_to_lb(d.weight_kg) if units == "us" else d.weight_kg


def _workout(d: DayPoint, _units: str) -> float | None:
    # Workouts the watch recorded; older imports only have the day's exercise minutes.
    return d.workout_min if d.workout_min is not None else d.exercise_min


METRICS: tuple[Metric, ...] = (
    Metric("energy", "Energy burned", "kcal", "accent", lambda d, _u: d.total_kcal),
    Metric("steps", "Steps", "steps", "#4a7fc1", lambda d, _u: d.steps),
    Metric("weight", "Weight", "kg", "#8a5cc2", _weight, 1),
    Metric("sleep", "Sleep", "h", "#2f8f9d", _sleep_hours, 1),
    Metric("resting_hr", "Resting heart rate", "bpm", "#c2455a", lambda d, _u: d.resting_hr),
    Metric("workouts", "Workouts", "min", "#c27a1f", _workout),
)
BY_KEY = {m.key: m for m in METRICS}


def metric_unit(metric: Metric, units: str) -> str:
    return "lb" if metric.key == "weight" and units == "us" else metric.unit


def rolling_median(values: Sequence[float | None], window: int = MEDIAN_WINDOW) -> list[float | None]:
    out: list[float | None] = []
    for i in range(len(values)):
        chunk = [v for v in values[max(0, i - window + 1) : i + 1] if v is not None]
        out.append(statistics.median(chunk) if chunk else None)
    return out


def days_in_range(days: Sequence[DayPoint], range_key: str) -> list[DayPoint]:
    """The complete days of the span, counted back from the newest complete day (not from today: an
    export from last year still shows its last 4 weeks)."""
    complete = [d for d in days if not d.is_partial]
    span = RANGES[range_key]
    if not complete or span is None:
        return complete
    since = complete[-1].day - timedelta(days=span - 1)
    return [d for d in complete if d.day >= since]


def _ms(day: date) -> float:
    moment = datetime.combine(day, time(12))
    msecs: int = QDateTime(moment).toMSecsSinceEpoch()
    return float(msecs)


def _nice_range(values: Sequence[float], *, from_zero: bool) -> tuple[float, float]:
    """Axis bounds with some air: counts start at 0; weight, heart rate and sleep hug their data."""
    high, low = max(values), min(values)
    if from_zero:
        step = float(10 ** max(0, len(str(int(high))) - 1))
        return 0.0, (int(high / step) + 1) * step
    pad = max((high - low) * 0.15, 1.0)
    return float(int(low - pad)), float(int(high + pad) + 1)


class ActivityChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        self._chart = QChart()
        super().__init__(self._chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._chart.setBackgroundVisible(False)
        self._chart.setMargins(QMargins(0, 0, 0, 0))
        self._chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        self._chart.legend().setFont(QFont(self.font().family(), 9))
        self.setMinimumHeight(240)
        self.setAccessibleName("Health chart")
        self._days: tuple[DayPoint, ...] = ()
        self.measure = METRICS[0]
        self.range_key = "3m"
        self.units = "metric"
        self.point_count = 0  # complete days in the span (what the caption counts)
        self.plotted: list[tuple[date, float]] = []  # the metric's points as drawn
        self.plotted_span: tuple[date, date] | None = None  # first and last day of the span

    def set_days(self, days: Sequence[DayPoint]) -> None:
        self._days = tuple(days)
        self._redraw()

    def set_metric(self, key: str) -> None:
        self.measure = BY_KEY[key]
        self._redraw()

    def set_range(self, range_key: str) -> None:
        if range_key not in RANGES:
            raise ValueError(f"unknown range {range_key!r}")
        self.range_key = range_key
        self._redraw()

    def set_units(self, units: str) -> None:
        self.units = units
        self._redraw()

    def span_days(self) -> list[DayPoint]:
        return days_in_range(self._days, self.range_key)

    def _color(self, name: str) -> QColor:
        return QColor(COLORS.get(name, name))

    def _axis_style(self, axis: QValueAxis | QDateTimeAxis, color: QColor) -> None:
        axis.setLabelsColor(color)
        axis.setLabelsFont(QFont(self.font().family(), 8))
        axis.setGridLineColor(self._color("border"))
        axis.setLinePenColor(self._color("border"))
        axis.setTitleBrush(color)

    def _redraw(self) -> None:
        chart = self._chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.legend().setLabelColor(self._color("muted"))
        span = self.span_days()
        self.point_count = len(span)
        self.plotted = []
        self.plotted_span = (span[0].day, span[-1].day) if span else None
        if not span:
            return
        metric, color = self.measure, self._color(self.measure.color)
        unit = metric_unit(metric, self.units)
        values = [metric.value(d, self.units) for d in span]
        self.plotted = [(d.day, v) for d, v in zip(span, values, strict=True) if v is not None]
        line = QLineSeries()
        line.setName(f"{metric.label} ({unit})")
        line.setPen(QPen(color, 2))
        drawn: list[QXYSeries] = [line]
        # A gap in the data is a gap in the line: each run of consecutive days is its own segment.
        segment = line
        previous: date | None = None
        for day, value in self.plotted:
            if previous is not None and (day - previous).days > 1 and segment.count():
                segment = QLineSeries()
                segment.setPen(QPen(color, 2))
                drawn.append(segment)
            segment.append(_ms(day), value)
            previous = day
        if len(self.plotted) < MARKERS_BELOW:
            dots = QScatterSeries()
            dots.setMarkerSize(7)
            dots.setColor(color)
            dots.setBorderColor(color)
            for day, value in self.plotted:
                dots.append(_ms(day), value)
            drawn.append(dots)
        if metric.key == "energy":
            median = QLineSeries()
            median.setName(f"{MEDIAN_WINDOW}-day median")
            median.setPen(QPen(self._color("accent_pressed"), 1.5, Qt.PenStyle.DashLine))
            for d, med in zip(span, rolling_median(values), strict=True):
                if med is not None:
                    median.append(_ms(d.day), med)
            drawn.append(median)
        for series in drawn:
            chart.addSeries(series)
        for marker, series in zip(chart.legend().markers(), drawn, strict=False):
            marker.setVisible(bool(series.name()))  # segments and dots carry no legend entry
        x_axis = QDateTimeAxis()
        first, last = span[0].day, span[-1].day
        x_axis.setRange(
            QDateTime(datetime.combine(first, time(0))), QDateTime(datetime.combine(last, time(23)))
        )
        x_axis.setFormat("d MMM" if (last - first).days < 300 else "MMM yyyy")
        x_axis.setTickCount(7)
        self._axis_style(x_axis, self._color("muted"))
        y_axis = QValueAxis()
        low, high = _nice_range(
            [v for _, v in self.plotted] or [1.0], from_zero=metric.key in ("steps", "workouts")
        )
        y_axis.setRange(low, high)
        y_axis.setTickCount(5)
        y_axis.applyNiceNumbers()  # 2,400 / 2,600 ... rather than 2,344 / 2,472
        y_axis.setLabelFormat("%.0f" if metric.digits == 0 or high - low > 20 else "%.1f")
        self._axis_style(y_axis, color)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for series in drawn:
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
