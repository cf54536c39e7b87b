"""Plan: one button runs every agent (vision per photo, health per export, prices, nutrition, cart) as
the orchestrator's parallel graph, drawn live as a waterfall; then targets vs supply per nutrient and the
recommendations with their reasons. Past runs can be opened; the cart a run built opens on the Cart page.

What the page says about a run is the agents' own words (lane summaries, the nutrition agent's headline
and notes, the cart agent's notices, the run's problems); the page adds no verdict of its own."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QComboBox, QFileDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from agents.app import (
    AgentEvent,
    CancelToken,
    Larder,
    PlanRequest,
    PlanRun,
    PlanView,
    ProgressFn,
    RecommendationRow,
    RunDetail,
    RunSummary,
)
from desktop import icons
from desktop.models.run_timeline import RunTimeline
from desktop.pages.base import Page
from desktop.pages.fridge_page import PHOTO_SUFFIXES, ago
from desktop.pages.health_page import EXPORT_SUFFIXES
from desktop.tasks import Task, TaskRunner
from desktop.theme import COLORS, SPACING, notifier
from desktop.widgets.agent_waterfall import STATUS_STYLE, AgentWaterfall, format_ms, status_label
from desktop.widgets.card import Card
from desktop.widgets.empty_state import EmptyState
from desktop.widgets.nutrient_bars import NutrientBars
from desktop.widgets.task_progress import TaskProgress

PLAN_DAYS = 7
_UNREAD: object = object()  # show_run's plan was not read beforehand: read it there


@dataclass(frozen=True)
class PlanLoad:
    """What a reload read in a worker (desktop/refresh.py): the past runs, the newest run's detail and
    plan when the page will switch to it, or, with no run at all, the latest plan."""

    runs: tuple[RunSummary, ...] = ()
    detail: RunDetail | None = None
    plan: PlanView | None = None
    live: bool = False  # a run was going on: nothing was read, the live run owns the panel


def _amount(rec: RecommendationRow) -> str:
    """What to buy as a shopper reads it, from the agent's own packages: "12 x container (170 g), 2.0 kg"."""
    weight = f"{rec.grams / 1000:.1f} kg" if rec.grams >= 1000 else f"{rec.grams:.0f} g"
    if rec.packages:
        return f"{rec.packages} x {(rec.package_desc or 'package').removeprefix('1 ')}, {weight}"
    return weight


