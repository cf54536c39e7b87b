"""Every USDA SR28 food, from the table Larder ships (data/reference/sr28_foods.csv.gz).

The taxonomy (data/taxonomy.py) carries the few hundred foods the detector and the planner use; this
table carries all 8,790 of SR28 so that an item of the user's own (pickles, beer, kimchi) can be counted
as the food it is. Such a food is NOT an ingredient: nothing proposes buying it and no detection name
resolves to it. Only a link the user made turns it into an :class:`~data.taxonomy.Ingredient`
(:func:`as_ingredient`, id ``sr28:<NDB number>``) for the nutrition count. The table is built by
data/reference/build_sr28_foods.py (source: USDA ARS, SR28, 2016; public domain); nutrients are per
100 g edible portion, an empty cell = not analysed (loaded as 0.0 and listed as missing).

Pure standard library; no Qt, no database.
"""

from __future__ import annotations

import bisect
import csv
import functools
import gzip
import importlib.resources
import io
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from data.taxonomy import NUTRIENT_KEYS, Ingredient

__all__ = [
    "SR28_PREFIX",
    "Portion",
    "Sr28Food",
    "Sr28Table",
    "as_ingredient",
    "food_words",
    "load_sr28_foods",
    "ndb_of",
    "sr28_id",
]

SR28_PREFIX = "sr28:"
COLUMNS: tuple[str, ...] = ("ndb_no", "description", "food_group", *NUTRIENT_KEYS, "portions")
_WORD = re.compile(r"[a-z0-9]+")

# SR28 food group -> (taxonomy category, shopping aisle, shelf life in days once in the fridge or
# pantry). The category picks the daily-use rule (data/reference/typical_daily_use.csv); the shelf life
# is a cautious default for an opened or fresh item, as the taxonomy's own rows are.
_GROUPS: dict[str, tuple[str, str, int]] = {
    "Dairy and Egg Products": ("dairy", "Dairy & Eggs", 14),
    "Spices and Herbs": ("spice", "Baking & Spices", 365),
    "Baby Foods": ("prepared", "Pantry", 3),
    "Fats and Oils": ("oil", "Pantry", 180),
    "Poultry Products": ("poultry", "Meat & Seafood", 3),
    "Soups, Sauces, and Gravies": ("condiment", "Condiments & Sauces", 30),
    "Sausages and Luncheon Meats": ("meat", "Deli", 7),
    "Breakfast Cereals": ("grain", "Pantry", 180),
    "Fruits and Fruit Juices": ("fruit", "Produce", 7),
    "Pork Products": ("meat", "Meat & Seafood", 3),
    "Vegetables and Vegetable Products": ("vegetable", "Produce", 7),
    "Nut and Seed Products": ("nuts_seeds", "Snacks", 180),
    "Beef Products": ("meat", "Meat & Seafood", 3),
    "Beverages": ("beverage", "Beverages", 30),
    "Finfish and Shellfish Products": ("fish", "Meat & Seafood", 2),
    "Legumes and Legume Products": ("plant_protein", "Pantry", 7),
    "Lamb, Veal, and Game Products": ("meat", "Meat & Seafood", 3),
    "Baked Products": ("bakery", "Bakery", 7),
    "Sweets": ("sweetener", "Pantry", 180),
    "Cereal Grains and Pasta": ("grain", "Pantry", 180),
    "Fast Foods": ("prepared", "Deli", 3),
    "Meals, Entrees, and Side Dishes": ("prepared", "Deli", 3),
    "Snacks": ("snack", "Snacks", 90),
    "American Indian/Alaska Native Foods": ("prepared", "Pantry", 7),
    "Restaurant Foods": ("prepared", "Deli", 3),
}
_OTHER_GROUP = ("prepared", "Pantry", 7)


@dataclass(frozen=True)
class Portion:
    """One SR28 household measure: "1 cup" weighs `grams`."""

    grams: float
    description: str

    def to_public(self) -> dict[str, object]:
        return {"grams": self.grams, "description": self.description}


@dataclass(frozen=True)
class Sr28Food:
    """One SR28 food: description, food group, nutrients per 100 g and household portions."""

    ndb_no: str
    description: str
    food_group: str
    nutrients: Mapping[str, float] = field(hash=False)
    missing_nutrients: frozenset[str] = frozenset()
    portions: tuple[Portion, ...] = ()

    @property
    def id(self) -> str:
        return sr28_id(self.ndb_no)

    def largest_portion(self) -> Portion | None:
        """The heaviest household measure: the nearest SR28 has to "one jar" or "one bottle"."""
        return max(self.portions, key=lambda p: p.grams, default=None)


def sr28_id(ndb_no: str) -> str:
    """The id an SR28 food outside the taxonomy goes by in the nutrition count: ``sr28:11118``."""
    return f"{SR28_PREFIX}{ndb_no}"


def ndb_of(ingredient_id: str) -> str | None:
    """The NDB number of an ``sr28:`` id; None for any other id (a taxonomy id)."""
    return ingredient_id.removeprefix(SR28_PREFIX) if ingredient_id.startswith(SR28_PREFIX) else None


