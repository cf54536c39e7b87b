"""Fridge supply: grams from pieces and packages, shelf life, daily use and ceilings, maybe items."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_a_bag_of_sugar_counts_as_spoonfuls_and_says_so() -> None:
    bag = SupplyItem("sugar_granulated", grams=1814, added=TODAY)
    [line] = compute_supply((bag,), TAXONOMY, TODAY, 7).lines
    assert line.rule == "daily_use" and line.per_day_g == 25
    assert line.counted_grams == pytest.approx(25 * 7)
    assert line.note == "1.8 kg on hand, counted 25 g/day (used by the spoonful), 175 g over 7 days"


def test_a_small_staple_counts_what_is_there() -> None:
    [line] = compute_supply((SupplyItem("olive_oil", grams=50, added=TODAY),), TAXONOMY, TODAY, 7).lines
    assert line.counted_grams == 50 and "all of it counted" in line.note


def test_the_daily_ceiling_is_per_food_not_per_package() -> None:
    # Two 1 kg bags of rice: at most 150 g/day of dry rice for the week, whichever bag it comes from.
    bags = (SupplyItem("rice_white_raw", grams=1000), SupplyItem("rice_white_raw", grams=1000))
    supply = compute_supply(bags, TAXONOMY, TODAY, 7)
    assert sum(line.counted_grams for line in supply.lines) == pytest.approx(150 * 7)
    first, second = supply.lines
    assert first.counted_grams == 1000 and second.counted_grams == pytest.approx(50)
    assert second.rule == "ceiling" and "at most 150 g/day" in second.note
    assert supply.grams_by_ingredient["rice_white_raw"] == pytest.approx(1050)


def test_a_ceiling_and_a_shelf_life_together_count_the_smaller() -> None:
    # 2 kg of chicken good for 3 of 7 days: eating evenly 857 g would count, but 250 g/day x 3 = 750 g.
    item = SupplyItem("chicken_breast_raw", grams=2000, expires=TODAY + timedelta(days=2))
    [line] = compute_supply((item,), TAXONOMY, TODAY, 7).lines
    assert line.counted_grams == pytest.approx(750) and line.rule == "ceiling"


@given(st.sampled_from(sorted(i.id for i in TAXONOMY)), st.floats(0, 20000), st.integers(1, 60))
@settings(max_examples=60, deadline=None)
def test_counted_never_exceeds_on_hand_nor_the_daily_amount(food: str, grams: float, days: int) -> None:
    [line] = compute_supply((SupplyItem(food, grams=grams),), TAXONOMY, TODAY, days).lines
    assert 0 <= line.counted_grams <= grams + 1e-9
    assert line.per_day_g is not None and line.counted_grams <= line.per_day_g * days + 1e-9


def test_maybe_items_are_listed_not_counted() -> None:
    maybe = SupplyItem("yogurt_plain_whole", 1, "piece", confidence=0.36, sure=False)
    sure = SupplyItem("yogurt_plain_whole", 1, "piece", confidence=0.36, sure=True)
    supply = compute_supply((maybe,), TAXONOMY, TODAY, 7)
    assert supply.lines == () and supply.totals["protein_g"] == 0
    [line] = supply.maybe
    assert (
        line.confidence == 0.36 and supply.maybe_totals is not None and supply.maybe_totals["protein_g"] > 0
    )
    confirmed = compute_supply((sure,), TAXONOMY, TODAY, 7)
    assert confirmed.totals["protein_g"] == pytest.approx(supply.maybe_totals["protein_g"])
