"""Inventory: what Larder believes is in the fridge, sortable and filterable, expiring items flagged."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
)

from agents.app import EXPIRY_AMBER_DAYS, EXPIRY_RED_DAYS, Larder, count_expiring
from desktop import icons
from desktop.models.inventory_model import Column, InventoryFilterProxy, InventoryTableModel
from desktop.pages.base import Page
from desktop.tasks import TaskRunner
from desktop.theme import COLORS, SPACING
from desktop.widgets.empty_state import EmptyState


class InventoryPage(Page):
    scan_requested = Signal()

    def __init__(self, larder: Larder, runner: TaskRunner) -> None:
        super().__init__(
            larder,
            runner,
            title="Inventory",
            subtitle="Everything Larder believes is in your fridge; what expires first is marked.",
            action="Scan fridge",
            action_icon="photo",
        )
        assert self.header.primary is not None
        self.header.primary.clicked.connect(self.scan_requested)
        controls = QHBoxLayout()
        controls.setSpacing(SPACING)
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Filter by name, category or source")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.addAction(
            icons.icon("search", COLORS["faint"]), QLineEdit.ActionPosition.LeadingPosition
        )
        self.filter_box.setMinimumWidth(300)  # the placeholder says what it searches; keep it unelided
        self.filter_box.setMaximumWidth(420)
        self.category_box = QComboBox()
        self.category_box.setMinimumWidth(160)
        self.summary = QLabel()
        self.summary.setProperty("muted", True)
        controls.addWidget(self.filter_box, 1)
        controls.addWidget(self.category_box)
        controls.addStretch(1)
        controls.addWidget(self.summary)
        self.body.addLayout(controls)

        self.model = InventoryTableModel(parent=self)
        self.proxy = InventoryFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.EXPIRES, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(36)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.INGREDIENT, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (Column.QUANTITY, 110),
            (Column.ADDED, 130),
            (Column.EXPIRES, 130),
            (Column.SOURCE, 110),
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.empty = EmptyState(
            "inventory",
            "The fridge is empty, as far as Larder knows",
            "Scan a photo on the Fridge page, or add items with `larder inventory add`.",
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.body.addWidget(self.stack, 1)
        legend = QLabel(
            f"<span style='color:{COLORS['danger']}'>■</span> expires within {EXPIRY_RED_DAYS} days  "
            f"<span style='color:{COLORS['warning']}'>■</span> within {EXPIRY_AMBER_DAYS} days"
        )
        legend.setProperty("faint", True)
        self.body.addWidget(legend)
        self.filter_box.textChanged.connect(self._on_filter_changed)
        self.category_box.currentIndexChanged.connect(self._on_category_changed)
        self.expiring_count = 0
        self.refresh()

    def refresh(self) -> None:
        rows = self.larder.inventory()
        self.model.set_rows(rows)
        current = self.category_box.currentData()
        self.category_box.blockSignals(True)
        self.category_box.clear()
        self.category_box.addItem("All categories", "")
        for category in sorted({r.category for r in rows if r.category}):
            self.category_box.addItem(category.replace("_", " ").capitalize(), category)
        index = self.category_box.findData(current) if current else 0
        self.category_box.setCurrentIndex(max(0, index))
        self.category_box.blockSignals(False)
        self.stack.setCurrentIndex(0 if rows else 1)
        soon = count_expiring(rows)
        self.summary.setText(
            f"{len(rows)} items · {soon} expire within {EXPIRY_RED_DAYS} days" if rows else ""
        )
        self.expiring_count = soon

    @Slot(str)
    def _on_filter_changed(self, text: str) -> None:
        self.proxy.set_text(text)

    @Slot(int)
    def _on_category_changed(self, _index: int) -> None:
        self.proxy.set_category(self.category_box.currentData() or "")
