"""Orders in SQLite: a cart saved as a draft (order, lines, status event in one transaction), listed,
read back, edited while a draft, and moved through draft -> submitted -> completed | cancelled."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from agents.cart.result import Cart
from agents.errors import UserError
from agents.providers.base import Product
from data.db import Database
from data.models import Order, OrderLine, OrderStatusEvent, utcnow

STATUSES = ("draft", "submitted", "completed", "cancelled")
TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"submitted", "cancelled"}),
    "submitted": frozenset({"completed", "cancelled"}),
    "completed": frozenset(),
    "cancelled": frozenset(),
}


@dataclass(frozen=True)
class LineView:
    id: int
    position: int
    ingredient: str | None
    product: str
    brand: str
    provider: str
    product_id: str
    package_size: float
    package_unit: str
    quantity: int
    unit_price: float
    line_total: float
    aisle: str
    reason: str
    indicative: bool
    origin: str

    def to_public(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class StatusView:
    status: str
    at: datetime
    note: str

    def to_public(self) -> dict[str, Any]:
        return {"status": self.status, "at": self.at.isoformat(), "note": self.note}


@dataclass(frozen=True)
class OrderView:
    id: int
    created_at: datetime
    provider: str
    status: str
    currency: str
    total: float
    budget: float | None
    note: str
    external: dict[str, Any]
    lines: tuple[LineView, ...]
    history: tuple[StatusView, ...]
    updated_at: datetime | None = None  # the last change (status or a line edited)

    @property
    def indicative(self) -> bool:
        return any(line.indicative for line in self.lines)

    def to_public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "order_id": self.id,
            "created_at": self.created_at.isoformat(),
            "provider": self.provider,
            "status": self.status,
            "currency": self.currency,
            "total": self.total,
            "budget": self.budget,
            "note": self.note,
            "indicative": self.indicative,
            "external": dict(self.external),
            "lines": [line.to_public() for line in self.lines],
            "history": [h.to_public() for h in self.history],
        }


def save_draft(db: Database, cart: Cart, *, plan_id: int | None = None) -> Cart:
    """The cart as a draft order; returns the cart with its order_id."""
    note = " | ".join(cart.notices)[:2000]
    with db.session() as s:
        order = Order(
            provider=cart.provider,
            status="draft",
            currency=cart.currency,
            subtotal=cart.total,
            total=cart.total,
            budget=cart.budget,
            plan_id=plan_id,
            note=note,
            external={"short": [item.to_public() for item in cart.short]},
        )
        s.add(order)
        s.flush()
        assert order.id is not None
        for position, line in enumerate(cart.lines):
            s.add(
                OrderLine(
                    order_id=order.id,
                    position=position,
                    ingredient_id=line.ingredient,
                    product_name=line.product,
                    brand=line.brand,
                    provider=line.provider,
                    provider_product_id=line.upc or line.product_id,
                    package_size=line.package_size,
                    package_unit=line.package_unit,
                    quantity=line.quantity,
                    unit_price=line.unit_price,
                    line_total=line.line_total,
                    aisle=line.aisle,
                    reason=line.reason,
                    indicative=line.indicative,
                    origin=line.origin,
                )
            )
        s.add(OrderStatusEvent(order_id=order.id, status="draft", note="built by the cart agent"))
        order_id = order.id
    return replace(cart, order_id=order_id)


def _view(order: Order, lines: list[OrderLine], events: list[OrderStatusEvent]) -> OrderView:
    assert order.id is not None
    return OrderView(
        id=order.id,
        created_at=order.created_at,
        provider=order.provider,
        status=order.status,
        currency=order.currency,
        total=order.total,
        budget=order.budget,
        note=order.note,
        external=dict(order.external or {}),
        lines=tuple(
            LineView(
                id=line.id or 0,
                position=line.position,
                ingredient=line.ingredient_id,
                product=line.product_name,
                brand=line.brand,
                provider=line.provider,
                product_id=line.provider_product_id,
                package_size=line.package_size,
                package_unit=line.package_unit,
                quantity=line.quantity,
                unit_price=line.unit_price,
                line_total=line.line_total,
                aisle=line.aisle,
                reason=line.reason,
                indicative=line.indicative,
                origin=line.origin,
            )
            for line in lines
        ),
        history=tuple(StatusView(e.status, e.at, e.note) for e in events),
        updated_at=order.updated_at,
    )


def load_order(db: Database, order_id: int) -> OrderView:
    with db.session() as s:
        order = s.get(Order, order_id)
        if order is None:
            raise UserError(f"there is no order {order_id} (see `larder orders`)")
        lines = list(
            s.exec(select(OrderLine).where(OrderLine.order_id == order_id).order_by(col(OrderLine.position)))
        )
        events = list(
            s.exec(
                select(OrderStatusEvent)
                .where(OrderStatusEvent.order_id == order_id)
                .order_by(col(OrderStatusEvent.id))
            )
        )
        return _view(order, lines, events)


def list_orders(db: Database) -> list[OrderView]:
    with db.session() as s:
        ids = [o.id for o in s.exec(select(Order).order_by(col(Order.id).desc())) if o.id is not None]
    return [load_order(db, order_id) for order_id in ids]


def set_status(
    db: Database, order_id: int, status: str, *, note: str = "", external: dict[str, Any] | None = None
) -> OrderView:
    if status not in STATUSES:
        raise UserError(f"unknown order status {status!r}")
    with db.session() as s:
        order = s.get(Order, order_id)
        if order is None:
            raise UserError(f"there is no order {order_id} (see `larder orders`)")
        if status not in TRANSITIONS[order.status]:
            raise UserError(f"order {order_id} is {order.status}; it cannot become {status}")
        order.status = status
        order.updated_at = utcnow()
        if external:
            order.external = {**(order.external or {}), **external}
        s.add(order)
        s.add(OrderStatusEvent(order_id=order_id, status=status, note=note[:500]))
    return load_order(db, order_id)


def _draft_line(s: Session, order_id: int, line_id: int) -> tuple[Order, OrderLine]:
    """The draft order and its line that an edit is about, or a UserError saying which is missing."""
    order = s.get(Order, order_id)
    if order is None:
        raise UserError(f"there is no order {order_id} (see `larder orders`)")
    if order.status != "draft":
        raise UserError(f"order {order_id} is {order.status}; only a draft can be edited")
    line = s.get(OrderLine, line_id)
    if line is None or line.order_id != order_id:
        raise UserError(f"order {order_id} has no line {line_id}")
    return order, line


def _retotal(s: Session, order: Order) -> None:
    """After a line changed: the order's totals are the sum of its lines as they are now."""
    s.flush()
    remaining = s.exec(select(OrderLine).where(OrderLine.order_id == order.id)).all()
    order.total = order.subtotal = round(sum(li.line_total for li in remaining), 2)
    order.updated_at = utcnow()
    s.add(order)


