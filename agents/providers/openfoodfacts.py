"""Open Food Facts: a packaged product by barcode (name, quantity, nutrients per 100 g), mapped to a
taxonomy ingredient. Reads need no key but a User-Agent naming the app; the service bans IPs that
hammer it, so callers look up one barcode when the user types or scans it, never in bulk."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

from agents.providers.errors import ProductNotFound, ProviderResponseError
from agents.providers.http import HttpClient, error_text
from agents.providers.sizes import parse_size

NAME = "openfoodfacts"
FIELDS = "code,product_name,brands,quantity,nutriments,allergens_tags,categories_tags"
_BARCODE = re.compile(r"^\d{8,14}$")
# OFF key (per 100 g) -> (taxonomy nutrient key, factor). Sodium is in grams on OFF, mg in the taxonomy.
_NUTRIENTS: dict[str, tuple[str, float]] = {
    "energy-kcal_100g": ("energy_kcal", 1.0),
    "proteins_100g": ("protein_g", 1.0),
    "fat_100g": ("fat_g", 1.0),
    "saturated-fat_100g": ("saturated_fat_g", 1.0),
    "carbohydrates_100g": ("carbs_g", 1.0),
    "sugars_100g": ("sugars_g", 1.0),
    "fiber_100g": ("fiber_g", 1.0),
    "sodium_100g": ("sodium_mg", 1000.0),
    "calcium_100g": ("calcium_mg", 1000.0),
    "iron_100g": ("iron_mg", 1000.0),
    "potassium_100g": ("potassium_mg", 1000.0),
}


@dataclass(frozen=True)
class PackagedProduct:
    barcode: str
    name: str
    brand: str
    quantity_text: str
    package_size: float | None
    package_unit: str | None
    nutrients: dict[str, float] = field(default_factory=dict)
    categories: tuple[str, ...] = ()
    allergens: tuple[str, ...] = ()
    ingredient: str | None = None  # the taxonomy id it maps to, when one fits

    def to_public(self) -> dict[str, Any]:
        return {
            "barcode": self.barcode,
            "name": self.name,
            "brand": self.brand,
            "quantity": self.quantity_text,
            "package_size": self.package_size,
            "package_unit": self.package_unit,
            "nutrients_per_100g": dict(self.nutrients),
            "categories": list(self.categories),
            "allergens": list(self.allergens),
            "ingredient": self.ingredient,
        }


def valid_barcode(code: str) -> bool:
    """EAN-8/EAN-13/UPC-A/GTIN-14 with a correct check digit."""
    if not _BARCODE.match(code):
        return False
    digits = [int(c) for c in code]
    body, check = digits[:-1], digits[-1]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def nutrients_per_100g(nutriments: dict[str, Any]) -> dict[str, float]:
    out: dict[str, float] = {}
    for off_key, (key, factor) in _NUTRIENTS.items():
        value = nutriments.get(off_key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            out[key] = round(float(value) * factor, 3)
    if "sodium_mg" not in out and isinstance(nutriments.get("salt_100g"), int | float):
        out["sodium_mg"] = round(float(nutriments["salt_100g"]) / 2.5 * 1000.0, 1)
    return out


def map_to_ingredient(name: str, categories: tuple[str, ...]) -> str | None:
    """The taxonomy ingredient a packaged product is, from its name then its categories (most specific last)."""
    from data.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    candidates = [name] + [c.split(":", 1)[-1].replace("-", " ") for c in reversed(categories)]
    for text in candidates:
        if not text:
            continue
        found = taxonomy.lookup(text)
        if found is not None:
            return str(found.id)
    for text in candidates:
        hits = taxonomy.search(text) if text else []
        if hits:
            return str(hits[0].id)
    return None


class OpenFoodFactsClient:
    name = NAME

    def __init__(self, base_url: str, *, http: HttpClient | None = None) -> None:
        # A small retry budget: the service bans clients that keep hammering it.
        self.http = http or HttpClient(NAME, base_url, retries=1)

    def close(self) -> None:
        self.http.close()

    def product(
        self, barcode: str, *, cancel: threading.Event | None = None, map_ingredient: bool = True
    ) -> PackagedProduct:
        code = barcode.strip().replace(" ", "")
        if not valid_barcode(code):
            raise ProductNotFound(
                f"{barcode!r} is not a valid EAN/UPC barcode (8 to 14 digits with a check digit)"
            )
        response = self.http.request(
            "GET", f"/api/v2/product/{code}.json", params={"fields": FIELDS}, cancel=cancel
        )
        if response.status_code == 404:
            raise ProductNotFound(f"openfoodfacts: no product with barcode {code}")
        if response.status_code != 200:
            raise ProviderResponseError(
                f"openfoodfacts: answered HTTP {response.status_code}{error_text(response)}",
                response.status_code,
            )
        try:
            body = response.json()
        except ValueError:
            raise ProviderResponseError("openfoodfacts: the answer is not JSON") from None
        product = body.get("product") if isinstance(body, dict) else None
        if not isinstance(body, dict) or body.get("status") != 1 or not isinstance(product, dict):
            raise ProductNotFound(f"openfoodfacts: no product with barcode {code}")
        name = str(product.get("product_name") or "").strip()
        quantity = str(product.get("quantity") or "").strip()
        size = parse_size(quantity) if quantity else None
        categories = tuple(str(c) for c in product.get("categories_tags") or [] if isinstance(c, str))
        allergens = tuple(
            str(a).split(":", 1)[-1] for a in product.get("allergens_tags") or [] if isinstance(a, str)
        )
        nutriments = product.get("nutriments") if isinstance(product.get("nutriments"), dict) else {}
        return PackagedProduct(
            barcode=code,
            name=name or f"product {code}",
            brand=str(product.get("brands") or "").split(",")[0].strip(),
            quantity_text=quantity,
            package_size=size[0] if size else None,
            package_unit=size[1] if size else None,
            nutrients=nutrients_per_100g(nutriments or {}),
            categories=categories,
            allergens=allergens,
            ingredient=map_to_ingredient(name, categories) if map_ingredient else None,
        )
