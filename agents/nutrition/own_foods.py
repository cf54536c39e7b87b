"""Nutrients for the user's own items: search every SR28 food Larder ships, and link an own item to one.

A name the taxonomy lacks is kept as the user's own item, which nutrition cannot count. The user may
say which SR28 food it is like ("grandma's plum jam" is "Jams and preserves", "kimchi" is "Cabbage,
kimchi"); the link is stored in the home's database (`own_food_links`) and the nutrition reader counts
the item as that food from then on. Two tables are searched, both shipped with the app (no ../shared at
run time): the taxonomy's rows first (Larder's ingredients, with their names and package weights), then
all 8,790 foods of SR28 (data/reference/sr28_foods.csv.gz). A food's id is its SR28 NDB number; a
taxonomy id and ``sr28:<NDB>`` are accepted too.

Own items are counted in pieces, so a link carries the grams of one piece: the user's, else the
taxonomy row's package weight, else SR28's largest household portion (each link says which). A food no
taxonomy row carries is counted for the linked item only (id ``sr28:<NDB>``): it never becomes a
candidate the planner proposes or the cart buys, and no detection name resolves to it.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session, select

from agents.errors import UserError
from data.db import Database
from data.models import OwnFoodLink, utcnow
from data.sr28_foods import Portion, Sr28Food, as_ingredient, food_words, load_sr28_foods, ndb_of, sr28_id
from data.taxonomy import Ingredient, Taxonomy, load_taxonomy, normalize_label

SHOWN_NUTRIENTS = ("energy_kcal", "protein_g", "fat_g", "carbs_g", "fiber_g")
MAX_MATCHES = 25
FALLBACK_PIECE_G = 100.0  # an SR28 food with no household portion at all: count a piece as 100 g
MAX_PIECE_G = 20_000.0  # more than 20 kg in one piece is a typing slip, not a jar

# Why a link counts so many grams a piece.
PIECE_YOURS = "yours"
PIECE_LARDER = "larder_package"
PIECE_PORTION = "sr28_portion"
PIECE_FALLBACK = "fallback"


@dataclass(frozen=True)
class FoodMatch:
    """One SR28 food: a row of Larder's taxonomy (`ingredient` set) or any other SR28 food."""

    id: str  # the SR28 NDB number
    ingredient: str | None  # the taxonomy row that carries it; None for an SR28 food outside it
    name: str  # SR28's own description ("Jams and preserves")
    short_name: str  # the taxonomy's name ("Jam"); the description for an SR28 food outside it
    per_100g: Mapping[str, float]
    food_group: str = ""  # SR28's food group ("Vegetables and Vegetable Products")
    piece_g: float = FALLBACK_PIECE_G  # the default grams of one piece of an item counted as this food
    piece_source: str = PIECE_FALLBACK  # larder_package | sr28_portion | fallback
    piece_note: str = ""  # what the default is, in words ("1 jar (340 g)", "SR28: 1 cup")
    portions: tuple[Portion, ...] = ()  # SR28's household measures

    @property
    def in_larder(self) -> bool:
        """A Larder ingredient (a taxonomy row), not only an SR28 food."""
        return self.ingredient is not None

    def to_public(self) -> dict[str, object]:
        return {
            "id": self.id,
            "ingredient": self.ingredient,
            "name": self.name,
            "short_name": self.short_name,
            "per_100g": dict(self.per_100g),
            "in_larder": self.in_larder,
            "food_group": self.food_group,
            "piece_g": self.piece_g,
            "piece_source": self.piece_source,
            "piece_note": self.piece_note,
            "portions": [p.to_public() for p in self.portions],
        }


