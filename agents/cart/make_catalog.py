"""Writes agents/cart/catalog.csv, the offline catalog, from the taxonomy: one to three package sizes per
ingredient with indicative US prices.

The prices are our own rough estimates of typical US supermarket shelf prices (2025-26, store brand),
per kilogram by category with overrides for foods priced very differently; larger packages cost less per
kilogram. They are estimates for budgeting, not quotes. Run: python -m agents.cart.make_catalog"""

from __future__ import annotations

import csv
import math
import sys
from pathlib import Path

from data.taxonomy import Ingredient, load_taxonomy

CATALOG = Path(__file__).with_name("catalog.csv")
HEADER_NOTE = (
    "# Larder offline catalog: indicative US prices (USD) estimated by agents/cart/make_catalog.py, "
    "not store quotes. Regenerate with: python -m agents.cart.make_catalog"
)
COLUMNS = [
    "ingredient",
    "product_id",
    "name",
    "brand",
    "size_text",
    "package_size",
    "package_unit",
    "price",
    "organic",
    "aisle",
]

# USD per kg, store brand, by taxonomy category.
CATEGORY_USD_PER_KG = {
    "dairy": 9.0, "eggs": 7.0, "poultry": 9.0, "meat": 13.0, "fish": 20.0, "shellfish": 22.0,
    "plant_protein": 6.0, "vegetable": 4.4, "fruit": 5.5, "grain": 3.5, "bakery": 6.5, "condiment": 8.0,
    "nuts_seeds": 17.0, "beverage": 2.2, "snack": 12.0, "pantry": 5.0, "spice": 45.0, "sweetener": 9.0,
    "oil": 11.0, "herb": 40.0, "prepared": 11.0, "frozen": 6.0,
}  # fmt: skip
# Id fragments priced unlike their category (first match wins).
OVERRIDES_USD_PER_KG: list[tuple[str, float]] = [
    ("whey_protein", 32.0), ("soy_protein", 24.0), ("milk_", 1.15), ("kefir", 4.2), ("buttermilk", 2.2),
    ("half_and_half", 4.6), ("heavy_cream", 8.0), ("greek_yogurt", 7.5), ("yogurt", 5.5), ("cottage", 6.6),
    ("butter", 11.0), ("parmesan", 30.0), ("goat_cheese", 28.0), ("cream_cheese", 10.0), ("egg_white", 8.0),
    ("chicken_breast", 9.9), ("chicken_whole", 4.4), ("chicken_thigh", 7.0), ("chicken_drum", 5.5),
    ("turkey_meat", 4.0), ("ground_turkey", 11.0), ("ground_beef", 12.0), ("steak", 24.0), ("lamb", 20.0),
    ("pork_tenderloin", 10.0), ("salmon_canned", 12.0), ("smoked_salmon", 40.0), ("tuna_light", 11.0),
    ("sardines", 16.0), ("tofu", 5.5), ("tempeh", 13.0), ("_canned", 3.3), ("_dry", 4.0), ("_cooked", 3.6),
    ("peanut_butter", 7.0), ("soymilk", 3.0), ("almond_milk", 3.0), ("oat_milk", 4.0), ("rice_milk", 3.2),
    ("coconut_water", 4.5), ("juice", 2.3), ("cola", 2.4), ("potato", 2.6), ("onion", 3.3), ("carrot", 3.0),
    ("cabbage", 2.2), ("banana", 2.0), ("apple", 4.6), ("watermelon", 1.4), ("frozen", 5.5), ("rice_", 3.0),
    ("pasta", 3.3), ("oats", 4.2), ("bread", 6.0), ("olive_oil", 13.0), ("berries", 12.0), ("avocado", 8.5),
]  # fmt: skip
ORGANIC_CATEGORIES = frozenset(
    {"dairy", "eggs", "vegetable", "fruit", "poultry", "plant_protein", "grain", "herb"}
)
ORGANIC_FACTOR = 1.45
# (label, multiple of the taxonomy's package, price per kg factor): bigger packs are cheaper per kg.
_PIECE_PACKS = [(1, 1.0), (6, 0.85)]
MILK_IDS = ("milk_", "soymilk", "almond_milk", "oat_milk", "rice_milk")


def usd_per_kg(ing: Ingredient) -> float:
    for fragment, price in OVERRIDES_USD_PER_KG:
        if fragment in ing.id:
            return price
    return CATEGORY_USD_PER_KG.get(ing.category, 6.0)


