"""Pick nutrients for an item of the user's own: search the SR28 foods Larder ships and choose the one
it is most like ("grandma's plum jam" is "Jams and preserves"); nutrition counts it as that food.

The search is the front door's (a few hundred rows in memory: it answers while the user types)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agents.app import FoodMatch
from desktop.theme import SPACING

SEARCH_DELAY_MS = 120  # wait for a pause in typing before searching again
FOOD_ROLE = Qt.ItemDataRole.UserRole + 1

Search = Callable[[str], Sequence[FoodMatch]]


def food_line(food: FoodMatch) -> str:
    n = food.per_100g
    return (
        f"{food.name}\n{n.get('energy_kcal', 0):.0f} kcal · protein {n.get('protein_g', 0):.1f} g · "
        f"fat {n.get('fat_g', 0):.1f} g · carbs {n.get('carbs_g', 0):.1f} g per 100 g"
    )


class FoodPicker(QDialog):
    picked = Signal(str, str)  # the own item's name, the food's id (SR28 NDB number)

    def __init__(self, name: str, search: Search, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._search = search
        self.setWindowTitle("Pick nutrients")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING)
        intro = QLabel(
            f"Larder does not know <b>{name}</b>. Choose the food it is most like; its nutrients "
            "(USDA SR28, per 100 g) then count for it in your plans."
        )
        intro.setWordWrap(True)
        self.query = QLineEdit()
        self.query.setPlaceholderText("Search foods: e.g. lentils, jam, curry")
        self.query.setClearButtonEnabled(True)
        self.query.setAccessibleName("Search SR28 foods")
        self.results = QListWidget()
        self.results.setAccessibleName("Matching foods")
        self.results.setMinimumHeight(260)
        self.results.setWordWrap(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setSpacing(2)
        self.note = QLabel()
        self.note.setProperty("muted", True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Use this food")
        for button in self.buttons.buttons():
            button.setIcon(QIcon())  # the platform's stock icons clash with the app's own
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self._on_accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(intro)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.query.textChanged.connect(lambda _text: self._timer.start())
        self.results.currentItemChanged.connect(
            lambda current, _previous: self.ok_button.setEnabled(current is not None)
        )
        self.results.itemDoubleClicked.connect(lambda _item: self._on_accept())
        self.query.setText(self._first_guess(name))
        self.search_now()

    def _first_guess(self, name: str) -> str:
        """The longest word of the item's name that finds a food: "grandma's lentil stew" -> lentil."""
        words = sorted({w.strip(".,;:!?()") for w in name.replace("'s", " ").split()}, key=len, reverse=True)
        return next((w for w in words if len(w) > 2 and self._search(w)), "")

    @Slot()
    def search_now(self) -> None:
        self._timer.stop()
        text = self.query.text().strip()
        self.results.clear()
        if not text:
            self.note.setText("Type part of a food's name.")
            return
        found = self._search(text)
        for food in found:
            item = QListWidgetItem(food_line(food))
            item.setData(FOOD_ROLE, food.id)
            item.setToolTip(f"SR28 {food.id}: {food.name}")
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
        self.note.setText(
            f"{len(found)} food{'s' if len(found) != 1 else ''} from Larder's SR28 table"
            if found
            else f"No food matches {text!r}; try a more general word."
        )

    def chosen(self) -> str | None:
        item = self.results.currentItem()
        return str(item.data(FOOD_ROLE)) if item is not None else None

    @Slot()
    def _on_accept(self) -> None:
        food_id = self.chosen()
        if food_id is None:
            return
        self.picked.emit(self.name, food_id)
        self.accept()
