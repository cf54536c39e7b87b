"""A saved scan is on the window's one undo stack: Ctrl+Z on the Inventory page (or the Fridge page, or
the toast's Undo) puts the inventory back as it was before the scan, after undoing the corrections made
on top of it, newest first. The core cannot redo a scan, so Ctrl+Shift+Z says so and changes nothing.
A real home built through the pipeline, a real scan with the bundled model."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from agents.app import Larder

OTHER = Path(__file__).resolve().parents[1] / "fixtures" / "photos" / "aicook-DSC_6030.jpg"
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _inventory(larder: Larder) -> set[tuple[str, float, str]]:
    return {(r.ingredient_id or r.name, round(r.quantity, 3), r.unit) for r in larder.inventory()}


def _scan_in_window(window, qtbot) -> int:
    page = window.fridge
    page.start_scan([OTHER])
    with qtbot.waitSignal(page.progress.task.signals.succeeded, timeout=90000) as blocker:
        pass
    qtbot.waitUntil(lambda: window.refreshes.idle, timeout=10000)
    scan_id: int = blocker.args[0].scan_id
    return scan_id


def test_ctrl_z_on_the_inventory_page_undoes_a_whole_scan(real_larder, make_main_window, qtbot) -> None:
    window = make_main_window(real_larder)
    window.show()
    before = _inventory(real_larder)
    scan_id = _scan_in_window(window, qtbot)
    assert _inventory(real_larder) != before, "the scan changed the inventory"
    fridge = window.fridge
    assert fridge.undo_stack is window.inventory.undo_stack  # one stack for the window
    assert fridge.toast.isVisibleTo(fridge) and fridge.toast.undo_button.isVisibleTo(fridge)
    assert "before this scan" in fridge.toast.undo_button.toolTip()

    window.show_page("inventory")
    page = window.inventory
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: not fridge.writing, timeout=20000)
    assert _inventory(real_larder) == before  # as it was before the scan
    assert real_larder.scan_view(scan_id) is not None
    qtbot.waitUntil(lambda: window.refreshes.idle, timeout=10000)
    shown = {(r.ingredient_id or r.name, round(r.quantity, 3), r.unit) for r in page.model.rows}
    assert shown == before  # the Inventory page shows it too

    # There is no honest redo of a scan: Ctrl+Shift+Z says so, changes nothing and drops it from the stack.
    count = page.undo_stack.count()
    qtbot.keyClick(page.table, Qt.Key.Key_Z, CTRL_SHIFT)
    qtbot.waitUntil(lambda: not fridge.writing, timeout=20000)
    assert _inventory(real_larder) == before and page.undo_stack.count() == count - 1
    assert "cannot be redone" in fridge.banner.text.text()


def test_corrections_come_off_before_their_scan_from_either_page(
    real_larder, make_main_window, qtbot
) -> None:
    window = make_main_window(real_larder)
    window.show()
    before = _inventory(real_larder)
    scan_id = _scan_in_window(window, qtbot)
    fridge = window.fridge
    live = [d for d in fridge.current_photo().detections if d.status == "detected"]
    fridge.reject_detection(live[0].id)
    fridge.rename_detection(live[1].id, "leftover curry")
    qtbot.waitUntil(lambda: not fridge.writing, timeout=20000)
    assert real_larder.review(scan_id).reviews == 2
    assert any(r.name == "leftover curry" for r in real_larder.inventory())

    # Ctrl+Z on the Fridge page undoes the rename; the toast's Undo the rejection; Ctrl+Z on the
    # Inventory page then the scan itself: the newest change first, wherever it was made.
    fridge.items_view.setFocus()
    qtbot.keyClick(fridge.items_view, Qt.Key.Key_Z, CTRL)
    fridge.toast.undo_requested.emit()
    window.show_page("inventory")
    window.inventory.table.setFocus()
    qtbot.keyClick(window.inventory.table, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: not fridge.writing, timeout=20000)
    assert real_larder.review(scan_id).reviews == 0
    assert _inventory(real_larder) == before
    assert f"Scan {scan_id} undone" in fridge.banner.text.text()
