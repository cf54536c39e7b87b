"""Accessible names for controls a page left unnamed, so a screen reader never says just "button".

Pages name their controls themselves (setAccessibleName, or a label with setBuddy); this fills the
gaps from what a sighted user reads near the control: its tooltip, its placeholder, the title of the
card it sits in. Parts Qt draws for another control (a table's header, a combo box's popup, a line
edit's clear button) speak through their owner and are left alone."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QWidget,
)

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)
KIND = {QAbstractItemView: "list", QLineEdit: "field", QComboBox: "choice", QAbstractButton: "button"}


def is_part_of_another_control(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    return (
        widget.window() is not root.window()  # a popup (combo box list, completer)
        or isinstance(widget, QHeaderView)
        or widget.objectName() == "qt_tableview_cornerbutton"
        or isinstance(parent, (QAbstractSpinBox, QComboBox, QLineEdit))
    )


def spoken_name(widget: QWidget) -> str:
    """What assistive technology reads: the accessible name, else Qt's own (text, buddy label)."""
    if widget.accessibleName():
        return widget.accessibleName()
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def _card_title(widget: QWidget) -> str:
    """The title of the card around `widget`, else of the page (its header's PageTitle)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QFrame) and parent.objectName() == "Card":
            title = parent.findChild(QLabel, "CardTitle")
            if title is not None and title.text():
                return title.text()
        page_title = parent.findChild(QLabel, "PageTitle")
        if page_title is not None and page_title.text():
            return page_title.text()
        parent = parent.parentWidget()
    return ""


def _fallback(widget: QWidget) -> str:
    tip = widget.toolTip().split(" (")[0].strip()
    if tip:
        return tip
    if isinstance(widget, QLineEdit) and widget.placeholderText():
        return widget.placeholderText()
    title = _card_title(widget)
    if title:
        kind = next((word for cls, word in KIND.items() if isinstance(widget, cls)), "control")
        return f"{title} {kind}"
    return ""


def unnamed_controls(root: QWidget) -> list[QWidget]:
    return [
        w
        for w in root.findChildren(QWidget)
        if isinstance(w, INTERACTIVE)
        and not is_part_of_another_control(w, root)
        and not spoken_name(w).strip()
    ]


def name_unnamed_controls(root: QWidget) -> int:
    """Give each unnamed control of `root` a name from its surroundings; returns how many were named."""
    named = 0
    for widget in unnamed_controls(root):
        name = _fallback(widget)
        if name:
            widget.setAccessibleName(name)
            named += 1
    return named
