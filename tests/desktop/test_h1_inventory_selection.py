"""The Inventory table keeps the item (by id) selected and its scroll position through an edit of the
quantity, name or best-before, through undo and redo, and through a reload after another page's write:
the rows are replaced whole each time, which on its own drops the selection and jumps to the top."""

from __future__ import annotations

from datetime import timedelta

from desktop.models.inventory_model import Column
from desktop.models.rows import ROW_ROLE

EXTRA_ITEMS = 40  # enough rows that the table scrolls in a 1024x640 window


def fill(larder) -> None:
    held = {r.ingredient_id for r in larder.inventory()}
    added = 0
    for ingredient in larder.ingredients(""):
        if added == EXTRA_ITEMS:
            break
        if ingredient.id not in held:
            larder.add_item(ingredient.id, 2)
            added += 1


def proxy_index(page, item_id: int, column: Column = Column.INGREDIENT):
    for row in range(page.proxy.rowCount()):
        index = page.proxy.index(row, column)
        if index.data(ROW_ROLE).id == item_id:
            return index
    raise AssertionError(f"item {item_id} is not shown")


def selected_ids(page) -> list[int]:
    return [r.id for r in page.selected_rows()]


def current_id(page) -> int | None:
    index = page.table.currentIndex()
    return index.data(ROW_ROLE).id if index.isValid() else None


def test_selection_and_scroll_survive_edits_undo_redo_and_reloads(
    real_larder, make_main_window, qtbot
) -> None:
    fill(real_larder)
    window = make_main_window(real_larder)
    window.resize(1024, 640)
    window.show()
    window.show_page("inventory")
    qtbot.waitExposed(window)
    page = window.inventory
    qtbot.waitUntil(lambda: window.refreshes.idle, timeout=10000)
    bar = page.table.verticalScrollBar()
    assert bar.maximum() > 0, "the table must scroll for this test"

    # An item in the middle of the table, scrolled to and selected as a click does.
    middle = page.proxy.rowCount() // 2
    target = page.proxy.index(middle, 0).data(ROW_ROLE)
    page.table.scrollTo(proxy_index(page, target.id), page.table.ScrollHint.PositionAtCenter)
    page.table.selectRow(middle)
    scroll = bar.value()
    assert scroll > 0 and selected_ids(page) == [target.id] and current_id(page) == target.id

    def still_there(what: str) -> None:
        assert selected_ids(page) == [target.id], what
        assert current_id(page) == target.id, what
        assert bar.value() == scroll, what
        assert page.remove_button.isEnabled(), what  # the page knows a row is selected

    # Quantity, as the delegate commits it.
    assert page.proxy.setData(
        proxy_index(page, target.id, Column.QUANTITY), (target.quantity + 1, target.unit)
    )
    assert page.model.row_at(page.model.row_of_id(target.id)).quantity == target.quantity + 1
    still_there("after a quantity edit")
    page.undo_stack.undo()
    assert page.model.row_at(page.model.row_of_id(target.id)).quantity == target.quantity
    still_there("after undo")
    page.undo_stack.redo()
    assert page.model.row_at(page.model.row_of_id(target.id)).quantity == target.quantity + 1
    still_there("after redo")

    # The name: another ingredient, same item id.
    other = next(i for i in real_larder.ingredients("") if i.id != target.ingredient_id and "," not in i.name)
    assert page.proxy.setData(proxy_index(page, target.id, Column.INGREDIENT), other.name)
    assert page.model.row_at(page.model.row_of_id(target.id)).ingredient_id == other.id
    still_there("after a rename")

    # Best-before, one day later than it was: it may sort a row further, the item stays selected.
    edited = page.model.row_at(page.model.row_of_id(target.id))
    assert edited.expires_at is not None
    later = edited.expires_at + timedelta(days=1)
    assert page.proxy.setData(proxy_index(page, target.id, Column.EXPIRES), later)
    assert selected_ids(page) == [target.id] and current_id(page) == target.id
    rect = page.table.visualRect(page.table.currentIndex())
    assert page.table.viewport().rect().intersects(rect)  # still in sight
    qtbot.waitUntil(lambda: not page.history_loading, timeout=5000)  # the history below, read in a worker
    qtbot.wait(20)  # and the table laid out above it
    scroll = bar.value()

    # A reload after another page's write, off the UI thread.
    window.list_page.data_changed.emit()
    assert window.refreshes.is_stale(page)
    qtbot.waitUntil(lambda: window.refreshes.idle, timeout=10000)
    still_there("after a reload")


def test_several_selected_items_stay_selected_and_a_removed_one_leaves(
    real_larder, make_main_window, qtbot
) -> None:
    window = make_main_window(real_larder)
    window.show_page("inventory")
    page = window.inventory
    qtbot.waitUntil(lambda: window.refreshes.idle, timeout=10000)
    rows = [page.proxy.index(r, 0).data(ROW_ROLE) for r in (0, 2, 3)]
    page.table.selectRow(0)
    for row in (2, 3):
        page.table.selectionModel().select(
            page.proxy.index(row, 0),
            page.table.selectionModel().SelectionFlag.Select | page.table.selectionModel().SelectionFlag.Rows,
        )
    assert sorted(selected_ids(page)) == sorted(r.id for r in rows)
    page.refresh()
    assert sorted(selected_ids(page)) == sorted(r.id for r in rows)
    real_larder.remove_item(rows[1].id)  # gone elsewhere (the CLI): the other two stay selected
    page.refresh()
    assert sorted(selected_ids(page)) == sorted(r.id for r in (rows[0], rows[2]))
