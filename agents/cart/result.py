"""Result objects of the cart agent: frozen, plain data, safe to hand across threads and to the window."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CartLine:
    ingredient: str | None  # taxonomy id, None for a list entry the taxonomy does not know
    name: str  # what was asked for, as a person reads it
    product: str  # the product's own name
    brand: str
    provider: str
    product_id: str
    package_size: float
    package_unit: str  # g | ml | piece
    quantity: int  # packages
    unit_price: float
    line_total: float
    currency: str
    reason: str
    indicative: bool  # price is an offline estimate, not a store quote
    origin: str  # agent | list | list+agent
    priority: float
    need_grams: float | None
    covered_grams: float | None
    aisle: str = ""
    upc: str = ""

    def to_public(self) -> dict[str, Any]:
        return {
            "ingredient": self.ingredient,
            "name": self.name,
            "product": self.product,
            "brand": self.brand,
            "provider": self.provider,
            "product_id": self.product_id,
            "upc": self.upc,
            "package_size": self.package_size,
            "package_unit": self.package_unit,
            "quantity": self.quantity,
            "unit_price": self.unit_price,
            "line_total": self.line_total,
            "currency": self.currency,
            "reason": self.reason,
            "indicative": self.indicative,
            "origin": self.origin,
            "priority": self.priority,
            "need_grams": self.need_grams,
            "covered_grams": self.covered_grams,
            "aisle": self.aisle,
        }


@dataclass(frozen=True)
class ShortItem:
    """Something asked for that the cart does not (fully) hold, and why."""

    ingredient: str | None
    name: str
    missing_grams: float | None
    why: str  # over_budget | no_product | unavailable
    reason: str  # the reason it was asked for
    priority: float
    estimated_cost: float | None = None

    def to_public(self) -> dict[str, Any]:
        return {
            "ingredient": self.ingredient,
            "name": self.name,
            "missing_grams": self.missing_grams,
            "why": self.why,
            "reason": self.reason,
            "priority": self.priority,
            "estimated_cost": self.estimated_cost,
        }


@dataclass(frozen=True)
class Cart:
    lines: tuple[CartLine, ...]
    short: tuple[ShortItem, ...]
    currency: str
    total: float
    budget: float | None
    provider: str
    notices: tuple[str, ...] = ()
    order_id: int | None = None
    preferences: dict[str, Any] = field(default_factory=dict)

    @property
    def indicative(self) -> bool:
        return any(line.indicative for line in self.lines)

    def to_public(self) -> dict[str, Any]:
        return {
            "order_id": self.order_id,
            "provider": self.provider,
            "currency": self.currency,
            "total": self.total,
            "subtotal": self.total,
            "budget": self.budget,
            "indicative": self.indicative,
            "indicative_lines": [line.name for line in self.lines if line.indicative],
            "lines": [line.to_public() for line in self.lines],
            "short": [item.to_public() for item in self.short],
            "notices": list(self.notices),
        }
