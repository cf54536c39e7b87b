"""Cart & Orders: draft carts and order history (status chips), one order's lines with reasons, exports."""

from __future__ import annotations

from functools import partial
from html import escape
from pathlib import Path

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
)

from agents.app import CancelToken, Cart, ExportResult, Larder, OrderRow, ProgressFn
from desktop import icons
from desktop.models.orders_model import (
    PROVIDER_LABELS,
    LineColumn,
    OrderColumn,
    OrderLinesTableModel,
    OrdersTableModel,
    money,
)
from desktop.pages.base import Page
from desktop.tasks import Task, TaskRunner
from desktop.theme import COLORS, SPACING
from desktop.widgets.card import Card
from desktop.widgets.empty_state import EmptyState
from desktop.widgets.status_chip import StatusChipDelegate
from desktop.widgets.task_progress import TaskProgress

EXPORT_FORMATS = (("csv", "CSV"), ("md", "Markdown"), ("txt", "Text"), ("json", "JSON"), ("pdf", "PDF"))


def _table() -> QTableView:
    table = QTableView()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setShowGrid(False)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(36)
    table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    table.setWordWrap(False)
    return table


class OrdersPage(Page):
    def __init__(self, larder: Larder, runner: TaskRunner) -> None:
        super().__init__(
            larder,
            runner,
            title="Cart & Orders",
            subtitle="Draft carts built from your plan, and every order you have exported or sent to a store.",
            action="Build cart",
            action_icon="cart",
        )
        assert self.header.primary is not None
        self.header.primary.clicked.connect(self.start_cart)
        self.progress = TaskProgress()
        self.body.addWidget(self.progress)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        history = Card("Orders")
        self.orders_model = OrdersTableModel(parent=self)
        self.orders_table = _table()
        self.orders_table.setModel(self.orders_model)
        self.orders_table.setItemDelegateForColumn(OrderColumn.STATUS, StatusChipDelegate(self.orders_table))
        header = self.orders_table.horizontalHeader()
        # The number, date and total must never be elided; the status chip takes what is left.
        for column in (OrderColumn.ORDER, OrderColumn.ITEMS, OrderColumn.TOTAL):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OrderColumn.STATUS, QHeaderView.ResizeMode.Stretch)
        self.orders_table.setColumnHidden(OrderColumn.PROVIDER, True)
        self.orders_table.setColumnHidden(OrderColumn.UPDATED, True)
        self.orders_table.selectionModel().selectionChanged.connect(self._on_order_selected)
        self.orders_empty = EmptyState(
            "receipt", "No orders yet", "Run a plan, then build a cart from its recommendations."
        )
        history.body.addWidget(self.orders_table, 1)
        history.body.addWidget(self.orders_empty, 1)
        history.setMinimumWidth(320)
        splitter.addWidget(history)

        self.detail = Card("Order")
        self.detail_meta = QLabel()
        self.detail_meta.setProperty("muted", True)
        self.detail.header.addWidget(self.detail_meta)
        budget_row = QHBoxLayout()
        budget_row.setSpacing(SPACING)
        self.budget_label = QLabel()
        self.budget_bar = QProgressBar()
        self.budget_bar.setRange(0, 1000)
        self.budget_bar.setTextVisible(False)
        budget_row.addWidget(self.budget_label)
        budget_row.addWidget(self.budget_bar, 1)
        self.detail.body.addLayout(budget_row)
        self.lines_model = OrderLinesTableModel(parent=self)
        self.lines_table = _table()
        self.lines_table.setModel(self.lines_model)
        # A reason runs to a few hundred characters: elided in a column it said nothing, so the
        # selected line's reason is shown in full below the table, and product names wrap.
        self.lines_table.setColumnHidden(LineColumn.REASON, True)
        self.lines_table.setWordWrap(True)
        self.lines_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        lines_header = self.lines_table.horizontalHeader()
        lines_header.setSectionResizeMode(LineColumn.PRODUCT, QHeaderView.ResizeMode.Stretch)
        for line_column in (LineColumn.PACKAGE, LineColumn.QUANTITY, LineColumn.UNIT_PRICE, LineColumn.TOTAL):
            lines_header.setSectionResizeMode(line_column, QHeaderView.ResizeMode.ResizeToContents)
        self.lines_table.selectionModel().currentRowChanged.connect(self._on_line_selected)
        self.detail.body.addWidget(self.lines_table, 1)
        self.reason = QLabel()
        self.reason.setObjectName("LineReason")
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.body.addWidget(self.reason)
        self.footnote = QLabel("* indicative price from the offline catalogue, not a store quote")
        self.footnote.setProperty("faint", True)
        self.footnote.setWordWrap(True)
        exports = QHBoxLayout()
        exports.setSpacing(SPACING)
        self.export_button = QPushButton("Export")
        self.export_button.setIcon(icons.icon("download", COLORS["text"], size=16))
        menu = QMenu(self.export_button)
        self.export_actions: dict[str, QAction] = {}
        for fmt, name in EXPORT_FORMATS:
            action = menu.addAction(name)
            action.setData(fmt)
            self.export_actions[fmt] = action
        menu.triggered.connect(self._on_export_triggered)
        self.export_button.setMenu(menu)
        exports.addWidget(self.footnote, 1)
        exports.addWidget(self.export_button)
        self.detail.body.addLayout(exports)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([400, 640])
        self.body.addWidget(splitter, 1)
        self.current: OrderRow | None = None
        self.refresh()

    # --- showing orders ----------------------------------------------------------------------------

    def refresh(self) -> None:
        selected = self.current.id if self.current else None
        orders = self.larder.order_rows()
        self.orders_model.set_rows(orders)
        self.orders_table.setVisible(bool(orders))
        self.orders_empty.setVisible(not orders)
        row = next((i for i, o in enumerate(orders) if o.id == selected), 0)
        if orders:
            self.orders_table.selectRow(row)
        else:
            self.show_order(None)
        self.export_button.setToolTip("Save this order as CSV, Markdown, text, JSON or PDF")

    def select_order(self, order_id: int) -> bool:
        """Show one order (the Plan page opens the cart a run built); False if it is not listed."""
        self.refresh()
        index = next((i for i, o in enumerate(self.orders_model.rows) if o.id == order_id), None)
        if index is not None:
            self.orders_table.selectRow(index)
        return index is not None

    @property
    def draft_line_count(self) -> int:
        return sum(o.line_count for o in self.orders_model.rows if o.status == "draft")

    @Slot(QItemSelection, QItemSelection)
    def _on_order_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.orders_table.selectionModel().selectedRows()
        self.show_order(self.orders_model.row_at(rows[0].row()) if rows else None)

    def show_order(self, order: OrderRow | None) -> None:
        self.current = order
        self.detail.setEnabled(order is not None)
        if order is None:
            self.lines_model.set_rows([])
            self.reason.hide()
            assert self.detail.title_label is not None
            self.detail.title_label.setText("Order")
            self.detail_meta.setText("")
            self.budget_label.setText("")
            self.budget_bar.hide()
            return
        lines = self.larder.order(order.id).lines
        self.lines_model.set_rows(lines, order.currency)
        if lines:
            self.lines_table.selectRow(0)
        assert self.detail.title_label is not None
        self.detail.title_label.setText(f"Order #{order.id}")
        provider = PROVIDER_LABELS.get(order.provider, order.provider)
        self.detail_meta.setText(
            f"{order.status.capitalize()} · {provider} · {order.created_at.astimezone():%d %b %Y, %H:%M}"
        )
        self.footnote.setVisible(any(line.indicative for line in lines))
        if order.budget:
            share = order.total / order.budget
            self.budget_label.setText(
                f"{money(order.total, order.currency)} of {money(order.budget, order.currency)} budget"
            )
            self.budget_bar.setValue(int(min(1.0, share) * 1000))
            self.budget_bar.show()
        else:
            self.budget_label.setText(f"Total {money(order.total, order.currency)} · no budget set")
            self.budget_bar.hide()

    @Slot(QModelIndex, QModelIndex)
    def _on_line_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        line = self.lines_model.row_at(current.row()) if current.isValid() else None
        self.reason.setVisible(line is not None and bool(line.reason))
        if line is not None and line.reason:
            self.reason.setText(f"<b>Why {escape(line.product)}:</b> {escape(line.reason)}")

    # --- actions -----------------------------------------------------------------------------------

    @Slot()
    def start_cart(self) -> None:
        if self.progress.task is not None:
            return
        work = partial(self.larder.build_cart)
        task = self.runner.prepare("Build cart", work, pool="io")
        task.signals.succeeded.connect(self._on_cart_built)
        task.signals.failed.connect(self.report_failure)
        task.signals.cancelled.connect(self._on_cart_cancelled)
        self.progress.track(task, "Pricing the recommendations…")
        self.runner.start(task)
        self.banner.hide()

    @Slot(object)
    def _on_cart_built(self, cart: object) -> None:
        self.current = None
        self.refresh()  # the newest order, the draft just saved, comes first and is selected
        if isinstance(cart, Cart):
            # The cart agent's own notices (indicative prices, what it could not buy and why).
            said = " ".join(cart.notices)
            self.banner.show_message(
                f"Draft order {cart.order_id} saved: {len(cart.lines)} lines, "
                f"{money(cart.total, cart.currency)}." + (f" {said}" if said else ""),
                "success",
            )
        self.data_changed.emit()

    @Slot()
    def _on_cart_cancelled(self) -> None:
        self.banner.show_message("Cart cancelled; no draft was saved.", "info")

    @Slot(QAction)
    def _on_export_triggered(self, action: QAction) -> None:
        self.export_current(str(action.data()))

    def export_current(self, fmt: str, destination: Path | None = None) -> Task | None:
        """Exports the selected order in the background; asks where unless `destination` is given."""
        if self.current is None:
            return None
        if self.progress.task is not None:
            self.banner.show_message("Wait for the running task to finish, then export.", "info")
            return None
        order_id = self.current.id
        if destination is None:
            default = self.larder.home().exports / f"larder-order-{order_id}.{fmt}"
            chosen, _ = QFileDialog.getSaveFileName(self, "Export order", str(default))
            if not chosen:
                return None
            destination = Path(chosen)
        target = destination

        def work(*, on_progress: ProgressFn, cancel: CancelToken) -> ExportResult:
            return self.larder.export(order_id, fmt, target)

        task = self.runner.prepare(f"Export order #{order_id}", work, pool="io")
        task.signals.succeeded.connect(partial(self._on_exported, order_id))
        task.signals.failed.connect(self.report_failure)
        # The export writes one file atomically and cannot stop half-way, so there is nothing to cancel.
        self.progress.track(task, f"Exporting order #{order_id} to {destination.name}…", cancellable=False)
        self.runner.start(task)
        self.banner.hide()
        return task

    def _on_exported(self, order_id: int, result: object) -> None:
        if isinstance(result, ExportResult):
            self.banner.show_message(
                f"Exported order #{order_id} ({result.lines} lines) to {result.path}", "success"
            )
