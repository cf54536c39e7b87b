"""The inventory table model: Qt's model contract, rows from the database, filter, sort, expiry colours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from data.models import InventoryItem
from desktop.models.inventory_model import Column, InventoryFilterProxy, InventoryTableModel, expiry_level
from desktop.queries import list_inventory
from desktop.theme import COLORS


def _add(db, **fields) -> None:
    with db.session() as s:
        s.add(InventoryItem(**fields))


def test_model_passes_qtmodeltester_with_demo_rows(demo_services, qtmodeltester) -> None:
    model = InventoryTableModel(list_inventory(demo_services.db))
    qtmodeltester.check(model, force_py=True)
    proxy = InventoryFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy, force_py=True)


def test_rows_come_from_the_database_and_skip_used_up(services) -> None:
    now = datetime.now(UTC)
    _add(
        services.db,
        ingredient_id="egg",
        name="Eggs",
        quantity=6,
        unit="piece",
        source="detected",
        expires_at=now + timedelta(days=1),
    )
    _add(
        services.db,
        ingredient_id="milk_whole",
        name="Milk",
        quantity=1000,
        unit="ml",
        source="manual",
        expires_at=now + timedelta(days=4),
    )
    _add(services.db, ingredient_id="tofu_firm", name="Tofu", quantity=400, unit="g", status="used_up")
    model = InventoryTableModel(list_inventory(services.db), now=now)
    assert model.rowCount() == 2
    cells = {model.index(r, Column.QUANTITY).data() for r in range(2)}
    assert cells == {"6 pc", "1000 ml"}
    by_qty = {model.index(r, Column.QUANTITY).data(): r for r in range(2)}
    egg, milk = by_qty["6 pc"], by_qty["1000 ml"]
    assert model.index(egg, Column.SOURCE).data() == "Photo"
    assert model.index(egg, Column.EXPIRES).data() == "Tomorrow"
    assert (
        model.index(egg, Column.EXPIRES).data(Qt.ItemDataRole.ForegroundRole).color().name()
        == COLORS["danger"]
    )
    assert (
        model.index(milk, Column.EXPIRES).data(Qt.ItemDataRole.ForegroundRole).color().name()
        == COLORS["warning"]
    )


def test_expiry_thresholds() -> None:
    assert expiry_level(None) == ""
    assert expiry_level(-1) == "red"
    assert expiry_level(2.0) == "red"
    assert expiry_level(2.01) == "amber"
    assert expiry_level(5.0) == "amber"
    assert expiry_level(5.5) == ""


def test_filter_and_sort_through_the_proxy(demo_services) -> None:
    model = InventoryTableModel(list_inventory(demo_services.db))
    proxy = InventoryFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(Column.EXPIRES, Qt.SortOrder.AscendingOrder)
    first = proxy.index(0, Column.INGREDIENT).data()
    assert first.lower().startswith("strawberr")  # expires today in the demo
    proxy.set_text("milk")
    names = [proxy.index(r, Column.INGREDIENT).data() for r in range(proxy.rowCount())]
    assert names and all("milk" in n.lower() for n in names)
    proxy.set_text("")
    proxy.set_category("dairy")
    rows = [model.row_at(proxy.mapToSource(proxy.index(r, 0)).row()) for r in range(proxy.rowCount())]
    assert rows and {r.category for r in rows} == {"dairy"}
    assert proxy.rowCount() < model.rowCount()


def test_inventory_page_filters_as_you_type(demo_services, make_main_window) -> None:
    window = make_main_window(demo_services)
    page = window.inventory
    total = page.proxy.rowCount()
    page.filter_box.setText("chicken")
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
