"""The Shopping list page: add with completion or free text, tick off, reorder (buttons and a drag),
remove, clear ticked, export as PDF (read back with pypdf), all through the front door."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QModelIndex, Qt


def names(larder) -> list[str]:
    return [e.name for e in larder.shopping_list()]


def add(page, text: str, quantity: float = 1.0):
    page.name_box.setText(text)
    page.quantity_box.setValue(quantity)
    return page.add_typed()


def test_add_tick_reorder_remove_clear_and_export_pdf(
    larder, make_main_window, qtbot, tmp_path: Path
) -> None:
    window = make_main_window(larder)
    window.show_page("list")
    page = window.list_page
    assert page.empty.isVisibleTo(page) and not page.export_button.isEnabled()

    oat = add(page, "oat milk", 2)
    assert oat is not None and oat.ingredient is not None  # resolved to the taxonomy's oat milk
    assert page.name_box.text() == ""  # ready for the next entry
    eggs = add(page, "eggs", 12)
    candles = add(page, "birthday candles")
    assert candles is not None and candles.ingredient is None  # free text stays free text
    assert names(larder) == [oat.name, eggs.name, "birthday candles"]
    assert page.list.count() == 3 and page.summary.text() == "3 to buy · 0 ticked"
    assert page.note.isVisibleTo(page)  # says what the cart does with a free-text entry

    # Completion offers the taxonomy's names for what is typed.
    completer = page.name_box.completer()
    completer.setCompletionPrefix("oat m")
    assert any(
        "Oat milk" in completer.completionModel().index(i, 0).data()
        for i in range(completer.completionCount())
    )

    # Tick eggs by its checkbox, as a click does: written, and it sinks below the unticked.
    page.list.item(1).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: any(e.checked for e in larder.shopping_list()), timeout=3000)
    assert names(larder) == [oat.name, "birthday candles", eggs.name]
    assert page.summary.text() == "2 to buy · 1 ticked" and page.clear_button.isEnabled()
    # The cart buys only what is not ticked.
    assert [e.name for e in larder.shopping_list(include_checked=False)] == [oat.name, "birthday candles"]

    # Reorder with the button (Alt+Up) ...
    page.list.setCurrentRow(1)
    page.up_button.click()
    assert names(larder) == ["birthday candles", oat.name, eggs.name]
    assert page.selected_entry() is not None and page.selected_entry().name == "birthday candles"
    # ... and by dragging: the list widget moves the row, the page writes the new order.
    assert page.list.model().moveRow(QModelIndex(), 0, QModelIndex(), 2)
    qtbot.waitUntil(lambda: names(larder) == [oat.name, "birthday candles", eggs.name], timeout=3000)
    assert [page.list.item(i).data(Qt.ItemDataRole.UserRole + 1) for i in range(3)] == [
        e.id for e in larder.shopping_list()
    ]

    # Export as PDF in a worker; the file holds the list in its order.
    target = tmp_path / "list.pdf"
    task = page.export_list("pdf", target)
    assert task is not None
    with qtbot.waitSignal(task.signals.succeeded, timeout=15000):
        pass
    text = "\n".join(p.extract_text() for p in PdfReader(str(target)).pages)
    assert "Oat milk" in text and "birthday candles" in text
    assert text.index("Oat milk") < text.index("birthday candles")
    qtbot.waitUntil(lambda: page.banner.kind == "success", timeout=3000)
    assert str(target) in page.banner.text.text()
    # What Print sends to the printer is the same list.
    document = page.print_document()
    assert document is not None and "birthday candles" in document.toPlainText()

    # Remove the selected entry; clear the ticked ones.
    page.list.setCurrentRow(1)
    page.remove_button.click()
    assert names(larder) == [oat.name, eggs.name]
    page.clear_button.click()
    assert names(larder) == [oat.name]
    assert "Cleared 1 ticked entry" in page.banner.text.text()
    assert not page.clear_button.isEnabled()


def test_an_empty_name_adds_nothing_and_the_same_item_again_grows_its_entry(larder, make_main_window) -> None:
    page = make_main_window(larder).list_page
    page.name_box.setText("   ")
    assert page.add_typed() is None and larder.shopping_list() == ()
    add(page, "oat milk", 2)
    add(page, "Oat milk", 1.5)
    (entry,) = larder.shopping_list()
    assert entry.quantity == 3.5 and page.list.count() == 1
    assert str(page.list.item(0).data(Qt.ItemDataRole.UserRole + 2)).startswith("3.5 ")  # the amount shown
