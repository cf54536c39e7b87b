"""Cart & Orders: choose the provider (offline, Kroger, Instacart), the Kroger store (by ZIP) and a budget;
build a draft; edit its quantities, swap a product for another size or brand, remove a line; submit after a
confirmation that says what goes where; the order history with status chips, reasons and exports.

Every store call (stores, sign-in, pricing, alternatives, submit) and every keyring read runs in a worker;
the status bar hears what is true through desktop.connection."""

from __future__ import annotations

from functools import partial
from html import escape
from pathlib import Path

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QDesktopServices, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from agents.app import (
    CancelToken,
    Cart,
    ExportResult,
    KrogerLocation,
    Larder,
    OrderLineView,
    OrderRow,
    OrderView,
    Product,
    ProgressFn,
    StoreConnection,
    SubmitReport,
    UserError,
)
from desktop import icons
from desktop.connection import connection_notifier
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
from desktop.widgets.cart_dialogs import SubmitConfirmDialog, SwapDialog
from desktop.widgets.empty_state import EmptyState
from desktop.widgets.status_chip import StatusChipDelegate
from desktop.widgets.task_progress import TaskProgress

EXPORT_FORMATS = (("csv", "CSV"), ("md", "Markdown"), ("txt", "Text"), ("json", "JSON"), ("pdf", "PDF"))
PROVIDERS = (("offline", "Offline catalogue"), ("kroger", "Kroger"), ("instacart", "Instacart"))
PROVIDER_SETTING = "cart.provider"
BUDGET_SETTING = "cart.budget"
LINE_ROW_HEIGHT = 34
SHORT_WINDOW = 700  # px: below this window height a connected store's card folds by itself
REASON_LINES = 4  # the selected line's reason shows this many text lines; a longer one scrolls


class CappedText(QScrollArea):
    """A wrapped label as tall as its text up to `lines` lines, then scrolling: a long reason never
    takes the height the lines table needs."""

    def __init__(self, label: QLabel, lines: int) -> None:
        super().__init__()
        self.label = label
        self.lines = lines
        self.setWidget(label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setAutoFillBackground(False)
        label.setAutoFillBackground(False)

    def cap(self) -> int:
        margins = self.label.contentsMargins()
        return self.label.fontMetrics().lineSpacing() * self.lines + margins.top() + margins.bottom() + 16

    def fit(self) -> None:
        width = max(1, self.viewport().width())
        wanted = self.label.heightForWidth(width)
        self.setFixedHeight(min(max(wanted, 0), self.cap()) if wanted > 0 else self.cap())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()


class ElidedLine(QLabel):
    """One line that ends in "…" where it does not fit, the whole text in its tooltip; text() stays whole.
    The folded Where to buy card's summary: a store's name is longer than the card is wide at 1024 px."""

    def __init__(self) -> None:
        super().__init__()
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def set_line(self, text: str) -> None:
        self.setText(text)
        self.setToolTip(text)

    def paintEvent(self, event: QPaintEvent) -> None:
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            rect,
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            shown,
            self.foregroundRole(),
        )


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


