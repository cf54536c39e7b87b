"""The agents of a plan run as a waterfall: one lane per subagent on a shared time axis, as trace
viewers (Langfuse, LangSmith) draw a trace, so what ran in parallel overlaps on screen.

Each lane shows the agent, its status and time on the left; on the axis a bar from its start to its end
(striped and moving while it runs), and under the bar the agent's own one-line reasoning. Hover shows
the full reasoning and the inputs; a click (or Up/Down) selects a lane, and `lane_selected` says which.
"""

from __future__ import annotations

import math
import time
from html import escape

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from desktop.models.run_timeline import Lane, RunTimeline
from desktop.theme import COLORS, notifier

AXIS_HEIGHT = 26
ROW_HEIGHT = 46
BAR_HEIGHT = 12
LABEL_WIDTH = 270
RIGHT_PAD = 16
FRAME_MS = 40  # the running stripes move at 25 frames a second
STRIPE = 10

# status -> (theme colour of the bar, label shown beside the lane's time)
STATUS_STYLE: dict[str, tuple[str, str]] = {
    "running": ("info", "running"),
    "done": ("accent", "done"),
    "failed": ("danger", "failed"),
    "timeout": ("warning", "timed out"),
    "skipped": ("border_strong", "skipped"),
    "cancelled": ("faint", "cancelled"),
}


