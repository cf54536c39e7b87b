"""Each target rule against a hand calculation (the arithmetic is in the test)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from agents.nutrition.core import plan_nutrition
from agents.nutrition.energy import mifflin_st_jeor
from agents.nutrition.inputs import HealthDay, NutritionInputs, ProfileData
from agents.nutrition.person import resolve_person
from agents.nutrition.targets import compute_targets
from tests.nutrition.helpers import TODAY, active_man, watch_days


def targets_for(
    profile: ProfileData, days: tuple[HealthDay, ...] = (), overrides: dict[str, float] | None = None
):
    person = resolve_person(profile, days, TODAY)
    return compute_targets(person, days, overrides or {}, 7, TODAY).targets


def test_mifflin_matches_the_published_example() -> None:
    # man, 35 y, 80 kg, 180 cm: 800 + 1125 - 175 + 5 = 1755
    assert mifflin_st_jeor("male", 80, 180, 35) == 1755
    # woman, 30 y, 60 kg, 165 cm: 600 + 1031.25 - 150 - 161 = 1320.25
    assert mifflin_st_jeor("female", 60, 165, 30) == pytest.approx(1320.25)


def test_without_wearable_data_energy_is_mifflin_times_chosen_pal() -> None:
    profile = ProfileData(
        sex="female", age=30, height_cm=165, weight_kg=60, activity_level="moderate", goal="maintain"
    )
    t = targets_for(profile)
    # 1320.25 x 1.55 = 2046.39
    assert t["energy_kcal"].per_day == pytest.approx(2046.39, abs=0.01)
    assert t["energy_kcal"].horizon_total == pytest.approx(2046.39 * 7, abs=0.1)
    assert "1.55" in t["energy_kcal"].rule and "1,320" in t["energy_kcal"].rule


def test_steps_choose_the_activity_factor_when_no_energy_is_measured() -> None:
    days = tuple(HealthDay(TODAY - timedelta(days=i), steps=11000) for i in range(1, 11))
    profile = ProfileData(sex="male", age=35, height_cm=180, weight_kg=80, goal="maintain")
    t = targets_for(profile, days)
    # 10,000-12,499 steps/day -> active, PAL 1.725: 1755 x 1.725 = 3027.375
    assert t["energy_kcal"].per_day == pytest.approx(3027.375)


def test_measured_energy_is_the_median_of_recent_complete_days() -> None:
    days = list(watch_days(20, active=700, basal=1800))  # 2500 a day
    days[0] = HealthDay(TODAY - timedelta(days=1), active_kcal=5000, basal_kcal=1800)  # an outlier
    days.append(HealthDay(TODAY, active_kcal=10, basal_kcal=300, is_partial=True))  # today, partial: ignored
    t = targets_for(active_man(goal="maintain"), tuple(days))
    assert t["energy_kcal"].per_day == 2500
    assert "median" in t["energy_kcal"].rule and "2,500" in t["energy_kcal"].rule


def test_six_days_are_not_enough_for_a_measured_target() -> None:
    t = targets_for(active_man(goal="maintain", activity_level="sedentary"), watch_days(6))
    # BMR 10 x 84 + 6.25 x 181 - 5 x 35 + 5 = 840 + 1131.25 - 175 + 5 = 1801.25 (age 35 on 2024-03-01); x 1.2
    assert t["energy_kcal"].per_day == pytest.approx(1801.25 * 1.2)


def test_goal_lose_takes_500_kcal_and_gain_adds_300() -> None:
    days = watch_days(14, active=700, basal=1800)  # 2500
    assert targets_for(active_man(goal="lose"), days)["energy_kcal"].per_day == 2000
    assert targets_for(active_man(goal="gain"), days)["energy_kcal"].per_day == 2750
    # the cut is bounded to 20 % of expenditure: 1500 x 0.2 = 300 -> 1200, then the 1500 floor for men
    # (no body data, so the measured 1500 is not clamped to 1.1 x BMR)
    small = watch_days(14, active=100, basal=1400)
    lose_small = targets_for(ProfileData(goal="lose"), small)["energy_kcal"]
    assert lose_small.per_day == 1500 and "floor" in lose_small.rule
    # A 20 % cut is a whole number of kcal, so the rule's subtraction adds up as printed:
    # 2001.3 x 0.2 = 400.26 -> 400, 2001.3 - 400 = 1601.3.
    odd = targets_for(active_man(goal="lose"), watch_days(14, active=300.3, basal=1701))["energy_kcal"]
    assert odd.per_day == pytest.approx(1601.3) and "2,001 kcal/day; goal lose: -400 kcal/day" in odd.rule
    assert odd.rule.endswith("-> 1,601 kcal/day")


def test_protein_tiers_by_activity_and_goal() -> None:
    sedentary = ProfileData(
        sex="male", age=40, height_cm=180, weight_kg=80, goal="maintain", activity_level="sedentary"
    )
    assert targets_for(sedentary)["protein_g"].per_day == pytest.approx(0.8 * 80)  # 64 g
    moderate = watch_days(14, active=500, steps=8000)
    assert targets_for(active_man(goal="maintain"), moderate)["protein_g"].per_day == pytest.approx(1.4 * 84)
    high = watch_days(14, active=750)
    assert targets_for(active_man(goal="maintain"), high)["protein_g"].per_day == pytest.approx(1.8 * 84)
    assert targets_for(active_man(goal="lose"), high)["protein_g"].per_day == pytest.approx(2.0 * 84)
    assert targets_for(active_man(goal="gain"), moderate)["protein_g"].per_day == pytest.approx(1.8 * 84)
    assert "g/kg" in targets_for(active_man(goal="lose"), high)["protein_g"].rule


def test_fat_carbs_fiber_and_limits_follow_energy() -> None:
    # 2500 kcal; 700 kcal active and 8000 steps -> moderate: 1.4 x 84 = 117.6 g protein
    t = targets_for(active_man(goal="maintain"), watch_days(14, active=700, basal=1800, steps=8000))
    protein = 1.4 * 84
    assert t["fat_g"].per_day == pytest.approx(0.30 * 2500 / 9)  # 83.33 g
    assert t["carbs_g"].per_day == pytest.approx((2500 - 4 * protein - 9 * 2500 * 0.30 / 9) / 4)  # 319.9 g
    assert t["fiber_g"].per_day == pytest.approx(14 * 2.5)  # 35 g
    assert t["saturated_fat_g"].per_day == pytest.approx(250 / 9) and t["saturated_fat_g"].kind == "limit"
    assert t["sugars_g"].per_day == pytest.approx(250 / 4)
    assert t["sodium_mg"].per_day == 2300 and t["sodium_mg"].kind == "limit"


def test_micronutrients_follow_the_dri_table_for_age_and_sex() -> None:
    woman_40 = ProfileData(sex="female", age=40, height_cm=165, weight_kg=60)
    t = targets_for(woman_40)
    assert (
        t["iron_mg"].per_day == 18 and t["magnesium_mg"].per_day == 320 and t["potassium_mg"].per_day == 2600
    )
    man_75 = ProfileData(sex="male", age=75, height_cm=175, weight_kg=75)
    t = targets_for(man_75)
    assert t["calcium_mg"].per_day == 1200 and t["vitamin_d_ug"].per_day == 20 and t["iron_mg"].per_day == 8


def test_overrides_win_and_flow_into_derived_targets() -> None:
    t = targets_for(
        active_man(goal="maintain"), watch_days(14), overrides={"energy_kcal": 3000, "protein_g": 200}
    )
    assert t["energy_kcal"].per_day == 3000 and t["energy_kcal"].is_override
    assert t["protein_g"].per_day == 200 and t["protein_g"].is_override
    assert "set by you" in t["protein_g"].rule
    assert t["fiber_g"].per_day == pytest.approx(42)  # 14 x 3.0
    # (3000 - 4 x 200 - 9 x 100) / 4 = 325 g is under 45 % of 3000 kcal / 4 = 337.5 g: raised to the AMDR
    assert t["carbs_g"].per_day == pytest.approx(337.5) and "raised" in t["carbs_g"].rule


def test_no_profile_uses_stated_defaults() -> None:
    result = plan_nutrition(NutritionInputs(today=date(2024, 3, 1)))
    assert any("assumed male, 35 y, 175 cm, 75 kg" in d for d in result.defaults_used)
    # 10 x 75 + 6.25 x 175 - 5 x 35 + 5 = 1673.75; x 1.2 = 2008.5
    assert result.targets["energy_kcal"].per_day == pytest.approx(2008.5)
    assert result.targets["protein_g"].per_day == pytest.approx(60)
