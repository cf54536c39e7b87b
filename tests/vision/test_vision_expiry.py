"""Inventory items get an expiry estimate from the ingredient's fridge shelf life.

The expected dates are worked out by hand from data/reference/ingredients.csv (shelf_life_days:
milk_whole 7, egg 28, spinach 5), not with the formula under test, so a wrong shelf life, a unit slip
(hours for days) or a lost time of day fails.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

import agents.inventory.expiry
from agents.inventory.expiry import estimated_expiry
from data.taxonomy import load_taxonomy


@pytest.mark.parametrize(
    ("ingredient", "added", "expected"),
    [
        ("milk_whole", datetime(2026, 1, 1, 12, tzinfo=UTC), datetime(2026, 1, 8, 12, tzinfo=UTC)),
        (
            "egg",
            datetime(2026, 2, 20, 8, 15, tzinfo=UTC),
            datetime(2026, 3, 20, 8, 15, tzinfo=UTC),
        ),  # 28-day Feb
        ("spinach", datetime(2026, 12, 29, 23, 30, tzinfo=UTC), datetime(2027, 1, 3, 23, 30, tzinfo=UTC)),
    ],
)
def test_expiry_is_the_shelf_life_after_adding(ingredient: str, added: datetime, expected: datetime) -> None:
    assert estimated_expiry(ingredient, added) == expected


def test_unknown_items_get_no_invented_date() -> None:
    assert estimated_expiry(None) is None
    assert estimated_expiry("no_such_ingredient") is None


def test_manual_add_sets_an_expiry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlmodel import select

    from agents.inventory.manual import add_item
    from data.db import Database
    from data.models import InventoryItem

    monkeypatch.setattr(agents.inventory.expiry, "utcnow", lambda: datetime(2026, 2, 20, 8, 15, tzinfo=UTC))
    db = Database(tmp_path / "larder.db")
    add_item(db, load_taxonomy(), "egg", 6)
    with db.session() as s:
        item = s.exec(select(InventoryItem)).one()
    assert item.expires_at == datetime(2026, 3, 20, 8, 15, tzinfo=UTC)
