"""When an item is likely to spoil: its fridge shelf life (taxonomy) counted from when it was added."""

from __future__ import annotations

from datetime import datetime, timedelta

from data.models import utcnow
from data.taxonomy import load_taxonomy


def estimated_expiry(ingredient_id: str | None, added: datetime | None = None) -> datetime | None:
    """None for unrecognised items: no shelf life is known, so no date is invented."""
    if not ingredient_id:
        return None
    taxonomy = load_taxonomy()
    if ingredient_id not in taxonomy:
        return None
    return (added or utcnow()) + timedelta(days=taxonomy.get(ingredient_id).shelf_life_days)
