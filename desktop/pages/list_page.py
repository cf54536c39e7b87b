"""Shopping list: what you want besides the plan's picks. Add (ingredient completion or free text), tick
off, reorder (drag, or Alt+Up/Alt+Down), remove, clear ticked; export and print. The cart buys the
unticked entries."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QFont, QKeySequence, QPagedPaintDevice, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
)

from agents.app import LIST_UNITS, CancelToken, EntryView, ExportResult, Larder, ProgressFn, UserError
from desktop import icons
from desktop.pages.base import Page
from desktop.tasks import Task, TaskRunner
from desktop.theme import COLORS, SPACING
from desktop.widgets.card import Card
from desktop.widgets.empty_state import EmptyState
from desktop.widgets.inventory_delegate import name_completer
from desktop.widgets.list_entry_delegate import (
    AMOUNT_ROLE,
    FREE_TEXT_ROLE,
    ListEntryDelegate,
    indicator_stylesheet,
)
from desktop.widgets.task_progress import TaskProgress

EXPORT_FORMATS = (("csv", "CSV"), ("md", "Markdown"), ("txt", "Text"), ("json", "JSON"), ("pdf", "PDF"))
ENTRY_ROLE = int(Qt.ItemDataRole.UserRole) + 1
UNIT_LABELS = {"piece": "pc", "package": "pkg"}


def amount_text(entry: EntryView) -> str:
    unit = UNIT_LABELS.get(entry.unit, entry.unit)
    return f"{entry.quantity:g} {unit}"


class AmountBox(QDoubleSpinBox):
    """A quantity without a trailing ".0" (1, 2.5, 500)."""

    def textFromValue(self, value: float) -> str:
        return f"{value:g}"


class ShoppingListWidget(QListWidget):
    """The entries, checkable, reordered by dragging within the list (the page writes the new order)."""

    def __init__(self) -> None:
        super().__init__()
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setItemDelegate(ListEntryDelegate(self))
        self.setStyleSheet(indicator_stylesheet())
        self.setAccessibleName("Shopping list entries")
        self.setToolTip("Tick what you bought (Space); drag to reorder, or Alt+Up / Alt+Down")


class ListPage(Page):
    def __init__(self, larder: Larder, runner: TaskRunner) -> None:
        super().__init__(
            larder,
            runner,
            title="Shopping list",
            subtitle="What you want besides the plan's picks. Build cart buys every entry not ticked off.",
            action="Print…",
            action_icon="receipt",
        )
        assert self.header.primary is not None
        self.header.primary.setToolTip("Print the list (also Ctrl+P)")
        self.header.primary.setAccessibleName("Print the shopping list")
        self.header.primary.clicked.connect(self.print_list)
        self.export_button = QPushButton("Export")
        self.export_button.setIcon(icons.icon("download", COLORS["text"], size=16))
        self.export_button.setToolTip("Save the list as CSV, Markdown, text, JSON or PDF")
        self.export_button.setAccessibleName("Export the shopping list")
        menu = QMenu(self.export_button)
        for fmt, name in EXPORT_FORMATS:
            action = menu.addAction(name)
            action.setData(fmt)
        menu.triggered.connect(self._on_export_triggered)
        self.export_button.setMenu(menu)
        self.header.add_secondary(self.export_button)
        self.progress = TaskProgress()
        self.body.addWidget(self.progress)

        adding = QHBoxLayout()
        adding.setSpacing(SPACING)
        self.name_box = QLineEdit()
        self.name_box.setPlaceholderText("Add to the list: oat milk, eggs, birthday candles…")
        self.name_box.setClearButtonEnabled(True)
        self.name_box.setAccessibleName("Entry name")
        self.name_box.setToolTip("An ingredient (completion) or any text; Enter adds it")
        self.name_box.setCompleter(name_completer(sorted({i.name for i in larder.ingredients("")}), self))
        self.name_box.returnPressed.connect(self.add_typed)
        self.quantity_box = AmountBox()
        self.quantity_box.setRange(0.1, 99999)
        self.quantity_box.setDecimals(1)
        self.quantity_box.setValue(1)
        self.quantity_box.setAccessibleName("Quantity")
        self.unit_box = QComboBox()
        self.unit_box.addItem("default unit", None)
        for unit in LIST_UNITS:
            self.unit_box.addItem(unit, unit)
        self.unit_box.setAccessibleName("Unit")
        self.unit_box.setToolTip("The ingredient's own unit unless you choose one")
        self.add_button = QPushButton("Add")
        self.add_button.setProperty("primary", True)
        self.add_button.setIcon(icons.icon("check", "#ffffff", size=16))
        self.add_button.setToolTip("Add to the list (Enter)")
        self.add_button.clicked.connect(self.add_typed)
        adding.addWidget(self.name_box, 1)
        adding.addWidget(self.quantity_box)
        adding.addWidget(self.unit_box)
        adding.addWidget(self.add_button)

        card = Card("Your list")
        self.summary = QLabel()
        self.summary.setProperty("muted", True)
        card.header.addWidget(self.summary)
        card.body.addLayout(adding)
        self.list = ShoppingListWidget()
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.model().rowsMoved.connect(self._on_rows_moved)
        self.list.currentRowChanged.connect(self._update_buttons)
        self.empty = EmptyState(
            "cart", "Your list is empty", "Add what you need; the cart buys it with the plan's picks."
        )
        card.body.addWidget(self.list, 1)
        card.body.addWidget(self.empty, 1)
        tools = QHBoxLayout()
        tools.setSpacing(SPACING)
        self.up_button = self._tool("Move up", "Move the selected entry up (Alt+Up)", "Alt+Up", -1)
        self.down_button = self._tool("Move down", "Move the selected entry down (Alt+Down)", "Alt+Down", 1)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setIcon(icons.icon("close", COLORS["text"], size=16))
        self.remove_button.setToolTip("Remove the selected entry (Delete)")
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button = QPushButton("Clear ticked")
        self.clear_button.setToolTip("Remove every ticked entry (Ctrl+Shift+Delete)")
        self.clear_button.clicked.connect(self.clear_ticked)
        self.note = QLabel()
        self.note.setProperty("faint", True)
        tools.addWidget(self.up_button)
        tools.addWidget(self.down_button)
        tools.addWidget(self.remove_button)
        tools.addStretch(1)
        tools.addWidget(self.note)
        tools.addWidget(self.clear_button)
        card.body.addLayout(tools)
        self.body.addWidget(card, 1)
        for keys, slot in (
            ("Delete", self.remove_selected),
            ("Ctrl+Shift+Delete", self.clear_ticked),
            ("Ctrl+P", self.print_list),
        ):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        self.entries: tuple[EntryView, ...] = ()
        self._filling = False
        self.refresh()

    def _tool(self, text: str, tip: str, keys: str, steps: int) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setShortcut(QKeySequence(keys))
        button.clicked.connect(lambda: self.move_selected(steps))
        return button

    # --- showing ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.apply(self.load())

    def load(self) -> tuple[EntryView, ...]:
        """The entries, read in a worker after another page's write (desktop/refresh.py)."""
        return self.larder.shopping_list()

    def apply(self, loaded: object) -> None:
        if not isinstance(loaded, tuple):
            raise TypeError(f"not list entries: {loaded!r}")
        entries: tuple[EntryView, ...] = loaded
        selected = self.selected_entry()
        self.show_entries(entries, selected.id if selected else None)

    def show_entries(self, entries: tuple[EntryView, ...], select_id: int | None = None) -> None:
        self.entries = entries
        self._filling = True
        try:
            self.list.clear()
            for entry in entries:
                item = QListWidgetItem(entry.name)
                item.setData(ENTRY_ROLE, entry.id)
                item.setData(AMOUNT_ROLE, amount_text(entry))
                item.setData(FREE_TEXT_ROLE, entry.ingredient is None)
                flags = (
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsUserCheckable
                    | Qt.ItemFlag.ItemIsDragEnabled
                )
                item.setFlags(flags)
                item.setCheckState(Qt.CheckState.Checked if entry.checked else Qt.CheckState.Unchecked)
                tip = "A free-text entry (no product match)" if entry.ingredient is None else entry.name
                item.setToolTip(f"{tip}{' · ' + entry.note if entry.note else ''}")
                if entry.checked:
                    font = QFont(item.font())
                    font.setStrikeOut(True)
                    item.setFont(font)
                    item.setForeground(Qt.GlobalColor.gray)
                self.list.addItem(item)
                if entry.id == select_id:
                    self.list.setCurrentItem(item)
        finally:
            self._filling = False
        ticked = sum(1 for e in entries if e.checked)
        self.summary.setText(f"{len(entries) - ticked} to buy · {ticked} ticked" if entries else "")
        self.note.setText("Free text gets no product in the cart; it stays on the list.")
        self.note.setVisible(any(e.ingredient is None and not e.checked for e in entries))
        self.list.setVisible(bool(entries))
        self.empty.setVisible(not entries)
        self.clear_button.setEnabled(ticked > 0)
        self.export_button.setEnabled(bool(entries))
        assert self.header.primary is not None
        self.header.primary.setEnabled(bool(entries))
        self._update_buttons()

    @Slot()
    def _update_buttons(self, *_args: object) -> None:
        entry = self.selected_entry()
        for button in (self.up_button, self.down_button, self.remove_button):
            button.setEnabled(entry is not None)

    def selected_entry(self) -> EntryView | None:
        item = self.list.currentItem()
        if item is None:
            return None
        entry_id = item.data(ENTRY_ROLE)
        return next((e for e in self.entries if e.id == entry_id), None)

    def row_of(self, entry_id: int) -> int:
        return next(i for i, e in enumerate(self.entries) if e.id == entry_id)

    # --- changing the list (short SQLite writes through the Larder) -------------------------------

    def _write(self, what: str, call: Callable[[], object]) -> object | None:
        try:
            result = call()
        except UserError as exc:
            self.banner.show_message(f"{what}: {exc}", "warning")
            return None
        self.banner.hide()
        self.data_changed.emit()
        return result

    @Slot()
    def add_typed(self) -> EntryView | None:
        name = self.name_box.text().strip()
        if not name:
            self.name_box.setFocus()
            return None
        unit = self.unit_box.currentData()
        added = self._write(
            "Not added", partial(self.larder.add_to_list, name, self.quantity_box.value(), unit=unit)
        )
        if isinstance(added, EntryView):
            self.name_box.clear()
            self.quantity_box.setValue(1)
            self.unit_box.setCurrentIndex(0)
            self.show_entries(self.larder.shopping_list(), added.id)
            return added
        return None

    def set_checked(self, entry_id: int, checked: bool) -> None:
        self._write("Not changed", partial(self.larder.set_list_checked, entry_id, checked))
        self.show_entries(self.larder.shopping_list(), entry_id)

    @Slot(QListWidgetItem)
    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        entry_id = item.data(ENTRY_ROLE)
        checked = item.checkState() == Qt.CheckState.Checked
        entry = next((e for e in self.entries if e.id == entry_id), None)
        if entry is not None and entry.checked != checked:
            # Queued: the list widget is still inside its own handler for this item.

            QTimer.singleShot(0, self, partial(self.set_checked, entry_id, checked))

    def move_entry(self, entry_id: int, steps: int) -> None:
        moved = self._write("Not moved", partial(self.larder.move_list_entry, entry_id, steps))
        self.show_entries(moved if isinstance(moved, tuple) else self.larder.shopping_list(), entry_id)

    def move_selected(self, steps: int) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.move_entry(entry.id, steps)

    @Slot(QModelIndex, int, int, QModelIndex, int)
    def _on_rows_moved(
        self, _parent: QModelIndex, start: int, _end: int, _dest: QModelIndex, row: int
    ) -> None:
        """A drag moved row `start` to before `row` (Qt's numbering, counted before the move)."""
        if self._filling or not 0 <= start < len(self.entries):
            return
        entry_id = self.entries[start].id
        steps = row - start - (1 if row > start else 0)

        QTimer.singleShot(0, self, partial(self.move_entry, entry_id, steps))

    @Slot()
    def remove_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        row = self.row_of(entry.id)
        self._write("Not removed", partial(self.larder.remove_from_list, entry.id))
        entries = self.larder.shopping_list()
        after = entries[min(row, len(entries) - 1)].id if entries else None
        self.show_entries(entries, after)

    @Slot()
    def clear_ticked(self) -> None:
        cleared = self._write("Not cleared", partial(self.larder.clear_checked))
        self.show_entries(self.larder.shopping_list())
        if isinstance(cleared, int):
            self.banner.show_message(
                f"Cleared {cleared} ticked {'entry' if cleared == 1 else 'entries'}.", "success"
            )

    # --- export and print ---------------------------------------------------------------------------

    def list_ref(self) -> str | None:
        return f"list:{self.entries[0].list_id}" if self.entries else None

    @Slot(QAction)
    def _on_export_triggered(self, action: QAction) -> None:
        self.export_list(str(action.data()))

    def export_list(self, fmt: str, destination: Path | None = None) -> Task | None:
        """Exports the list in the background; asks where unless `destination` is given."""
        ref = self.list_ref()
        if ref is None or self.progress.task is not None:
            return None
        if destination is None:
            default = self.larder.home().exports / f"larder-shopping-list.{fmt}"
            chosen, _ = QFileDialog.getSaveFileName(self, "Export shopping list", str(default))
            if not chosen:
                return None
            destination = Path(chosen)
        target = destination

        def work(*, on_progress: ProgressFn, cancel: CancelToken) -> ExportResult:
            return self.larder.export(ref, fmt, target)

        task = self.runner.prepare("Export shopping list", work, pool="io")
        task.signals.succeeded.connect(self._on_exported)
        task.signals.failed.connect(self.report_failure)
        self.progress.track(task, f"Exporting the list to {destination.name}…", cancellable=False)
        self.runner.start(task)
        return task

    @Slot(object)
    def _on_exported(self, result: object) -> None:
        if isinstance(result, ExportResult):
            self.banner.show_message(f"Exported {result.lines} entries to {result.path}", "success")

    def print_document(self) -> QTextDocument | None:
        """The list as the printer gets it (the Markdown export, so print and file say the same)."""
        ref = self.list_ref()
        if ref is None:
            return None
        document = QTextDocument(self)
        document.setMarkdown(self.larder.export(ref, "md").data.decode("utf-8"))
        return document

    def print_to(self, printer: QPagedPaintDevice) -> bool:
        """Print the list on `printer` (the dialog's choice, or a PDF QPrinter in the tests); False when
        there is nothing to print."""
        document = self.print_document()
        if document is None:
            return False
        document.print_(printer)
        return True

    @Slot()
    def print_list(self) -> None:
        # QtPrintSupport loads only when the user prints: it is not needed to open the window.
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if self.list_ref() is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print shopping list")
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)
