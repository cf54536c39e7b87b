"""A row of tiles, one per health measure, each with its average over the shown span; clicking a tile
(or Space on it) picks the measure the chart draws."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from agents.app import DayPoint
from desktop.theme import SPACING
from desktop.widgets.activity_chart import METRICS, Metric, metric_unit


def summary(metric: Metric, days: Sequence[DayPoint], units: str) -> tuple[str, str]:
    """(big value, small line) for a tile: the mean over the days that have the measure."""
    values = [v for d in days if (v := metric.value(d, units)) is not None]
    if not values:
        return "—", "no data in this span"
    mean = statistics.fmean(values)
    if metric.key == "sleep":
        hours, minutes = divmod(round(mean * 60), 60)
        big = f"{hours} h {minutes:02d}"
    elif metric.digits:
        big = f"{mean:,.{metric.digits}f} {metric_unit(metric, units)}"
    else:
        big = f"{mean:,.0f} {metric_unit(metric, units)}".replace(" steps", "")
    if metric.key == "weight":
        return big, f"mean of {len(values)} weigh-in{'s' if len(values) != 1 else ''}"
    return big, f"a day, over {len(values)} day{'s' if len(values) != 1 else ''}"


class MetricTile(QPushButton):
    def __init__(self, metric: Metric, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.measure = metric
        self.setCheckable(True)
        self.setProperty("tile", True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(f"Show {metric.label.lower()}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACING + 4, SPACING, SPACING + 4, SPACING)
        layout.setSpacing(0)
        self.title = QLabel(metric.label)
        self.title.setProperty("tileTitle", True)
        self.value = QLabel("—")
        self.value.setProperty("tileValue", True)
        self.note = QLabel()
        self.note.setProperty("faint", True)
        for label in (self.title, self.value, self.note):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        self.setMinimumHeight(72)

    def show_summary(self, big: str, small: str) -> None:
        self.value.setText(big)
        self.note.setText(small)
        self.setToolTip(f"{self.measure.label}: {big} ({small})")


class MetricTiles(QWidget):
    metric_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(SPACING)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.tiles: dict[str, MetricTile] = {}
        for metric in METRICS:
            tile = MetricTile(metric)
            self._group.addButton(tile)
            tile.clicked.connect(self._on_clicked)
            self.tiles[metric.key] = tile
        self.tiles[METRICS[0].key].setChecked(True)
        self.set_columns(3)

    def set_columns(self, columns: int) -> None:
        for i, tile in enumerate(self.tiles.values()):
            self._grid.addWidget(tile, i // columns, i % columns)

    def update_from(self, days: Sequence[DayPoint], units: str) -> None:
        for tile in self.tiles.values():
            tile.show_summary(*summary(tile.measure, days, units))

    def select(self, key: str) -> None:
        self.tiles[key].setChecked(True)

    @Slot()
    def _on_clicked(self) -> None:
        tile = self.sender()
        if isinstance(tile, MetricTile):
            self.metric_chosen.emit(tile.measure.key)
