"""Fridge supply: grams from pieces and packages, shelf life, not-for-eating items."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agents.nutrition.inputs import SupplyItem
from agents.nutrition.supply import compute_supply
from data.taxonomy import load_taxonomy
from tests.nutrition.helpers import TODAY

TAXONOMY = load_taxonomy()


def test_pieces_times_piece_weight_times_nutrients_per_100g() -> None:
    egg = TAXONOMY.get("egg")
    supply = compute_supply((SupplyItem("egg", 6, "piece"),), TAXONOMY, TODAY, 7)
    grams = 6 * egg.piece_g  # 6 x 50 g = 300 g
    assert supply.lines[0].grams == pytest.approx(grams)
    assert supply.totals["protein_g"] == pytest.approx(grams * egg.nutrients["protein_g"] / 100)  # 37.68 g


def test_grams_and_ml_units() -> None:
    milk = TAXONOMY.get("milk_whole")
    supply = compute_supply(
        (SupplyItem("milk_whole", 500, "ml"), SupplyItem("egg", grams=100)), TAXONOMY, TODAY, 7
    )
    assert supply.lines[0].grams == pytest.approx(500 * milk.density_g_per_ml)
    assert supply.lines[1].grams == 100


def test_only_what_is_good_before_expiry_counts() -> None:
    fresh = SupplyItem(
        "chicken_breast_raw", 1, "piece", expires=TODAY + timedelta(days=2)
    )  # good 3 of 7 days
    off = SupplyItem("chicken_breast_raw", 1, "piece", expires=TODAY - timedelta(days=1))
    long = SupplyItem("chicken_breast_raw", 1, "piece", expires=TODAY + timedelta(days=30))
    supply = compute_supply((fresh, off, long), TAXONOMY, TODAY, 7)
    assert [round(line.share, 4) for line in supply.lines] == [round(3 / 7, 4), 0.0, 1.0]
    assert supply.totals["protein_g"] == pytest.approx((3 / 7 + 1) * 200 * 22.5 / 100)


def test_shelf_life_counts_from_when_it_was_added() -> None:
    milk = TAXONOMY.get("milk_whole")  # shelf life 7 days
    item = SupplyItem("milk_whole", 1, "piece", added=TODAY - timedelta(days=milk.shelf_life_days - 1))
    supply = compute_supply((item,), TAXONOMY, TODAY, 7)
    # added 6 days ago, good until tomorrow: 2 of 7 days
    assert supply.lines[0].share == pytest.approx(2 / 7)


def test_not_for_eating_and_unknown_items_are_left_out_and_said() -> None:
    items = (SupplyItem("egg", 12, not_for_eating=True), SupplyItem("unobtainium", 1))
    supply = compute_supply(items, TAXONOMY, TODAY, 7)
    assert supply.lines == () and supply.totals["protein_g"] == 0
    assert any("not for eating" in s for s in supply.skipped) and any(
        "unobtainium" in s for s in supply.skipped
    )