def food_words(text: str) -> tuple[str, ...]:
    """Lower-case words of a description, for word-start search ("Beverages, carbonated, cola")."""
    return tuple(_WORD.findall(text.lower()))


class Sr28Table:
    """The foods by NDB number, in NDB order."""

    def __init__(self, foods: list[Sr28Food]) -> None:
        self._foods = tuple(foods)
        self._by_ndb = {f.ndb_no: f for f in self._foods}
        if len(self._by_ndb) != len(self._foods):
            raise ValueError("sr28_foods: duplicate NDB numbers")
        self.words: Mapping[str, tuple[str, ...]] = MappingProxyType(
            {f.ndb_no: food_words(f.description) for f in self._foods}
        )
        # Every word once, sorted, with the foods using it: a word-start search is a bisect, not a scan.
        holders: dict[str, set[str]] = {}
        for ndb_no, words in self.words.items():
            for word in words:
                holders.setdefault(word, set()).add(ndb_no)
        self._sorted_words = sorted(holders)
        self._holders = {word: frozenset(ndbs) for word, ndbs in holders.items()}

    def starting(self, prefix: str) -> set[str]:
        """NDB numbers of the foods with a description word that starts with `prefix` (lower case)."""
        out: set[str] = set()
        if not prefix:
            return out
        at = bisect.bisect_left(self._sorted_words, prefix)
        while at < len(self._sorted_words) and self._sorted_words[at].startswith(prefix):
            out |= self._holders[self._sorted_words[at]]
            at += 1
        return out

    def get(self, ndb_no: str) -> Sr28Food | None:
        return self._by_ndb.get(ndb_no.strip())

    def __iter__(self) -> Iterator[Sr28Food]:
        return iter(self._foods)

    def __len__(self) -> int:
        return len(self._foods)

    def __contains__(self, ndb_no: object) -> bool:
        return isinstance(ndb_no, str) and ndb_no in self._by_ndb


def _portions(text: str, where: str) -> tuple[Portion, ...]:
    out: list[Portion] = []
    for part in text.split("|"):
        if not part:
            continue
        grams, sep, description = part.partition(":")
        value = float(grams) if sep else math.nan
        if not math.isfinite(value) or value <= 0:
            raise ValueError(f"{where}: bad portion {part!r}")
        out.append(Portion(value, description))
    return tuple(out)


def _parse(row: dict[str, str], where: str) -> Sr28Food:
    nutrients: dict[str, float] = {}
    missing: set[str] = set()
    for key in NUTRIENT_KEYS:
        cell = row[key].strip()
        value = float(cell) if cell else 0.0
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"{where}: column {key!r}: {cell!r}")
        nutrients[key] = value
        if not cell:
            missing.add(key)
    return Sr28Food(
        ndb_no=row["ndb_no"].strip(),
        description=row["description"].strip(),
        food_group=row["food_group"].strip(),
        nutrients=MappingProxyType(nutrients),
        missing_nutrients=frozenset(missing),
        portions=_portions(row["portions"], where),
    )


def read_table(data: bytes, source: str = "sr28_foods.csv.gz") -> Sr28Table:
    """The table from the gzip bytes the build script writes."""
    text = gzip.decompress(data).decode("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None or tuple(header) != COLUMNS:
        raise ValueError(f"{source}:1: unexpected header")
    foods = [
        _parse(dict(zip(COLUMNS, fields, strict=True)), f"{source}:{reader.line_num}")
        for fields in reader
        if fields
    ]
    return Sr28Table(foods)


@functools.lru_cache(maxsize=1)
def load_sr28_foods() -> Sr28Table:
    """The packaged table, read once (about 0.1 s) and cached."""
    resource = importlib.resources.files(__package__ or "data").joinpath("reference", "sr28_foods.csv.gz")
    return read_table(resource.read_bytes(), str(resource))


def as_ingredient(food: Sr28Food, piece_g: float) -> Ingredient:
    """The food as an ingredient for the nutrition count of one linked own item, `piece_g` grams a piece.

    Category, aisle and shelf life come from the food group; allergens and diets are unknown (empty:
    this ingredient never reaches a filter, as it is never proposed)."""
    if not math.isfinite(piece_g) or piece_g <= 0:
        raise ValueError(f"grams per piece must be a positive number, got {piece_g!r}")
    category, aisle, shelf_life = _GROUPS.get(food.food_group, _OTHER_GROUP)
    portion = food.largest_portion()
    return Ingredient(
        id=food.id,
        name=food.description,
        category=category,
        aisle=aisle,
        aliases=(),
        unit="piece",
        piece_g=float(piece_g),
        package_desc=portion.description if portion is not None else "",
        shelf_life_days=shelf_life,
        allergens=frozenset(),
        diets=frozenset(),
        density_g_per_ml=1.0,
        ndb_no=food.ndb_no,
        usda_description=food.description,
        nutrients=food.nutrients,
        missing_nutrients=food.missing_nutrients,
    )
