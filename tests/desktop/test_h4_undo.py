"""The window's one undo stack: it belongs to the main window, so the history survives a theme switch
(which builds the pages again), and every Ctrl+Z waits for the corrections the Fridge page is still
writing, pressed on the Inventory page too (the correction goes on the stack when it lands: undoing at
once would undo the change before it)."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop import theme
from desktop.models.inventory_model import ItemEdit

CTRL = Qt.KeyboardModifier.ControlModifier


def _quantity(larder, item_id: int) -> float | None:
    return next((r.quantity for r in larder.inventory(include_gone=True) if r.id == item_id), None)


def test_ctrl_z_after_a_theme_switch_undoes_the_edit_made_before_it(larder, make_main_window, qtbot) -> None:
    item = larder.add_item_text("6 eggs")
    window = make_main_window(larder)
    window.show()
    window.show_page("inventory")
    page = window.inventory
    page.model.edit_requested.emit(item.id, ItemEdit(quantity=9))  # as the table's quantity editor does
    assert _quantity(larder, item.id) == 9
    try:
        window.set_theme("dark")
        qtbot.waitUntil(lambda: window.inventory is not page, timeout=5000)  # the pages were built again
        rebuilt = window.inventory
        assert rebuilt.undo_stack is window.undo_stack is window.fridge.undo_stack
        assert rebuilt.undo_stack.canUndo() and rebuilt.undo_button.isEnabled()
        rebuilt.table.setFocus()
        qtbot.keyClick(rebuilt.table, Qt.Key.Key_Z, CTRL)
        assert _quantity(larder, item.id) == 6
        # The new page shows it (the command reports to the page that exists now, not the deleted one).
        assert next(r.quantity for r in rebuilt.model.rows if r.id == item.id) == 6
        assert rebuilt.redo_button.isEnabled()
        qtbot.keyClick(rebuilt.table, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
        assert _quantity(larder, item.id) == 9
    finally:
        theme.apply_theme(QApplication.instance(), "light")


def test_ctrl_z_on_the_inventory_page_waits_for_a_correction_still_being_written(
    real_larder, make_main_window, qtbot, monkeypatch
) -> None:
    item = real_larder.add_item_text("500 g lentils")  # nothing the scan saw: a correction leaves it alone
    window = make_main_window(real_larder)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)  # shortcuts act in the active window
    fridge, page = window.fridge, window.inventory
    assert fridge.review is not None and fridge.review.reviews == 0
    live = [d for d in fridge.current_photo().detections if d.status == "detected"]
    assert item.ingredient_id not in {d.ingredient for d in live}
    window.show_page("inventory")
    page.model.edit_requested.emit(item.id, ItemEdit(quantity=item.quantity + 5))  # 1: an inventory edit
    assert _quantity(real_larder, item.id) == item.quantity + 5

    # 2: a correction on the Fridge page whose write is slow (it lands 0.8 s later, in the writer pool).
    original = real_larder.apply_review
    threads: list[threading.Thread] = []

    def slow_apply_review(*args, **kwargs):
        threads.append(threading.current_thread())
        time.sleep(0.8)
        return original(*args, **kwargs)

    monkeypatch.setattr(real_larder, "apply_review", slow_apply_review)
    fridge.reject_detection(live[0].id)
    assert fridge.writing

    # 3: Ctrl+Z on the Inventory page at once: it is the correction's to undo, once it has landed.
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Z, CTRL)
    assert _quantity(real_larder, item.id) == item.quantity + 5  # the edit before it was not undone
    qtbot.waitUntil(lambda: not fridge.writing, timeout=20000)
    assert threads and threads[0] is not threading.main_thread()
    assert real_larder.review(fridge.review.scan_id).reviews == 0  # the rejection was undone
    assert _quantity(real_larder, item.id) == item.quantity + 5  # and only it
    assert window.undo_stack.index() == 1 and window.undo_stack.canRedo()

    # The next Ctrl+Z (nothing pending now) undoes the inventory edit at once.
    qtbot.keyClick(page.table, Qt.Key.Key_Z, CTRL)
    assert _quantity(real_larder, item.id) == item.quantity
