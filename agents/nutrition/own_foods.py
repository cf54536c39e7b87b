"""Nutrients for the user's own items: search the SR28 foods Larder ships, and link an own item to one.

A name the taxonomy lacks is kept as the user's own item, which nutrition cannot count. The user may
say which SR28 food it is like ("grandma's plum jam" is "Jams and preserves"); the link is stored in
the home's database (`own_food_links`) and the nutrition reader counts the item as that food from
then on. The foods searched are the rows of the bundled reference table (data/reference/ingredients.csv,
built from USDA SR28), not the full SR28 of ../shared: the app must work where only it is installed.
A food's id is its SR28 NDB number; the taxonomy id of the row is accepted too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session, select

from agents.errors import UserError
from data.db import Database
from data.models import OwnFoodLink, utcnow
from data.taxonomy import Ingredient, Taxonomy

SHOWN_NUTRIENTS = ("energy_kcal", "protein_g", "fat_g", "carbs_g", "fiber_g")
MAX_MATCHES = 25


@dataclass(frozen=True)
class FoodMatch:
    """One SR28 food of the bundled table, with a few nutrients per 100 g."""

    id: str  # the SR28 NDB number
    ingredient: str  # the taxonomy row that carries it
    name: str  # SR28's own description ("Jams and preserves")
    short_name: str  # the taxonomy's name ("Jam")
    per_100g: Mapping[str, float]

    def to_public(self) -> dict[str, object]:
        return {
            "id": self.id,
            "ingredient": self.ingredient,
            "name": self.name,
            "short_name": self.short_name,
            "per_100g": dict(self.per_100g),
        }


@dataclass(frozen=True)
class FoodLink:
    """An own item's name and the SR28 food it is counted as."""

    name: str
    food: FoodMatch

    def to_public(self) -> dict[str, object]:
        return {"name": self.name, "food": self.food.to_public()}


def own_key(name: str) -> str:
    """How own items' names are stored (agents/inventory/review_names.py): lower case, single spaces."""
    return " ".join(str(name).split()).lower()


def _match(ingredient: Ingredient) -> FoodMatch:
    return FoodMatch(
        ingredient.ndb_no,
        ingredient.id,
        ingredient.usda_description or ingredient.name,
        ingredient.name,
        {key: float(ingredient.nutrients.get(key, 0.0)) for key in SHOWN_NUTRIENTS},
    )


def search_foods(taxonomy: Taxonomy, query: str, limit: int = MAX_MATCHES) -> tuple[FoodMatch, ...]:
    """Foods whose name, aliases or SR28 description match `query`, best first, one per NDB number.

    The taxonomy's own ranking first (exact name, prefixes, word prefixes); then foods whose SR28
    description holds every word of the query ("preserves" finds the jam)."""
    text = " ".join(query.split())
    if not text:
        raise UserError("say what to search for, e.g. `larder foods jam`")
    found: dict[str, FoodMatch] = {}
    ranked = list(taxonomy.search(text))
    words = text.lower().split()
    ranked += [
        ing
        for ing in taxonomy.search("")
        if all(w in ing.usda_description.lower() for w in words) and ing not in ranked
    ]
    for ingredient in ranked:
        if ingredient.ndb_no and ingredient.ndb_no not in found:
            found[ingredient.ndb_no] = _match(ingredient)
        if len(found) >= limit:
            break
    return tuple(found.values())


def food(taxonomy: Taxonomy, food_id: str) -> FoodMatch:
    """The food an NDB number (or a taxonomy id) names; UserError when the bundled table lacks it."""
    wanted = food_id.strip()
    if wanted in taxonomy:
        return _match(taxonomy.get(wanted))
    for ingredient in taxonomy.search(""):
        if ingredient.ndb_no and ingredient.ndb_no == wanted:
            return _match(ingredient)
    raise UserError(f"no SR28 food with id {food_id!r} in Larder's table (search with `larder foods NAME`)")


def link_own_item(db: Database, taxonomy: Taxonomy, name: str, food_id: str) -> FoodLink:
    """Count the own item `name` as food `food_id` from now on (one row, replaced when linked again).

    A name the taxonomy knows is refused: it has its nutrients already (rename the item instead)."""
    key = own_key(name)
    if not key:
        raise UserError("the item's name is empty")
    known = taxonomy.lookup(key)
    if known is not None:
        raise UserError(f"{name!r} is the ingredient {known.name!r}, which has its own nutrients already")
    match = food(taxonomy, food_id)
    with db.session() as s:
        row = s.get(OwnFoodLink, key)
        if row is None:
            row = OwnFoodLink(name=key, ingredient_id=match.ingredient, ndb_no=match.id)
        else:
            row.ingredient_id, row.ndb_no, row.linked_at = match.ingredient, match.id, utcnow()
        s.add(row)
    return FoodLink(key, match)


def linked_ingredients(session: Session) -> dict[str, str]:
    """Own item name -> the taxonomy id it is counted as (for the nutrition reader)."""
    return {row.name: row.ingredient_id for row in session.exec(select(OwnFoodLink)).all()}


def food_links(db: Database, taxonomy: Taxonomy) -> tuple[FoodLink, ...]:
    with db.session() as s:
        rows = s.exec(select(OwnFoodLink).order_by(OwnFoodLink.name)).all()
        pairs = [(row.name, row.ingredient_id) for row in rows]
    return tuple(FoodLink(name, _match(taxonomy.get(i))) for name, i in pairs if i in taxonomy)
