"""Display names and categories for taxonomy ids, with a readable fallback while the taxonomy is absent."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _taxonomy() -> Any | None:
    try:
        from data.taxonomy import load_taxonomy
    except ImportError:
        return None
    try:
        return load_taxonomy()
    except Exception:  # a broken reference file must not keep the window from opening
        log.exception("cannot load the ingredient taxonomy")
        return None


def _ingredient(ingredient_id: str | None) -> Any | None:
    taxonomy = _taxonomy()
    if taxonomy is None or not ingredient_id:
        return None
    try:
        return taxonomy.get(ingredient_id)
    except (KeyError, LookupError):
        return None


def pretty_id(ingredient_id: str) -> str:
    words = ingredient_id.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def display_name(ingredient_id: str | None, fallback: str = "") -> str:
    item = _ingredient(ingredient_id)
    name = getattr(item, "name", None) if item is not None else None
    if name:
        return str(name)
    if fallback:
        return fallback
    return pretty_id(ingredient_id) if ingredient_id else "Unknown item"


def category(ingredient_id: str | None) -> str:
    item = _ingredient(ingredient_id)
    if item is None:
        return ""
    return str(getattr(item, "category", None) or "")
