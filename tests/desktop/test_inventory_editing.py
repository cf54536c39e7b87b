"""The Inventory page as a place to change things: edits in the table, add by what a person types,
remove several, and undo/redo of each (keys and the toast's Undo), every change made by the Larder."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QLineEdit

from desktop.models.inventory_model import Column
from desktop.widgets.inventory_delegate import QuantityEditor


def _proxy_row(page, item_id: int) -> int:
    for row in range(page.proxy.rowCount()):
        if page.model.row_at(page.proxy.mapToSource(page.proxy.index(row, 0)).row()).id == item_id:
            return row
    raise AssertionError(f"item {item_id} is not shown")


def _open_editor(page, qtbot, item_id: int, column: Column, kind):
    index = page.proxy.index(_proxy_row(page, item_id), column)
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    editor = page.table.viewport().findChild(kind)
    assert editor is not None, f"no {kind.__name__} opened"
    return editor


def _stored(larder, item_id: int):
    return next((r for r in larder.inventory(include_gone=True) if r.id == item_id), None)


def test_editing_a_quantity_in_place_is_saved_and_undone_and_redone(real_larder, make_main_window, qtbot):
    window = make_main_window(real_larder)
    window.show()
    window.show_page("inventory")
    page = window.inventory
    item = real_larder.inventory()[0]
    editor = _open_editor(page, qtbot, item.id, Column.QUANTITY, QuantityEditor)
    assert editor.value() == (item.quantity, item.unit)
    editor.number.setValue(item.quantity + 3)
    qtbot.keyClick(editor.number, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _stored(real_larder, item.id).quantity == item.quantity + 3, timeout=3000)
    assert page.toast.isVisibleTo(page) and "\u2192" in page.toast.text.text()
    shown = page.model.row_at(page.proxy.mapToSource(page.proxy.index(_proxy_row(page, item.id), 0)).row())
    assert shown.quantity == item.quantity + 3
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _stored(real_larder, item.id).quantity == item.quantity
    qtbot.keyClick(
        page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert _stored(real_larder, item.id).quantity == item.quantity + 3
    kinds = [e.kind for e in real_larder.inventory_history() if e.item_id == item.id]
    assert kinds[:3] == ["edited", "edited", "edited"]  # each undo and redo is a recorded write


def test_a_name_that_is_no_ingredient_is_refused_and_nothing_changes(real_larder, make_main_window, qtbot):
    page = make_main_window(real_larder).inventory
    item = real_larder.inventory()[0]
    editor = _open_editor(page, qtbot, item.id, Column.INGREDIENT, QLineEdit)
    editor.setText("flibbertigibbet")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.banner.isVisibleTo(page), timeout=3000)
    assert page.banner.kind == "warning" and "flibbertigibbet" in page.banner.text.text()
    assert _stored(real_larder, item.id) == item and page.undo_stack.count() == 0


def test_renaming_to_another_ingredient_and_moving_the_best_before(real_larder, make_main_window, qtbot):
    page = make_main_window(real_larder).inventory
    item = real_larder.inventory()[0]
    editor = _open_editor(page, qtbot, item.id, Column.INGREDIENT, QLineEdit)
    editor.setText("butter")
    editor.completer().popup().hide()  # typed in full; no completion picked
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next turn of the event loop
    qtbot.waitUntil(lambda: page.undo_stack.count() == 1, timeout=3000)
    renamed = _stored(real_larder, item.id)
    assert renamed.ingredient_id != item.ingredient_id and "butter" in renamed.name.lower()
    assert "is now" in page.toast.text.text()
    dates = _open_editor(page, qtbot, item.id, Column.EXPIRES, QDateEdit)
    later = (renamed.expires_at or item.added_at).astimezone().date() + timedelta(days=4)
    dates.setDate(QDate(later.year, later.month, later.day))
    qtbot.keyClick(dates, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.undo_stack.count() == 2, timeout=3000)
    moved = _stored(real_larder, item.id)
    assert moved.expires_at is not None and moved.expires_at.astimezone().date() == later
    page.undo_stack.undo()
    page.undo_stack.undo()
    back = _stored(real_larder, item.id)
    assert (back.ingredient_id, back.expires_at) == (item.ingredient_id, item.expires_at)


def test_adding_what_a_person_types_and_undoing_it_from_the_toast(larder, make_main_window, qtbot):
    page = make_main_window(larder).inventory
    assert page.stack.currentWidget() is page.empty
    page.add_box.setText("6 eggs")
    qtbot.keyClick(page.add_box, Qt.Key.Key_Return)
    rows = larder.inventory()
    assert [(r.ingredient_id, r.quantity, r.unit) for r in rows] == [("egg", 6, "piece")]
    assert page.model.rowCount() == 1 and page.add_box.text() == ""
    assert page.toast.isVisibleTo(page) and page.toast.text.text().startswith("Added")
    qtbot.mouseClick(page.toast.undo_button, Qt.MouseButton.LeftButton)
    assert larder.inventory() == () and page.model.rowCount() == 0
    page.undo_stack.redo()
    assert [r.quantity for r in larder.inventory()] == [6]
    page.add_box.setText("3 flibbertigibbets")
    page.add_typed_item()
    assert page.banner.kind == "warning" and page.add_box.text() == "3 flibbertigibbets"  # kept to fix


def test_removing_several_items_is_one_undo(real_larder, make_main_window, qtbot):
    page = make_main_window(real_larder).inventory
    before = real_larder.inventory()
    page.table.selectRow(0)
    page.table.selectionModel().select(
        page.proxy.index(1, 0),
        page.table.selectionModel().SelectionFlag.Select | page.table.selectionModel().SelectionFlag.Rows,
    )
    chosen = page.selected_rows()
    assert len(chosen) == 2 and page.remove_button.isEnabled()
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert len(real_larder.inventory()) == len(before) - 2
    assert {r.id for r in chosen}.isdisjoint(r.id for r in page.model.rows)
    page.undo_stack.undo()
    assert real_larder.inventory() != () and {r.id for r in real_larder.inventory()} == {r.id for r in before}


def test_the_add_box_completes_the_name_after_an_amount(larder, make_main_window) -> None:
    page = make_main_window(larder).inventory
    completer = page.add_box.completer()
    assert completer.splitPath("6 gree") == ["gree"] and completer.splitPath("milk") == ["milk"]
    page.add_box.setText("500 g gree")
    completer.setCompletionPrefix("gree")
    assert completer.completionCount() > 0
    first = completer.completionModel().index(0, 0)
    assert (
        completer.pathFromIndex(first).startswith("500 g ")
        and "gree" in completer.pathFromIndex(first).lower()
    )


def test_selecting_an_item_shows_its_history_from_the_scan_on(
    real_larder, real_home, make_main_window, qtbot
):
    page = make_main_window(real_larder).inventory
    item = real_larder.inventory()[0]
    real_larder.edit_item(item.id, quantity=item.quantity + 1)
    page.refresh()
    page.table.selectRow(_proxy_row(page, item.id))
    qtbot.waitUntil(lambda: page.history.isVisibleTo(page), timeout=5000)  # read in a worker
    text = page.history.text()
    assert f"added by scan {real_home.scan_id}" in text and text.index("added") < text.index("edited")
    page.table.clearSelection()
    assert not page.history.isVisibleTo(page)