def edit_line(db: Database, order_id: int, line_id: int, quantity: int) -> OrderView:
    """Change a draft line's package count (0 removes it); totals follow."""
    if quantity < 0:
        raise UserError("a quantity cannot be negative")
    with db.session() as s:
        order, line = _draft_line(s, order_id, line_id)
        if quantity == 0:
            s.delete(line)
        else:
            line.quantity = quantity
            line.line_total = round(line.unit_price * quantity, 2)
            s.add(line)
        _retotal(s, order)
    return load_order(db, order_id)


def swap_line(db: Database, order_id: int, line_id: int, product: Product) -> OrderView:
    """Put another product (size or brand) in a draft line: same package count, the new price and
    package, totals follow. The product comes from the provider's search (or the offline catalog)."""
    if not (product.price > 0 and product.package_size > 0 and product.name.strip()):
        raise UserError(f"{product.name or 'that product'} has no usable price or package size")
    with db.session() as s:
        order, line = _draft_line(s, order_id, line_id)
        line.product_name = product.name
        line.brand = product.brand
        line.provider = product.provider
        line.provider_product_id = product.upc or product.product_id
        line.package_size = product.package_size
        line.package_unit = product.package_unit
        line.unit_price = product.price
        line.line_total = round(product.price * line.quantity, 2)
        line.aisle = product.aisle or line.aisle
        line.indicative = product.indicative
        s.add(line)
        _retotal(s, order)
        s.add(
            OrderStatusEvent(
                order_id=order_id, status="draft", note=f"line {line_id}: now {product.name}"[:500]
            )
        )
    return load_order(db, order_id)
