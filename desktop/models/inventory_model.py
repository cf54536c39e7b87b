"""The inventory as a table: ingredient, quantity + unit, added, expires (red/amber), source.

Name, quantity + unit and best-before are editable in place. The model never changes its rows itself:
an edit becomes `edit_requested(item_id, ItemEdit)`, the page asks the Larder to make it (which
validates it) and sets the rows the Larder returns, so a refused edit leaves the table as it was."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from agents.app import EXPIRY_AMBER_DAYS, EXPIRY_RED_DAYS, InventoryRow
from desktop.models.rows import ROW_ROLE, Index, RowsTableModel
from desktop.theme import COLORS

SORT_ROLE = Qt.ItemDataRole.UserRole + 1

EDITABLE = frozenset({0, 1, 3})  # Column.INGREDIENT, QUANTITY, EXPIRES


@dataclass(frozen=True)
class ItemEdit:
    """One in-place correction of an item; None leaves that field as it is."""

    quantity: float | None = None
    unit: str | None = None
    expires_at: datetime | None = None
    ingredient: str | None = None  # a name, id or alias the Larder resolves


SOURCE_LABELS = {"detected": "Photo", "manual": "Manual", "import": "Import", "barcode": "Barcode"}


class Column(IntEnum):
    INGREDIENT = 0
    QUANTITY = 1
    ADDED = 2
    EXPIRES = 3
    SOURCE = 4


HEADERS = ("Ingredient", "Quantity", "Added", "Expires", "Source")  # in Column order


def format_quantity(quantity: float, unit: str) -> str:
    number = f"{quantity:g}" if quantity == int(quantity) else f"{quantity:.1f}"
    if unit == "piece":
        return f"{number} pc"
    return f"{number} {unit}"


def describe_expiry(expires_at: datetime | None, now: datetime) -> str:
    if expires_at is None:
        return "—"
    if expires_at < now:
        return "Expired"
    # Calendar days in local time, not 24-hour periods: milk that goes off at 9 tomorrow morning is
    # "Tomorrow" at 8 tonight although it is only 13 hours away.
    days = (expires_at.astimezone().date() - now.astimezone().date()).days
    if days == 0:
        return "Today"
    if days == 1:
        return "Tomorrow"
    if days < 14:
        return f"In {days} days"
    return expires_at.astimezone().strftime("%d %b")


def expiry_level(days_left: float | None) -> str:
    """'red' within 2 days (or past), 'amber' within 5, '' otherwise."""
    if days_left is None:
        return ""
    if days_left <= EXPIRY_RED_DAYS:
        return "red"
    if days_left <= EXPIRY_AMBER_DAYS:
        return "amber"
    return ""


class InventoryTableModel(RowsTableModel[InventoryRow]):
    headers = HEADERS
    edit_requested = Signal(int, object)  # item id, ItemEdit

    def __init__(
        self, rows: Sequence[InventoryRow] = (), parent: QObject | None = None, *, now: datetime | None = None
    ) -> None:
        super().__init__(rows, parent)
        self._now = now

    def now(self) -> datetime:
        return self._now or datetime.now(UTC)

    def row_of_id(self, item_id: int) -> int | None:
        """The model row of an item, by id (rows are replaced whole, so a row number does not last)."""
        return next((i for i, r in enumerate(self._rows) if r.id == item_id), None)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Asks for the edit (edit_requested); the rows change only when the Larder has made it."""
        item = self._row(index)
        if item is None or role != Qt.ItemDataRole.EditRole:
            return False
        column = Column(index.column())
        edit: ItemEdit | None = None
        if column is Column.INGREDIENT and isinstance(value, str) and value.strip():
            if value.strip() != item.name:
                edit = ItemEdit(ingredient=value.strip())
        elif column is Column.QUANTITY and isinstance(value, tuple) and len(value) == 2:
            quantity, unit = float(value[0]), str(value[1])
            if (quantity, unit) != (item.quantity, item.unit):
                edit = ItemEdit(quantity=quantity, unit=unit if unit != item.unit else None)
        elif column is Column.EXPIRES and isinstance(value, datetime) and value != item.expires_at:
            edit = ItemEdit(expires_at=value)
        if edit is None:
            return False
        self.edit_requested.emit(item.id, edit)
        return True

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self._row(index)
        if item is None:
            return None
        column = Column(index.column())
        now = self.now()
        days_left = item.days_left(now)
        if role == Qt.ItemDataRole.DisplayRole:
            if column is Column.INGREDIENT:
                return item.name
            if column is Column.QUANTITY:
                return format_quantity(item.quantity, item.unit)
            if column is Column.ADDED:
                return item.added_at.astimezone().strftime("%d %b %Y")
            if column is Column.EXPIRES:
                return describe_expiry(item.expires_at, now)
            return SOURCE_LABELS.get(item.source, item.source.capitalize())
        if role == SORT_ROLE:
            if column is Column.INGREDIENT:
                return item.name.lower()
            if column is Column.QUANTITY:
                return (item.unit, item.quantity)
            if column is Column.ADDED:
                return item.added_at.timestamp()
            if column is Column.EXPIRES:
                return days_left if days_left is not None else float("inf")
            return item.source
        if role == Qt.ItemDataRole.ForegroundRole and column is Column.EXPIRES:
            level = expiry_level(days_left)
            if level:
                return QBrush(QColor(COLORS["danger" if level == "red" else "warning"]))
        if role == Qt.ItemDataRole.BackgroundRole and column is Column.EXPIRES:
            level = expiry_level(days_left)
            if level:
                return QBrush(QColor(COLORS["danger_soft" if level == "red" else "warning_soft"]))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is Column.EXPIRES and item.expires_at is not None:
                return f"Best before {item.expires_at.astimezone().strftime('%a %d %b %Y, %H:%M')}"
            if column is Column.INGREDIENT:
                return item.ingredient_id or "not matched to a known ingredient"
        if role == Qt.ItemDataRole.TextAlignmentRole and column is Column.QUANTITY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.EditRole:
            if column is Column.INGREDIENT:
                return item.name
            if column is Column.QUANTITY:
                return (item.quantity, item.unit)
            if column is Column.EXPIRES:
                return item.expires_at
            return None
        if role == ROW_ROLE:
            return item
        return None


class InventoryFilterProxy(QSortFilterProxyModel):
    """Case-insensitive search over ingredient name, id and category; optional category filter."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._text = ""
        self._category = ""

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_category(self, category: str) -> None:
        self.beginFilterChange()
        self._category = category
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, InventoryTableModel):
            return True
        item = model.row_at(source_row)
        if self._category and item.category != self._category:
            return False
        if not self._text:
            return True
        haystack = " ".join((item.name, item.ingredient_id or "", item.category, item.source)).lower()
        return all(word in haystack for word in self._text.split())

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)
