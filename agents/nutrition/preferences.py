"""Diets, allergies and dislikes: parsing what people type and deciding whether a food is allowed."""

from __future__ import annotations

from collections.abc import Iterable

from agents.errors import UserError
from data.taxonomy import ALLERGENS, Ingredient, Taxonomy, normalize_label

DIETS: dict[str, str] = {
    "vegan": "vegan",
    "vegetarian": "vegetarian",
    "pescatarian": "pescatarian",
    "gluten-free": "gluten_free",
    "gluten_free": "gluten_free",
    "lactose-free": "lactose_free",
    "lactose_free": "lactose_free",
}
NO_DIET = ("none", "", "omnivore", "any")

# Words people type for an allergy -> taxonomy allergen. Generous on purpose: a missed allergy is
# dangerous, an extra exclusion only narrows the choice.
ALLERGY_WORDS: dict[str, str] = {
    "peanut": "peanuts",
    "peanuts": "peanuts",
    "groundnut": "peanuts",
    "soy": "soy",
    "soya": "soy",
    "soybean": "soy",
    "soybeans": "soy",
    "milk": "milk",
    "dairy": "milk",
    "lactose": "milk",
    "casein": "milk",
    "whey": "milk",
    "egg": "egg",
    "eggs": "egg",
    "fish": "fish",
    "shellfish": "shellfish",
    "shrimp": "shellfish",
    "prawn": "shellfish",
    "crustacean": "shellfish",
    "crustaceans": "shellfish",
    "mollusc": "shellfish",
    "mollusk": "shellfish",
    "tree nut": "tree_nuts",
    "tree nuts": "tree_nuts",
    "tree_nut": "tree_nuts",
    "tree_nuts": "tree_nuts",
    "treenut": "tree_nuts",
    "nut": "tree_nuts",
    "nuts": "tree_nuts",
    "almond": "tree_nuts",
    "walnut": "tree_nuts",
    "cashew": "tree_nuts",
    "hazelnut": "tree_nuts",
    "pecan": "tree_nuts",
    "pistachio": "tree_nuts",
    "wheat": "wheat",
    "gluten": "wheat",
    "sesame": "sesame",
}


def allergen_for(word: str) -> str:
    """The taxonomy allergen for an allergy as typed; UserError listing the known words if unknown."""
    text = " ".join(word.strip().lower().replace("-", " ").split())
    for candidate in (text, text.replace(" ", "_"), text.rstrip("s")):
        if candidate in ALLERGY_WORDS:
            return ALLERGY_WORDS[candidate]
        if candidate in ALLERGENS:
            return candidate
    known = ", ".join(sorted({w for w in ALLERGY_WORDS if " " not in w and "_" not in w}))
    raise UserError(f"unknown allergy {word!r}: known allergies are {known}")


def allergens_for(words: Iterable[str]) -> frozenset[str]:
    return frozenset(allergen_for(w) for w in words)


def diet_key(diet: str | None) -> str | None:
    """Taxonomy diet name ('gluten_free') for a diet as typed ('gluten-free'); None for no diet."""
    if diet is None or diet.strip().lower() in NO_DIET:
        return None
    key = diet.strip().lower()
    if key not in DIETS:
        raise UserError(
            f"unknown diet {diet!r}: use one of vegan, vegetarian, pescatarian, gluten-free, lactose-free"
        )
    return DIETS[key]


def resolve_dislike(word: str, taxonomy: Taxonomy) -> str:
    """An ingredient id for an exact match, else the normalised word (matched against names)."""
    found = taxonomy.lookup(word)
    if found is not None:
        return found.id
    key = normalize_label(word)
    if not key or not any(dislike_matches(key, ing) for ing in taxonomy):
        raise UserError(f"no ingredient matches the dislike {word!r} (see `larder ingredients {word}`)")
    return key


def dislike_matches(dislike: str, ingredient: Ingredient) -> bool:
    if dislike == ingredient.id:
        return True
    words = {
        normalize_label(ingredient.id),
        normalize_label(ingredient.name),
        *map(normalize_label, ingredient.aliases),
    }
    tokens = {t for w in words for t in w.split("_")}
    return dislike in words or dislike in tokens


def allowed(
    ingredient: Ingredient, diet: str | None, allergens: frozenset[str], dislikes: Iterable[str]
) -> bool:
    """True when the food fits the diet, holds none of the allergens and is not disliked."""
    if ingredient.allergens & allergens:
        return False
    if diet is not None and diet not in ingredient.diets:
        return False
    return not any(dislike_matches(d, ingredient) for d in dislikes)
