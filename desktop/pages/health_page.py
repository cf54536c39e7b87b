"""Health: your measures over time (energy burned, steps, weight, sleep, resting heart rate, workouts)
with a range, the profile you edit (in the units you chose), a wearable import (drop or choose; it
runs in the background with progress and Cancel) and the latest plan's targets against the fridge."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agents.app import (
    UNIT_SYSTEMS,
    WEARABLE_FORMATS,
    CancelToken,
    DayPoint,
    ImportView,
    Larder,
    NutrientRow,
    PlanView,
    ProfileView,
    ProgressFn,
    Units,
    UserError,
)
from desktop import icons
from desktop.pages.base import Page
from desktop.tasks import TaskRunner
from desktop.theme import COLORS, SPACING, notifier
from desktop.widgets.activity_chart import BY_KEY, RANGE_LABELS, RANGES, ActivityChart, metric_unit
from desktop.widgets.card import Card
from desktop.widgets.drop_zone import DropZone
from desktop.widgets.empty_state import EmptyState
from desktop.widgets.metric_tiles import MetricTiles
from desktop.widgets.nutrient_bars import format_amount
from desktop.widgets.profile_form import FormError, ProfileForm
from desktop.widgets.task_progress import TaskProgress
from desktop.widgets.toast import Toast

EXPORT_SUFFIXES = (".zip", ".xml", ".json", ".csv", ".fit", ".tcx", ".gpx")
ALL_DAYS = 100_000  # health_days(last_days=...) for "everything stored"
_UNREAD: object = object()  # "not read yet": the page reads it itself


@dataclass(frozen=True)
class _HealthRead:
    """What the page shows, read off the UI thread after another page's write (desktop/refresh.py)."""

    units: Units
    last_import: ImportView | None
    profile: ProfileView
    days: tuple[DayPoint, ...]
    last_day: tuple[DayPoint, ...]
    plan: PlanView | None


TARGET_ROWS = 6
DEFAULT_RANGE = "3m"
CLI_HINT = re.compile(r" \(see `larder [^`]*`\)")
STACK_BELOW = 1100  # page width (px) under which the import and targets cards stack


def describe_import(view: ImportView) -> str:
    name = WEARABLE_FORMATS.get(view.format, view.format.replace("_", " ").title())
    span = (
        f"{view.first_day:%d %b %Y} to {view.last_day:%d %b %Y}"
        if view.first_day and view.last_day
        else "no days"
    )
    sources = f"{len(view.sources)} source{'s' if len(view.sources) != 1 else ''}"
    return f"{name}, {span}, {view.days} days, {view.records:,} records, {sources}"


def target_rows(plan: PlanView, limit: int = TARGET_ROWS) -> list[NutrientRow]:
    """Energy and protein first, then what the agent marked significant, in the agent's order."""
    first = [r for r in plan.nutrients if r.nutrient in ("energy_kcal", "protein_g")]
    rest = [r for r in plan.nutrients if r not in first]
    rest.sort(key=lambda r: not r.significant)  # stable: keeps the agent's priority within each group
    return (first + rest)[:limit]


def goal_rule(plan: PlanView | None) -> str:
    """The part of the energy target's rule about the goal ("goal gain: +255 kcal/day (...)"), verbatim."""
    energy = next((r for r in plan.nutrients if r.nutrient == "energy_kcal"), None) if plan else None
    parts = energy.rule.split("; ") if energy is not None else []
    return next((part.split(" -> ")[0] for part in parts if part.startswith("goal ")), "")