@dataclass(frozen=True)
class FoodLink:
    """An own item's name, the SR28 food it is counted as, and the grams of one piece (and why)."""

    name: str
    food: FoodMatch
    piece_g: float
    piece_source: str  # yours | larder_package | sr28_portion | fallback

    @property
    def chosen_piece_g(self) -> float | None:
        """The grams a piece the user gave; None when the food's default applies (to link it again)."""
        return self.piece_g if self.piece_source == PIECE_YOURS else None

    @property
    def piece_why(self) -> str:
        if self.piece_source == PIECE_YOURS:
            return "you said"
        if self.piece_source == PIECE_LARDER:
            return f"Larder's package for {self.food.short_name}: {self.food.piece_note}"
        if self.piece_source == PIECE_PORTION:
            return f"SR28's largest household portion: {self.food.piece_note}"
        return "SR28 lists no portion for this food: 100 g"

    def to_public(self) -> dict[str, object]:
        return {
            "name": self.name,
            "food": self.food.to_public(),
            "piece_g": self.piece_g,
            "piece_source": self.piece_source,
            "piece_why": self.piece_why,
        }


def own_key(name: str) -> str:
    """How own items' names are stored (agents/inventory/review_names.py): lower case, single spaces."""
    return " ".join(str(name).split()).lower()


def _shown(nutrients: Mapping[str, float]) -> dict[str, float]:
    return {key: float(nutrients.get(key, 0.0)) for key in SHOWN_NUTRIENTS}


def _match(ingredient: Ingredient) -> FoodMatch:
    food = load_sr28_foods().get(ingredient.ndb_no)
    return FoodMatch(
        ingredient.ndb_no,
        ingredient.id,
        ingredient.usda_description or ingredient.name,
        ingredient.name,
        _shown(ingredient.nutrients),
        food.food_group if food is not None else "",
        float(ingredient.piece_g),
        PIECE_LARDER,
        ingredient.package_desc or f"{ingredient.piece_g:g} g",
        food.portions if food is not None else (),
    )


def _sr28_match(food: Sr28Food) -> FoodMatch:
    portion = food.largest_portion()
    grams, source, note = (
        (portion.grams, PIECE_PORTION, f"{portion.description} ({portion.grams:g} g)")
        if portion is not None
        else (FALLBACK_PIECE_G, PIECE_FALLBACK, "no SR28 portion: 100 g")
    )
    return FoodMatch(
        food.ndb_no,
        None,
        food.description,
        food.description,
        _shown(food.nutrients),
        food.food_group,
        grams,
        source,
        note,
        food.portions,
    )


def _carried(taxonomy: Taxonomy) -> dict[str, Ingredient]:
    """NDB number -> the first taxonomy row that carries it (a food's Larder name and package)."""
    out: dict[str, Ingredient] = {}
    for ingredient in taxonomy:
        if ingredient.ndb_no:
            out.setdefault(ingredient.ndb_no, ingredient)
    return out


def _query_words(text: str) -> list[tuple[str, str]]:
    """Each query word and its singular ("pickles" -> "pickle"), so plurals meet SR28's words."""
    return [(w, normalize_label(w) or w) for w in food_words(text)]


def _starts(words: tuple[str, ...], query: tuple[str, str]) -> bool:
    return any(w.startswith(query[0]) or w.startswith(query[1]) for w in words)


def _whole(words: tuple[str, ...], query: tuple[str, str]) -> bool:
    return any(w in query or normalize_label(w) == query[1] for w in words)


def _taxonomy_words(ingredient: Ingredient) -> tuple[str, ...]:
    texts = (ingredient.id.replace("_", " "), ingredient.name, *ingredient.aliases, ingredient.category)
    return tuple(w for t in (*texts, ingredient.usda_description) for w in food_words(t))


