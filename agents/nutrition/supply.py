"""What the fridge provides over the horizon: grams on hand x the share eaten before it goes off."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from agents.nutrition.inputs import SupplyItem
from agents.nutrition.nutrients import KEYS
from agents.nutrition.result import SupplyLine
from data.taxonomy import Ingredient, Taxonomy


@dataclass(frozen=True)
class SupplyTotals:
    totals: dict[str, float]
    lines: tuple[SupplyLine, ...]
    skipped: tuple[str, ...]  # items that were left out, and why
    grams_by_ingredient: dict[str, float]


def good_until(item: SupplyItem, ingredient: Ingredient) -> date | None:
    """The last day the item is good: its expiry date, else when it was added plus the shelf life."""
    if item.expires is not None:
        return item.expires
    if item.added is not None:
        return item.added + timedelta(days=ingredient.shelf_life_days)
    return None


def usable_share(last_good: date | None, today: date, days: int) -> float:
    """Share of the item eaten while still good, eating the fridge evenly over the horizon.

    An item good for 3 of 7 days counts 3/7: the rest would be eaten after it went off.
    """
    if last_good is None:
        return 1.0
    good_days = (last_good - today).days + 1
    return min(1.0, max(0.0, good_days / days))


def item_grams(item: SupplyItem, ingredient: Ingredient) -> float:
    grams = float(item.grams) if item.grams is not None else ingredient.grams(float(item.quantity), item.unit)
    if not math.isfinite(grams) or grams < 0:
        raise ValueError(f"{item.ingredient_id}: amount must be a finite number >= 0")
    return grams


def compute_supply(items: tuple[SupplyItem, ...], taxonomy: Taxonomy, today: date, days: int) -> SupplyTotals:
    totals = dict.fromkeys(KEYS, 0.0)
    lines: list[SupplyLine] = []
    skipped: list[str] = []
    by_ingredient: dict[str, float] = {}
    for item in items:
        label = item.name or item.ingredient_id
        if item.not_for_eating:
            skipped.append(f"{label}: marked not for eating")
            continue
        if item.ingredient_id not in taxonomy:
            skipped.append(f"{label}: unknown ingredient '{item.ingredient_id}', not counted")
            continue
        ingredient = taxonomy.get(item.ingredient_id)
        try:
            grams = item_grams(item, ingredient)
        except ValueError as exc:
            skipped.append(f"{label}: {exc}, not counted")
            continue
        last_good = good_until(item, ingredient)
        share = usable_share(last_good, today, days)
        counted = grams * share
        if last_good is None:
            note = "no date known: counted in full"
        elif share <= 0:
            note = f"went off on {last_good.isoformat()}: not counted"
        elif share < 1:
            good_days = (last_good - today).days + 1
            note = f"good until {last_good.isoformat()}: {good_days} of {days} days counted ({share:.0%})"
        else:
            note = f"good until {last_good.isoformat()}: counted in full"
        amounts = {key: ingredient.nutrients.get(key, 0.0) * counted / 100.0 for key in KEYS}
        for key, value in amounts.items():
            totals[key] += value
        by_ingredient[ingredient.id] = by_ingredient.get(ingredient.id, 0.0) + counted
        lines.append(
            SupplyLine(
                ingredient=ingredient.id,
                name=ingredient.name,
                grams=grams,
                counted_grams=counted,
                share=share,
                note=note,
                nutrients=amounts,
                item_id=item.item_id,
            )
        )
    return SupplyTotals(totals, tuple(lines), tuple(skipped), by_ingredient)
