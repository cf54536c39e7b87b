"""Plan: run the nutrition agent; targets vs supply per nutrient; recommendations with their reasons."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout

from desktop.bootstrap import Services
from desktop.models.inventory_model import format_quantity
from desktop.pages.base import Page
from desktop.pages.fridge_page import ago
from desktop.queries import NutrientRow, RecommendationRow, latest_plan, plan_rows_from_public
from desktop.services import is_available, run_plan
from desktop.tasks import TaskRunner
from desktop.theme import COLORS, SPACING
from desktop.widgets.card import Card
from desktop.widgets.empty_state import EmptyState
from desktop.widgets.nutrient_bars import NutrientBars
from desktop.widgets.task_progress import TaskProgress

PLAN_DAYS = 7


def _amount(quantity: float, unit: str) -> str:
    if unit == "g" and quantity >= 1000:
        return f"{quantity / 1000:g} kg"
    if unit == "ml" and quantity >= 1000:
        return f"{quantity / 1000:g} l"
    return format_quantity(quantity, unit)


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
        title = QLabel(
            f"<b>{rec.name}</b> &nbsp;<span style='color:{COLORS['muted']}'>{_amount(rec.quantity, rec.unit)}</span>"
        )
        reason = QLabel(rec.reason)
        reason.setWordWrap(True)
        reason.setProperty("muted", True)
        text.addWidget(title)
        text.addWidget(reason)
        layout.addWidget(number)
        layout.addLayout(text, 1)


class PlanPage(Page):
    def __init__(self, services: Services, runner: TaskRunner) -> None:
        super().__init__(
            services,
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
        self.body.addWidget(self.recs_card)
        self.body.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        plan = latest_plan(self.services.db)
        if plan is None:
            self.show_rows([], [])
            if not is_available("plan"):
                self.empty.set_message(
                    "No plan yet",
                    "The nutrition plan is not available in this build yet; targets will appear here when it is.",
                )
            return
        self.show_rows(plan.nutrients, plan.recommendations, f"computed {ago(plan.created_at)}")

    def show_rows(
        self, nutrients: Sequence[NutrientRow], recs: Sequence[RecommendationRow], meta: str = ""
    ) -> None:
        has_plan = bool(nutrients or recs)
        self.empty.setVisible(not has_plan)
        self.bars_card.setVisible(bool(nutrients))
        self.recs_card.setVisible(has_plan)
        self.bars.set_rows(nutrients)
        self.plan_meta.setText(meta)
        while self.recs_box.count():
            item = self.recs_box.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        if not recs:
            none = QLabel("Nothing to buy: the fridge covers every target." if nutrients else "")
            none.setProperty("muted", True)
            self.recs_box.addWidget(none)
        for rank, rec in enumerate(recs, start=1):
            self.recs_box.addWidget(RecommendationRowWidget(rank, rec))

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
        services = self.services
        work = partial(run_plan, services, days=PLAN_DAYS)
        task = self.runner.prepare("Nutrition plan", work, pool="io")
        task.signals.succeeded.connect(self._on_plan_succeeded)
        task.signals.failed.connect(self.report_failure)
        # The nutrition agent takes no cancel flag; a Cancel button that cannot stop it would mislead.
        self.progress.track(task, "Computing targets, supply and recommendations…", cancellable=False)
        self.runner.start(task)
        self.banner.hide()

    @Slot(object)
    def _on_plan_succeeded(self, result: object) -> None:
        nutrients, recs = plan_rows_from_public(result)
        if nutrients or recs:
            self.show_rows(nutrients, recs, "computed just now")
        else:
            self.refresh()
        self.data_changed.emit()