def search_foods(taxonomy: Taxonomy, query: str, limit: int = MAX_MATCHES) -> tuple[FoodMatch, ...]:
    """Foods matching `query`, best first, one per NDB number, at most `limit`.

    Every query word must start a word (of a taxonomy row's name, aliases or SR28 description, or of an
    SR28 food's description): "cola" finds "Beverages, carbonated, cola", not "Chocolate". Taxonomy
    rows first, in the taxonomy's own ranking (exact name, prefixes, word prefixes); then the other
    SR28 foods: whole words before word prefixes ("beer" before "Beerwurst"), a description that opens
    with the query's first word before others, shorter descriptions first."""
    text = " ".join(query.split())
    if not text:
        raise UserError("say what to search for, e.g. `larder foods jam`")
    words = _query_words(text)
    if not words:
        return ()
    found: dict[str, FoodMatch] = {}
    exact = taxonomy.lookup(text)
    ranked = [
        ing
        for ing in taxonomy.search(text)
        if ing is exact or all(_starts(_taxonomy_words(ing), w) for w in words)
    ]
    ranked += [
        ing
        for ing in taxonomy
        if ing not in ranked and all(_starts(food_words(ing.usda_description), w) for w in words)
    ]
    for ingredient in ranked:
        if len(found) >= limit:
            return tuple(found.values())
        if ingredient.ndb_no and ingredient.ndb_no not in found:
            found[ingredient.ndb_no] = _match(ingredient)
    table = load_sr28_foods()
    carried = _carried(taxonomy)
    candidates: set[str] | None = None
    for raw, singular in words:
        hits = table.starting(raw) | (table.starting(singular) if singular != raw else set())
        candidates = hits if candidates is None else candidates & hits
    scored = sorted(_sr28_rank(table.get(n), words) for n in candidates or () if n not in found)
    for *_, ndb_no in scored[: max(0, limit - len(found))]:
        holder = carried.get(ndb_no)
        sr28 = table.get(ndb_no)
        assert sr28 is not None
        found[ndb_no] = _match(holder) if holder is not None else _sr28_match(sr28)
    return tuple(found.values())


def _sr28_rank(sr28: Sr28Food | None, words: list[tuple[str, str]]) -> tuple[int, int, int, int, str]:
    """How well an SR28 description answers the query, smaller first.

    SR28 names a food head first, kind after a comma ("Alcoholic beverage, beer, light", "Pickles,
    cucumber, sour"): (1) every query word as typed, else as a singular, else only as a word start;
    (2) the first query word opening the description, else a comma segment ("beer" before "root beer");
    (3) fewer words that merely start like the query ("Beerwurst"); (4) shorter descriptions."""
    assert sr28 is not None
    segments = [food_words(part) for part in sr28.description.split(",")]
    flat = tuple(w for seg in segments for w in seg)
    if all(raw in flat for raw, _ in words):
        exact = 0
    elif all(_whole(flat, w) for w in words):
        exact = 1
    else:
        exact = 2
    heads = [seg[0] for seg in segments if seg]
    first = words[0]
    opens = 0 if heads[:1] and _whole(tuple(heads[:1]), first) else 1 if _whole(tuple(heads), first) else 2
    noise = sum(1 for w in flat for q in words if _starts((w,), q) and not _whole((w,), q))
    return (exact, opens, noise, len(sr28.description), sr28.ndb_no)


def food(taxonomy: Taxonomy, food_id: str) -> FoodMatch:
    """The food an NDB number, ``sr28:<NDB>`` or a taxonomy id names; UserError when no table has it.

    A food a taxonomy row carries is that row (its Larder name and package weight)."""
    wanted = food_id.strip()
    if wanted in taxonomy:
        return _match(taxonomy.get(wanted))
    ndb = ndb_of(wanted) or wanted
    holder = _carried(taxonomy).get(ndb)
    if holder is not None:
        return _match(holder)
    sr28 = load_sr28_foods().get(ndb)
    if sr28 is not None:
        return _sr28_match(sr28)
    raise UserError(f"no SR28 food with id {food_id!r} in Larder's tables (search with `larder foods NAME`)")


def _piece(match: FoodMatch, grams: float | None) -> tuple[float, str]:
    if grams is None:
        return match.piece_g, match.piece_source
    return float(grams), PIECE_YOURS


