"""In-place editors of the Inventory table: the name with completion over the ingredient reference,
quantity with its unit, and the best-before date. The editors only keep values in range; whether a
name is an ingredient is the Larder's to say (an unknown one comes back as a clear error)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import partial

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QStringListModel,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.models.inventory_model import Column

Index = QModelIndex | QPersistentModelIndex
UNITS = (("piece", "pc"), ("g", "g"), ("ml", "ml"))  # what inventory quantities are counted in
MAX_QUANTITY = 1_000_000
# A best-before date is a day; stored as that day's end in local time, like the agents' estimates.
BEST_BEFORE_TIME = time(23, 0)


def name_completer(
    names: list[str], parent: QObject | None = None, completer: QCompleter | None = None
) -> QCompleter:
    """Case-insensitive, matching anywhere in the name ("yog" finds "Greek yogurt, plain")."""
    completer = completer if completer is not None else QCompleter(parent)
    completer.setModel(QStringListModel(names, completer))  # owned by the completer, not collected
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setMaxVisibleItems(12)
    return completer


class QuantityEditor(QWidget):
    """A number and its unit side by side, edited as one value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.number = QDoubleSpinBox()
        self.number.setRange(0, MAX_QUANTITY)
        self.number.setDecimals(1)
        self.number.setToolTip("0 marks the item used up")
        self.unit = QComboBox()
        for unit, label in UNITS:
            self.unit.addItem(label, unit)
        layout.addWidget(self.number, 1)
        layout.addWidget(self.unit)
        self.setFocusProxy(self.number)

    def value(self) -> tuple[float, str]:
        return self.number.value(), str(self.unit.currentData())

    def set_value(self, quantity: float, unit: str) -> None:
        self.number.setValue(quantity)
        found = self.unit.findData(unit)
        if found < 0:  # a unit from elsewhere (an import) stays choosable
            self.unit.addItem(unit, unit)
            found = self.unit.count() - 1
        self.unit.setCurrentIndex(found)


class InventoryItemDelegate(QStyledItemDelegate):
    def __init__(self, ingredient_names: list[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names = ingredient_names

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        column = Column(index.column())
        if column is Column.INGREDIENT:
            edit = QLineEdit(parent)
            completer = name_completer(self._names, edit)
            edit.setCompleter(completer)
            edit.setPlaceholderText("ingredient")
            # Picking a completion is the answer: commit it at once rather than wait for a second Enter.
            completer.activated.connect(partial(self._commit, edit))
            return edit
        if column is Column.QUANTITY:
            return QuantityEditor(parent)
        if column is Column.EXPIRES:
            dates = QDateEdit(parent)
            dates.setCalendarPopup(True)
            dates.setDisplayFormat("dd MMM yyyy")
            dates.setMinimumDate(QDate.currentDate().addYears(-1))
            dates.setMaximumDate(QDate.currentDate().addYears(10))
            return dates
        return super().createEditor(parent, option, index)

    def _commit(self, editor: QWidget, _text: str = "") -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        rect = QRect(option.rect)
        if isinstance(editor, QuantityEditor):
            rect.setWidth(max(rect.width(), editor.sizeHint().width()))
        editor.setGeometry(rect)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QLineEdit) and isinstance(value, str):
            editor.setText(value)
            editor.selectAll()
        elif isinstance(editor, QuantityEditor) and isinstance(value, tuple):
            editor.set_value(float(value[0]), str(value[1]))
        elif isinstance(editor, QDateEdit):
            day = value.astimezone().date() if isinstance(value, datetime) else date.today()
            editor.setDate(QDate(day.year, day.month, day.day))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QuantityEditor):
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QDateEdit):
            qdate = editor.date()
            picked = date(qdate.year(), qdate.month(), qdate.day())
            current = index.data(Qt.ItemDataRole.EditRole)
            if isinstance(current, datetime) and current.astimezone().date() == picked:
                return  # the same day: keep the estimate's own time
            local = datetime.combine(picked, BEST_BEFORE_TIME)
            model.setData(index, local.astimezone().astimezone(UTC), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)
