"""The reference scene, diets, allergies, budgets, and properties of deficits."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agents.nutrition.core import plan_nutrition
from agents.nutrition.inputs import NutritionInputs, SupplyItem
from data.taxonomy import load_taxonomy
from tests.nutrition.helpers import TODAY, active_man, watch_days

TAXONOMY = load_taxonomy()
LOW_PROTEIN_FRIDGE = (
    SupplyItem("lettuce_romaine", 1),
    SupplyItem("apple", 4),
    SupplyItem("butter_salted", 1),
    SupplyItem("orange_juice", 1),
)
ANIMAL_CATEGORIES = {"dairy", "eggs", "meat", "poultry", "fish", "shellfish"}


def reference(**profile: object) -> NutritionInputs:
    return NutritionInputs(
        profile=active_man(**profile), health_days=watch_days(14), supply=LOW_PROTEIN_FRIDGE, today=TODAY
    )


def test_reference_scene_protein_is_the_largest_deficit_and_is_closed_with_a_checkable_reason() -> None:
    result = plan_nutrition(reference(goal="maintain"))
    assert next(iter(result.deficits)) == "protein_g"
    protein = result.deficits["protein_g"]
    assert protein.significant and protein.value > 0.9 * protein.target
    first = result.recommendations[0]
    food = TAXONOMY.get(first.ingredient)
    assert first.nutrient == "protein_g" and food.nutrients["protein_g"] >= 10
    # The reason states the target, the supply, the gap and what this item adds, and they add up.
    numbers = [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*\.?\d*", first.reason.split(";")[0])]
    target, supplied, short = numbers[1], numbers[2], numbers[3]  # numbers[0] is the "7" of 7-day
    assert first.reason.startswith("Protein: 7-day target")
    assert abs(target - protein.target) <= 1 and abs(target - supplied - short) <= 1.5
    added = first.grams * food.nutrients["protein_g"] / 100
    assert abs(first.covers["protein_g"] - added) < 0.05
    assert f"adds {added:,.0f} g" in first.reason


AMOUNT = r"(\d[\d,]*(?:\.\d+)?) (kg|g|mg|ug)"


def _amount(number: str, unit: str) -> float:
    return float(number.replace(",", "")) * (1000 if unit == "kg" else 1)


@given(
    st.lists(st.tuples(st.sampled_from(sorted(i.id for i in TAXONOMY)), st.floats(10, 900)), max_size=8),
    st.sampled_from([1, 3, 7, 14]),
    st.sampled_from(["male", "female"]),
)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_reason_figures_add_up_exactly_and_match_the_result(
    fridge: list[tuple[str, float]], days: int, sex: str
) -> None:
    supply = tuple(SupplyItem(food, grams=grams) for food, grams in fridge)
    result = plan_nutrition(
        NutritionInputs(profile=active_man(sex=sex), supply=supply, today=TODAY, days=days)
    )
    for rec in result.recommendations:
        found = re.search(
            rf"target {AMOUNT}, the fridge supplies {AMOUNT}, {AMOUNT} short.*?adds {AMOUNT}", rec.reason
        )
        assert found, rec.reason
        target, supplied, short, adds = (_amount(found[i], found[i + 1]) for i in (1, 3, 5, 7))
        assert target - supplied == pytest.approx(short, abs=1e-6), rec.reason
        deficit = result.deficits[rec.nutrient]
        step = 100 if target >= 10000 else 1 if target >= 100 else 0.1
        assert (
            abs(target - deficit.target) <= step / 2 + 1e-9
            and abs(supplied - deficit.supply) <= step / 2 + 1e-9
        )
        assert adds == pytest.approx(rec.covers[rec.nutrient], rel=0.05, abs=0.06)


def test_recommendations_spread_and_stay_within_energy_and_limits() -> None:
    result = plan_nutrition(reference(goal="maintain"))
    recs = result.recommendations
    assert 3 <= len(recs) <= 6 and len({r.ingredient for r in recs}) == len(recs)
    for rec in recs:
        assert rec.grams <= 300 * 7 + 1e-6  # at most 300 g a day of one food
        assert rec.covers.get("protein_g", 0) <= 0.4 * result.targets["protein_g"].horizon_total + 60
    energy = sum(r.covers.get("energy_kcal", 0) for r in recs)
    assert energy <= result.deficits["energy_kcal"].value + 0.05 * result.targets["energy_kcal"].horizon_total
    for limit in ("sodium_mg", "saturated_fat_g"):
        room = result.targets[limit].horizon_total - result.supply[limit]
        assert sum(r.covers.get(limit, 0) for r in recs) <= room


def test_energy_covered_still_leaves_room_for_lean_protein_but_not_more() -> None:
    # Realistic amounts that cover the week's energy: bread, rice, oil, cheese, juice, nuts, ice cream.
    full = tuple(
        SupplyItem(food, grams=grams)
        for food, grams in (
            ("bread_white", 2000),
            ("rice_white_raw", 2000),
            ("olive_oil", 1000),
            ("orange_juice", 4000),
            ("almonds", 1000),
            ("ice_cream_vanilla", 2000),
            ("pasta_dry", 2000),
            ("banana", 3000),
        )
    )
    inputs = NutritionInputs(
        profile=active_man(goal="maintain"),
        health_days=watch_days(14, active=100, basal=1700),
        supply=full,
        today=TODAY,
    )
    result = plan_nutrition(inputs)
    energy_target = result.targets["energy_kcal"].horizon_total
    assert result.deficits["energy_kcal"].value < 0.05 * energy_target  # energy is (nearly) covered
    assert result.deficits["protein_g"].significant and result.deficits["protein_g"].value > 0
    added = sum(r.covers.get("energy_kcal", 0) for r in result.recommendations)
    gap = max(0.0, result.deficits["energy_kcal"].value)
    assert 0 < added <= max(gap + 0.05 * energy_target, 0.10 * energy_target) + 1e-6
    assert any(r.nutrient == "protein_g" for r in result.recommendations)
    assert any("instead of part of it" in n for n in result.notes)


def test_vegan_never_gets_animal_foods() -> None:
    result = plan_nutrition(reference(diet="vegan"))
    assert result.recommendations
    for rec in result.recommendations:
        food = TAXONOMY.get(rec.ingredient)
        assert "vegan" in food.diets and food.category not in ANIMAL_CATEGORIES and "honey" not in food.id


def test_vegetarian_gets_a_protein_food_without_meat_or_fish() -> None:
    result = plan_nutrition(reference(diet="vegetarian"))
    protein_recs = [r for r in result.recommendations if r.nutrient == "protein_g"]
    assert protein_recs
    for rec in result.recommendations:
        assert TAXONOMY.get(rec.ingredient).category not in {"meat", "poultry", "fish", "shellfish"}


@given(
    st.sets(
        st.sampled_from(
            sorted({"milk", "egg", "fish", "shellfish", "tree_nuts", "peanuts", "wheat", "soy", "sesame"})
        ),
        min_size=1,
    )
)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_an_allergen_is_never_recommended(allergens: set[str]) -> None:
    result = plan_nutrition(reference(allergies=frozenset(allergens)))
    for rec in result.recommendations:
        assert not (TAXONOMY.get(rec.ingredient).allergens & allergens)


def test_dislikes_are_respected() -> None:
    first = plan_nutrition(reference()).recommendations[0].ingredient
    again = plan_nutrition(reference(dislikes=frozenset({first})))
    assert first not in {r.ingredient for r in again.recommendations}


FOODS = sorted(i.id for i in TAXONOMY if i.category not in {"spice", "pantry"})


@given(st.sampled_from(FOODS), st.floats(min_value=1, max_value=2000))
@settings(max_examples=30, deadline=None)
def test_adding_food_never_increases_a_deficit(food: str, grams: float) -> None:
    base = plan_nutrition(reference())
    more = plan_nutrition(
        NutritionInputs(
            profile=active_man(),
            health_days=watch_days(14),
            supply=(*LOW_PROTEIN_FRIDGE, SupplyItem(food, grams=grams)),
            today=TODAY,
        )
    )
    for key, deficit in more.deficits.items():
        assert deficit.value <= base.deficits[key].value + 1e-9


@given(
    st.sampled_from(
        sorted(k for k in ("protein_g", "fiber_g", "calcium_mg", "energy_kcal", "sodium_mg", "iron_mg"))
    ),
    st.floats(min_value=0, max_value=5000),
)
@settings(max_examples=30, deadline=None)
def test_raising_a_target_never_decreases_its_deficit(key: str, extra: float) -> None:
    base_inputs = reference()
    base = plan_nutrition(base_inputs)
    raised_value = base.targets[key].per_day + extra
    raised = plan_nutrition(
        NutritionInputs(
            profile=base_inputs.profile,
            health_days=base_inputs.health_days,
            supply=base_inputs.supply,
            today=TODAY,
            overrides={key: raised_value},
        )
    )
    assert raised.deficits[key].value >= base.deficits[key].value - 1e-9
