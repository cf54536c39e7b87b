"""The offline catalog as a product source: always there, never fails, every price an estimate."""

from __future__ import annotations

from agents.cart.catalog import load_catalog
from agents.providers.base import Product


class OfflineCatalog:
    name = "offline"

    def __init__(self, currency: str = "USD") -> None:
        self.currency = currency

    def search(self, ingredient: str, query: str, *, limit: int = 10) -> list[Product]:
        found = list(load_catalog().get(ingredient, ()))
        return found[:limit]