def nice_step(span_ms: float, ticks: int = 6) -> float:
    """A round tick interval (1, 2 or 5 x 10^n ms) giving about `ticks` ticks over the span."""
    raw = max(span_ms, 1.0) / ticks
    power = float(10 ** math.floor(math.log10(raw)))
    return float(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def format_ms(ms: float) -> str:
    if ms < 1000:
        return f"{ms:.0f} ms"
    return f"{ms / 1000:.2f} s" if ms < 10_000 else f"{ms / 1000:.1f} s"


def status_label(status: str) -> str:
    return STATUS_STYLE.get(status, ("faint", status))[1]


class AgentWaterfall(QWidget):
    lane_selected = Signal(str)  # the lane's name; "" when nothing is selected

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AgentWaterfall")
        self.setAccessibleName("Agent timeline")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.timeline = RunTimeline()
        self.selected: str = ""
        self.critical: frozenset[str] = frozenset()  # the lanes that decided the wall time (the run's own)
        self._hover = -1
        self._live = False
        self._origin: float | None = None  # monotonic time at the run's 0 ms, while live
        self._frozen_now: float | None = None
        self._phase = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._tick)
        notifier().changed.connect(self.update)  # colours are read from the live theme on each paint

    # --- what it shows ---------------------------------------------------------------------------

    def set_timeline(self, timeline: RunTimeline, *, live: bool = False, now_ms: float | None = None) -> None:
        """Draw `timeline`; `live` keeps a clock running so open lanes grow; `now_ms` freezes the clock
        at that moment (a replayed partial trace)."""
        self.timeline = timeline
        self.critical = frozenset()
        self._live = live
        self._origin = None
        self._frozen_now = now_ms
        if self.selected and timeline.lane(self.selected) is None:
            self.selected = ""
        self.lanes_changed()

    def lanes_changed(self) -> None:
        """Call after the timeline took an event."""
        if self._live and self._frozen_now is None:
            # The clock follows the trace: the newest event says how far the run has got.
            origin = time.monotonic() - self.timeline.last_at_ms / 1000
            self._origin = origin if self._origin is None else min(self._origin, origin)
        animate = (self._live or self._frozen_now is not None) and self.timeline.running
        if animate and not self._timer.isActive():
            self._timer.start()
        elif not animate:
            self._timer.stop()
        self.setMinimumHeight(self.sizeHint().height())
        self.updateGeometry()
        self._describe()
        self.update()

    def stop_clock(self) -> None:
        self._live = False
        self._timer.stop()
        self.update()

    def now_ms(self) -> float | None:
        if self._frozen_now is not None:
            return self._frozen_now
        if self._live and self._origin is not None:
            return max(self.timeline.last_at_ms, (time.monotonic() - self._origin) * 1000)
        return None

    def set_critical_path(self, lanes: tuple[str, ...] | list[str]) -> None:
        self.critical = frozenset(lanes)
        self.update()

    def select_lane(self, name: str) -> None:
        if name != self.selected:
            self.selected = name
            self.update()
            self.lane_selected.emit(name)

    def sizeHint(self) -> QSize:
        return QSize(640, AXIS_HEIGHT + max(1, len(self.timeline.lanes)) * ROW_HEIGHT + 6)

    def _describe(self) -> None:
        # Screen readers get the lanes as text: agent, status, time.
        parts = [f"{lane.name}: {status_label(lane.status)}, {format_ms(lane.duration(self.now_ms()))}"
                 for lane in self.timeline.lanes]  # fmt: skip
        self.setAccessibleDescription("; ".join(parts))

    def _tick(self) -> None:
        self._phase = (self._phase + 1.5) % (2 * STRIPE)
        if not self.timeline.running:
            self._timer.stop()
        self.update()

    # --- geometry --------------------------------------------------------------------------------

    def _label_width(self) -> float:
        return float(min(LABEL_WIDTH, max(170, self.width() * 0.25)))

    def _track(self) -> tuple[float, float]:
        left = self._label_width() + 12
        return left, max(left + 50, self.width() - RIGHT_PAD)

    def _span(self) -> float:
        now = self.now_ms()
        end = max(self.timeline.end_ms(), now or 0.0, 1.0)
        return end * 1.04  # a little room after the last bar for its time

    def _x(self, ms: float, span: float) -> float:
        left, right = self._track()
        return left + (right - left) * max(0.0, ms) / span

    def _row_at(self, y: float) -> int:
        row = int((y - AXIS_HEIGHT) // ROW_HEIGHT)
        return row if y >= AXIS_HEIGHT and 0 <= row < len(self.timeline.lanes) else -1

    # --- painting --------------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        span = self._span()
        now = self.now_ms()
        self._paint_axis(painter, span)
        for row, lane in enumerate(self.timeline.lanes):
            self._paint_lane(painter, row, lane, span, now)
        if now is not None and self.timeline.running:
            x = self._x(now, span)
            painter.setPen(QPen(QColor(COLORS["info"]), 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x, AXIS_HEIGHT - 4), QPointF(x, self.height() - 2))
        painter.end()

    def _paint_axis(self, painter: QPainter, span: float) -> None:
        left, right = self._track()
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        painter.setFont(small)
        step = nice_step(span)
        tick = 0.0
        grid = QColor(COLORS["border"])
        while tick <= span:
            x = self._x(tick, span)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(x, AXIS_HEIGHT - 6), QPointF(x, self.height()))
            painter.setPen(QColor(COLORS["faint"]))
            text = format_ms(tick) if tick else "0"
            width = QFontMetrics(small).horizontalAdvance(text)
            painter.drawText(QPointF(min(x + 3, right - width), AXIS_HEIGHT - 10), text)
            tick += step
        painter.setPen(QColor(COLORS["faint"]))
        painter.drawText(QPointF(4, AXIS_HEIGHT - 10), "Agent")
        painter.setPen(QPen(QColor(COLORS["border"]), 1))
        painter.drawLine(QPointF(0, AXIS_HEIGHT - 1), QPointF(self.width(), AXIS_HEIGHT - 1))
        del left

    def _paint_lane(self, painter: QPainter, row: int, lane: Lane, span: float, now: float | None) -> None:
        top = AXIS_HEIGHT + row * ROW_HEIGHT
        rect = QRectF(0, top, self.width(), ROW_HEIGHT)
        if lane.name == self.selected:
            painter.fillRect(rect, QColor(COLORS["accent_soft"]))
        elif row == self._hover:
            painter.fillRect(rect, QColor(COLORS["neutral_soft"]))
        colour = QColor(COLORS[STATUS_STYLE.get(lane.status, ("faint", ""))[0]])
        base = QFont(self.font())
        metrics = QFontMetrics(base)
        label_w = self._label_width()
        # Left: a status dot, the lane's name, then status and time.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QPointF(10, top + 15), 4, 4)
        bold = QFont(base)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(QColor(COLORS["text"]))
        name = QFontMetrics(bold).elidedText(lane.name, Qt.TextElideMode.ElideMiddle, int(label_w - 22))
        painter.drawText(QPointF(20, top + 19), name)
        painter.setFont(base)
        painter.setPen(colour if lane.status in ("failed", "timeout") else QColor(COLORS["muted"]))
        meta = f"{status_label(lane.status)} · {format_ms(lane.duration(now))}"
        if lane.name in self.critical:
            meta += " · critical path"
        if lane.running and lane.fraction is not None:
            meta += f" · {lane.fraction:.0%}"
        painter.drawText(QPointF(20, top + 37), meta)
        # The bar on the axis.
        x0 = self._x(lane.start_ms, span)
        end = lane.start_ms + lane.duration(now) if lane.end_ms is None else lane.end_ms
        x1 = max(x0 + 3, self._x(end, span))
        bar = QRectF(x0, top + 9, x1 - x0, BAR_HEIGHT)
        path = QPainterPath()
        path.addRoundedRect(bar, 3, 3)
        if lane.running:
            painter.fillPath(path, QColor(COLORS["info_soft"]))
            painter.save()
            painter.setClipPath(path)
            painter.setPen(QPen(colour, 4))
            x = x0 - 2 * STRIPE + self._phase
            while x < x1 + BAR_HEIGHT:
                painter.drawLine(QPointF(x, bar.bottom()), QPointF(x + BAR_HEIGHT, bar.top()))
                x += STRIPE
            painter.restore()
            if lane.fraction is not None:
                done = QRectF(x0, bar.bottom() - 2, (x1 - x0) * lane.fraction, 2)
                painter.fillRect(done, colour)
        else:
            painter.fillPath(path, colour if lane.status != "skipped" else QColor(COLORS["neutral_soft"]))
            if lane.status == "skipped":
                painter.setPen(QPen(colour, 1, Qt.PenStyle.DashLine))
                painter.drawPath(path)
        left, right = self._track()
        ms_text = format_ms(lane.duration(now))
        ms_w = metrics.horizontalAdvance(ms_text)
        painter.setPen(QColor(COLORS["muted"]))
        if x1 + 6 + ms_w <= right + RIGHT_PAD - 2:
            painter.drawText(QPointF(x1 + 6, top + 19), ms_text)
        elif x0 - 6 - ms_w >= left:
            painter.drawText(QPointF(x0 - 6 - ms_w, top + 19), ms_text)
        # Under the bar: the agent's one line, from the bar's start while there is room.
        if lane.summary:
            # From the bar's start when it fits; a late lane's text moves left (up to the axis' start)
            # rather than being cut, since the last agents' conclusions matter most.
            summary = " ".join(lane.summary.split())
            text_left = max(left, min(x0, right - metrics.horizontalAdvance(summary)))
            line = metrics.elidedText(summary, Qt.TextElideMode.ElideRight, int(right - text_left))
            painter.setPen(QColor(COLORS["danger"] if lane.status == "failed" else COLORS["muted"]))
            painter.drawText(QPointF(text_left, top + 38), line)
        painter.setPen(QPen(QColor(COLORS["border"]), 1))
        painter.drawLine(QPointF(0, top + ROW_HEIGHT - 0.5), QPointF(self.width(), top + ROW_HEIGHT - 0.5))

    # --- interaction -----------------------------------------------------------------------------

    def tooltip_html(self, lane: Lane) -> str:
        now = self.now_ms()
        inputs = "".join(f"<li>{escape(i)}</li>" for i in lane.inputs)
        return (
            f"<b>{escape(lane.name)}</b> · {status_label(lane.status)} · started at {format_ms(lane.start_ms)},"
            f" {format_ms(lane.duration(now))}"
            + (f"<p style='white-space:pre-wrap'>{escape(lane.summary)}</p>" if lane.summary else "")
            + (f"Inputs:<ul style='margin:0'>{inputs}</ul>" if inputs else "")
        )

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            row = self._row_at(event.pos().y())
            if row >= 0:
                QToolTip.showText(event.globalPos(), self.tooltip_html(self.timeline.lanes[row]), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        row = self._row_at(event.position().y())
        if row != self._hover:
            self._hover = row
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._hover = -1
        self.update()
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        row = self._row_at(event.position().y())
        if row >= 0:
            self.select_lane(self.timeline.lanes[row].name)
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        lanes = self.timeline.lanes
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and lanes:
            names = [lane.name for lane in lanes]
            index = names.index(self.selected) if self.selected in names else -1
            step = -1 if event.key() == Qt.Key.Key_Up else 1
            self.select_lane(names[max(0, min(len(names) - 1, index + step))])
            return
        super().keyPressEvent(event)
