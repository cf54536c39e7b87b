"""Selecting an inventory item shows its history, read in a worker (the runner's quiet query pool), not
on the UI thread; an answer for a selection that has changed meanwhile is dropped."""

from __future__ import annotations

import threading
import time

from agents.app import Larder


def _proxy_row(page, item_id: int) -> int:
    for row in range(page.proxy.rowCount()):
        if page.model.row_at(page.proxy.mapToSource(page.proxy.index(row, 0)).row()).id == item_id:
            return row
    raise AssertionError(f"item {item_id} is not shown")


def _select(page, item_id: int) -> None:
    """Select one item's row alone. Not QTableView.selectRow: that reads the keyboard's modifiers, and a
    Ctrl that an earlier test's key click left pressed on the offscreen platform turns it into a toggle."""
    from PySide6.QtCore import QItemSelectionModel

    index = page.proxy.index(_proxy_row(page, item_id), 0)
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    page.table.selectionModel().setCurrentIndex(index, flags)


def _watch_history(larder: Larder, monkeypatch, delays: list[float]) -> list[tuple[bool, float]]:
    """Each inventory_history read as (made on the UI thread, when it returned); the first reads sleep
    `delays` seconds first (a slow disk)."""
    made: list[tuple[bool, float]] = []
    original = larder.inventory_history

    def watched(*args, **kwargs):
        on_ui = threading.current_thread() is threading.main_thread()
        if delays:
            time.sleep(delays.pop(0))
        result = original(*args, **kwargs)
        made.append((on_ui, time.monotonic()))
        return result

    monkeypatch.setattr(larder, "inventory_history", watched)
    return made


def test_the_history_is_read_off_the_ui_thread_and_shown_when_it_lands(
    larder, make_main_window, qtbot, monkeypatch
) -> None:
    item = larder.add_item_text("6 eggs")
    larder.edit_item(item.id, quantity=9)
    page = make_main_window(larder).inventory
    made = _watch_history(larder, monkeypatch, [0.3])
    _select(page, item.id)
    assert not page.history.isVisibleTo(page)  # the selection returned at once; the read is still running
    qtbot.waitUntil(lambda: page.history.isVisibleTo(page), timeout=5000)
    assert made and not any(on_ui for on_ui, _ in made), made
    text = page.history.text()
    assert (
        text.startswith("<b>Egg</b>")
        and text.index("added") < text.index("edited")
        and "6 pc \u2192 9 pc" in text
    )


def test_an_answer_for_an_earlier_selection_is_dropped(larder, make_main_window, qtbot, monkeypatch) -> None:
    eggs = larder.add_item_text("6 eggs")
    milk = larder.add_item_text("1 l milk")
    window = make_main_window(larder)
    page = window.inventory
    # The pages' first reload re-selects what was selected and reads its history again: let it land first.
    qtbot.waitUntil(lambda: window.refreshes is None or window.refreshes.idle, timeout=20000)
    page.table.clearSelection()  # an item the reload kept selected would not change, nor be read, below
    qtbot.waitUntil(lambda: not page.history_loading, timeout=5000)
    made = _watch_history(larder, monkeypatch, [0.6])  # the eggs' read is slow, the milk's is not
    _select(page, eggs.id)
    _select(page, milk.id)
    qtbot.waitUntil(lambda: len(made) >= 2 and not page.history_loading, timeout=10000)
    qtbot.wait(700)  # the eggs' slow read has returned too, and its answer was delivered to the UI thread
    assert len(made) >= 2
    assert page.history.isVisibleTo(page) and page.history.text().startswith("<b>Milk")
    assert "Egg" not in page.history.text()

    reads = len(made)
    page.table.clearSelection()  # nothing selected: nothing shown, and nothing read
    qtbot.wait(50)
    assert not page.history.isVisibleTo(page) and len(made) == reads


def test_a_history_that_lands_after_the_selection_was_cleared_is_not_shown(
    larder, make_main_window, qtbot, monkeypatch
) -> None:
    eggs = larder.add_item_text("6 eggs")
    window = make_main_window(larder)
    page = window.inventory
    qtbot.waitUntil(lambda: window.refreshes is None or window.refreshes.idle, timeout=20000)
    page.table.clearSelection()
    qtbot.waitUntil(lambda: not page.history_loading, timeout=5000)
    made = _watch_history(larder, monkeypatch, [0.4])
    _select(page, eggs.id)
    page.table.clearSelection()
    qtbot.waitUntil(lambda: len(made) >= 1, timeout=5000)
    qtbot.wait(50)
    assert not page.history.isVisibleTo(page)