def _shelf_price(value: float) -> float:
    """Round to a shelf-looking price ending in 9 cents, never below 0.49."""
    return max(0.49, math.floor(value * 10) / 10 + 0.09)


def _is_single_item(ing: Ingredient) -> bool:
    """Counted foods sold loose (an apple, an egg), as opposed to a container (a carton, a tub)."""
    containers = ("carton", "tub", "bag", "box", "jar", "can", "bottle", "block", "package", "pack", "loaf", "brick",
                  "wedge", "log", "clamshell", "container", "ball", "wheel", "bunch", "head", "tenderloin", "bird",
                  "piece", "cup")  # fmt: skip
    desc = ing.package_desc.lower()
    return ing.unit == "piece" and not any(c in desc for c in containers)


def _grams_text(grams: float) -> str:
    if grams >= 1000:
        return f"{grams / 1000:.3g} kg"
    return f"{grams:.0f} g"


def packages(ing: Ingredient) -> list[tuple[str, float, str, float]]:
    """(size text, package size, package unit, price) for each package size of one ingredient."""
    per_kg = usd_per_kg(ing)
    base_g = ing.piece_g
    out = []
    if ing.id == "egg":
        for count, factor in ((6, 1.1), (12, 1.0), (18, 0.92)):
            out.append(
                (f"{count} ct", float(count), "piece", _shelf_price(per_kg * factor * count * base_g / 1000))
            )
        return out
    if _is_single_item(ing):
        packs = [(1, 1.0)] if base_g >= 400 else _PIECE_PACKS
        for count, factor in packs:
            text = "1 each" if count == 1 else f"{count} ct"
            out.append((text, float(count), "piece", _shelf_price(per_kg * factor * count * base_g / 1000)))
        return out
    if ing.id.startswith(MILK_IDS):
        # US dairy and plant milks: quart, half gallon, gallon.
        for text, ml, factor in (("1 qt", 946.0, 1.3), ("1/2 gal", 1893.0, 1.0), ("1 gal", 3785.0, 0.85)):
            grams = ml * ing.density_g_per_ml
            out.append((text, ml, "ml", _shelf_price(per_kg * factor * grams / 1000)))
        return out
    # A container: the taxonomy's usual package, a smaller one when it is big, a family size when it keeps.
    tiers = [(1.0, 1.0)]
    if base_g >= 800:
        tiers.insert(0, (0.5, 1.2))
    if ing.shelf_life_days >= 7 or ing.category in ("grain", "nuts_seeds", "pantry", "condiment", "oil"):
        tiers.append((2.0, 0.85))
    for multiple, factor in tiers[:3]:
        grams = round(base_g * multiple, 1)
        size_text = ing.package_desc.removeprefix("1 ") if multiple == 1.0 else _grams_text(grams)
        out.append((size_text, grams, "g", _shelf_price(per_kg * factor * grams / 1000)))
    return out


def _flat(text: str) -> str:
    """ "container (170 g)" -> "container, 170 g": one level of brackets in a product name."""
    return text.replace(" (", ", ").replace(")", "")


def rows() -> list[dict[str, str]]:
    out = []
    for ing in load_taxonomy():
        for organic in (False, True):
            if organic and ing.category not in ORGANIC_CATEGORIES:
                continue
            for n, (size_text, size, unit, price) in enumerate(packages(ing)):
                if organic:
                    price = _shelf_price(price * ORGANIC_FACTOR)
                out.append(
                    {
                        "ingredient": ing.id,
                        "product_id": f"offline:{ing.id}:{'org' if organic else 'std'}:{n}",
                        "name": f"{'Organic ' if organic else ''}{ing.name} ({_flat(size_text)})",
                        "brand": "Store brand",
                        "size_text": size_text,
                        "package_size": f"{size:g}",
                        "package_unit": unit,
                        "price": f"{price:.2f}",
                        "organic": "1" if organic else "0",
                        "aisle": ing.aisle,
                    }
                )
    return out


def write(path: Path = CATALOG) -> int:
    data = rows()
    with path.open("w", newline="", encoding="utf-8") as fh:
        fh.write(HEADER_NOTE + "\n")
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(data)
    return len(data)


if __name__ == "__main__":
    count = write(Path(sys.argv[1]) if len(sys.argv) > 1 else CATALOG)
    print(f"wrote {count} products")
