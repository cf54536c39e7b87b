"""The order models: Qt's model contract over the demo orders, and what a line shows."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.models.orders_model import LineColumn, OrderColumn, OrderLinesTableModel, OrdersTableModel
from desktop.queries import list_order_lines, list_orders


def test_order_models_pass_qtmodeltester(demo_services, qtmodeltester) -> None:
    orders = list_orders(demo_services.db)
    model = OrdersTableModel(orders)
    qtmodeltester.check(model, force_py=True)
    assert model.headerData(OrderColumn.TOTAL, Qt.Orientation.Horizontal) == "Total"
    lines = OrderLinesTableModel(list_order_lines(demo_services.db, orders[0].id), currency="EUR")
    qtmodeltester.check(lines, force_py=True)
    assert lines.rowCount() == len(list_order_lines(demo_services.db, orders[0].id)) > 0
    assert lines.index(0, LineColumn.TOTAL).data().startswith("€")
    lines.set_rows(lines.rows, "USD")
    assert lines.index(0, LineColumn.TOTAL).data().startswith("$")
