"""Orders (history with status) and the lines of one order, as table models."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QObject, Qt

from agents.app import OrderLineView, OrderRow
from desktop.models.rows import ROW_ROLE, Index, RowsTableModel

RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

PROVIDER_LABELS = {"offline": "Offline list", "kroger": "Kroger", "instacart": "Instacart"}


def package(line: OrderLineView) -> str:
    """The package a line buys, as the shelf label says it: "340 g", "6 pc"."""
    unit = "pc" if line.package_unit == "piece" else line.package_unit
    return f"{line.package_size:g} {unit}"


def money(value: float, currency: str = "USD") -> str:
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency)
    return f"{symbol}{value:,.2f}" if symbol else f"{value:,.2f} {currency}"


class OrderColumn(IntEnum):
    ORDER = 0
    STATUS = 1
    PROVIDER = 2
    ITEMS = 3
    TOTAL = 4
    UPDATED = 5


ORDER_HEADERS = ("Order", "Status", "Provider", "Items", "Total", "Updated")


class OrdersTableModel(RowsTableModel[OrderRow]):
    headers = ORDER_HEADERS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        order = self._row(index)
        if order is None:
            return None
        column = OrderColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if column is OrderColumn.ORDER:
                local = order.created_at.astimezone()
                same_year = local.year == datetime.now().year
                return f"#{order.id} · {local.strftime('%d %b' if same_year else '%d %b %Y')}"
            if column is OrderColumn.STATUS:
                return order.status
            if column is OrderColumn.PROVIDER:
                return PROVIDER_LABELS.get(order.provider, order.provider.capitalize())
            if column is OrderColumn.ITEMS:
                return str(order.line_count)
            if column is OrderColumn.TOTAL:
                return money(order.total, order.currency)
            return order.updated_at.astimezone().strftime("%d %b, %H:%M")
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (OrderColumn.ITEMS, OrderColumn.TOTAL):
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is OrderColumn.TOTAL and order.budget is not None:
                return f"Budget {money(order.budget, order.currency)}"
            provider = PROVIDER_LABELS.get(order.provider, order.provider)
            return f"Order #{order.id}, {provider}, created {order.created_at.astimezone():%d %b %Y %H:%M}"
        if role == ROW_ROLE:
            return order
        return None


class LineColumn(IntEnum):
    PRODUCT = 0
    PACKAGE = 1
    QUANTITY = 2
    UNIT_PRICE = 3
    TOTAL = 4
    REASON = 5


LINE_HEADERS = ("Product", "Package", "Qty", "Unit price", "Line total", "Why")


class OrderLinesTableModel(RowsTableModel[OrderLineView]):
    headers = LINE_HEADERS

    def __init__(
        self, rows: Sequence[OrderLineView] = (), parent: QObject | None = None, currency: str = "USD"
    ) -> None:
        super().__init__(rows, parent)
        self.currency = currency

    def set_rows(self, rows: Sequence[OrderLineView], currency: str = "USD") -> None:
        self.currency = currency  # read only by data(), which the reset below makes views call again
        super().set_rows(rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line = self._row(index)
        if line is None:
            return None
        column = LineColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if column is LineColumn.PRODUCT:
                return line.product
            if column is LineColumn.PACKAGE:
                return package(line)
            if column is LineColumn.QUANTITY:
                return str(line.quantity)
            if column is LineColumn.UNIT_PRICE:
                return money(line.unit_price, self.currency) + (" *" if line.indicative else "")
            if column is LineColumn.TOTAL:
                return money(line.line_total, self.currency)
            return line.reason
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is LineColumn.PRODUCT:
                return f"{line.product} ({line.brand})" if line.brand else line.product
            if column is LineColumn.UNIT_PRICE and line.indicative:
                return "Indicative price from the offline catalogue, not a store quote"
            return line.reason or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            LineColumn.QUANTITY,
            LineColumn.UNIT_PRICE,
            LineColumn.TOTAL,
        ):
            return RIGHT
        if role == ROW_ROLE:
            return line
        return None
