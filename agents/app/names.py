"""Display names and categories of taxonomy ids, for lists and boxes (the window has no taxonomy of its own)."""

from __future__ import annotations

import logging
from functools import lru_cache

from data.taxonomy import Ingredient, Taxonomy, load_taxonomy

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    return load_taxonomy()


def ingredient(ingredient_id: str | None) -> Ingredient | None:
    if not ingredient_id:
        return None
    tax = taxonomy()
    return tax.get(ingredient_id) if ingredient_id in tax else None


def pretty_id(ingredient_id: str) -> str:
    """`greek_yogurt` -> `Greek yogurt`: an unknown id or label made readable."""
    words = ingredient_id.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def display_name(ingredient_id: str | None, fallback: str = "") -> str:
    found = ingredient(ingredient_id)
    if found is not None:
        return found.name
    if fallback:
        return fallback
    return pretty_id(ingredient_id) if ingredient_id else "Unknown item"


def category(ingredient_id: str | None) -> str:
    found = ingredient(ingredient_id)
    return found.category if found is not None else ""
