"""Pick nutrients for an item of the user's own: search the SR28 foods Larder ships and choose the one
it is most like ("grandma's plum jam" is "Jams and preserves", "kimchi" is "Cabbage, kimchi"); nutrition
counts it as that food, so many grams a piece.

Larder's own ingredients come first (marked "Larder", counted by their usual package), then any of
SR28's 8,790 foods (marked "SR28", with their food group). Own items are counted in pieces, so the
dialog asks what one piece weighs, starting from the food's default (Larder's package, else SR28's
largest household portion). The search is the front door's (an index in memory: a few milliseconds,
so it answers while the user types)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from agents.app import FoodMatch
from desktop.theme import SPACING, color

SEARCH_DELAY_MS = 120  # wait for a pause in typing before searching again
FOOD_ROLE = Qt.ItemDataRole.UserRole + 1
MATCH_ROLE = Qt.ItemDataRole.UserRole + 2
MAX_PIECE_G = 20_000.0  # the front door refuses more (a typing slip, not a jar)

Search = Callable[[str], Sequence[FoodMatch]]


def nutrients_text(food: FoodMatch) -> str:
    n = food.per_100g
    return (
        f"{n.get('energy_kcal', 0):.0f} kcal · protein {n.get('protein_g', 0):.1f} g · "
        f"fat {n.get('fat_g', 0):.1f} g · carbs {n.get('carbs_g', 0):.1f} g per 100 g"
    )


# SR28's long food-group names, said shortly where a row has little room.
SHORT_GROUPS = {
    "Vegetables and Vegetable Products": "Vegetables",
    "Fruits and Fruit Juices": "Fruits and juices",
    "Legumes and Legume Products": "Legumes",
    "Finfish and Shellfish Products": "Fish and shellfish",
    "Nut and Seed Products": "Nuts and seeds",
    "Dairy and Egg Products": "Dairy and eggs",
    "Lamb, Veal, and Game Products": "Lamb, veal and game",
    "Soups, Sauces, and Gravies": "Soups and sauces",
    "Sausages and Luncheon Meats": "Sausages and cold cuts",
    "Meals, Entrees, and Side Dishes": "Meals and side dishes",
    "American Indian/Alaska Native Foods": "American Indian/Alaska Native",
}


def short_group(group: str) -> str:
    return SHORT_GROUPS.get(group) or group.removesuffix(" Products")


def source_text(food: FoodMatch) -> str:
    """Where the food comes from, in words: "Larder ingredient" or "SR28 food", and its group."""
    kind = "Larder ingredient" if food.in_larder else "SR28 food"
    return f"{kind} · {short_group(food.food_group)}" if food.food_group else kind


def food_line(food: FoodMatch) -> str:
    """The row as plain text (what a screen reader says; the delegate draws it with more care)."""
    return f"{food.name}\n{source_text(food)} · {nutrients_text(food)}"


def piece_note(food: FoodMatch) -> str:
    """Where the default weight of a piece comes from."""
    if food.piece_source == "larder_package":
        return f"Larder's usual package: {food.piece_note}"
    if food.piece_source == "sr28_portion":
        return f"SR28's largest household portion: {food.piece_note}"
    return "SR28 lists no portion for this food: 100 g"


class FoodDelegate(QStyledItemDelegate):
    """A result row: the food's name and a "Larder" or "SR28" tag, then its group and nutrients."""

    PAD = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        line = QFontMetrics(option.font).height()
        return QSize(200, 2 * line + 2 * self.PAD + 2)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        food = index.data(MATCH_ROLE)
        if not isinstance(food, FoodMatch):
            super().paint(painter, option, index)
            return
        painter.save()
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text = option.palette.highlightedText().color() if selected else color("text")
        muted = text if selected else color("muted")
        rect = option.rect.adjusted(self.PAD + 2, self.PAD, -self.PAD - 2, -self.PAD)
        line = QFontMetrics(option.font).height()
        # The tag, right-aligned on the first line.
        tag_font = QFont(option.font)
        tag_font.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.85))
        tag_font.setBold(True)
        tag = "Larder" if food.in_larder else "SR28"
        tag_metrics = QFontMetrics(tag_font)
        tag_w = tag_metrics.horizontalAdvance(tag) + 14
        tag_rect = QRect(rect.right() - tag_w, rect.top() + 1, tag_w, line - 2)
        fill = QColor(color("accent") if food.in_larder else color("neutral_soft"))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(tag_rect, tag_rect.height() / 2, tag_rect.height() / 2)
        painter.setFont(tag_font)
        painter.setPen(color("on_accent") if food.in_larder else color("muted"))
        painter.drawText(tag_rect, Qt.AlignmentFlag.AlignCenter, tag)
        # The name, bold, elided before the tag.
        name_font = QFont(option.font)
        name_font.setBold(True)
        painter.setFont(name_font)
        painter.setPen(text)
        name_rect = QRect(rect.left(), rect.top(), rect.width() - tag_w - SPACING, line)
        name = QFontMetrics(name_font).elidedText(food.name, Qt.TextElideMode.ElideRight, name_rect.width())
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        # The group and nutrients, muted.
        painter.setFont(option.font)
        painter.setPen(muted)
        detail_rect = QRect(rect.left(), rect.top() + line + 2, rect.width(), line)
        group = short_group(food.food_group) or ("Larder ingredient" if food.in_larder else "SR28 food")
        detail = QFontMetrics(option.font).elidedText(
            f"{group} · {nutrients_text(food)}", Qt.TextElideMode.ElideRight, detail_rect.width()
        )
        painter.drawText(detail_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, detail)
        painter.restore()


