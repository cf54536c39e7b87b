"""Inventory items get an expiry estimate from the ingredient's fridge shelf life."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from agents.inventory.expiry import estimated_expiry
from data.taxonomy import load_taxonomy


def test_expiry_is_added_plus_shelf_life() -> None:
    added = datetime(2026, 1, 1, 12, tzinfo=UTC)
    days = load_taxonomy().get("milk_whole").shelf_life_days
    assert estimated_expiry("milk_whole", added) == added + timedelta(days=days)


def test_unknown_items_get_no_invented_date() -> None:
    assert estimated_expiry(None) is None
    assert estimated_expiry("no_such_ingredient") is None


def test_manual_add_sets_an_expiry(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sqlmodel import select

    from agents.inventory.manual import add_item
    from data.db import Database
    from data.models import InventoryItem

    db = Database(tmp_path / "larder.db")
    add_item(db, load_taxonomy(), "egg", 6)
    with db.session() as s:
        item = s.exec(select(InventoryItem)).one()
    assert item.expires_at is not None
    shelf = load_taxonomy().get("egg").shelf_life_days
    assert abs((item.expires_at - item.added_at) - timedelta(days=shelf)) < timedelta(seconds=5)