def page_qss() -> str:
    """Chips, segmented buttons and tiles (the page's own controls), in the current theme's colours."""
    c = COLORS
    on_accent = c.get("on_accent", "#ffffff")
    return (
        f"QPushButton[chip='true'] {{ border-radius: 13px; padding: 3px 6px; min-height: 18px;"
        f" font-weight: 500; background: {c['surface']}; border: 1px solid {c['border_strong']}; }}"
        f"QPushButton[chip='true']:checked {{ background: {c['accent_soft']}; border-color: {c['accent']};"
        f" color: {c['accent']}; font-weight: 700; }}"
        f"QPushButton[segment] {{ border-radius: 0; padding: 5px 10px; font-weight: 600;"
        f" background: {c['surface']}; color: {c['muted']}; }}"
        "QPushButton[segment='first'] { border-top-left-radius: 6px; border-bottom-left-radius: 6px; }"
        "QPushButton[segment='last'] { border-top-right-radius: 6px; border-bottom-right-radius: 6px; }"
        f"QPushButton[segment]:checked {{ background: {c['accent']}; border-color: {c['accent']};"
        f" color: {on_accent}; }}"
        f"QPushButton[tile='true'] {{ background: {c['window']}; border: 1px solid {c['border']};"
        " border-radius: 8px; padding: 0; text-align: left; min-height: 62px; }"
        f"QPushButton[tile='true']:hover {{ border-color: {c['border_strong']}; }}"
        f"QPushButton[tile='true']:checked {{ background: {c['accent_soft']}; border: 1px solid {c['accent']}; }}"
        f"QLabel[tileTitle='true'] {{ color: {c['muted']}; font-size: 8.5pt; font-weight: 600; }}"
        f"QLabel[tileValue='true'] {{ color: {c['text']}; font-size: 13pt; font-weight: 700; }}"
        f"QFrame#Card QLabel#PlanHeadline {{ background: {c['accent_soft']}; border-radius: 8px;"
        " padding: 8px 12px; font-size: 10pt; font-weight: 600; }"
        f"QDateEdit {{ background: {c['surface']}; border: 1px solid {c['border_strong']}; border-radius: 6px;"
        " padding: 5px 8px; min-height: 20px; }"
        f"QDateEdit:focus {{ border-color: {c['accent']}; }}"
        # The goal's rate box is off for maintain: it must look off (the app's sheet keeps its colours).
        f"QDoubleSpinBox:disabled {{ color: {c['faint']}; background: {c['window']}; }}"
        "QDateEdit::drop-down { border: none; width: 24px; }"
        f"QProgressBar[target='true'] {{ max-height: 6px; height: 6px; background: {c['border']}; }}"
        f"QProgressBar[target='true']::chunk {{ background: {c['accent']}; border-radius: 3px; }}"
        f"QProgressBar[short='true']::chunk {{ background: {c['warning']}; border-radius: 3px; }}"
    )


def segmented(options: dict[str, str], name: str) -> tuple[QWidget, QButtonGroup, dict[str, QPushButton]]:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(0)
    group = QButtonGroup(box)
    buttons: dict[str, QPushButton] = {}
    keys = list(options)
    for i, key in enumerate(keys):
        button = QPushButton(options[key])
        button.setCheckable(True)
        button.setProperty("segment", "first" if i == 0 else "last" if i == len(keys) - 1 else "mid")
        button.setAccessibleName(f"{name}: {options[key]}")
        group.addButton(button)
        buttons[key] = button
        row.addWidget(button)
    return box, group, buttons


