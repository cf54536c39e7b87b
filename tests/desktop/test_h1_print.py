"""The List page's Print goes through a real QPrinter: printed to a PDF file, the pages hold the list's
entries (read back with pypdf), the same ones the front door stores."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter


def test_print_to_a_pdf_printer_writes_the_lists_entries(larder, make_main_window, tmp_path: Path) -> None:
    window = make_main_window(larder)
    page = window.list_page
    for name, quantity in (("oat milk", 2), ("eggs", 12), ("birthday candles", 1)):
        page.name_box.setText(name)
        page.quantity_box.setValue(quantity)
        assert page.add_typed() is not None
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))

    assert page.print_to(printer)

    assert out.is_file() and out.read_bytes().startswith(b"%PDF")
    # pypdf reads the spaces between words back as tabs: compare word by word.
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    stored = larder.shopping_list()
    assert len(stored) == 3
    for entry in stored:
        assert f"{entry.name}, {entry.quantity:g} {entry.unit}" in text, (entry, text)
    assert "birthday candles" in text


def test_print_to_refuses_an_empty_list_and_writes_nothing(larder, make_main_window, tmp_path: Path) -> None:
    page = make_main_window(larder).list_page
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "empty.pdf"
    printer.setOutputFileName(str(out))
    assert not page.print_to(printer)
    assert not out.exists()
