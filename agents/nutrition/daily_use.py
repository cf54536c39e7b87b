"""How much of one food a person plausibly eats a day (data/reference/typical_daily_use.csv).

Two rules: `daily_use` for staples used by the spoonful (sugar, oil, flour, sauces, butter: the fridge
supplies that much a day while it lasts, however big the package) and `ceiling` for foods eaten by
the portion (at most that much a day counts). Rows name an ingredient or a whole taxonomy category.
"""

from __future__ import annotations

import csv
import functools
import importlib.resources
import io
from dataclasses import dataclass

from data.taxonomy import Ingredient

DAILY_USE = "daily_use"
CEILING = "ceiling"
FALLBACK_CEILING_G = 300.0  # no row at all: the most of one food a person eats in a day


@dataclass(frozen=True)
class DailyUse:
    key: str  # the row that applied: an ingredient id or category:<name>
    rule: str  # daily_use | ceiling
    grams_per_day: float
    origin: str
    notes: str = ""

    @property
    def is_staple(self) -> bool:
        return self.rule == DAILY_USE


def parse_table(text: str) -> dict[str, DailyUse]:
    rows = csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#"))
    table: dict[str, DailyUse] = {}
    for number, row in enumerate(rows, start=2):
        try:
            use = DailyUse(
                key=row["key"].strip(),
                rule=row["rule"].strip(),
                grams_per_day=float(row["grams_per_day"]),
                origin=row["origin"].strip(),
                notes=(row.get("notes") or "").strip(),
            )
        except (KeyError, ValueError, AttributeError) as exc:
            raise ValueError(f"typical_daily_use.csv row {number}: {exc}") from None
        if use.rule not in (DAILY_USE, CEILING) or not use.grams_per_day > 0:
            raise ValueError(f"typical_daily_use.csv row {number}: bad rule or amount for {use.key}")
        table[use.key] = use
    return table


@functools.cache
def load_daily_use() -> dict[str, DailyUse]:
    resource = importlib.resources.files("data").joinpath("reference", "typical_daily_use.csv")
    return parse_table(resource.read_text(encoding="utf-8"))


def daily_use_for(ingredient: Ingredient, table: dict[str, DailyUse] | None = None) -> DailyUse:
    """The ingredient's own row, else its category's, else a 300 g/day ceiling."""
    rows = load_daily_use() if table is None else table
    found = rows.get(ingredient.id) or rows.get(f"category:{ingredient.category}")
    if found is not None:
        return found
    return DailyUse("default", CEILING, FALLBACK_CEILING_G, "estimate", "most of one food eaten in a day")
