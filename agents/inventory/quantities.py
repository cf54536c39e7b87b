"""Quantities in an ingredient's own unit: 6 eggs, 1 carton of milk, 200 g of spinach."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from data.taxonomy import Ingredient


def detected_quantity(ingredient: Ingredient | None, count: int) -> tuple[float, str]:
    """A detected object is one piece or one typical package (its `piece_g`) of the ingredient."""
    if ingredient is None or ingredient.unit == "piece":
        return float(count), "piece"
    grams = count * float(ingredient.piece_g or 100.0)
    if ingredient.unit == "ml":
        return round(grams / float(ingredient.density_g_per_ml or 1.0), 1), "ml"
    return round(grams, 1), "g"


def default_quantity(ingredient: Ingredient | None) -> tuple[float, str]:
    """What `inventory add egg` means without a quantity: one piece or one typical package."""
    return detected_quantity(ingredient, 1)


def describe(quantity: float, unit: str, package_desc: str = "") -> str:
    if unit != "piece":
        return f"{quantity:g} {unit}"
    package = package_desc.removeprefix("1 ").strip()
    return f"{quantity:g} x {package}" if package else f"{quantity:g}"
