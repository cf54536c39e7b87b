"""The inventory table model: Qt's model contract, rows from the front door, filter, sort, expiry colours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from agents.app import InventoryRow
from desktop.models.inventory_model import Column, InventoryFilterProxy, InventoryTableModel, expiry_level
from desktop.theme import COLORS


def _row(
    item_id: int, name: str, quantity: float, unit: str, source: str, expires_in: float | None
) -> InventoryRow:
    now = datetime.now(UTC)
    return InventoryRow(
        id=item_id,
        ingredient_id=name.lower(),
        name=name,
        category="dairy" if name == "Milk" else "egg",
        quantity=quantity,
        unit=unit,
        source=source,
        status="present",
        not_for_eating=False,
        confidence=None,
        added_at=now,
        updated_at=now,
        expires_at=None if expires_in is None else now + timedelta(days=expires_in),
    )


def test_model_passes_qtmodeltester_with_real_rows(real_larder, qtmodeltester) -> None:
    model = InventoryTableModel(real_larder.inventory())
    assert model.rowCount() > 5
    qtmodeltester.check(model, force_py=True)
    proxy = InventoryFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy, force_py=True)


def test_rows_show_quantity_source_and_expiry_colours() -> None:
    now = datetime.now(UTC)
    model = InventoryTableModel(
        [_row(1, "Eggs", 6, "piece", "detected", 1), _row(2, "Milk", 1000, "ml", "manual", 4)], now=now
    )
    assert model.rowCount() == 2
    assert [model.index(r, Column.QUANTITY).data() for r in range(2)] == ["6 pc", "1000 ml"]
    assert model.index(0, Column.SOURCE).data() == "Photo"
    assert model.index(1, Column.SOURCE).data() == "Manual"
    assert (
        model.index(0, Column.EXPIRES).data(Qt.ItemDataRole.ForegroundRole).color().name() == COLORS["danger"]
    )
    assert (
        model.index(1, Column.EXPIRES).data(Qt.ItemDataRole.ForegroundRole).color().name()
        == COLORS["warning"]
    )


def test_used_up_items_leave_the_page(real_larder, make_main_window) -> None:
    page = make_main_window(real_larder).inventory
    before = page.model.rowCount()
    first = real_larder.inventory()[0]
    real_larder.set_item(first.id, 0)  # quantity 0: used up
    page.refresh()
    assert page.model.rowCount() == before - 1
    assert first.id not in {row.id for row in page.model.rows}


def test_expiry_thresholds() -> None:
    assert expiry_level(None) == ""
    assert expiry_level(-1) == "red"
    assert expiry_level(2.0) == "red"
    assert expiry_level(2.01) == "amber"
    assert expiry_level(5.0) == "amber"
    assert expiry_level(5.5) == ""


def test_filter_and_sort_through_the_proxy(real_larder) -> None:
    rows = real_larder.inventory()
    model = InventoryTableModel(rows)
    proxy = InventoryFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(Column.EXPIRES, Qt.SortOrder.AscendingOrder)
    soonest = min((r for r in rows if r.expires_at is not None), key=lambda r: r.expires_at)
    assert model.row_at(proxy.mapToSource(proxy.index(0, 0)).row()).expires_at == soonest.expires_at
    proxy.set_text(rows[0].name)
    names = [proxy.index(r, Column.INGREDIENT).data() for r in range(proxy.rowCount())]
    assert rows[0].name in names and len(names) < len(rows)
    proxy.set_text("")
    categories = sorted({r.category for r in rows if r.category})
    assert len(categories) > 1
    proxy.set_category(categories[0])
    shown = [model.row_at(proxy.mapToSource(proxy.index(r, 0)).row()) for r in range(proxy.rowCount())]
    assert shown and {r.category for r in shown} == {categories[0]}
    assert proxy.rowCount() < model.rowCount()


def test_inventory_page_filters_as_you_type(real_larder, make_main_window) -> None:
    window = make_main_window(real_larder)
    page = window.inventory
    total = page.proxy.rowCount()
    page.filter_box.setText(real_larder.inventory()[0].name)
    assert 0 < page.proxy.rowCount() < total
    page.filter_box.setText("no such food at all")
    assert page.proxy.rowCount() == 0


def test_expiry_words_count_calendar_days_not_24_hour_periods() -> None:
    from desktop.models.inventory_model import describe_expiry

    evening = datetime(2026, 3, 10, 20, 0).astimezone()
    assert describe_expiry(datetime(2026, 3, 11, 9, 0).astimezone(), evening) == "Tomorrow"  # 13 h away
    assert describe_expiry(datetime(2026, 3, 10, 23, 0).astimezone(), evening) == "Today"
    assert describe_expiry(datetime(2026, 3, 13, 1, 0).astimezone(), evening) == "In 3 days"  # 53 h away
    assert describe_expiry(datetime(2026, 3, 10, 19, 0).astimezone(), evening) == "Expired"
    assert describe_expiry(None, evening) == "—"
