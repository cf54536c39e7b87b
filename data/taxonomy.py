"""Ingredient reference data (the taxonomy): ids, aliases, units, allergens, diets and nutrients.

The data lives in ``data/reference/ingredients.csv``, built from USDA SR28 by
``data/reference/build_taxonomy.py``.  Nutrients are per 100 g edible portion; an
empty cell in the CSV means "not analysed in SR28": it loads as 0.0 and the key is
listed in :attr:`Ingredient.missing_nutrients`.

Pure standard library; no Qt, no database.
"""

from __future__ import annotations

import csv
import functools
import importlib.resources
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import IO, NamedTuple

__all__ = [
    "ALLERGENS",
    "CSV_COLUMNS",
    "DIETS",
    "NUTRIENT_KEYS",
    "NUTRIENT_UNITS",
    "UNITS",
    "Ingredient",
    "Taxonomy",
    "load_taxonomy",
    "normalize_label",
]

NUTRIENT_KEYS: tuple[str, ...] = (
    "energy_kcal",
    "protein_g",
    "fat_g",
    "saturated_fat_g",
    "carbs_g",
    "sugars_g",
    "fiber_g",
    "sodium_mg",
    "calcium_mg",
    "iron_mg",
    "potassium_mg",
    "vitamin_c_mg",
    "vitamin_d_ug",
    "vitamin_b12_ug",
    "magnesium_mg",
    "zinc_mg",
    "folate_ug",
    "vitamin_a_ug",
)

_UNIT_BY_SUFFIX = {"kcal": "kcal", "g": "g", "mg": "mg", "ug": "µg"}
NUTRIENT_UNITS: dict[str, str] = {key: _UNIT_BY_SUFFIX[key.rsplit("_", 1)[1]] for key in NUTRIENT_KEYS}

CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "category",
    "aisle",
    "aliases",
    "unit",
    "piece_g",
    "package_desc",
    "shelf_life_days",
    "allergens",
    "diets",
    "density_g_per_ml",
    "ndb_no",
    "usda_description",
    *NUTRIENT_KEYS,
)

# The US major food allergens ("wheat" stands for wheat/gluten-containing wheat).
ALLERGENS: frozenset[str] = frozenset(
    {"milk", "egg", "fish", "shellfish", "tree_nuts", "peanuts", "wheat", "soy", "sesame"}
)
DIETS: frozenset[str] = frozenset({"vegetarian", "vegan", "pescatarian", "gluten_free", "lactose_free"})
UNITS: frozenset[str] = frozenset({"piece", "g", "ml"})

# grams() accepts these spellings (besides the three counting units).
_PIECE_UNITS = frozenset({"piece", "pieces", "pc", "pcs", "package", "packages", "pkg", "pack", "x", "each"})
_MASS_UNITS = {"g": 1.0, "gram": 1.0, "grams": 1.0, "kg": 1000.0, "oz": 28.349523125, "lb": 453.59237}
_VOLUME_UNITS = {
    "ml": 1.0,
    "milliliter": 1.0,
    "millilitre": 1.0,
    "l": 1000.0,
    "liter": 1000.0,
    "litre": 1000.0,
}

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _singular(word: str) -> str:
    """Crude English singular for label matching (applied to every token alike)."""
    if len(word) <= 3 or word[-1] != "s" or word.endswith(("ss", "us")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"  # berries -> berry, cookies -> cooky (cookie -> cooky too)
    if word.endswith("oes"):
        return word[:-2]  # tomatoes -> tomato, potatoes -> potato
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]  # radishes -> radish, peaches -> peach
    return word[:-1]  # eggs -> egg, olives -> olive, oats -> oat


def _fold(word: str) -> str:
    """Make singulars meet their crude plural stems: cookie/cookies, quiche/quiches."""
    if len(word) >= 3 and word.endswith("ie"):
        return word[:-2] + "y"  # cookie -> cooky (= cookies), pie -> py (= pies)
    if len(word) > 3 and word.endswith(("che", "she", "xe", "ze", "sse", "oe")):
        return word[:-1]  # quiche -> quich (= quiches), mousse -> mouss (= mousses)
    return word


