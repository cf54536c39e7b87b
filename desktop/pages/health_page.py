"""Health: import a wearable export (progress, Cancel), the profile, and daily energy and steps."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFileDialog, QFormLayout, QGridLayout, QLabel, QPushButton

from agents.app import WEARABLE_FORMATS, ImportView, Larder, ProfileView
from desktop import icons
from desktop.pages.base import Page
from desktop.tasks import TaskRunner
from desktop.theme import COLORS, SPACING
from desktop.widgets.activity_chart import ActivityChart
from desktop.widgets.card import Card
from desktop.widgets.drop_zone import DropZone
from desktop.widgets.empty_state import EmptyState
from desktop.widgets.task_progress import TaskProgress

EXPORT_SUFFIXES = (".zip", ".xml", ".json", ".csv", ".fit", ".tcx", ".gpx")


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def describe_import(view: ImportView) -> str:
    name = WEARABLE_FORMATS.get(view.format, view.format.replace("_", " ").title())
    span = (
        f"{view.first_day:%d %b %Y} to {view.last_day:%d %b %Y}"
        if view.first_day and view.last_day
        else "no days"
    )
    sources = f"{len(view.sources)} source{'s' if len(view.sources) != 1 else ''}"
    return f"{name}, {span}, {view.days} days, {view.records:,} records, {sources}"


def profile_fields(profile: ProfileView, today: date) -> list[tuple[str, str]]:
    def text(value: object, suffix: str = "") -> str:
        return f"{value}{suffix}" if value not in (None, "") else "—"

    age = (
        f"{profile.birth_date:%d %b %Y} (age {age_on(profile.birth_date, today)})"
        if profile.birth_date
        else "—"
    )
    return [
        ("Sex", text(profile.sex and profile.sex.capitalize())),
        ("Born", age),
        ("Height", text(profile.height_cm and f"{profile.height_cm:g}", " cm")),
        ("Weight", text(profile.weight_kg and f"{profile.weight_kg:.1f}", " kg")),
        ("Goal", text(profile.goal and profile.goal.capitalize())),
        ("Activity", text(profile.activity_level and profile.activity_level.replace("_", " "))),
        ("Diet", text(profile.diet and profile.diet.capitalize())),
        ("Allergies", ", ".join(profile.allergies) or "none"),
        ("Dislikes", ", ".join(profile.dislikes) or "none"),
    ]


class HealthPage(Page):
    def __init__(self, larder: Larder, runner: TaskRunner) -> None:
        super().__init__(
            larder,
            runner,
            title="Health",
            subtitle="Import a wearable export; Larder turns it into daily energy burned and activity for your targets.",
            action="Import export",
            action_icon="upload",
            scrolling=True,
        )
        assert self.header.primary is not None
        self.header.primary.clicked.connect(self._on_import_clicked)
        grid = QGridLayout()
        grid.setSpacing(2 * SPACING)
        import_card = Card("Wearable export")
        self.drop_zone = DropZone(
            "upload",
            "Drop an export here",
            "Apple Health (export.zip or .xml), Fitbit, Garmin, Google Fit (Takeout) or Samsung Health; a zip or a folder.",
            EXPORT_SUFFIXES,
            accept_folders=True,
        )
        self.drop_zone.setMinimumHeight(170)
        choose = QPushButton("Choose file…")
        choose.setIcon(icons.icon("folder", COLORS["text"]))
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
        grid.addWidget(import_card, 0, 0)

        profile_card = Card("Profile")
        self.profile_form = QFormLayout()
        self.profile_form.setHorizontalSpacing(2 * SPACING)
        self.profile_form.setVerticalSpacing(SPACING - 2)
        self.profile_form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        profile_card.body.addLayout(self.profile_form)
        self.profile_note = QLabel(
            "Edit with `larder profile --weight-kg 80 --goal gain ...`; values you type beat imported ones."
        )
        self.profile_note.setProperty("faint", True)
        self.profile_note.setWordWrap(True)
        profile_card.body.addStretch(1)
        profile_card.body.addWidget(self.profile_note)
        profile_card.setMinimumWidth(300)
        grid.addWidget(profile_card, 0, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        self.body.addLayout(grid)

        chart_card = Card("Energy burned and steps per day")
        self.chart = ActivityChart()
        self.chart_empty = EmptyState(
            "health", "No days yet", "Import an export to see energy burned and steps per day."
        )
        self.chart_caption = QLabel()
        self.chart_caption.setProperty("faint", True)
        chart_card.body.addWidget(self.chart, 1)
        chart_card.body.addWidget(self.chart_empty)
        chart_card.body.addWidget(self.chart_caption)
        chart_card.setMinimumHeight(330)
        self.body.addWidget(chart_card, 1)
        self.refresh()

    def refresh(self) -> None:
        last = self.larder.latest_import()
        if last is not None:
            self.import_summary.setText(f"Last import: {describe_import(last)}.")
        else:
            self.import_summary.setText("Nothing imported yet.")
        while self.profile_form.rowCount():
            self.profile_form.removeRow(0)
        # The person's own calendar: at 23:00 in New York the UTC date is already their birthday.
        for label, value in profile_fields(self.larder.profile(), date.today()):
            name = QLabel(label)
            name.setProperty("muted", True)
            val = QLabel(value)
            val.setWordWrap(True)
            self.profile_form.addRow(name, val)
        days = self.larder.health_days()
        self.chart.set_days(days)
        has_days = self.chart.point_count > 0
        self.chart.setVisible(has_days)
        self.chart_empty.setVisible(not has_days)
        if has_days:
            complete = [d.day for d in days if not d.is_partial]  # what the chart plots
            partial = " The last day is still partial and is left out." if days[-1].is_partial else ""
            self.chart_caption.setText(
                f"{self.chart.point_count} complete days from {complete[0]:%d %b} to {complete[-1]:%d %b %Y}; "
                f"sources merged without double counting.{partial}"
            )
        else:
            self.chart_caption.setText("")

    @Slot()
    def _on_import_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Import a wearable export",
            str(Path.home()),
            "Exports (*.zip *.xml *.json *.csv);;All files (*)",
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
        self.refresh()  # the summary line now describes the import just stored
        self.banner.show_message("Import finished. " + self.import_summary.text(), "success")
        self.data_changed.emit()

    @Slot()
    def _on_import_cancelled(self) -> None:
        self.banner.show_message("Import cancelled; nothing was written.", "info")
