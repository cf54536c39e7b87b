"""Inventory: what Larder believes is in the fridge, sortable and filterable, expiring items flagged;
and changed in place: name, quantity + unit and best-before edited in the table, items added by what
a person types ("6 eggs"), removed, and every change undone or redone (Ctrl+Z / Ctrl+Shift+Z, or the
Undo in the note that follows each change). All of it goes through the Larder."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
)

from agents.app import (
    EXPIRY_AMBER_DAYS,
    EXPIRY_RED_DAYS,
    CancelToken,
    InventoryEventRow,
    InventoryRow,
    Larder,
    ProgressFn,
    count_expiring,
)
from desktop import icons
from desktop.inventory_undo import ItemsChange, UndoGate, redo_in_turn, undo_in_turn
from desktop.models.inventory_model import (
    Column,
    InventoryFilterProxy,
    InventoryTableModel,
    ItemEdit,
    format_quantity,
)
from desktop.pages.base import Page
from desktop.tasks import TaskRunner
from desktop.theme import COLORS, SPACING
from desktop.widgets.empty_state import EmptyState
from desktop.widgets.inventory_delegate import InventoryItemDelegate, name_completer
from desktop.widgets.toast import Toast

# The amount a person types before the name ("6 ", "500 g "), kept out of the name's completion.
_LEADING_AMOUNT = re.compile(r"^\s*\d+(?:[.,]\d+)?\s*(?:(?:g|kg|ml|l|pc|pcs|x)\s+)?", re.IGNORECASE)


class AmountNameCompleter(QCompleter):
    """Completes the ingredient name after a leading amount: "6 eg" offers "6 Egg, whole, raw"."""

    def splitPath(self, path: str) -> list[str]:
        match = _LEADING_AMOUNT.match(path)
        return [path[match.end() :] if match else path]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        widget = self.widget()
        typed = widget.text() if isinstance(widget, QLineEdit) else ""
        match = _LEADING_AMOUNT.match(typed)
        return (match.group(0) if match else "") + str(index.data())


HISTORY_EVENTS = 500  # newest inventory events searched for the selected item's history
EVENT_WORDS = {
    "added": "added",
    "updated": "seen again",
    "edited": "edited",
    "used_up": "used up",
    "removed": "removed",
    "restored": "put back",
}


def describe_event(event: InventoryEventRow, unit: str) -> str:
    """ "added by scan 3, 01 Dec 20:50 (6 pc)", "edited 01 Dec 21:02 (6 → 9 pc)"."""
    words = EVENT_WORDS.get(event.kind, event.kind.replace("_", " "))
    if event.scan_id is not None:
        words += f" by scan {event.scan_id}"
    if event.kind == "edited" and event.status_after == "used_up":
        words = "used up"
    when = event.at.astimezone().strftime("%d %b %H:%M")
    before, after = event.quantity_before, event.quantity_after
    if before is not None and after is not None and before != after:
        amount = f" ({format_quantity(before, unit)} \u2192 {format_quantity(after, unit)})"
    elif after is not None and event.kind == "added":
        amount = f" ({format_quantity(after, unit)})"
    else:
        amount = ""
    return f"{words} {when}{amount}"


def describe_row(row: InventoryRow) -> str:
    return f"{row.name.split(',')[0]} {format_quantity(row.quantity, row.unit)}"


@dataclass(frozen=True)
class HistoryRead:
    """The event log as read for one selection (`asked` numbers the selections: a later one wins)."""

    asked: int
    row: InventoryRow
    events: tuple[InventoryEventRow, ...]


@dataclass(frozen=True)
class ViewState:
    """What the table showed before its rows were replaced: the selected items (by id, not by row: an
    edit, undo or reload re-sorts them), the current one, and the scroll position."""

    selected: tuple[int, ...]
    current: int | None
    scroll: tuple[int, int]  # vertical, horizontal scroll bar values


class InventoryPage(Page):
    scan_requested = Signal()

    def __init__(self, larder: Larder, runner: TaskRunner, undo_stack: QUndoStack | None = None) -> None:
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

        editing = QHBoxLayout()
        editing.setSpacing(SPACING)
        names = sorted({i.name for i in larder.ingredients("")})
        self.add_box = QLineEdit()
        self.add_box.setPlaceholderText("Add an item: 6 eggs, 500 g greek yogurt, milk")
        self.add_box.setClearButtonEnabled(True)
        self.add_box.setMinimumWidth(300)
        self.add_box.setMaximumWidth(420)
        self.add_box.setCompleter(name_completer(names, completer=AmountNameCompleter(self)))
        self.add_box.returnPressed.connect(self.add_typed_item)
        self.add_button = QPushButton("Add")
        self.add_button.setIcon(icons.icon("check", COLORS["text"]))
        self.add_button.clicked.connect(self.add_typed_item)
        # The window's stack (it outlives this page: a theme switch builds the pages again); a page alone
        # has its own. Undo and redo wait for the writes other pages still have queued (undo_gates).
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.undo_gates: list[UndoGate] = []
        self.undo_action = self.page_action("Undo", "Ctrl+Z", self.undo)
        self.redo_action = self.page_action("Redo", "Ctrl+Shift+Z", self.redo)
        self.remove_action = self.page_action("Remove", QKeySequence.StandardKey.Delete, self.remove_selected)
        self.undo_button = QPushButton("Undo")
        self.undo_button.setToolTip("Undo the last change (Ctrl+Z)")
        self.undo_button.clicked.connect(self.undo)
        self.redo_button = QPushButton("Redo")
        self.redo_button.setToolTip("Redo (Ctrl+Shift+Z)")
        self.redo_button.clicked.connect(self.redo)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setIcon(icons.icon("close", COLORS["text"]))
        self.remove_button.setToolTip("Remove the selected items (Delete)")
        self.remove_button.clicked.connect(self.remove_selected)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(self.undo_stack.canUndo())
        self.redo_button.setEnabled(self.undo_stack.canRedo())
        self.remove_button.setEnabled(False)
        editing.addWidget(self.add_box, 1)
        editing.addWidget(self.add_button)
        editing.addStretch(1)
        editing.addWidget(self.remove_button)
        editing.addWidget(self.undo_button)
        editing.addWidget(self.redo_button)
        self.body.addLayout(editing)

        self.model = InventoryTableModel(parent=self)
        self.model.edit_requested.connect(self._on_edit_requested)
        self.proxy = InventoryFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setItemDelegate(InventoryItemDelegate(names, self.table))
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.EXPIRES, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(36)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.INGREDIENT, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (Column.QUANTITY, 130),
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
            "Scan a photo on the Fridge page, or type what you have above (\u201c6 eggs\u201d).",
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.body.addWidget(self.stack, 1)
        legend = QLabel(
            f"<span style='color:{COLORS['danger']}'>■</span> expires within {EXPIRY_RED_DAYS} days  "
            f"<span style='color:{COLORS['warning']}'>■</span> within {EXPIRY_AMBER_DAYS} days &nbsp;·&nbsp; "
            "double-click a name, quantity or best-before to correct it; Delete removes the selected rows"
        )
        legend.setProperty("faint", True)
        self.history = QLabel()
        self.history.setObjectName("ItemHistory")
        self.history.setProperty("muted", True)
        self.history.setWordWrap(True)
        self.history.hide()
        self.body.addWidget(self.history)
        self.toast = Toast()
        self.toast.undo_requested.connect(self.undo)
        self.body.addWidget(self.toast)
        self.body.addWidget(legend)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.filter_box.textChanged.connect(self._on_filter_changed)
        self.category_box.currentIndexChanged.connect(self._on_category_changed)
        self.expiring_count = 0
        self._history_asked = 0  # selections whose history was asked for; only the newest is shown
        self._history_item: int | None = None  # whose history the label shows
        self._history_shown = 0  # the selection whose history (or none) the label shows
        self.refresh()

    def refresh(self) -> None:
        self.apply(self.load())

    def load(self) -> tuple[InventoryRow, ...]:
        """The rows, read in a worker after another page's write (desktop/refresh.py)."""
        return self.larder.inventory()

    def apply(self, loaded: object) -> None:
        if not isinstance(loaded, tuple):
            raise TypeError(f"not inventory rows: {loaded!r}")
        rows: tuple[InventoryRow, ...] = loaded
        state = self.view_state()
        self.model.set_rows(rows)  # a reset clears the selection without saying so
        self.remove_button.setEnabled(False)
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
        self.restore_view(state)  # the item selected again reads its history again (selectionChanged)
        if len(self.selected_rows()) != 1:
            self.show_history(None)  # it is gone or filtered out: its history goes with it

    def view_state(self) -> ViewState:
        current = self.table.currentIndex()
        current_row = self.model.row_at(self.proxy.mapToSource(current).row()) if current.isValid() else None
        return ViewState(
            selected=tuple(r.id for r in self.selected_rows()),
            current=current_row.id if current_row is not None else None,
            scroll=(self.table.verticalScrollBar().value(), self.table.horizontalScrollBar().value()),
        )

    def restore_view(self, state: ViewState) -> None:
        """Select again the items that are still there and scroll back to where the view was; when the
        current item has moved out of sight (its new expiry sorts it elsewhere), scroll just enough to
        show it."""
        self.table.doItemsLayout()  # the scroll bars' ranges follow the new rows before they are set back
        self.table.verticalScrollBar().setValue(state.scroll[0])
        self.table.horizontalScrollBar().setValue(state.scroll[1])
        selection = QItemSelection()
        for item_id in state.selected:
            index = self.proxy_index(item_id)
            if index.isValid():
                selection.select(index, index)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        chooser = self.table.selectionModel()
        current = self.proxy_index(state.current) if state.current is not None else QModelIndex()
        if current.isValid():
            chooser.setCurrentIndex(current, QItemSelectionModel.SelectionFlag.NoUpdate)
        if not selection.isEmpty():
            chooser.select(selection, flags)
        if current.isValid() and not self.table.viewport().rect().intersects(self.table.visualRect(current)):
            self.table.scrollTo(current, QAbstractItemView.ScrollHint.EnsureVisible)

    def proxy_index(self, item_id: int) -> QModelIndex:
        """The table's index of an item (column 0), invalid when it is gone or filtered out."""
        row = self.model.row_of_id(item_id)
        if row is None:
            return QModelIndex()
        return self.proxy.mapFromSource(self.model.index(row, 0))

    @Slot(str)
    def _on_filter_changed(self, text: str) -> None:
        self.proxy.set_text(text)

    @Slot(int)
    def _on_category_changed(self, _index: int) -> None:
        self.proxy.set_category(self.category_box.currentData() or "")

    # --- changing the inventory --------------------------------------------------------------------

    def _row(self, item_id: int) -> InventoryRow | None:
        return next((r for r in self.model.rows if r.id == item_id), None)

    def _record(self, text: str, changes: list[tuple[int, InventoryRow | None, InventoryRow | None]]) -> None:
        """A change the Larder has made: onto the undo stack, the table refreshed, a note with Undo."""
        self.undo_stack.push(ItemsChange(self.larder, text, changes, self.item_change_done))
        self.refresh()
        self.data_changed.emit()
        self.banner.hide()
        self.toast.show_message(text)

    @Slot(int, object)
    def _on_edit_requested(self, item_id: int, edit: object) -> None:
        before = self._row(item_id)
        if before is None or not isinstance(edit, ItemEdit):
            return
        try:
            after = self.larder.edit_item(
                item_id,
                quantity=edit.quantity,
                unit=edit.unit,
                expires_at=edit.expires_at,
                ingredient=edit.ingredient,
            )
        except Exception as exc:
            self.report_failure(exc)  # a refused edit: the table still shows what is stored
            return
        if after.status != "present":
            text = f"{before.name.split(',')[0]} used up"
        elif edit.ingredient is not None:
            text = f"{before.name.split(',')[0]} is now {after.name.split(',')[0]}"
        elif edit.expires_at is not None and after.expires_at is not None:
            text = f"{after.name.split(',')[0]}: best before {after.expires_at.astimezone():%d %b}"
        else:
            text = f"{before.name.split(',')[0]}: {format_quantity(before.quantity, before.unit)} \u2192 "
            text += format_quantity(after.quantity, after.unit)
        self._record(text, [(item_id, before, after)])

    @Slot()
    def add_typed_item(self) -> None:
        text = self.add_box.text().strip()
        if not text:
            return
        known = {r.id: r for r in self.larder.inventory()}
        try:
            after = self.larder.add_item_text(text)
        except Exception as exc:
            self.report_failure(exc)
            return
        self.add_box.clear()
        before = known.get(after.id)
        self._record(f"Added {describe_row(after)}" if before is None else f"{describe_row(before)} \u2192 "
                     f"{format_quantity(after.quantity, after.unit)}", [(after.id, before, after)])  # fmt: skip

    def selected_rows(self) -> list[InventoryRow]:
        indexes = self.table.selectionModel().selectedRows()
        return [self.model.row_at(self.proxy.mapToSource(i).row()) for i in indexes]

    @Slot()
    def remove_selected(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        changes: list[tuple[int, InventoryRow | None, InventoryRow | None]] = []
        try:
            for row in rows:
                changes.append((row.id, row, self.larder.remove_item(row.id)))
        except Exception as exc:
            self.report_failure(exc)
        if changes:
            names = ", ".join(r.name.split(",")[0] for _id, r, _after in changes if r is not None)
            self._record(f"Removed {names}" if len(changes) < 4 else f"Removed {len(changes)} items", changes)

    def _on_selection_changed(self, *_selections: object) -> None:
        rows = self.selected_rows()
        self.remove_button.setEnabled(bool(rows))
        self.show_history(rows[0] if len(rows) == 1 else None)

    def show_history(self, row: InventoryRow | None) -> None:
        """What happened to one item, oldest first, from the inventory's own event log: read in the quiet
        query pool (the log is a table scan), shown when it lands unless the selection moved on."""
        self._history_asked += 1
        if row is None:
            self._history_item = None
            self._history_shown = self._history_asked
            self.history.hide()
            return
        if row.id != self._history_item:  # another item: its predecessor's story must not stay up
            self.history.hide()
        asked, larder = self._history_asked, self.larder

        def work(*, on_progress: ProgressFn, cancel: CancelToken) -> HistoryRead:
            return HistoryRead(asked, row, larder.inventory_history(HISTORY_EVENTS))

        task = self.runner.query(f"history of item {row.id}", work)
        task.signals.succeeded.connect(self._on_history_read)  # a bound slot: dropped if the page goes
        self.runner.start(task)

    @property
    def history_loading(self) -> bool:
        """The selected item's history is still being read."""
        return self._history_shown != self._history_asked

    @Slot(object)
    def _on_history_read(self, read: object) -> None:
        if not isinstance(read, HistoryRead) or read.asked != self._history_asked:
            return  # the selection changed while it was read: a newer read is on its way, or none is wanted
        self._history_shown = read.asked
        row = read.row
        steps = [describe_event(e, row.unit) for e in reversed(read.events) if e.item_id == row.id]
        self._history_item = row.id
        self.history.setText(f"<b>{row.name.split(',')[0]}</b>: " + " · ".join(steps) if steps else "")
        self.history.setVisible(bool(steps))
        # The label takes its lines from the table once laid out: the selected row must stay in sight.
        QTimer.singleShot(0, self._keep_current_in_sight)

    @Slot()
    def _keep_current_in_sight(self) -> None:
        current = self.table.currentIndex()
        if current.isValid() and not self.table.viewport().rect().contains(self.table.visualRect(current)):
            self.table.scrollTo(current, QAbstractItemView.ScrollHint.EnsureVisible)

    @Slot()
    def undo(self) -> None:
        """The newest change on the window's stack, once the writes queued before this press have landed."""
        undo_in_turn(self.undo_stack, self.undo_gates)

    @Slot()
    def redo(self) -> None:
        redo_in_turn(self.undo_stack, self.undo_gates)

    def item_change_done(self, error: BaseException | None) -> None:
        """An inventory edit was undone or redone (ItemsChange): show it, tell the other pages."""
        self.refresh()
        self.data_changed.emit()
        if error is not None:
            self.report_failure(error)