def normalize_label(name: str) -> str:
    """The key used by :meth:`Taxonomy.lookup`.

    Lower-case, accents stripped, every run of non-alphanumerics (space, hyphen,
    underscore, punctuation) collapsed to ``_``, and each token singularised
    (``ies``->``y``, ``oes``->``o``, ``ches``/``shes``/``xes``/``sses``->drop ``es``,
    else a trailing ``s`` unless ``ss``/``us``; tokens of 3 letters or fewer are kept).
    Singular endings that those rules cannot reach are folded the same way (``ie``->``y``,
    ``che``->``ch``, ``oe``->``o`` ...), so "cookie"/"cookies" and "quiche"/"quiches"
    meet.  Keys are for matching only; they are not meant to be displayed.

    >>> normalize_label("Bell-Peppers"), normalize_label(" Strawberries "), normalize_label("eggs")
    ('bell_pepper', 'strawberry', 'egg')
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    tokens = [t for t in _NON_ALNUM.split(text) if t]
    return "_".join(_fold(_singular(token)) for token in tokens)


@dataclass(frozen=True)
class Ingredient:
    """One taxonomy entry.  Nutrients are per 100 g edible portion (SR28)."""

    id: str
    name: str
    category: str
    aisle: str
    aliases: tuple[str, ...]
    unit: str  # "piece" | "g" | "ml": how it is counted in the fridge
    piece_g: float  # grams (edible portion) in one piece or one package
    package_desc: str
    shelf_life_days: int
    allergens: frozenset[str]
    diets: frozenset[str]
    density_g_per_ml: float
    ndb_no: str
    usda_description: str
    nutrients: Mapping[str, float] = field(hash=False)
    missing_nutrients: frozenset[str] = frozenset()  # keys not analysed in SR28 (loaded as 0.0)

    def grams(self, quantity: float, unit: str | None = None) -> float:
        """Convert ``quantity`` of ``unit`` (default: the ingredient's own unit) to grams.

        Units: piece/package (x ``piece_g``), g/kg/oz/lb, ml/l (x density).
        """
        if not math.isfinite(quantity) or quantity < 0:
            raise ValueError(f"quantity must be a finite number >= 0, got {quantity!r}")
        u = (unit or self.unit).strip().lower()
        if u in _PIECE_UNITS:
            return quantity * self.piece_g
        if u in _MASS_UNITS:
            return quantity * _MASS_UNITS[u]
        if u in _VOLUME_UNITS:
            return quantity * _VOLUME_UNITS[u] * self.density_g_per_ml
        raise ValueError(f"unknown unit {unit!r} for {self.id}")

    def nutrients_for(self, grams: float) -> dict[str, float]:
        """Nutrients in ``grams`` of this ingredient."""
        return {key: self.nutrients[key] * grams / 100.0 for key in NUTRIENT_KEYS}

    def to_public(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return {
            "id": self.id,
            "name": self.name,
            "category": self.category,
            "aisle": self.aisle,
            "aliases": list(self.aliases),
            "unit": self.unit,
            "piece_g": self.piece_g,
            "package_desc": self.package_desc,
            "shelf_life_days": self.shelf_life_days,
            "allergens": sorted(self.allergens),
            "diets": sorted(self.diets),
            "density_g_per_ml": self.density_g_per_ml,
            "ndb_no": self.ndb_no,
            "usda_description": self.usda_description,
            "nutrients_per_100g": {key: self.nutrients[key] for key in NUTRIENT_KEYS},
            "nutrients_not_analysed": sorted(self.missing_nutrients),
        }


class _Haystack(NamedTuple):
    id_key: str
    name_key: str
    keys: frozenset[str]  # normalised id and aliases
    words: frozenset[str]  # their words plus the name's and the category
    text: str  # lower-case id, name, aliases, category and keys, for substring search


class Taxonomy:
    """The set of ingredients with O(1) lookup by id or alias.

    Ids always win over aliases.  An alias whose key belongs to a different
    ingredient's id, or that two ingredients share, is not silently overwritten: the
    first holder keeps it and the clash is recorded in :attr:`alias_conflicts`
    (``key -> ids``; the tests require it to be empty).
    """

    def __init__(self, ingredients: Iterable[Ingredient]) -> None:
        self._items: list[Ingredient] = []
        self._by_id: dict[str, Ingredient] = {}
        self._index: dict[str, Ingredient] = {}
        conflicts: dict[str, list[str]] = {}
        for ing in ingredients:
            if ing.id in self._by_id:
                raise ValueError(f"duplicate ingredient id {ing.id!r}")
            key = normalize_label(ing.id)
            if key in self._index:
                raise ValueError(
                    f"ids {self._index[key].id!r} and {ing.id!r} normalise to the same key {key!r}"
                )
            self._items.append(ing)
            self._by_id[ing.id] = ing
            self._index[key] = ing
        for ing in self._items:
            for alias in ing.aliases:
                key = normalize_label(alias)
                if not key:
                    continue
                holder = self._index.get(key)
                if holder is None:
                    self._index[key] = ing
                elif holder is not ing:
                    ids = conflicts.setdefault(key, [holder.id])
                    if ing.id not in ids:
                        ids.append(ing.id)
        self.alias_conflicts: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in conflicts.items()}
        self._haystacks: dict[str, _Haystack] = {}
        for ing in self._items:
            id_key, name_key = normalize_label(ing.id), normalize_label(ing.name)
            keys = frozenset(normalize_label(x) for x in (ing.id, *ing.aliases))
            words = frozenset(w for k in (*keys, name_key, ing.category) for w in k.split("_") if w)
            text = " ".join(
                [ing.id, ing.name.lower(), *(a.lower() for a in ing.aliases), ing.category, *keys]
            )
            self._haystacks[ing.id] = _Haystack(id_key, name_key, keys, words, text)

    def get(self, ingredient_id: str) -> Ingredient:
        """The ingredient with exactly this id; ``KeyError`` if unknown."""
        try:
            return self._by_id[ingredient_id]
        except KeyError:
            raise KeyError(f"unknown ingredient id {ingredient_id!r}") from None

    def lookup(self, name: str) -> Ingredient | None:
        """By id or alias, case-, plural-, space/hyphen/underscore-insensitive; None if unknown."""
        return self._index.get(normalize_label(name))

    def search(self, query: str) -> list[Ingredient]:
        """Ingredients matching ``query`` by id, name, alias or category, best first.

        Ranking: exact lookup; id starting with the query; an alias or the name
        starting with it; every query word found as a word prefix (id, name, aliases,
        category); every query word found as a substring.  Ties keep file order.  An empty query returns all.
        """
        q = query.strip()
        if not q:
            return list(self._items)
        key = normalize_label(q)
        exact = self._index.get(key)
        raw_words = [w for w in _NON_ALNUM.split(q.lower()) if w]
        words = [normalize_label(w) for w in raw_words]
        ranked: list[tuple[int, int, Ingredient]] = []
        for pos, ing in enumerate(self._items):
            hay = self._haystacks[ing.id]
            if ing is exact:
                rank = 0
            elif key and hay.id_key.startswith(key):
                rank = 1
            elif key and (hay.name_key.startswith(key) or any(k.startswith(key) for k in hay.keys)):
                rank = 2
            elif words and all(any(w.startswith(x) for w in hay.words) for x in words):
                rank = 3
            elif raw_words and all(x in hay.text for x in raw_words):
                rank = 4
            else:
                continue
            ranked.append((rank, pos, ing))
        ranked.sort(key=lambda t: (t[0], t[1]))
        return [ing for _, _, ing in ranked]

    def by_category(self, category: str) -> list[Ingredient]:
        return [ing for ing in self._items if ing.category == category]

    def __iter__(self) -> Iterator[Ingredient]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Ingredient):
            return self._by_id.get(item.id) is item
        if isinstance(item, str):
            return item in self._by_id
        return False

    def __repr__(self) -> str:
        return f"Taxonomy({len(self)} ingredients)"


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def _parse_row(row: dict[str, str], where: str) -> Ingredient:
    def num(col: str) -> float:
        try:
            value = float(row[col])
        except ValueError:
            raise ValueError(f"{where}: column {col!r}: not a number: {row[col]!r}") from None
        if not math.isfinite(value):
            raise ValueError(f"{where}: column {col!r}: not finite: {row[col]!r}")
        return value

    ing_id = row["id"].strip()
    if not ing_id:
        raise ValueError(f"{where}: empty id")
    unit = row["unit"].strip()
    if unit not in UNITS:
        raise ValueError(f"{where}: unit must be one of {sorted(UNITS)}, got {unit!r}")
    allergens = frozenset(_split(row["allergens"]))
    if unknown := allergens - ALLERGENS:
        raise ValueError(f"{where}: unknown allergens {sorted(unknown)}")
    diets = frozenset(_split(row["diets"]))
    if unknown := diets - DIETS:
        raise ValueError(f"{where}: unknown diets {sorted(unknown)}")
    piece_g = num("piece_g")
    density = num("density_g_per_ml")
    if piece_g <= 0 or density <= 0:
        raise ValueError(f"{where}: piece_g and density_g_per_ml must be positive")
    shelf = num("shelf_life_days")
    if shelf != int(shelf) or shelf < 0:
        raise ValueError(
            f"{where}: shelf_life_days must be a whole number >= 0, got {row['shelf_life_days']!r}"
        )
    nutrients: dict[str, float] = {}
    missing: set[str] = set()
    for key in NUTRIENT_KEYS:
        if row[key].strip() == "":
            nutrients[key] = 0.0
            missing.add(key)
        else:
            nutrients[key] = num(key)
            if nutrients[key] < 0:
                raise ValueError(f"{where}: column {key!r}: negative value")
    return Ingredient(
        id=ing_id,
        name=row["name"].strip(),
        category=row["category"].strip(),
        aisle=row["aisle"].strip(),
        aliases=tuple(_split(row["aliases"])),
        unit=unit,
        piece_g=piece_g,
        package_desc=row["package_desc"].strip(),
        shelf_life_days=int(shelf),
        allergens=allergens,
        diets=diets,
        density_g_per_ml=density,
        ndb_no=row["ndb_no"].strip(),
        usda_description=row["usda_description"].strip(),
        nutrients=MappingProxyType(nutrients),
        missing_nutrients=frozenset(missing),
    )


def _read(fh: IO[str], source: str) -> Taxonomy:
    reader = csv.reader(fh)
    header = next(reader, None)
    if not header:
        raise ValueError(f"{source}: empty file")
    if tuple(header) != CSV_COLUMNS:
        missing = [c for c in CSV_COLUMNS if c not in header]
        raise ValueError(
            f"{source}:1: unexpected header (missing {missing})"
            if missing
            else f"{source}:1: bad header order"
        )
    ingredients: list[Ingredient] = []
    for fields in reader:
        where = f"{source}:{reader.line_num}"
        if not fields or all(not f.strip() for f in fields):
            continue
        if len(fields) != len(CSV_COLUMNS):
            raise ValueError(f"{where}: expected {len(CSV_COLUMNS)} fields, got {len(fields)}")
        ingredients.append(_parse_row(dict(zip(CSV_COLUMNS, fields, strict=True)), where))
    try:
        return Taxonomy(ingredients)
    except ValueError as exc:
        raise ValueError(f"{source}: {exc}") from None


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Load the taxonomy CSV; ``None`` loads the packaged ``data/reference/ingredients.csv`` (cached)."""
    if path is None:
        return _load_default()
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as fh:
        return _read(fh, str(path))


@functools.lru_cache(maxsize=1)
def _load_default() -> Taxonomy:
    resource = importlib.resources.files(__package__ or "data").joinpath("reference", "ingredients.csv")
    return _read(io.StringIO(resource.read_text(encoding="utf-8"), newline=""), str(resource))
