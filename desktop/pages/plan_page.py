"""Plan: run the nutrition agent; targets vs supply per nutrient; recommendations with their reasons."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout

from agents.app import Larder, NutritionResult, PlanView, RecommendationRow
from desktop.pages.base import Page
from desktop.pages.fridge_page import ago
from desktop.tasks import TaskRunner
from desktop.theme import COLORS, SPACING
from desktop.widgets.card import Card
from desktop.widgets.empty_state import EmptyState
from desktop.widgets.nutrient_bars import NutrientBars
from desktop.widgets.task_progress import TaskProgress

PLAN_DAYS = 7


def _amount(rec: RecommendationRow) -> str:
    """What to buy as a shopper reads it, from the agent's own packages: "12 x container (170 g), 2.0 kg"."""
    weight = f"{rec.grams / 1000:.1f} kg" if rec.grams >= 1000 else f"{rec.grams:.0f} g"
    if rec.packages:
        return f"{rec.packages} x {(rec.package_desc or 'package').removeprefix('1 ')}, {weight}"
    return weight


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


class PlanPage(Page):
    def __init__(self, larder: Larder, runner: TaskRunner) -> None:
        super().__init__(
            larder,
            runner,
            title="Plan",
            subtitle=f"Your targets for the next {PLAN_DAYS} days against what the fridge supplies, and what closes the gap.",
            action="Run plan",
            action_icon="play",
            scrolling=True,
        )
        assert self.header.primary is not None
        self.header.primary.clicked.connect(self.start_plan)
        self.progress = TaskProgress()
        self.body.addWidget(self.progress)
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
        self.refresh()

    def refresh(self) -> None:
        plan = self.larder.latest_plan()
        meta = f"computed {ago(plan.created_at)}" if plan is not None and plan.created_at else ""
        self.show_plan(plan, meta)

    def show_plan(self, plan: PlanView | None, meta: str = "") -> None:
        """Everything shown is the nutrition agent's: its rows, its recommendations with their reasons,
        its one-line conclusion and its notes; the page adds no verdict of its own."""
        self.plan = plan
        has_plan = plan is not None and bool(plan.nutrients or plan.recommendations)
        self.empty.setVisible(not has_plan)
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

    @Slot()
    def start_plan(self) -> None:
        if self.progress.task is not None:
            return
        # save: the stored plan is what this page shows on the next start.
        work = partial(self.larder.plan_nutrition, days=PLAN_DAYS, save=True)
        task = self.runner.prepare("Nutrition plan", work, pool="io")
        task.signals.succeeded.connect(self._on_plan_succeeded)
        task.signals.failed.connect(self.report_failure)
        # The nutrition agent checks the token only before it starts; a Cancel that cannot stop it would mislead.
        self.progress.track(task, "Computing targets, supply and recommendations…", cancellable=False)
        self.runner.start(task)
        self.banner.hide()

    @Slot(object)
    def _on_plan_succeeded(self, result: object) -> None:
        if isinstance(result, NutritionResult):
            self.show_plan(self.larder.plan_view(result), "computed just now")
        else:
            self.refresh()
        self.data_changed.emit()
