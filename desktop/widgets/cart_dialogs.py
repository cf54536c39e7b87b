"""The Cart page's two questions: what exactly goes where before anything is sent (SubmitConfirmDialog),
and which other size or brand to put in a line (SwapDialog)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agents.app import OrderLineView, Product
from desktop.theme import SPACING

PRODUCT_ROLE = int(Qt.ItemDataRole.UserRole) + 1


def _money(value: float, currency: str) -> str:
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency)
    return f"{symbol}{value:,.2f}" if symbol else f"{value:,.2f} {currency}"


class SubmitConfirmDialog(QDialog):
    """Shows the destination and every line that will be sent (and those that will not), then asks."""

    def __init__(
        self,
        order_id: int,
        destination: str,
        sent: Sequence[str],
        skipped: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Send order #{order_id}?")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING)
        self.destination = destination
        self.sent = tuple(sent)
        self.skipped = tuple(skipped)
        lines = "".join(f"<li>{escape(text)}</li>" for text in self.sent)
        text = f"<p>Larder will send <b>{len(self.sent)} lines</b> to <b>{escape(destination)}</b>:</p><ul>{lines}</ul>"
        if self.skipped:
            text += (
                f"<p>Not sent ({len(self.skipped)}, no product of this store): "
                + ", ".join(escape(s) for s in self.skipped)
                + "</p>"
            )
        text += "<p>Nothing is paid here: you check out with the store.</p>"
        self.summary = QLabel(text)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAccessibleName("What will be sent")
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.send_button = buttons.addButton("Send", QDialogButtonBox.ButtonRole.AcceptRole)
        self.send_button.setProperty("primary", True)
        self.send_button.setAccessibleName("Send the order")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)  # Enter never sends
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def plain_text(self) -> str:
        return self.summary.text()


class SwapDialog(QDialog):
    """The provider's other products for a line, cheapest first; the chosen one replaces the line's."""

    def __init__(
        self, line: OrderLineView, products: Sequence[Product], currency: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Swap {line.product}")
        self.setMinimumSize(480, 360)
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING)
        note = QLabel(
            f"Now: <b>{escape(line.product)}</b>, {line.package_size:g} {line.package_unit} at "
            f"{_money(line.unit_price, currency)}. Pick another size or brand; the count stays {line.quantity}."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.list = QListWidget()
        self.list.setAccessibleName("Other products")
        for product in products:
            unit = "pc" if product.package_unit == "piece" else product.package_unit
            brand = f" ({product.brand})" if product.brand else ""
            star = " *" if product.indicative else ""
            item = QListWidgetItem(
                f"{product.name}{brand}  ·  {product.package_size:g} {unit}  ·  "
                f"{_money(product.price, product.currency)}{star}"
            )
            item.setData(PRODUCT_ROLE, product)
            self.list.addItem(item)
        if products:
            self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.use_button = buttons.addButton("Use this product", QDialogButtonBox.ButtonRole.AcceptRole)
        self.use_button.setEnabled(bool(products))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> Product | None:
        item = self.list.currentItem()
        product = item.data(PRODUCT_ROLE) if item is not None else None
        return product if isinstance(product, Product) else None
