"""The front door's inventory edits the window's Inventory page uses (Qt-free): add what a person types,
correct quantity, unit, best-before and what an item is; bad input is one clear error and changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from agents.app import UserError
from agents.inventory.manual import parse_amount


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("6 eggs", ("eggs", 6.0, None)),
        ("500 g greek yogurt", ("greek yogurt", 500.0, "g")),
        ("1,5 kg flour", ("flour", 1500.0, "g")),
        ("2 l milk", ("milk", 2000.0, "ml")),
        ("3x apple", ("apple", 3.0, "piece")),
        ("eggs 6", ("eggs", 6.0, None)),
        ("  whole   milk ", ("whole milk", None, None)),
    ],
)
def test_what_a_person_types_splits_into_name_quantity_and_unit(text, parsed) -> None:
    assert parse_amount(text) == parsed


def test_add_by_text_resolves_the_ingredient_and_merges_hand_entries(larder) -> None:
    eggs = larder.add_item_text("6 eggs")
    assert eggs.ingredient_id == "egg" and (eggs.quantity, eggs.unit, eggs.source) == (6, "piece", "manual")
    again = larder.add_item_text("eggs 2")
    assert again.id == eggs.id and again.quantity == 8
    yogurt = larder.add_item_text("500 g greek yogurt")
    assert (yogurt.quantity, yogurt.unit) == (500, "g") and yogurt.expires_at is not None
    with pytest.raises(UserError, match="unknown ingredient"):
        larder.add_item_text("3 flibbertigibbets")
    assert len(larder.inventory()) == 2


def test_edit_corrects_an_item_and_refuses_bad_values_without_writing(larder) -> None:
    item = larder.add_item_text("500 g greek yogurt")
    best_before = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    edited = larder.edit_item(item.id, quantity=350, expires_at=best_before)
    assert edited.quantity == 350 and edited.expires_at == best_before
    renamed = larder.edit_item(item.id, ingredient="milk", unit="ml")
    assert renamed.ingredient_id == "milk_whole" and renamed.name == larder.display_name("milk_whole")
    assert renamed.unit == "ml"
    for bad, message in (
        ({"unit": "kg"}, "unit 'kg'"),
        ({"ingredient": "flibber"}, "unknown ingredient"),
        ({"quantity": -1}, "quantity -1"),
        ({"expires_at": datetime.now(UTC) - timedelta(days=9)}, "before the item was added"),
    ):
        with pytest.raises(UserError, match=message):
            larder.edit_item(item.id, **bad)
    assert larder.inventory() == (renamed,)
    gone = larder.edit_item(item.id, quantity=0)
    assert gone.status == "used_up" and larder.inventory() == ()
    assert [e.kind for e in larder.inventory_history()][:4] == ["edited", "edited", "edited", "added"]
