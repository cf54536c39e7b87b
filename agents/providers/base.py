"""What every product provider offers: products for an ingredient, and (where it can) taking a cart."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

ProgressFn = Callable[[float, str], None]


@dataclass(frozen=True)
class Product:
    """One purchasable package. `package_size` is in `package_unit` ('g', 'ml' or 'piece')."""

    provider: str
    product_id: str
    name: str
    brand: str
    package_size: float
    package_unit: str
    price: float
    currency: str
    available: bool = True
    ingredient: str | None = None
    organic: bool = False
    upc: str = ""
    aisle: str = ""
    indicative: bool = False  # an estimate (offline catalog), not a price the store quoted

    def to_public(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "product_id": self.product_id,
            "name": self.name,
            "brand": self.brand,
            "package_size": self.package_size,
            "package_unit": self.package_unit,
            "price": self.price,
            "currency": self.currency,
            "available": self.available,
            "ingredient": self.ingredient,
            "organic": self.organic,
            "upc": self.upc,
            "aisle": self.aisle,
            "indicative": self.indicative,
        }


@dataclass(frozen=True)
class SubmitLine:
    """One order line as a provider needs it to take it into a cart or a list."""

    name: str
    quantity: int
    package_size: float
    package_unit: str
    product_id: str = ""
    upc: str = ""
    display_text: str = ""


@dataclass(frozen=True)
class SubmitOutcome:
    provider: str
    message: str
    external: dict[str, Any] = field(default_factory=dict)  # ids and links only, never tokens
    sent: int = 0
    skipped: tuple[str, ...] = ()


@runtime_checkable
class ProductSource(Protocol):
    name: str

    def search(self, ingredient: str, query: str, *, limit: int = 10) -> list[Product]:
        """Products that could fill `ingredient` (taxonomy id); `query` is the words to search for."""
        ...


@runtime_checkable
class CartTaker(Protocol):
    name: str

    def submit(
        self, title: str, lines: Sequence[SubmitLine], *, cancel: threading.Event | None = None
    ) -> SubmitOutcome:
        """Hand the lines to the provider (never called without the user's explicit confirmation)."""
        ...
