"""The detected ingredients of one photo, grouped by ingredient: "Eggs × 6", best confidence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from agents.app import BoxView
from desktop.theme import category_color

Index = QModelIndex | QPersistentModelIndex
BOXES_ROLE = Qt.ItemDataRole.UserRole + 3
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class DetectedGroup:
    name: str
    ingredient_id: str | None
    category: str
    count: int
    best_confidence: float
    box_indices: tuple[int, ...]


def group_boxes(boxes: Sequence[BoxView]) -> list[DetectedGroup]:
    groups: dict[str, list[int]] = {}
    for index, box in enumerate(boxes):
        groups.setdefault(box.ingredient_id or f"?{box.label}", []).append(index)
    result = []
    for indices in groups.values():
        first = boxes[indices[0]]
        result.append(
            DetectedGroup(
                name=first.name,
                ingredient_id=first.ingredient_id,
                category=first.category,
                count=len(indices),
                best_confidence=max(boxes[i].confidence for i in indices),
                box_indices=tuple(indices),
            )
        )
    return sorted(result, key=lambda g: (-g.best_confidence, g.name))


class DetectedItemsModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[DetectedGroup] = []

    def set_boxes(self, boxes: Sequence[BoxView]) -> None:
        self.beginResetModel()
        self._groups = group_boxes(boxes)
        self.endResetModel()

    def group_at(self, row: int) -> DetectedGroup:
        return self._groups[row]

    def row_for_box(self, box_index: int) -> int:
        for row, group in enumerate(self._groups):
            if box_index in group.box_indices:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._groups)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._groups)):
            return None
        group = self._groups[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            name = group.name.split(",")[0]
            count = f"  × {group.count}" if group.count > 1 else ""
            return f"{name}{count}    {group.best_confidence:.2f}"
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(category_color(group.category))
        if role == Qt.ItemDataRole.ToolTipRole:
            known = group.ingredient_id or "no matching ingredient: map it by hand"
            return f"{group.name} ({known}); best confidence {group.best_confidence:.2f}"
        if role == GROUP_ROLE:
            return group
        if role == BOXES_ROLE:
            return list(group.box_indices)
        return None
