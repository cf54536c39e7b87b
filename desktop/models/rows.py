"""The table-model plumbing every list of frozen rows shares: reset on new rows, counts, headers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the whole row object, for views and tests

R = TypeVar("R")


class RowsTableModel(QAbstractTableModel, Generic[R]):
    """Subclasses name their `headers` and implement data(); rows are replaced whole, never edited."""

    headers: tuple[str, ...] = ()

    def __init__(self, rows: Sequence[R] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = list(rows)

    @property
    def rows(self) -> tuple[R, ...]:
        return tuple(self._rows)

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def _row(self, index: Index) -> R | None:
        """The row behind a valid index of this model, else None."""
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        return self._rows[index.row()]
