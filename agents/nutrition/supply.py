"""What the fridge provides over the horizon: what a person would plausibly eat of it, not all of it.

Three rules, and each supply line says which applied:
- staples used by the spoonful (sugar, oil, flour, sauces, butter) count at a typical daily use while
  they last and are good ("sugar: 1.8 kg on hand, counted 25 g/day, 175 g over 7 days");
- other foods count what is eaten before they go off, eating the fridge evenly over the horizon (shelf
  life), but never more than a day's portion per day (a 2 kg bag of rice is not a week's food);
- unconfirmed detections of low confidence ("maybe") are not counted; they are listed apart with
  what they would add.
Amounts per day come from data/reference/typical_daily_use.csv (agents/nutrition/daily_use.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from agents.nutrition.daily_use import DailyUse, daily_use_for
from agents.nutrition.doubt import is_maybe
from agents.nutrition.inputs import SupplyItem
from agents.nutrition.nutrients import KEYS
from agents.nutrition.result import MaybeLine, SupplyLine
from data.taxonomy import Ingredient, Taxonomy


@dataclass(frozen=True)
class SupplyTotals:
    totals: dict[str, float]
    lines: tuple[SupplyLine, ...]
    skipped: tuple[str, ...]  # items that were left out, and why
    grams_by_ingredient: dict[str, float]
    maybe: tuple[MaybeLine, ...] = ()
    maybe_totals: dict[str, float] | None = None  # what the maybe items would add, per nutrient


def good_until(item: SupplyItem, ingredient: Ingredient) -> date | None:
    """The last day the item is good: its expiry date, else when it was added plus the shelf life."""
    if item.expires is not None:
        return item.expires
    if item.added is not None:
        return item.added + timedelta(days=ingredient.shelf_life_days)
    return None


def usable_share(last_good: date | None, today: date, days: int) -> float:
    """Share of the horizon the item is still good for.

    An item good for 3 of 7 days counts 3/7: eating the fridge evenly, the rest would be eaten after it
    went off.
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


def _weight(grams: float) -> str:
    """On hand: '1.8 kg', '476 g'."""
    return f"{grams / 1000:.1f} kg" if grams >= 1000 else f"{grams:.0f} g"


def _counted(grams: float) -> str:
    """Counted: to the gram below 10 kg, so '1,050 g' never reads like the '1.1 kg' on hand."""
    return f"{grams / 1000:,.1f} kg" if grams >= 10000 else f"{grams:,.0f} g"


@dataclass(frozen=True)
class _Counted:
    grams: float
    rule: str
    note: str


def count_item(
    grams: float, use: DailyUse, last_good: date | None, today: date, days: int, allowance: float
) -> _Counted:
    """How much of one item counts, given what the same food's daily amount still allows (allowance).

    Staples: their daily use for each good day, at most what is on hand. Other foods: the share eaten
    before they go off, at most a day's portion for each good day.
    """
    share = usable_share(last_good, today, days)
    if share <= 0 and last_good is not None:
        return _Counted(0.0, "shelf_life", f"went off on {last_good.isoformat()}: not counted")
    good_days = share * days
    by_rate = min(use.grams_per_day * good_days, allowance)
    on_hand = f"{_weight(grams)} on hand"
    until = f", good until {last_good.isoformat()}" if last_good is not None and share < 1 else ""
    if use.is_staple:
        counted = min(grams, by_rate)
        if counted >= grams:
            note = f"{on_hand}, used by the spoonful ({use.grams_per_day:g} g/day){until}: all of it counted"
        else:
            note = (
                f"{on_hand}, counted {use.grams_per_day:g} g/day (used by the spoonful){until}, "
                f"{_counted(counted)} over {good_days:g} days"
            )
        return _Counted(counted, "daily_use", note)
    eaten = grams * share
    if by_rate < eaten:
        note = (
            f"{on_hand}, at most {use.grams_per_day:g} g/day counts (a day's portion){until}, "
            f"{_counted(by_rate)} over {good_days:g} days"
        )
        return _Counted(by_rate, "ceiling", note)
    if last_good is None:
        return _Counted(eaten, "in_full", "no date known: counted in full")
    if share < 1:
        note = f"good until {last_good.isoformat()}: {good_days:g} of {days} days counted ({share:.0%})"
        return _Counted(eaten, "shelf_life", note)
    return _Counted(eaten, "shelf_life", f"good until {last_good.isoformat()}: counted in full")


def line_name(item: SupplyItem, ingredient: Ingredient) -> str:
    """The ingredient's name; for the user's own item, its own name and the food it counts as
    ("grandma's plum jam (as Jams and preserves)")."""
    if item.own_food is None or not item.name:
        return ingredient.name
    return f"{item.name} (as {ingredient.usda_description or ingredient.name})"


def compute_supply(items: tuple[SupplyItem, ...], taxonomy: Taxonomy, today: date, days: int) -> SupplyTotals:
    totals = dict.fromkeys(KEYS, 0.0)
    maybe_totals = dict.fromkeys(KEYS, 0.0)
    lines: list[SupplyLine] = []
    maybes: list[MaybeLine] = []
    skipped: list[str] = []
    by_ingredient: dict[str, float] = {}
    # A day's amount is per food, whatever the number of packages: two bags of sugar are not twice
    # the sugar a person uses a day. Uncertain items draw on their own allowance, so confirming one
    # later gives the same count as here.
    allowance: dict[str, float] = {}
    maybe_allowance: dict[str, float] = {}
    for item in items:
        label = item.name or item.ingredient_id
        if item.not_for_eating:
            skipped.append(f"{label}: marked not for eating")
            continue
        if item.own_food is not None:
            ingredient = item.own_food  # may be an SR28 food outside the taxonomy: only for this item
        elif item.ingredient_id not in taxonomy:
            skipped.append(f"{label}: unknown ingredient '{item.ingredient_id}', not counted")
            continue
        else:
            ingredient = taxonomy.get(item.ingredient_id)
        shown = line_name(item, ingredient)
        try:
            grams = item_grams(item, ingredient)
        except ValueError as exc:
            skipped.append(f"{label}: {exc}, not counted")
            continue
        use = daily_use_for(ingredient)
        maybe = is_maybe(item)
        left = maybe_allowance if maybe else allowance
        room = left.setdefault(ingredient.id, use.grams_per_day * days)
        counted = count_item(grams, use, good_until(item, ingredient), today, days, room)
        left[ingredient.id] = max(0.0, room - counted.grams)
        amounts = {key: ingredient.nutrients.get(key, 0.0) * counted.grams / 100.0 for key in KEYS}
        if maybe:
            assert item.confidence is not None
            maybes.append(
                MaybeLine(ingredient.id, shown, item.confidence, counted.grams, amounts, item.item_id)
            )
            for key, value in amounts.items():
                maybe_totals[key] += value
            continue
        for key, value in amounts.items():
            totals[key] += value
        by_ingredient[ingredient.id] = by_ingredient.get(ingredient.id, 0.0) + counted.grams
        lines.append(
            SupplyLine(
                ingredient=ingredient.id,
                name=shown,
                grams=grams,
                counted_grams=counted.grams,
                share=counted.grams / grams if grams > 0 else 0.0,
                note=counted.note,
                nutrients=amounts,
                item_id=item.item_id,
                rule=counted.rule,
                per_day_g=use.grams_per_day,
            )
        )
    return SupplyTotals(totals, tuple(lines), tuple(skipped), by_ingredient, tuple(maybes), maybe_totals)