def _labelled(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    label.setProperty("muted", True)
    return label


class OrdersPage(Page):
    # Emitted from a worker (the Kroger sign-in): delivered queued, so the browser opens from the UI thread.
    open_url_requested = Signal(str)
    # Where to buy was folded (True) or opened: the main window keeps it in window.ini.
    setup_fold_changed = Signal(bool)

    def __init__(self, larder: Larder, runner: TaskRunner) -> None:
        super().__init__(
            larder,
            runner,
            title="Cart & Orders",
            subtitle="Drafts priced from your plan and list, and every order exported or sent to a store.",
            action="Build cart",
            action_icon="cart",
        )
        assert self.header.primary is not None
        self.header.primary.clicked.connect(self.start_cart)
        self.header.primary.setToolTip("Price a draft cart from the plan and your list with this provider")
        self.progress = TaskProgress()
        self.body.addWidget(self.progress)
        # Side by side: where to buy (collapsible) above the order history on the left, the selected
        # order on the right with the whole height for its lines (at 1024x640 at least seven of them).
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.setSpacing(2 * SPACING)
        left_column.addWidget(self._build_setup())
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
        left_column.addWidget(history, 1)
        left.setMinimumWidth(330)
        splitter.addWidget(left)

        self.detail = Card("Order")
        # The selected line's edits sit beside the order's title: a row of their own cost the lines one.
        editing = QHBoxLayout()
        editing.setContentsMargins(0, 0, 0, 0)
        editing.setSpacing(SPACING)
        self.quantity_box = QSpinBox()
        self.quantity_box.setRange(1, 99)
        self.quantity_box.setPrefix("Packages: ")
        self.quantity_box.setAccessibleName("Packages of the selected line")
        self.quantity_box.setToolTip("How many packages of the selected line; Enter applies")
        self.quantity_box.editingFinished.connect(self._on_quantity_edited)
        self.swap_button = QPushButton("Swap…")
        self.swap_button.setAccessibleName("Swap the product of the selected line")
        self.swap_button.setToolTip("Swap the product for another size or brand from the provider's search")
        self.swap_button.clicked.connect(self.start_swap)
        self.remove_line_button = QPushButton("Remove line")
        self.remove_line_button.setIcon(icons.icon("close", COLORS["text"], size=16))
        self.remove_line_button.setToolTip("Take the selected line out of the draft")
        self.remove_line_button.clicked.connect(self.remove_current_line)
        editing.addWidget(self.quantity_box)
        editing.addWidget(self.swap_button)
        editing.addWidget(self.remove_line_button)
        self.editing_row = QWidget()
        self.editing_row.setLayout(editing)
        self.detail.header.addWidget(self.editing_row)
        summary_row = QHBoxLayout()
        summary_row.setSpacing(SPACING)
        self.detail_meta = QLabel()
        self.detail_meta.setProperty("muted", True)
        self.budget_label = QLabel()
        self.budget_bar = QProgressBar()
        self.budget_bar.setRange(0, 1000)
        self.budget_bar.setTextVisible(False)
        self.budget_bar.setMaximumWidth(160)
        summary_row.addWidget(self.detail_meta)
        summary_row.addStretch(1)
        summary_row.addWidget(self.budget_label)
        summary_row.addWidget(self.budget_bar)
        self.detail.body.addLayout(summary_row)
        self.lines_model = OrderLinesTableModel(parent=self)
        self.lines_table = _table()
        self.lines_table.setModel(self.lines_model)
        # A reason runs to a few hundred characters: elided in a column it said nothing, so the
        # selected line's reason is shown in full below the table. One text line a row (the product's
        # full name is in its tooltip and in the reason below), so the table shows the most lines.
        self.lines_table.setColumnHidden(LineColumn.REASON, True)
        self.lines_table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.lines_table.verticalHeader().setDefaultSectionSize(LINE_ROW_HEIGHT)
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
        self.reason_box = CappedText(self.reason, REASON_LINES)
        self.detail.body.addWidget(self.reason_box)
        self.footnote = QLabel("* indicative price from the offline catalogue, not a store quote")
        self.footnote.setProperty("faint", True)
        self.footnote.setWordWrap(True)
        self.detail.body.addWidget(self.footnote)
        # Export and Submit act on the selected order from the page's header: a row of buttons under the
        # lines cost the table two of them at 1024x640.
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
        self.export_button.setAccessibleName("Export the selected order")
        self.submit_button = QPushButton("Submit…")
        self.submit_button.setIcon(icons.icon("upload", COLORS["text"], size=16))
        self.submit_button.setAccessibleName("Submit the draft to the store")
        self.submit_button.clicked.connect(self.ask_to_submit)
        self.header.add_secondary(self.export_button)
        self.header.add_secondary(self.submit_button)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([330, 700])
        self.splitter = splitter
        self.body.addWidget(splitter, 1)
        self.current: OrderRow | None = None
        self.current_order: OrderView | None = None
        self.connection: StoreConnection | None = None
        self.stores: tuple[KrogerLocation, ...] = ()
        self.last_report: SubmitReport | None = None
        self.open_url_requested.connect(self._open_url)
        # Fold where to buy by itself once a Kroger store is chosen and signed in, in a short window:
        # at start unless a fold state was remembered (restore_setup_folded), and after a store choice.
        self._fold_when_ready = True
        self._show_provider()
        self.refresh()
        self.check_connection()

    def _build_setup(self) -> Card:
        """Provider, budget and (Kroger) store and sign-in, in a card above the orders that folds away
        to one line (its toggle) once chosen."""
        card = Card("Where to buy")
        self.setup_card = card
        self.setup_summary = ElidedLine()
        self.setup_summary.setProperty("muted", True)
        self.setup_toggle = QToolButton()
        self.setup_toggle.setCheckable(True)
        self.setup_toggle.setChecked(True)
        self.setup_toggle.setArrowType(Qt.ArrowType.UpArrow)
        self.setup_toggle.setAutoRaise(True)
        self.setup_toggle.setAccessibleName("Show or hide the provider, store and budget")
        self.setup_toggle.setToolTip("Fold the provider, store and budget to one line, or open them")
        self.setup_toggle.toggled.connect(self._on_setup_toggled)
        card.header.addWidget(self.setup_summary, 100)  # the room the header's stretch would take
        card.header.addWidget(self.setup_toggle)
        self.setup_body = QWidget()
        form = QGridLayout(self.setup_body)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(SPACING)
        form.setVerticalSpacing(SPACING)
        form.setColumnStretch(1, 1)
        self.provider_box = QComboBox()
        self.provider_box.setAccessibleName("Provider")
        self.provider_box.setToolTip("Where prices come from and where a draft is sent")
        for key, label in PROVIDERS:
            self.provider_box.addItem(label, key)
        chosen = str(self.larder.setting(PROVIDER_SETTING) or "offline")
        self.provider_box.setCurrentIndex(max(0, self.provider_box.findData(chosen)))
        self.provider_box.currentIndexChanged.connect(self._on_provider_changed)
        self.budget_box = QDoubleSpinBox()
        self.budget_box.setRange(0, 10000)
        self.budget_box.setDecimals(2)
        self.budget_box.setSingleStep(5)
        self.budget_box.setPrefix("$")
        self.budget_box.setSpecialValueText("No budget")
        self.budget_box.setAccessibleName("Budget")
        self.budget_box.setToolTip("The most the cart may cost; the cheapest way to cover the most is chosen")
        stored_budget = self.larder.setting(BUDGET_SETTING)
        self.budget_box.setValue(float(stored_budget) if isinstance(stored_budget, int | float) else 0.0)
        self.budget_box.editingFinished.connect(self._on_budget_changed)
        form.addWidget(_labelled("Provider", self.provider_box), 0, 0)
        form.addWidget(self.provider_box, 0, 1)
        form.addWidget(_labelled("Budget", self.budget_box), 1, 0)
        form.addWidget(self.budget_box, 1, 1)
        self.kroger_row = QWidget()
        kroger = QGridLayout(self.kroger_row)
        kroger.setContentsMargins(0, 0, 0, 0)
        kroger.setHorizontalSpacing(SPACING)
        kroger.setVerticalSpacing(SPACING)
        kroger.setColumnStretch(2, 1)
        self.zip_box = QLineEdit()
        self.zip_box.setPlaceholderText("ZIP code")
        self.zip_box.setMaxLength(5)
        self.zip_box.setFixedWidth(90)
        self.zip_box.setAccessibleName("ZIP code")
        self.zip_box.returnPressed.connect(self.find_stores)
        self.find_button = QPushButton("Find stores")
        self.find_button.setIcon(icons.icon("search", COLORS["text"], size=16))
        self.find_button.setToolTip("The Kroger stores nearest this ZIP code (Enter in the ZIP box)")
        self.find_button.clicked.connect(self.find_stores)
        self.store_box = QComboBox()
        self.store_box.setAccessibleName("Kroger store")
        self.store_box.setMinimumContentsLength(16)
        self.store_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.store_box.setPlaceholderText("No store chosen")
        self.store_box.activated.connect(self._on_store_activated)
        self.sign_in_button = QPushButton("Sign in to Kroger")
        self.sign_in_button.setIcon(icons.icon("key", COLORS["text"], size=16))
        self.sign_in_button.setToolTip(
            "Opens kroger.com in your browser; Larder keeps only the sign-in token"
        )
        self.sign_in_button.clicked.connect(self.start_kroger_login)
        store_label = _labelled("Store", self.zip_box)
        kroger.addWidget(store_label, 0, 0)
        kroger.addWidget(self.zip_box, 0, 1)
        kroger.addWidget(self.find_button, 0, 2, Qt.AlignmentFlag.AlignLeft)
        kroger.addWidget(self.store_box, 1, 1, 1, 2)
        kroger.addWidget(self.sign_in_button, 2, 1, 1, 2)
        # The store label's column is the provider's: the fields line up.
        store_label.setMinimumWidth(_labelled("Provider", self.provider_box).sizeHint().width())
        form.addWidget(self.kroger_row, 2, 0, 1, 2)
        self.kroger_note = QLabel("Real store prices; Submit puts the draft in your Kroger cart.")
        self.kroger_note.setProperty("faint", True)
        self.kroger_note.setWordWrap(True)
        self.provider_note = QLabel()
        self.provider_note.setProperty("faint", True)
        self.provider_note.setWordWrap(True)
        form.addWidget(self.kroger_note, 3, 0, 1, 2)
        form.addWidget(self.provider_note, 4, 0, 1, 2)
        card.body.addWidget(self.setup_body)
        self.budget_box.valueChanged.connect(self._show_setup_summary)
        return card

    @Slot(bool)
    def _on_setup_toggled(self, shown: bool) -> None:
        self.setup_body.setVisible(shown)
        self.setup_toggle.setArrowType(Qt.ArrowType.UpArrow if shown else Qt.ArrowType.DownArrow)
        self._show_setup_summary()
        self.setup_fold_changed.emit(not shown)

    @property
    def setup_folded(self) -> bool:
        return not self.setup_toggle.isChecked()

    def restore_setup_folded(self, folded: bool | None) -> None:
        """The fold state remembered in window.ini (None: none was, so it folds by itself when ready)."""
        if folded is None:
            return
        self._fold_when_ready = False
        self.setup_toggle.setChecked(not folded)

    def _fold_if_ready(self, connection: StoreConnection) -> None:
        """Once a Kroger store is chosen and signed in, nothing in the card needs doing: in a window
        shorter than SHORT_WINDOW it folds to its one line and the order history gets the room."""
        ready = (
            connection.provider == "kroger"
            and connection.has_credentials
            and bool(connection.store_id)
            and connection.signed_in
        )
        if not (ready and self._fold_when_ready):
            return
        self._fold_when_ready = False
        if self.window().height() < SHORT_WINDOW and not self.setup_folded:
            self.setup_toggle.setChecked(False)

    @Slot()
    def _show_setup_summary(self, *_args: object) -> None:
        """Folded: what is chosen, in one line ("Kroger · Store 7 · $60 budget")."""
        if self.setup_toggle.isChecked():
            self.setup_summary.set_line("")
            return
        parts = [self.provider_box.currentText()]
        if self.provider == "kroger" and self.store_box.currentText():
            # The store's name: listed as "name · address", remembered as "name, address".
            parts.append(self.store_box.currentText().split(" · ")[0].split(",")[0])
        parts.append(f"${self.budget:g} budget" if self.budget else "no budget")
        self.setup_summary.set_line(" · ".join(parts))

    # --- showing orders ----------------------------------------------------------------------------

    def refresh(self) -> None:
        self.apply(self.load())

    def load(self) -> tuple[OrderRow, ...]:
        """The order list, read in a worker after another page's write (desktop/refresh.py); the selected
        order's lines are read when it is selected."""
        return self.larder.order_rows()

    def apply(self, loaded: object) -> None:
        if not isinstance(loaded, tuple):
            raise TypeError(f"not order rows: {loaded!r}")
        orders: tuple[OrderRow, ...] = loaded
        selected = self.current.id if self.current else None
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
            self.current_order = None
            self._update_draft_controls()
            self.lines_model.set_rows([])
            self._show_reason("")
            assert self.detail.title_label is not None
            self.detail.title_label.setText("Order")
            self.detail_meta.setText("")
            self.budget_label.setText("")
            self.budget_bar.hide()
            return
        self.current_order = self.larder.order(order.id)
        lines = self.current_order.lines
        self.lines_model.set_rows(lines, order.currency)
        if lines:
            self.lines_table.selectRow(0)
        self._update_draft_controls()
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
        self._show_reason(
            f"<b>Why {escape(line.product)}:</b> {escape(line.reason)}"
            if line is not None and line.reason
            else ""
        )
        if line is not None:
            self.quantity_box.blockSignals(True)
            self.quantity_box.setValue(line.quantity)
            self.quantity_box.blockSignals(False)
        self._update_draft_controls()

    def _show_reason(self, text: str) -> None:
        if text:
            self.reason.setText(text)
        self.reason.setVisible(bool(text))
        self.reason_box.setVisible(bool(text))
        if text:
            self.reason_box.fit()

    # --- actions -----------------------------------------------------------------------------------

    @Slot()
    def start_cart(self) -> None:
        if self.progress.task is not None:
            return
        provider, budget = self.provider, self.budget
        work = partial(self.larder.build_cart, provider=provider, budget=budget)
        task = self.runner.prepare("Build cart", work, pool="io")
        task.signals.succeeded.connect(self._on_cart_built)
        task.signals.failed.connect(self.report_failure)
        if provider != "offline":
            self._report_calls(task, f"Pricing at {PROVIDER_LABELS.get(provider, provider)}")
        task.signals.cancelled.connect(self._on_cart_cancelled)
        where = "the offline catalogue" if provider == "offline" else PROVIDER_LABELS.get(provider, provider)
        self.progress.track(task, f"Pricing the plan and your list at {where}…")
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

    # --- provider, store, sign-in ------------------------------------------------------------------

    @property
    def provider(self) -> str:
        return str(self.provider_box.currentData() or "offline")

    @property
    def budget(self) -> float | None:
        value = self.budget_box.value()
        return round(value, 2) if value > 0 else None

    def set_provider(self, provider: str) -> None:
        self.provider_box.setCurrentIndex(self.provider_box.findData(provider))

    @Slot()
    def _on_provider_changed(self, *_args: object) -> None:
        self.larder.set_setting(PROVIDER_SETTING, self.provider)
        self._show_provider()
        self.check_connection()

    @Slot()
    def _on_budget_changed(self) -> None:
        self.larder.set_setting(BUDGET_SETTING, self.budget)

    def _show_provider(self) -> None:
        provider = self.provider
        self.kroger_row.setVisible(provider == "kroger")
        notes = {
            "offline": "Indicative prices from the bundled catalogue; export the list or take it to any shop.",
            "instacart": "Priced from the catalogue; Submit makes an Instacart list you check out on instacart.com.",
        }
        self.provider_note.setText(notes.get(provider, ""))
        self.provider_note.setVisible(provider != "kroger")
        self.kroger_note.setVisible(provider == "kroger")
        self._show_setup_summary()
        self._update_draft_controls()

    def check_connection(self) -> Task | None:
        """Reads the provider setting and the keyring in a worker (a keyring may block on a prompt).
        Offline needs no keyring (store_connection reads none for it): answered at once."""
        if self.provider == "offline":
            self._on_connection(self.larder.store_connection())
            return None

        def work(*, on_progress: ProgressFn, cancel: CancelToken) -> StoreConnection:
            return self.larder.store_connection()

        task = self.runner.prepare("Check store connection", work, pool="io")
        task.signals.succeeded.connect(self._on_connection)
        task.signals.failed.connect(self.report_failure)
        self.runner.start(task)
        return task

    @Slot(object)
    def _on_connection(self, connection: object) -> None:
        if not isinstance(connection, StoreConnection):
            return
        self.connection = connection
        connection_notifier().changed.emit(connection)
        if connection.store_name and self.store_box.findData(connection.store_id) < 0:
            self.store_box.clear()
            self.store_box.addItem(connection.store_name, connection.store_id)
            self.store_box.setCurrentIndex(0)
        self.sign_in_button.setText(
            "Signed in · sign in again" if connection.signed_in else "Sign in to Kroger"
        )
        self._show_setup_summary()
        self._update_draft_controls()
        self._fold_if_ready(connection)

    def _report_calls(self, task: Task, what: str) -> None:
        """The status bar says whether this store call failed (a cancel is not a failure)."""
        notifier = connection_notifier()
        task.signals.succeeded.connect(lambda _r: notifier.call_finished.emit(what, False, ""))
        task.signals.failed.connect(lambda exc: notifier.call_finished.emit(what, True, str(exc)))

    @Slot()
    def find_stores(self) -> Task | None:
        zip_code = self.zip_box.text().strip()
        if not (zip_code.isdigit() and len(zip_code) == 5):
            self.banner.show_message("Type a 5-digit US ZIP code to find the Kroger stores near it.", "info")
            self.zip_box.setFocus()
            return None
        if self.progress.task is not None:
            return None

        def work(*, on_progress: ProgressFn, cancel: CancelToken) -> tuple[KrogerLocation, ...]:
            return self.larder.kroger_stores(zip_code, limit=5, cancel=cancel)

        task = self.runner.prepare("Find Kroger stores", work, pool="io")
        task.signals.succeeded.connect(self._on_stores_found)
        task.signals.failed.connect(self.report_failure)
        self._report_calls(task, "Finding Kroger stores")
        self.progress.track(task, f"Looking for Kroger stores near {zip_code}…")
        self.runner.start(task)
        self.banner.hide()
        return task

    @Slot(object)
    def _on_stores_found(self, stores: object) -> None:
        self.stores = (
            tuple(s for s in stores if isinstance(s, KrogerLocation)) if isinstance(stores, tuple) else ()
        )
        self.store_box.clear()
        for store in self.stores:
            self.store_box.addItem(f"{store.name} · {store.address}", store.location_id)
        if not self.stores:
            self.banner.show_message("Kroger lists no store near that ZIP code.", "info")
            return
        self.banner.show_message(
            f"{len(self.stores)} stores found; the nearest is chosen. Pick another from the list.", "success"
        )
        self.choose_store(0)

    @Slot(int)
    def _on_store_activated(self, index: int) -> None:
        if 0 <= index < len(self.stores):
            self.choose_store(index)

    def choose_store(self, index: int) -> None:
        store = self.stores[index]
        try:
            self.larder.set_kroger_store(store)
        except UserError as exc:
            self.banner.show_message(str(exc), "warning")
            return
        self.store_box.setCurrentIndex(index)
        self._fold_when_ready = True  # a store was just chosen: fold once it is connected
        self.check_connection()

    @Slot()
    def start_kroger_login(self) -> Task | None:
        if self.progress.task is not None:
            return None

        def work(*, on_progress: ProgressFn, cancel: CancelToken) -> str:
            self.larder.kroger_login(self.open_url_requested.emit, cancel=cancel)
            return "signed in"

        task = self.runner.prepare("Kroger sign-in", work, pool="io")
        task.signals.succeeded.connect(self._on_signed_in)
        task.signals.failed.connect(self.report_failure)
        task.signals.cancelled.connect(
            lambda: self.banner.show_message("Sign-in cancelled; nothing was stored.", "info")
        )
        self._report_calls(task, "Kroger sign-in")
        self.progress.track(task, "Waiting for you to sign in to Kroger in the browser…")
        self.runner.start(task)
        self.banner.hide()
        return task

    @Slot(str)
    def _open_url(self, url: str) -> None:
        if not QDesktopServices.openUrl(QUrl(url)):
            self.banner.show_message(
                f"Could not open a browser; open this address yourself: {url}", "warning"
            )

    @Slot(object)
    def _on_signed_in(self, _result: object) -> None:
        self.banner.show_message(
            "Signed in to Kroger. Larder can now put your draft in your Kroger cart.", "success"
        )
        self._fold_when_ready = True  # connected now: fold if a store is chosen too
        self.check_connection()

    # --- editing a draft ---------------------------------------------------------------------------

    def selected_line(self) -> OrderLineView | None:
        index = self.lines_table.currentIndex()
        return self.lines_model.row_at(index.row()) if index.isValid() else None

    def _is_draft(self) -> bool:
        return self.current_order is not None and self.current_order.status == "draft"

    def _update_draft_controls(self) -> None:
        draft = self._is_draft()
        line = self.selected_line() if draft else None
        self.editing_row.setVisible(draft)
        for widget in (self.quantity_box, self.swap_button, self.remove_line_button):
            widget.setEnabled(line is not None)
        order = self.current_order
        sendable = (
            draft and order is not None and order.provider in ("kroger", "instacart") and bool(order.lines)
        )
        self.submit_button.setVisible(order is not None and order.provider in ("kroger", "instacart"))
        self.submit_button.setEnabled(sendable)
        if order is not None and order.provider == "offline":
            self.submit_button.setToolTip("An offline cart is not sent anywhere: export it")
        elif order is not None and not draft:
            self.submit_button.setToolTip(f"Order #{order.id} is {order.status}; only a draft is sent")
        else:
            self.submit_button.setToolTip("Shows exactly what will be sent where, then asks")

    def _apply_edit(self, call: partial[OrderView], what: str) -> OrderView | None:
        try:
            order = call()
        except UserError as exc:
            self.banner.show_message(f"{what}: {exc}", "warning")
            return None
        self._reload_current(order)
        self.data_changed.emit()
        return order

    def _reload_current(self, order: OrderView) -> None:
        line = self.selected_line()
        row = self.lines_table.currentIndex().row()
        self.refresh()
        if line is not None and self.current is not None and self.current.id == order.id:
            ids = [li.id for li in order.lines]
            target = ids.index(line.id) if line.id in ids else min(row, len(ids) - 1)
            if target >= 0:
                self.lines_table.selectRow(target)

    def set_line_quantity(self, line_id: int, quantity: int) -> OrderView | None:
        if self.current is None:
            return None
        return self._apply_edit(
            partial(self.larder.edit_order_line, self.current.id, line_id, quantity), "Not changed"
        )

    @Slot()
    def _on_quantity_edited(self) -> None:
        line = self.selected_line()
        if line is not None and line.quantity != self.quantity_box.value():
            self.set_line_quantity(line.id, self.quantity_box.value())

    @Slot()
    def remove_current_line(self) -> OrderView | None:
        line = self.selected_line()
        if line is None:
            return None
        order = self.set_line_quantity(line.id, 0)
        if order is not None:
            self.banner.show_message(f"Removed {line.product} from order #{order.id}.", "success")
        return order

    @Slot()
    def start_swap(self) -> Task | None:
        line, order = self.selected_line(), self.current_order
        if line is None or order is None or self.progress.task is not None:
            return None
        order_id, line_id = order.id, line.id

        def work(*, on_progress: ProgressFn, cancel: CancelToken) -> tuple[Product, ...]:
            return self.larder.line_alternatives(order_id, line_id, cancel=cancel)

        task = self.runner.prepare("Find other products", work, pool="io")
        task.signals.succeeded.connect(partial(self._on_alternatives, order_id, line))
        task.signals.failed.connect(self.report_failure)
        if order.provider == "kroger":
            self._report_calls(task, "Searching the Kroger store")
        where = "your Kroger store" if order.provider == "kroger" else "the offline catalogue"
        self.progress.track(task, f"Looking for other sizes and brands at {where}…")
        self.runner.start(task)
        return task

    def _on_alternatives(self, order_id: int, line: OrderLineView, products: object) -> None:
        found = tuple(p for p in products if isinstance(p, Product)) if isinstance(products, tuple) else ()
        if not found:
            self.banner.show_message(f"No other size or brand of {line.product} was found.", "info")
            return
        currency = self.current_order.currency if self.current_order is not None else "USD"
        dialog = SwapDialog(line, found, currency, self)
        self.swap_dialog = dialog  # the tests answer it
        if dialog.exec() == QDialog.DialogCode.Accepted and (product := dialog.chosen()) is not None:
            self.swap_line(order_id, line.id, product)

    def swap_line(self, order_id: int, line_id: int, product: Product) -> OrderView | None:
        order = self._apply_edit(
            partial(self.larder.swap_order_line, order_id, line_id, product), "Not swapped"
        )
        if order is not None:
            self.banner.show_message(
                f"Now {product.name}; order #{order_id} totals {money(order.total, order.currency)}.",
                "success",
            )
        return order

    # --- submitting ----------------------------------------------------------------------------------

    def destination(self, order: OrderView) -> str:
        if order.provider == "kroger":
            store = (
                self.connection.store_name if self.connection and self.connection.store_name else "your store"
            )
            modality = str(self.larder.setting("providers.kroger.modality") or "pickup").lower()
            return f"your Kroger cart ({store}, {modality})"
        return "Instacart, as a new shopping list (you choose the store and check out there)"

    def confirmation(self) -> SubmitConfirmDialog | None:
        """What will be sent where, from the dry run (no network): the dialog the user answers."""
        order = self.current_order
        if order is None or not self._is_draft():
            return None
        try:
            dry = self.larder.submit_order(order.id, confirm=False)
        except UserError as exc:
            self.banner.show_message(str(exc), "warning")
            return None
        kroger = order.provider == "kroger"
        sent = [li.display_text or li.name for li in dry.lines if li.upc or not kroger]
        skipped = [li.name for li in dry.lines if kroger and not li.upc]
        return SubmitConfirmDialog(order.id, self.destination(order), sent, skipped, self)

    @Slot()
    def ask_to_submit(self) -> Task | None:
        dialog = self.confirmation()
        if dialog is None:
            return None
        self.confirm_dialog = dialog  # the tests read and answer it
        if dialog.exec() != QDialog.DialogCode.Accepted:
            self.banner.show_message("Nothing was sent.", "info")
            return None
        return self.submit_current()

    def submit_current(self) -> Task | None:
        """Sends the selected draft (only after ask_to_submit's confirmation)."""
        order = self.current_order
        if order is None or self.progress.task is not None:
            return None
        order_id, provider = order.id, order.provider

        def work(*, on_progress: ProgressFn, cancel: CancelToken) -> SubmitReport:
            return self.larder.submit_order(order_id, confirm=True, cancel=cancel)

        task = self.runner.prepare(f"Submit order #{order_id}", work, pool="io")
        task.signals.succeeded.connect(self._on_submitted)
        task.signals.failed.connect(self._on_submit_failed)
        self._report_calls(task, f"Sending to {PROVIDER_LABELS.get(provider, provider)}")
        self.progress.track(task, f"Sending order #{order_id} to {PROVIDER_LABELS.get(provider, provider)}…")
        self.runner.start(task)
        self.banner.hide()
        return task

    @Slot(object)
    def _on_submitted(self, report: object) -> None:
        if not isinstance(report, SubmitReport):
            return
        self.last_report = report
        self.current = None
        self.refresh()
        link = (report.external or {}).get("products_link_url")
        if isinstance(link, str) and link.startswith("http"):
            QDesktopServices.openUrl(QUrl(link))
        skipped = f" Not sent: {', '.join(report.skipped)}." if report.skipped else ""
        self.banner.show_message(f"Order #{report.order_id}: {report.message}.{skipped}", "success")
        self.data_changed.emit()

    @Slot(object)
    def _on_submit_failed(self, exc: object) -> None:
        self.refresh()  # the order stays a draft; its history holds the attempt
        self.report_failure(exc)

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
