"""The order models: Qt's model contract over a real draft (the pipeline's cart), and what a line shows."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.models.orders_model import LineColumn, OrderColumn, OrderLinesTableModel, OrdersTableModel


def test_order_models_pass_qtmodeltester(real_larder, real_home, qtmodeltester) -> None:
    model = OrdersTableModel(real_larder.order_rows())
    qtmodeltester.check(model, force_py=True)
    assert model.headerData(OrderColumn.TOTAL, Qt.Orientation.Horizontal) == "Total"
    lines = real_larder.order(real_home.order_id).lines
    table = OrderLinesTableModel(lines, currency="EUR")
    qtmodeltester.check(table, force_py=True)
    assert table.rowCount() == len(lines) > 0
    assert table.index(0, LineColumn.TOTAL).data().startswith("€")
    assert table.index(0, LineColumn.PRODUCT).data() == lines[0].product
    table.set_rows(table.rows, "USD")
    assert table.index(0, LineColumn.TOTAL).data().startswith("$")
