"""The offline catalog shipped with the app (agents/cart/catalog.csv): packages with indicative prices."""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from agents.nutrition.inputs import PriceQuote
from agents.providers.base import Product

CATALOG_PATH = Path(__file__).with_name("catalog.csv")
CATALOG_CURRENCY = "USD"  # the file's prices; other currencies are not converted, only labelled


class CatalogError(Exception):
    pass


@lru_cache(maxsize=4)
def load_catalog(path: Path = CATALOG_PATH) -> dict[str, tuple[Product, ...]]:
    """ingredient id -> its products (as estimates: indicative=True)."""
    by_ingredient: dict[str, list[Product]] = defaultdict(list)
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            lines = (line for line in fh if not line.startswith("#"))
            for number, row in enumerate(csv.DictReader(lines), start=2):
                try:
                    product = Product(
                        provider="offline",
                        product_id=row["product_id"],
                        name=row["name"],
                        brand=row["brand"],
                        package_size=float(row["package_size"]),
                        package_unit=row["package_unit"],
                        price=float(row["price"]),
                        currency=CATALOG_CURRENCY,
                        available=True,
                        ingredient=row["ingredient"],
                        organic=row["organic"] == "1",
                        aisle=row["aisle"],
                        indicative=True,
                    )
                except (KeyError, ValueError) as exc:
                    raise CatalogError(f"{path}: line {number}: bad catalog row ({exc})") from None
                by_ingredient[product.ingredient or ""].append(product)
    except OSError as exc:
        raise CatalogError(f"{path}: cannot read the offline catalog ({exc.strerror})") from None
    return {key: tuple(value) for key, value in by_ingredient.items()}


@lru_cache(maxsize=1)
def indicative_price_per_kg() -> dict[str, float]:
    """ingredient id -> the lowest non-organic catalog price per kg, for ranking foods by cost."""
    from data.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    best: dict[str, float] = {}
    for ingredient, products in load_catalog().items():
        if ingredient not in taxonomy:
            continue
        for product in products:
            grams = taxonomy.get(ingredient).grams(product.package_size, product.package_unit)
            if product.organic or grams <= 0 or product.price <= 0:
                continue
            per_kg = product.price / grams * 1000.0
            best[ingredient] = min(per_kg, best.get(ingredient, per_kg))
    return best


class CatalogPrices:
    """The offline catalog as the nutrition agent's PriceSource (agents/nutrition/prices.py)."""

    def quotes(self) -> dict[str, PriceQuote]:
        try:
            return {
                ingredient: PriceQuote(per_kg=per_kg)
                for ingredient, per_kg in indicative_price_per_kg().items()
            }
        except CatalogError:
            return {}