class TargetsPanel(QWidget):
    """The latest plan's targets against what the fridge supplies, in the nutrition agent's words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setObjectName("PlanHeadline")
        self.caption = QLabel()
        self.caption.setProperty("faint", True)
        self.caption.setWordWrap(True)
        self.rows = QGridLayout()
        self.rows.setHorizontalSpacing(SPACING)
        self.rows.setVerticalSpacing(2)
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.rule.setProperty("faint", True)
        self.stale = QLabel()
        self.stale.setWordWrap(True)
        self.stale.setProperty("warning", True)
        self.empty = EmptyState("plan", "No plan yet", "Run a plan on the Plan page to see targets here.")
        layout.addWidget(self.headline)
        layout.addWidget(self.caption)
        layout.addLayout(self.rows)
        layout.addWidget(self.rule)
        layout.addWidget(self.stale)
        layout.addWidget(self.empty)
        self.shown: list[NutrientRow] = []

    def show_plan(self, plan: PlanView | None, profile_saved_at: datetime | None) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        self.shown = target_rows(plan) if plan is not None else []
        has_plan = plan is not None
        for widget in (self.headline, self.caption, self.rule):
            widget.setVisible(has_plan)
        self.empty.setVisible(not has_plan)
        if plan is None:
            self.stale.hide()
            return
        self.headline.setText(plan.headline or "")
        self.headline.setVisible(bool(plan.headline))
        self.caption.setText(f"What the fridge supplies of each target over the plan's {plan.days} days:")
        for i, row in enumerate(self.shown):
            name = QLabel(row.label)
            amounts = QLabel(
                f"{format_amount(row.supply, row.unit)} of {format_amount(row.target, row.unit)}"
                f" · {row.status.replace('_', ' ')}"
            )
            amounts.setProperty("faint", True)
            amounts.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            bar = QProgressBar()
            bar.setProperty("target", True)
            bar.setProperty("short", row.status == "short" or row.status == "over_limit")
            bar.setRange(0, 100)
            bar.setValue(int(max(0.0, min(100.0, row.percent_of_target))))
            bar.setTextVisible(False)
            bar.setAccessibleName(f"{row.label}: {row.percent_of_target:.0f} % of the target from the fridge")
            bar.setToolTip(row.rule)
            self.rows.addWidget(name, 2 * i, 0)
            self.rows.addWidget(amounts, 2 * i, 1)
            self.rows.addWidget(bar, 2 * i + 1, 0, 1, 2)
        energy = next((r for r in plan.nutrients if r.nutrient == "energy_kcal"), None)
        made = f"{plan.days}-day plan of {plan.created_at:%d %b %H:%M}" if plan.created_at else "Plan"
        self.rule.setText(f"{made}. Energy: {energy.rule}" if energy is not None else made)
        newer = profile_saved_at is not None and (
            plan.created_at is None or plan.created_at < profile_saved_at
        )
        self.stale.setText(
            "Your profile changed after this plan; run a new plan on the Plan page to use it."
            if newer
            else ""
        )
        self.stale.setVisible(newer)


class HealthPage(Page):
    def __init__(self, larder: Larder, runner: TaskRunner) -> None:
        super().__init__(
            larder,
            runner,
            title="Health",
            subtitle="Your activity, sleep and body over time, and the profile your targets come from.",
            action="Import export",
            action_icon="upload",
            scrolling=True,
        )
        assert self.header.primary is not None
        self.header.primary.clicked.connect(self._on_import_clicked)
        self.header.primary.setToolTip("Import a wearable export (Ctrl+I)")
        self._profile_saved_at: datetime | None = None
        self.save_ms: float | None = None  # how long the last Save took (it runs on the UI thread)
        self.units = larder.units()
        self.setStyleSheet(page_qss())
        notifier().changed.connect(self._on_theme_changed)

        grid = QGridLayout()
        grid.setSpacing(2 * SPACING)

        # --- measures over time
        chart_card = Card("Over time")
        range_box, self.range_group, self.range_buttons = segmented(RANGE_LABELS, "Range")
        for key, button in self.range_buttons.items():
            button.clicked.connect(partial(self.set_range, key))
        chart_card.header.addWidget(range_box)
        self.tiles = MetricTiles()
        self.tiles.metric_chosen.connect(self.set_metric)
        self.chart = ActivityChart()
        self.chart_empty = EmptyState(
            "health", "No days yet", "Drop a wearable export below to see your energy, steps, sleep and more."
        )
        self.chart_caption = QLabel()
        self.chart_caption.setProperty("faint", True)
        self.chart_caption.setWordWrap(True)
        chart_card.body.addWidget(self.tiles)
        chart_card.body.addWidget(self.chart, 1)
        chart_card.body.addWidget(self.chart_empty)
        chart_card.body.addWidget(self.chart_caption)
        grid.addWidget(chart_card, 0, 0)

        # --- profile
        profile_card = Card("Profile")
        units_box, self.units_group, self.units_buttons = segmented(
            {"metric": "kg · cm", "us": "lb · ft"}, "Units"
        )
        for key, button in self.units_buttons.items():
            button.setToolTip(UNIT_SYSTEMS[key])
            button.clicked.connect(partial(self.set_units, key))
        profile_card.header.addWidget(units_box)
        names = [i.name for i in larder.ingredients("")]
        self.profile_form = ProfileForm(Larder.profile_choices(), names)
        self.profile_form.edited.connect(self._on_profile_edited)
        self.save_button = QPushButton("Save profile")
        self.save_button.setProperty("primary", True)
        self.save_button.setToolTip("Save the profile (Ctrl+S)")
        self.save_button.setAccessibleName("Save profile")
        self.save_button.clicked.connect(self.save_profile)
        self.revert_button = QPushButton("Revert")
        self.revert_button.setToolTip("Show the stored profile again, dropping your edits")
        self.revert_button.clicked.connect(self._on_revert)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        profile_card.body.addWidget(self.profile_form)
        profile_card.body.addLayout(buttons)
        self.toast = Toast()
        profile_card.body.addWidget(self.toast)
        profile_card.body.addStretch(1)
        profile_card.setMinimumWidth(330)
        grid.addWidget(profile_card, 0, 1, 2, 1)

        # --- import and targets, side by side under the chart
        self.lower_row = lower = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        lower.setSpacing(2 * SPACING)
        import_card = Card("Wearable export")
        self.drop_zone = DropZone(
            "upload",
            "Drop an export here",
            "Apple Health, Fitbit, Garmin, Google Fit, Samsung Health, WHOOP or Withings; a zip or a folder.",
            EXPORT_SUFFIXES,
            accept_folders=True,
        )
        self.drop_zone.setMinimumHeight(150)
        choose = QPushButton("Choose file…")
        choose.setIcon(icons.icon("folder", COLORS["text"]))
        choose.setToolTip("Choose an export file (Ctrl+I)")
        choose.clicked.connect(self._on_import_clicked)
        self.drop_zone.add_button(choose)
        self.drop_zone.files_dropped.connect(self._on_files_dropped)
        self.progress = TaskProgress()
        self.import_summary = QLabel()
        self.import_summary.setWordWrap(True)
        self.import_summary.setProperty("muted", True)
        import_card.body.addWidget(self.drop_zone, 1)
        import_card.body.addWidget(self.progress)
        import_card.body.addWidget(self.import_summary)
        targets_card = Card("Targets against your fridge")
        self.targets = TargetsPanel()
        targets_card.body.addWidget(self.targets)
        targets_card.body.addStretch(1)
        lower.addWidget(import_card, 1)
        lower.addWidget(targets_card, 1)
        grid.addLayout(lower, 1, 0)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        self.body.addLayout(grid)
        self.body.addStretch(1)

        for text, keys, slot in (
            ("Save profile", QKeySequence.StandardKey.Save, self.save_profile),
            ("Import export", "Ctrl+I", self._on_import_clicked),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

        self.range_buttons[DEFAULT_RANGE].setChecked(True)
        self.chart.range_key = DEFAULT_RANGE
        self.units_buttons[self.units].setChecked(True)
        self.chart.units = self.units
        self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Side by side the import and targets cards need ~1,100 px; below that they stack.
        wide = event.size().width() >= STACK_BELOW
        self.lower_row.setDirection(
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        )
        super().resizeEvent(event)

    # --- reading ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.apply(self.load())

    def load(self) -> _HealthRead:
        """Everything the page shows, read in one go (a worker may call this: no widget is touched)."""
        return _HealthRead(
            units=self.larder.units(),  # Settings may have changed them
            last_import=self.larder.latest_import(),
            profile=self.larder.profile(),
            days=self.larder.health_days(ALL_DAYS),
            last_day=self.larder.health_days(1),
            plan=self.larder.latest_plan(),
        )

    def apply(self, loaded: object) -> None:
        if not isinstance(loaded, _HealthRead):
            raise TypeError(f"not a health read: {loaded!r}")
        units = loaded.units
        if units != self.units:
            self.units = units
            self.units_buttons[units].setChecked(True)
            self.profile_form.set_units(units)
            self.chart.units = units
        last = loaded.last_import
        self.import_summary.setText(
            f"Last import: {describe_import(last)}." if last is not None else "Nothing imported yet."
        )
        if not (
            self.profile_form.loaded and self.profile_form.is_dirty()
        ):  # another page's write must not wipe edits not yet saved
            self.profile_form.set_profile(loaded.profile, self.units)
        self._on_profile_edited()
        self.chart.set_days(loaded.days)
        self._show_span(loaded.last_day)
        self._show_plan(loaded.plan)

    def _show_plan(self, read: object = _UNREAD) -> None:
        """`read`: the plan `load` read (None: there is none); by default read it here."""
        plan = read if isinstance(read, PlanView) else self.larder.latest_plan() if read is _UNREAD else None
        self.targets.show_plan(plan, self._profile_saved_at)
        rule = goal_rule(plan)
        # The arithmetic in brackets goes to the tooltip: the note stays one line at 1024 px.
        short = re.sub(r" \([^()]*\)$", "", rule)
        self.profile_form.set_goal_note(f"Last plan: {short}." if rule else "", rule)

    def _show_span(self, last_day: tuple[DayPoint, ...] | None = None) -> None:
        span = self.chart.span_days()
        has_days = bool(span)
        self.chart.setVisible(has_days)
        self.tiles.setVisible(has_days)
        self.chart_empty.setVisible(not has_days)
        self.tiles.update_from(span, self.units)
        if not has_days:
            self.chart_caption.setText("")
            return
        metric = self.chart.measure
        partial_note = ""
        days = self.chart.span_days()
        stored = self.larder.health_days(1) if last_day is None else last_day
        if stored and stored[-1].is_partial:
            partial_note = " The last day is still partial and is left out."
        shown = len(self.chart.plotted)
        what = (
            f"{metric.label.lower()} on {shown} of them"
            if shown < len(days)
            else f"{metric.label.lower()} on each"
        )
        if shown == 0:
            what = f"no {metric.label.lower()} in them"
        start = "%d %b" if days[0].day.year == days[-1].day.year else "%d %b %Y"
        self.chart_caption.setText(
            f"{len(days)} complete days from {days[0].day:{start}} to {days[-1].day:%d %b %Y}, {what}"
            f" ({metric_unit(metric, self.units)}); sources merged without double counting.{partial_note}"
        )

    @Slot(str)
    def _on_theme_changed(self, _theme: str) -> None:
        self.setStyleSheet(page_qss())  # COLORS now holds the new theme's colours
        self.chart.set_days(self.larder.health_days(ALL_DAYS))

    # --- chart controls -----------------------------------------------------------------------------

    @Slot(str)
    def set_metric(self, key: str) -> None:
        self.tiles.select(key)
        self.chart.set_metric(key)
        self._show_span()

    def set_range(self, key: str) -> None:
        if key not in RANGES:
            raise ValueError(key)
        self.range_buttons[key].setChecked(True)
        self.chart.set_range(key)
        self._show_span()

    def set_units(self, units: str) -> None:
        """Metric or US, stored as the user's choice (Larder.set_units) and shown at once."""
        self.units = self.larder.set_units(units)
        self.units_buttons[self.units].setChecked(True)
        self.profile_form.set_units(self.units)
        self.chart.set_units(self.units)
        self._show_span()
        self.data_changed.emit()  # other pages show body measures in these units too

    # --- profile ------------------------------------------------------------------------------------

    @Slot()
    def _on_profile_edited(self) -> None:
        dirty = self.profile_form.is_dirty()
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    @Slot()
    def _on_revert(self) -> None:
        self.profile_form.set_profile(self.larder.profile(), self.units)
        self._on_profile_edited()

    @Slot()
    def save_profile(self) -> bool:
        """Check the form, then write every change in one transaction (a few ms: done right here)."""
        try:
            changes = self.profile_form.changes()
        except FormError as exc:
            self.profile_form.show_problem(str(exc))
            self.banner.show_message(
                "The profile was not saved: " + " ".join(str(exc).splitlines()), "warning"
            )
            return False
        if changes.is_empty():
            return True
        started = time.perf_counter()
        try:
            stored = self.larder.update_profile(changes)
        except UserError as exc:
            message = CLI_HINT.sub("", str(exc))  # "(see `larder ingredients x`)" is advice for a terminal
            self.profile_form.show_problem(message[:1].upper() + message[1:] + "; nothing was saved.")
            self.banner.show_message(f"The profile was not saved: {message}.", "warning")
            return False
        self.save_ms = (time.perf_counter() - started) * 1000
        self._profile_saved_at = datetime.now(UTC)
        self.banner.hide()
        self.profile_form.set_profile(stored, self.units)
        self._on_profile_edited()
        self._show_plan()
        self.toast.show_message("Profile saved. The next plan uses it.", undo=False)
        self.data_changed.emit()
        return True

    # --- import -------------------------------------------------------------------------------------

    @Slot()
    def _on_import_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Import a wearable export",
            str(Path.home()),
            "Exports (*.zip *.xml *.json *.csv *.fit *.tcx *.gpx);;All files (*)",
        )
        if path:
            self.start_import(Path(path))

    @Slot(list)
    def _on_files_dropped(self, files: list[str]) -> None:
        self.start_import(Path(files[0]))

    def start_import(self, path: Path) -> None:
        if self.progress.task is not None:
            self.banner.show_message("An import is already running; wait for it or cancel it first.", "info")
            return
        work = partial(self.larder.import_wearable, path)
        task = self.runner.prepare(f"Import {path.name}", work, pool="io")
        task.signals.succeeded.connect(self._on_import_succeeded)
        task.signals.failed.connect(self.report_failure)
        task.signals.cancelled.connect(self._on_import_cancelled)
        self.progress.track(task, f"Importing {path.name}…")
        self.runner.start(task)
        self.banner.hide()

    @Slot(object)
    def _on_import_succeeded(self, _summary: object) -> None:
        # The page reads what was stored in a worker (a big export's days take ~50 ms to read and
        # would stall the window here); the banner follows once the summary line describes it.
        reload = self.runner.query("reload Health after the import", partial(_read_page, self))
        reload.signals.succeeded.connect(self._on_import_reloaded)
        reload.signals.failed.connect(self._on_import_reloaded)
        self.runner.start(reload)
        self.data_changed.emit()

    @Slot(object)
    def _on_import_reloaded(self, loaded: object) -> None:
        if isinstance(loaded, _HealthRead):
            self.apply(loaded)
        else:  # the read failed: read here, where a failure reaches the error presenter as before
            self.refresh()
        self.banner.show_message("Import finished. " + self.import_summary.text(), "success")

    @Slot()
    def _on_import_cancelled(self) -> None:
        self.banner.show_message("Import cancelled; nothing was written.", "info")


def _read_page(page: HealthPage, *, on_progress: ProgressFn, cancel: CancelToken) -> _HealthRead:
    return page.load()


__all__ = ["BY_KEY", "HealthPage", "describe_import", "target_rows"]