def split_inputs(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """Dropped files: photos for the vision agents, everything else an export for the health agents
    (a folder is an unpacked export)."""
    photos: list[Path] = []
    exports: list[Path] = []
    for path in paths:
        if path.suffix.lower() in PHOTO_SUFFIXES:
            photos.append(path)
        elif path.is_dir() or path.suffix.lower() in EXPORT_SUFFIXES:
            exports.append(path)
    return photos, exports


def _names(paths: Sequence[Path], most: int = 2) -> str:
    shown = ", ".join(p.name for p in paths[:most])
    return shown + (f" and {len(paths) - most} more" if len(paths) > most else "")


class RecommendationRowWidget(QFrame):
    def __init__(self, rank: int, rec: RecommendationRow) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, SPACING // 2, 0, SPACING // 2)
        layout.setSpacing(2 * SPACING)
        number = QLabel(str(rank))
        number.setFixedSize(26, 26)
        number.setStyleSheet(
            f"background: {COLORS['accent_soft']}; color: {COLORS['accent']}; border-radius: 13px; font-weight: 700;"
        )
        number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QVBoxLayout()
        text.setSpacing(2)
        title = QLabel(f"<b>{rec.name}</b> &nbsp;<span style='color:{COLORS['muted']}'>{_amount(rec)}</span>")
        reason = QLabel(rec.reason)
        reason.setWordWrap(True)
        reason.setProperty("muted", True)
        text.addWidget(title)
        text.addWidget(reason)
        layout.addWidget(number)
        layout.addLayout(text, 1)


class _EventBridge(QObject):
    """Made in the GUI thread: the orchestrator calls `arrived.emit` from its worker threads, and Qt
    queues each event to the page's slot on the GUI thread."""

    arrived = Signal(object)


class PlanPage(Page):
    cart_requested = Signal(int)  # an order id: show it on the Cart page

    def __init__(self, larder: Larder, runner: TaskRunner) -> None:
        super().__init__(
            larder,
            runner,
            title="Plan",
            subtitle=f"Every agent at work on the next {PLAN_DAYS} days: what is in the fridge, what your "
            "body needs, prices, and the cart that closes the gap.",
            action="Run plan",
            action_icon="play",
            scrolling=True,
        )
        assert self.header.primary is not None
        self.run_button = self.header.primary
        self.run_button.clicked.connect(self.start_plan)
        self.run_button.setAccessibleName("Run plan")
        # The window gives the primary button its shortcut (Ctrl+Return) and adds it to this tooltip.
        self.run_button.setToolTip(
            "Run every agent: vision per photo, health per export, prices, nutrition, cart"
        )
        self.page_action("Cancel the run", "Esc", self.cancel_plan)
        self.setAcceptDrops(True)
        self.queued_photos: list[Path] = []
        self.queued_exports: list[Path] = []
        self.body.addLayout(self._build_inputs())
        self.progress = TaskProgress()
        self.progress.cancel_button.setToolTip("Stop every agent; nothing of this run is written (Esc)")
        self.body.addWidget(self.progress)
        self.body.addWidget(self._build_agents_card())
        self.empty = EmptyState(
            "plan", "No plan yet", "Run a plan to see targets, what the fridge supplies and what to buy."
        )
        self.body.addWidget(self.empty)
        self.headline = QLabel()
        self.headline.setObjectName("PlanHeadline")
        self.headline.setWordWrap(True)
        self.body.addWidget(self.headline)
        self.bars_card = Card(f"Targets vs supply over {PLAN_DAYS} days")
        self.plan_meta = QLabel()
        self.plan_meta.setProperty("faint", True)
        self.bars_card.header.addWidget(self.plan_meta)
        self.bars = NutrientBars()
        legend = QLabel(
            f"<span style='color:{COLORS['accent']}'>■</span> supplied by the fridge &nbsp; "
            f"<span style='color:{COLORS['warning']}'>■</span> short &nbsp; │ target"
        )
        legend.setProperty("faint", True)
        self.bars_card.body.addWidget(self.bars)
        self.bars_card.body.addWidget(legend)
        self.body.addWidget(self.bars_card)
        self.recs_card = Card("Recommendations")
        self.recs_box = QVBoxLayout()
        self.recs_box.setSpacing(SPACING // 2)
        self.recs_card.body.addLayout(self.recs_box)
        self.notes = QLabel()
        self.notes.setProperty("faint", True)
        self.notes.setWordWrap(True)
        self.recs_card.body.addWidget(self.notes)
        self.body.addWidget(self.recs_card)
        self.body.addStretch(1)
        self.plan: PlanView | None = None
        self.run_detail: RunDetail | None = None
        self.timeline = RunTimeline()
        self.task: Task | None = None
        self._bridge: _EventBridge | None = None
        self._run_order: int | None = None
        notifier().changed.connect(self._restyle)
        self.refresh()

    def _style_legend(self) -> None:
        swatch = "<span style='color:{}'>■</span> {}"
        self.legend.setText(
            " &nbsp; ".join(swatch.format(COLORS[colour], label) for colour, label in STATUS_STYLE.values())
            + " &nbsp;·&nbsp; hover a lane for its full reasoning and inputs, click to keep it below"
        )

    def _style_problems(self) -> None:
        self.problems.setStyleSheet(
            f"background: {COLORS['warning_soft']}; color: {COLORS['text']}; border-radius: 6px; padding: 8px;"
        )

    @Slot()
    def _restyle(self) -> None:
        """Inline colours follow a theme change (the rows and the detail are rebuilt with the new ones)."""
        self._style_problems()
        self._style_legend()
        self.show_plan(self.plan, self.plan_meta.text())
        self._on_lane_selected(self.waterfall.selected)

    # --- building ----------------------------------------------------------------------------------

    def _build_inputs(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(SPACING)
        self.inputs_label = QLabel()
        self.inputs_label.setProperty("muted", True)
        self.inputs_label.setWordWrap(True)
        self.add_photos_button = QPushButton("Add photos…")
        self.add_photos_button.setIcon(icons.icon("photo", COLORS["text"]))
        self.add_photos_button.setToolTip(
            "Fridge photos for this run: one vision agent each (or drop them here)"
        )
        self.add_photos_button.clicked.connect(self._on_add_photos)
        self.add_export_button = QPushButton("Add export…")
        self.add_export_button.setIcon(icons.icon("health", COLORS["text"]))
        self.add_export_button.setToolTip(
            "A wearable export for this run: one health agent each (or drop it here)"
        )
        self.add_export_button.clicked.connect(self._on_add_export)
        self.clear_inputs_button = QPushButton("Clear")
        self.clear_inputs_button.setProperty("flat", True)
        self.clear_inputs_button.setToolTip("Run on the stored inventory and health data instead")
        self.clear_inputs_button.clicked.connect(self.clear_inputs)
        row.addWidget(self.inputs_label, 1)
        for button in (self.clear_inputs_button, self.add_photos_button, self.add_export_button):
            row.addWidget(button)
        return row

    def _build_agents_card(self) -> Card:
        card = Card("Agents")
        self.agents_card = card
        self.run_meta = QLabel()
        self.run_meta.setProperty("faint", True)
        self.run_picker = QComboBox()
        self.run_picker.setAccessibleName("Past runs")
        self.run_picker.setToolTip("Open a past run: its timeline, problems, plan and cart")
        self.run_picker.setMinimumContentsLength(34)
        self.run_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.run_picker.activated.connect(self._on_run_picked)
        card.header.addWidget(self.run_meta)
        card.header.addWidget(self.run_picker)
        self.agents_empty = QLabel(
            "No run yet. Run plan starts the agents; each one appears here as it works."
        )
        self.agents_empty.setProperty("muted", True)
        self.agents_empty.setWordWrap(True)
        self.waterfall = AgentWaterfall()
        self.waterfall.lane_selected.connect(self._on_lane_selected)
        self.lane_detail = QLabel()
        self.lane_detail.setWordWrap(True)
        self.lane_detail.setTextFormat(Qt.TextFormat.RichText)
        self.lane_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lane_detail.setObjectName("LaneDetail")
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.RichText)
        self.problems.setObjectName("RunProblems")
        self.problems.setAccessibleName("Problems")
        self._style_problems()
        cart_row = QHBoxLayout()
        cart_row.setSpacing(SPACING)
        self.cart_meta = QLabel()
        self.cart_meta.setProperty("muted", True)
        self.cart_meta.setWordWrap(True)
        self.cart_button = QPushButton("Open cart")
        self.cart_button.setIcon(icons.icon("cart", COLORS["text"]))
        self.cart_button.setAccessibleName("Open the cart this run built")
        self.cart_button.setToolTip("Show the draft order this run built on the Cart page (Ctrl+Shift+C)")
        self.cart_button.clicked.connect(self.open_cart)
        self.page_action("Open the cart this run built", "Ctrl+Shift+C", self.open_cart)
        cart_row.addWidget(self.cart_meta, 1)
        cart_row.addWidget(self.cart_button)
        self.legend = QLabel()
        self.legend.setProperty("faint", True)
        self._style_legend()
        for widget in (self.agents_empty, self.waterfall, self.legend, self.lane_detail, self.problems):
            card.body.addWidget(widget)
        card.body.addLayout(cart_row)
        return card

    # --- inputs ------------------------------------------------------------------------------------

    def queue_inputs(self, photos: Iterable[Path] = (), exports: Iterable[Path] = ()) -> None:
        """Photos and exports for the next run (vision and health agents); without them it uses the
        stored inventory and health data."""
        self.queued_photos += [Path(p) for p in photos if Path(p) not in self.queued_photos]
        self.queued_exports += [Path(p) for p in exports if Path(p) not in self.queued_exports]
        self._show_inputs()

    @Slot()
    def clear_inputs(self) -> None:
        self.queued_photos.clear()
        self.queued_exports.clear()
        self._show_inputs()

    def _show_inputs(self) -> None:
        photos = (
            f"{len(self.queued_photos)} photo{'s' if len(self.queued_photos) != 1 else ''} "
            f"({escape(_names(self.queued_photos))})"
            if self.queued_photos
            else "the stored inventory"
        )
        exports = escape(_names(self.queued_exports)) if self.queued_exports else "the stored health data"
        self.inputs_label.setText(f"<b>Fridge:</b> {photos} &nbsp;·&nbsp; <b>Health:</b> {exports}")
        self.clear_inputs_button.setVisible(bool(self.queued_photos or self.queued_exports))

    @Slot()
    def _on_add_photos(self) -> None:
        suffixes = " ".join(f"*{s}" for s in PHOTO_SUFFIXES)
        files, _ = QFileDialog.getOpenFileNames(
            self, "Photos for this run", str(Path.home()), f"Photos ({suffixes})"
        )
        self.queue_inputs(photos=[Path(f) for f in files])

    @Slot()
    def _on_add_export(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "A wearable export for this run",
            str(Path.home()),
            "Exports (*.zip *.xml *.json *.csv);;All files (*)",
        )
        if path:
            self.queue_inputs(exports=[Path(path)])

    def _dropped(self, urls: Iterable[QUrl]) -> tuple[list[Path], list[Path]]:
        return split_inputs(Path(u.toLocalFile()) for u in urls if u.isLocalFile())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        photos, exports = self._dropped(event.mimeData().urls())
        if photos or exports:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        photos, exports = self._dropped(event.mimeData().urls())
        self.queue_inputs(photos, exports)
        event.acceptProposedAction()

    # --- showing -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.apply(self.load())

    def _shown_run(self) -> int | None:
        return self.run_detail.summary.id if self.run_detail is not None else None

    def _run_plan(self, detail: RunDetail) -> PlanView | None:
        plan_id = detail.result.get("plan_id")
        return self.larder.stored_plan(plan_id) if isinstance(plan_id, int) else None

    def load(self) -> PlanLoad:
        """Read in a worker after another page's write (desktop/refresh.py): Larder reads only. The run
        shown is a plain attribute read here; apply checks it again on the UI thread."""
        if self.task is not None:
            return PlanLoad(live=True)
        runs = self.larder.runs()
        shown = self._shown_run()
        if runs and (shown is None or all(r.id != shown for r in runs)):
            detail = self.larder.run(runs[0].id)
            return PlanLoad(runs, detail, self._run_plan(detail))
        return PlanLoad(runs, plan=None if runs else self.larder.latest_plan())

    def apply(self, loaded: object) -> None:
        if not isinstance(loaded, PlanLoad):
            raise TypeError(f"not a plan page load: {loaded!r}")
        self._show_inputs()
        if self.task is not None or loaded.live:
            if self.task is None:  # the run ended while this was read: read again, here
                self.apply(self.load())
            return  # the live run owns the panel until it ends
        runs = loaded.runs
        shown = self._shown_run()
        self._fill_picker(runs, shown)
        if runs and (shown is None or all(r.id != shown for r in runs)):
            detail = loaded.detail
            if detail is not None and detail.summary.id == runs[0].id:
                self.show_run(detail, loaded.plan)
            else:  # the page changed run meanwhile (rare): read the newest one here
                self.show_run(self.larder.run(runs[0].id))
        elif not runs:
            self.run_detail = None
            self._show_timeline(RunTimeline())
            self._show_outcome((), None, {})
            plan = loaded.plan
            self.show_plan(plan, f"computed {ago(plan.created_at)}" if plan and plan.created_at else "")

    def _fill_picker(self, runs: Sequence[Any], current: int | None) -> None:
        self.run_picker.blockSignals(True)
        self.run_picker.clear()
        for run in runs:
            when = run.started_at.astimezone()
            self.run_picker.addItem(
                f"Run {run.id} · {when:%d %b %H:%M} · {format_ms(run.wall_ms)} · {run.status}", run.id
            )
        index = self.run_picker.findData(current) if current is not None else 0
        self.run_picker.setCurrentIndex(max(0, index))
        self.run_picker.setVisible(bool(runs))
        self.run_picker.blockSignals(False)

    @Slot(int)
    def _on_run_picked(self, index: int) -> None:
        run_id = self.run_picker.itemData(index)
        if isinstance(run_id, int) and self.task is None:
            self.show_run(self.larder.run(run_id))

    def show_run(self, detail: RunDetail, plan: PlanView | None | object = _UNREAD) -> None:
        """A stored run as it was watched: its lanes from the kept trace, its problems, its plan, its cart.
        `plan` is the run's plan when already read (in a worker); otherwise it is read here."""
        self.run_detail = detail
        summary = detail.summary
        self._show_timeline(RunTimeline.from_events(detail.events))
        path = detail.result.get("critical_path")
        self.waterfall.set_critical_path([str(p) for p in path] if isinstance(path, list) else [])
        self.run_meta.setText(f"{summary.mode} · {format_ms(summary.wall_ms)} · {ago(summary.started_at)}")
        index = self.run_picker.findData(summary.id)
        if index >= 0:
            self.run_picker.setCurrentIndex(index)
        cart = detail.result.get("cart") or {}
        self._show_outcome(summary.problems, summary.order_id, cart if isinstance(cart, dict) else {})
        shown = self._run_plan(detail) if plan is _UNREAD else plan
        shown = shown if isinstance(shown, PlanView) else None
        self.show_plan(shown, f"run {summary.id}, {ago(summary.started_at)}" if shown else "")

    def _show_timeline(self, timeline: RunTimeline, *, live: bool = False) -> None:
        self.timeline = timeline
        self.waterfall.set_timeline(timeline, live=live)
        has_lanes = bool(timeline.lanes) or live
        self.waterfall.setVisible(has_lanes)
        self.legend.setVisible(has_lanes)
        self.agents_empty.setVisible(not has_lanes)
        self._on_lane_selected(self.waterfall.selected)

    def _show_outcome(self, problems: Sequence[str], order_id: int | None, cart: dict[str, Any]) -> None:
        """The run's problems as the orchestrator wrote them, and the cart agent's own account."""
        self.problems.setText(
            "<b>Problems</b><ul style='margin:0; margin-left:-24px'>"
            + "".join(f"<li>{escape(p)}</li>" for p in problems)
            + "</ul>"
        )
        self.problems.setVisible(bool(problems))
        self._run_order = order_id
        self.cart_button.setVisible(order_id is not None)
        self.cart_button.setText(f"Open cart #{order_id}" if order_id is not None else "Open cart")
        lines = cart.get("lines") or []
        facts = []
        if order_id is not None and isinstance(lines, list):
            total = cart.get("total")
            money = (
                f"{total:.2f} {cart.get('currency', '')}".strip() if isinstance(total, int | float) else ""
            )
            facts.append(f"Draft order #{order_id}: {len(lines)} lines" + (f", {money}" if money else ""))
        notices = cart.get("notices") or []
        facts += [str(n) for n in notices] if isinstance(notices, list) else []
        self.cart_meta.setText(" · ".join(escape(f) for f in facts))
        self.cart_meta.setVisible(bool(facts))

    @Slot(str)
    def _on_lane_selected(self, name: str) -> None:
        lane = self.timeline.lane(name) if name else None
        self.lane_detail.setVisible(lane is not None)
        if lane is None:
            return
        inputs = ", ".join(escape(i) for i in lane.inputs)
        self.lane_detail.setText(
            f"<b>{escape(lane.name)}</b> <span style='color:{COLORS['muted']}'>· {status_label(lane.status)}"
            f" · started at {format_ms(lane.start_ms)} · {format_ms(lane.duration(self.waterfall.now_ms()))}"
            "</span>"
            + (f"<br>{escape(lane.summary)}" if lane.summary else "")
            + (f"<br><span style='color:{COLORS['faint']}'>Inputs: {inputs}</span>" if inputs else "")
        )

    def show_plan(self, plan: PlanView | None, meta: str = "") -> None:
        """Everything shown is the nutrition agent's: its rows, its recommendations with their reasons,
        its one-line conclusion and its notes; the page adds no verdict of its own."""
        self.plan = plan
        has_plan = plan is not None and bool(plan.nutrients or plan.recommendations)
        self.empty.setVisible(not has_plan and self.run_detail is None and self.task is None)
        self.headline.setVisible(has_plan and bool(plan and plan.headline))
        self.bars_card.setVisible(plan is not None and bool(plan.nutrients))
        self.recs_card.setVisible(has_plan)
        self.headline.setText(plan.headline if plan is not None else "")
        self.bars.set_rows(plan.nutrients if plan is not None else ())
        self.plan_meta.setText(meta)
        while self.recs_box.count():
            item = self.recs_box.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        recs = plan.recommendations if plan is not None else ()
        for rank, rec in enumerate(recs, start=1):
            self.recs_box.addWidget(RecommendationRowWidget(rank, rec))
        notes = plan.notes if plan is not None else ()
        self.notes.setText("<br>".join(notes))
        self.notes.setVisible(bool(notes))

    @property
    def recommendation_count(self) -> int:
        items = (self.recs_box.itemAt(i) for i in range(self.recs_box.count()))
        return sum(
            1 for item in items if item is not None and isinstance(item.widget(), RecommendationRowWidget)
        )

    # --- running -----------------------------------------------------------------------------------

    def plan_request(self) -> PlanRequest:
        provider = str(self.larder.setting("cart.provider") or "offline")
        return PlanRequest(
            photos=tuple(str(p) for p in self.queued_photos),
            health=tuple(str(p) for p in self.queued_exports),
            days=PLAN_DAYS,
            provider=provider,
        )

    @Slot()
    def start_plan(self) -> Task | None:
        if self.task is not None:
            return None
        request = self.plan_request()
        bridge = _EventBridge(self)
        bridge.arrived.connect(self._on_agent_event)
        self._bridge = bridge
        larder = self.larder

        def work(*, on_progress: ProgressFn, cancel: CancelToken) -> PlanRun:
            # No fraction: how many agents a run starts is known only as they start, so the bar stays
            # busy and the lanes below are the progress.
            del on_progress
            return larder.run_plan(request, on_event=bridge.arrived.emit, cancel=cancel)

        task = self.runner.prepare("Plan: every agent", work, pool="io")
        task.signals.succeeded.connect(self._on_run_succeeded)
        task.signals.failed.connect(self._on_run_failed)
        task.signals.cancelled.connect(self._on_run_cancelled)
        task.signals.finished.connect(self._on_run_finished)
        self.task = task
        self.run_detail = None
        self.run_button.setEnabled(False)
        self.run_picker.setEnabled(False)
        self.run_meta.setText("")
        self._show_outcome((), None, {})
        self.show_plan(None)  # the plan this run makes replaces the one shown; no stale plan meanwhile
        self._show_timeline(RunTimeline(), live=True)
        self.progress.track(task, "The agents are at work; each one appears below as it starts.")
        self.runner.start(task)
        self.banner.hide()
        return task

    @Slot()
    def cancel_plan(self) -> None:
        if self.task is not None:
            self.progress.cancel_button.click()

    @Slot(object)
    def _on_agent_event(self, event: object) -> None:
        if self.sender() is not self._bridge or not isinstance(event, AgentEvent):
            return  # a late event of a run that is over
        lane = self.timeline.apply(event)
        self.waterfall.lanes_changed()
        if lane.name == self.waterfall.selected:
            self._on_lane_selected(lane.name)

    @Slot(object)
    def _on_run_succeeded(self, result: object) -> None:
        self.task = None
        self.clear_inputs()  # scanned and imported now: the stored data has them
        if isinstance(result, PlanRun) and result.run_id is not None:
            self._fill_picker(self.larder.runs(), result.run_id)
            selected = self.waterfall.selected
            self.show_run(self.larder.run(result.run_id))
            self.waterfall.select_lane(selected)
        else:
            self.refresh()
        self.data_changed.emit()

    @Slot(object)
    def _on_run_failed(self, exc: object) -> None:
        self._end_live("failed")
        self.report_failure(exc)

    @Slot()
    def _on_run_cancelled(self) -> None:
        self._end_live("cancelled")
        self.banner.show_message("Run cancelled; nothing was written.", "info")

    def _end_live(self, status: str) -> None:
        # Lanes the agents did not close end where the trace ends; the run was not stored.
        self.timeline.close_open(status)
        self.waterfall.stop_clock()
        self.waterfall.lanes_changed()
        self.task = None

    @Slot()
    def _on_run_finished(self) -> None:
        self.task = None
        self._bridge = None
        self.waterfall.stop_clock()
        self.run_button.setEnabled(True)
        self.run_picker.setEnabled(True)
        self._fill_picker(self.larder.runs(), self.run_detail.summary.id if self.run_detail else None)

    @Slot()
    def open_cart(self) -> None:
        if self._run_order is not None and self.task is None:
            self.cart_requested.emit(self._run_order)