class FoodPicker(QDialog):
    # the own item's name, the food's id (SR28 NDB number), grams a piece (None: the food's default)
    picked = Signal(str, str, object)

    def __init__(self, name: str, search: Search, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._search = search
        self._default_g: float | None = None
        self.setWindowTitle("Pick nutrients")
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING)
        intro = QLabel(
            f"Larder does not know <b>{name}</b>. Choose the food it is most like: Larder's ingredients "
            "first, then any of the 8,790 foods of USDA SR28. Its nutrients (per 100 g) then count for "
            "it in your plans."
        )
        intro.setWordWrap(True)
        self.query = QLineEdit()
        self.query.setPlaceholderText("Search foods: e.g. kimchi, pickles, beer, jam")
        self.query.setClearButtonEnabled(True)
        self.query.setAccessibleName("Search SR28 foods")
        self.results = QListWidget()
        self.results.setAccessibleName("Matching foods")
        self.results.setMinimumHeight(300)
        self.results.setItemDelegate(FoodDelegate(self.results))
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setUniformItemSizes(True)
        self.note = QLabel()
        self.note.setProperty("muted", True)

        self.piece_label = QLabel("One piece weighs")
        self.piece = QDoubleSpinBox()
        self.piece.setRange(1.0, MAX_PIECE_G)
        self.piece.setDecimals(0)
        self.piece.setSingleStep(10.0)
        self.piece.setSuffix(" g")
        self.piece.setAccessibleName("Grams of one piece")
        self.piece.setToolTip(
            "Your own items are counted in pieces (a jar, a bottle, a pack): what one weighs, edible part"
        )
        self.piece_label.setBuddy(self.piece)
        self.piece_note = QLabel()
        self.piece_note.setProperty("muted", True)
        self.piece_note.setWordWrap(True)
        piece_row = QHBoxLayout()
        piece_row.setSpacing(SPACING)
        piece_row.addWidget(self.piece_label)
        piece_row.addWidget(self.piece)
        piece_row.addWidget(self.piece_note, 1)

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
        layout.addLayout(piece_row)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.query.textChanged.connect(lambda _text: self._timer.start())
        self.results.currentItemChanged.connect(lambda current, _previous: self._on_current(current))
        self.piece.valueChanged.connect(lambda _value: self._show_piece_note())
        self.results.itemDoubleClicked.connect(lambda _item: self._on_accept())
        self._on_current(None)
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
            item.setData(MATCH_ROLE, food)
            item.setToolTip(f"SR28 {food.id}: {food.name}\n{source_text(food)}\n{nutrients_text(food)}")
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
        self.note.setText(
            self._count_text(found) if found else f"No food matches {text!r}; try a shorter word."
        )

    @staticmethod
    def _count_text(found: Sequence[FoodMatch]) -> str:
        larder = sum(1 for f in found if f.in_larder)
        foods = f"{len(found)} food{'s' if len(found) != 1 else ''}"
        if not larder:
            return f"{foods} from SR28"
        ingredients = f"{larder} of Larder's ingredient{'s' if larder != 1 else ''}"
        return f"{foods}: {ingredients} first, then {len(found) - larder} more from SR28"

    def chosen_food(self) -> FoodMatch | None:
        item = self.results.currentItem()
        food = item.data(MATCH_ROLE) if item is not None else None
        return food if isinstance(food, FoodMatch) else None

    def chosen(self) -> str | None:
        food = self.chosen_food()
        return food.id if food is not None else None

    def chosen_grams(self) -> float | None:
        """The grams of one piece the user set; None while it is the food's default."""
        if self._default_g is None or round(self.piece.value()) == round(self._default_g):
            return None
        return float(self.piece.value())

    def _on_current(self, current: QListWidgetItem | None) -> None:
        food = self.chosen_food() if current is not None else None
        self.ok_button.setEnabled(food is not None)
        for widget in (self.piece_label, self.piece):
            widget.setEnabled(food is not None)
        if food is None:
            self._default_g = None
            self.piece_note.setText("Choose a food first.")
            return
        self._default_g = food.piece_g
        self.piece.blockSignals(True)
        self.piece.setValue(food.piece_g)
        self.piece.blockSignals(False)
        self._show_piece_note()

    def _show_piece_note(self) -> None:
        food = self.chosen_food()
        if food is None:
            return
        if self.chosen_grams() is None:
            self.piece_note.setText(piece_note(food))
        else:
            self.piece_note.setText(f"Your weight; the default is {food.piece_g:g} g ({piece_note(food)})")

    @Slot()
    def _on_accept(self) -> None:
        food_id = self.chosen()
        if food_id is None:
            return
        self.picked.emit(self.name, food_id, self.chosen_grams())
        self.accept()