def check_piece_grams(grams: float | None) -> float | None:
    if grams is not None and (not math.isfinite(grams) or not 0 < grams <= MAX_PIECE_G):
        raise UserError(
            f"grams per piece must be a number above 0 and at most {MAX_PIECE_G:g}, got {grams:g}"
        )
    return grams


def link_own_item(
    db: Database, taxonomy: Taxonomy, name: str, food_id: str, piece_g: float | None = None
) -> FoodLink:
    """Count the own item `name` as food `food_id` from now on, `piece_g` grams a piece (None: the food's
    default); one row per name, replaced when linked again.

    A name the taxonomy knows is refused: it has its nutrients already (rename the item instead)."""
    key = own_key(name)
    if not key:
        raise UserError("the item's name is empty")
    known = taxonomy.lookup(key)
    if known is not None:
        raise UserError(f"{name!r} is the ingredient {known.name!r}, which has its own nutrients already")
    grams = check_piece_grams(piece_g)
    match = food(taxonomy, food_id)
    ingredient_id = match.ingredient or sr28_id(match.id)
    with db.session() as s:
        row = s.get(OwnFoodLink, key)
        if row is None:
            row = OwnFoodLink(name=key, ingredient_id=ingredient_id, ndb_no=match.id, piece_g=grams)
        else:
            row.ingredient_id, row.ndb_no, row.piece_g = ingredient_id, match.id, grams
            row.linked_at = utcnow()
        s.add(row)
    return FoodLink(key, match, *_piece(match, grams))


def unlink_own_item(db: Database, name: str) -> bool:
    """The own item `name` has no nutrients again (an undone link); False when it had no link."""
    with db.session() as s:
        row = s.get(OwnFoodLink, own_key(name))
        if row is None:
            return False
        s.delete(row)
    return True


def own_link(db: Database, taxonomy: Taxonomy, name: str) -> FoodLink | None:
    """The own item's link, or None (what an undo of a new link puts back)."""
    with db.session() as s:
        row = s.get(OwnFoodLink, own_key(name))
        return _link_of(row, taxonomy) if row is not None else None


def _link_of(row: OwnFoodLink, taxonomy: Taxonomy) -> FoodLink | None:
    if row.ingredient_id in taxonomy:
        match = _match(taxonomy.get(row.ingredient_id))
    else:
        sr28 = load_sr28_foods().get(ndb_of(row.ingredient_id) or "")
        if sr28 is None:
            return None  # a food no table of this Larder has: not counted, as before the link
        match = _sr28_match(sr28)
    return FoodLink(row.name, match, *_piece(match, row.piece_g))


def linked_foods(session: Session, taxonomy: Taxonomy | None = None) -> dict[str, Ingredient]:
    """Own item name -> the ingredient the nutrition count uses for it: the taxonomy row (with the
    user's grams a piece, when given) or the SR28 food as an ingredient of this item only."""
    tax = taxonomy if taxonomy is not None else load_taxonomy()
    out: dict[str, Ingredient] = {}
    for row in session.exec(select(OwnFoodLink)).all():
        link = _link_of(row, tax)
        if link is None:
            continue
        if link.food.ingredient is not None:
            base = tax.get(link.food.ingredient)
            out[row.name] = base if row.piece_g is None else dataclasses.replace(base, piece_g=link.piece_g)
        else:
            sr28 = load_sr28_foods().get(link.food.id)
            assert sr28 is not None
            out[row.name] = as_ingredient(sr28, link.piece_g)
    return out


def food_links(db: Database, taxonomy: Taxonomy) -> tuple[FoodLink, ...]:
    with db.session() as s:
        rows = s.exec(select(OwnFoodLink).order_by(OwnFoodLink.name)).all()
        links = [_link_of(row, taxonomy) for row in rows]
    return tuple(link for link in links if link is not None)
