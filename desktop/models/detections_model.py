"""The detections of one reviewed photo, one row each: questions ("What is this?") first, then what the
model found by confidence, rejected ones last."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from agents.app import DetectionView, Larder
from desktop.theme import category_color

Index = QModelIndex | QPersistentModelIndex
DETECTION_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3
STATUS_WORDS = {
    "confirmed": "kept by you",
    "relabelled": "named by you",
    "added": "drawn by you",
    "rejected": "rejected",
    "unnamed": "unnamed: what is this?",
}
SOURCE_WORDS = {
    "model": "the model",
    "parent": "the model (general class: the fine one was unsure)",
    "memory": "what you taught Larder",
    "container": "a container the model has no name for",
    "suggestion": "the model's guess, too unsure to count",
    "user": "you",
}


def guess_name(det: DetectionView) -> str:
    """An unnamed suggestion's guess in short ("Tomato"), "" for anything else."""
    return (det.guess_name or "").split(",")[0] if det.status == "unnamed" else ""


def display_name(det: DetectionView) -> str:
    if det.status == "unnamed":
        guess = guess_name(det)
        return f"{guess}?" if guess else "What is this?"
    return (det.name or det.label).split(",")[0]


def describe(det: DetectionView) -> str:
    """One line for the row's tooltip and the editor: status, confidence, where it came from."""
    state = STATUS_WORDS.get(det.status, "unsure" if det.unsure else "detected")
    return f"{state.capitalize()} · confidence {det.confidence:.2f} · from {SOURCE_WORDS.get(det.source, det.source)}"


def _order(det: DetectionView) -> tuple[int, float]:
    rank = 0 if det.status == "unnamed" else 2 if det.status == "rejected" else 1
    return rank, -det.confidence


def kinds(detections: Sequence[DetectionView]) -> int:
    """Distinct things the photo says are in the fridge (not rejected, not unnamed)."""
    return len({d.ingredient or d.name for d in detections if d.status not in ("rejected", "unnamed")})


class DetectedItemsModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DetectionView] = []

    def set_detections(self, detections: Sequence[DetectionView]) -> None:
        self.beginResetModel()
        self._rows = sorted(detections, key=_order)
        self.endResetModel()

    def detection_at(self, row: int) -> DetectionView:
        return self._rows[row]

    def row_for_id(self, det_id: int) -> int:
        for row, det in enumerate(self._rows):
            if det.id == det_id:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        det = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            count = f" × {det.count}" if det.count > 1 else ""
            return f"{display_name(det)}{count}"
        if role == Qt.ItemDataRole.DecorationRole:
            return category_color(Larder.category(det.ingredient))
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{det.name or det.label}\n{describe(det)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{display_name(det)}, {describe(det)}"
        if role == DETECTION_ROLE:
            return det
        if role == ID_ROLE:
            return det.id
        return None
