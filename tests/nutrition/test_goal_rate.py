"""The goal's rate: the energy target follows a chosen pace (7,700 kcal per kg), the default pace is the
old 500 / 300 kcal a day, unsafe paces are refused by the profile store with nothing written, and a
pace that became too fast (the weight went down) is capped by the plan with the reason."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from agents.errors import UserError
from agents.nutrition.goal_rate import (
    GAIN_MAX_KG_PER_WEEK,
    KCAL_PER_KG,
    LOSE_MAX_KG_PER_WEEK,
    checked_rate,
    max_rate,
)
from agents.nutrition.inputs import HealthDay, ProfileData
from agents.nutrition.person import resolve_person
from agents.nutrition.profile_store import ProfileChanges, apply_changes, show_profile
from agents.nutrition.reader import read_state
from agents.nutrition.targets import compute_targets
from data.db import Database
from data.models import ReconciledDay
from tests.nutrition.helpers import TODAY, active_man, watch_days

MEASURED = 2500.0  # watch_days(active=700, basal=1800)


def energy(profile: ProfileData, days: tuple[HealthDay, ...] = ()) -> tuple[float, str]:
    person = resolve_person(profile, days, TODAY)
    target = compute_targets(person, days, {}, 7, TODAY).targets["energy_kcal"]
    return target.per_day, target.rule


@pytest.mark.parametrize(("goal", "rate", "sign"), [("gain", 0.25, 1), ("lose", 0.6, -1), ("gain", 0.5, 1)])
def test_a_chosen_rate_moves_the_energy_target_by_the_7700_kcal_rule(
    goal: str, rate: float, sign: int
) -> None:
    days = watch_days(14, active=700, basal=1800)
    per_day, rule = energy(active_man(goal=goal, goal_rate_kg_per_week=rate), days)
    change = round(rate * KCAL_PER_KG / 7)  # 0.25 kg/week -> 275 kcal a day
    assert per_day == MEASURED + sign * change
    mark = "+" if sign > 0 else "-"
    assert f"goal {goal} at {rate:g} kg/week: {mark}{change:,} kcal/day" in rule
    assert rule.endswith(f"-> {MEASURED + sign * change:,.0f} kcal/day")


def test_without_a_rate_the_target_is_what_it_was_before_rates_existed() -> None:
    days = watch_days(14, active=700, basal=1800)
    lose, lose_rule = energy(active_man(goal="lose"), days)
    gain, gain_rule = energy(active_man(goal="gain"), days)
    # 500 kcal to lose (at most 20 % of 2,500), 300 to gain (at most 10 %: 250)
    assert (lose, gain) == (MEASURED - 500, MEASURED + min(300, 0.10 * MEASURED))
    assert "goal lose: -500 kcal/day (the default 500 kcal, about 0.45 kg/week" in lose_rule
    assert "goal gain: +250 kcal/day (the default 300 kcal, about 0.27 kg/week" in gain_rule
    # maintain ignores a stray rate
    assert energy(active_man(goal="maintain", goal_rate_kg_per_week=0.5), days)[0] == MEASURED


def test_a_chosen_rate_is_not_held_to_the_defaults_share_cap_but_the_floor_still_holds() -> None:
    # 2,200 kcal measured, no body data (75 kg assumed): the default cut is 20 % (440); 0.6 kg/week is
    # 660 a day, past that cap; 0.75 kg/week (1 % of 75 kg) is 750 -> 1,450, raised to the men's floor.
    days = watch_days(14, active=400, basal=1800)
    assert energy(ProfileData(goal="lose"), days)[0] == 2200 - 0.20 * 2200
    per_day, rule = energy(ProfileData(goal="lose", goal_rate_kg_per_week=0.6), days)
    assert per_day == 2200 - round(0.6 * KCAL_PER_KG / 7) and "floor" not in rule
    per_day, rule = energy(ProfileData(goal="lose", goal_rate_kg_per_week=0.75), days)
    assert per_day == 1500 and f"-{round(0.75 * KCAL_PER_KG / 7)} kcal/day" in rule and "floor" in rule


def test_a_rate_too_fast_for_todays_weight_is_capped_with_the_reason() -> None:
    # Set at 0.8 kg/week when heavier; the profile now says 60 kg: 1 % is 0.6 kg/week.
    profile = active_man(goal="lose", weight_kg=60.0, goal_rate_kg_per_week=0.8)
    per_day, rule = energy(profile, watch_days(14, active=700, basal=1800))
    assert per_day == MEASURED - round(0.6 * KCAL_PER_KG / 7)
    assert "goal lose at 0.6 kg/week" in rule and "your 0.8 kg/week capped: 1 % of 60 kg" in rule


def test_the_safe_bounds() -> None:
    assert max_rate("lose", 120.0).kg_per_week == LOSE_MAX_KG_PER_WEEK  # 1 % would be 1.2
    assert max_rate("lose", 70.0).kg_per_week == pytest.approx(0.7)
    assert max_rate("gain", 70.0).kg_per_week == GAIN_MAX_KG_PER_WEEK
    assert checked_rate(0.7, "lose", 70.0) == 0.7  # the limit itself passes
    for rate, goal, weight, words in (
        (0.71, "lose", 70.0, "at most 0.7 kg/week (1.54 lb), 1 % of 70 kg"),
        (1.1, "lose", 150.0, "at most 1 kg/week (2.2 lb), the usual ceiling for losing"),
        (0.6, "gain", 70.0, "at most 0.5 kg/week (1.1 lb), the usual ceiling for gaining"),
        (0.0, "lose", 70.0, "must be more than 0"),
        (float("nan"), "gain", 70.0, "must be more than 0"),
        (0.3, "maintain", 70.0, "only a lose or gain goal has a rate"),
    ):
        with pytest.raises(UserError, match="goal rate") as caught:
            checked_rate(rate, goal, weight)
        assert words in str(caught.value) and "\n" not in str(caught.value)


# --- the profile store ----------------------------------------------------------------------------


def test_the_store_keeps_a_safe_rate_and_refuses_an_unsafe_one_writing_nothing(tmp_path: Path) -> None:
    db = Database(tmp_path / "larder.db")
    try:
        apply_changes(db, ProfileChanges(weight_kg=70.0, goal="lose", goal_rate_kg_per_week=0.5), TODAY)
        assert show_profile(db)["goal_rate_kg_per_week"] == 0.5
        with pytest.raises(UserError, match="faster than is safe to lose"):
            # the weight in the same change counts: 1 % of 60 kg is 0.6
            apply_changes(db, ProfileChanges(weight_kg=60.0, diet="vegan", goal_rate_kg_per_week=0.65), TODAY)
        stored = show_profile(db)
        assert (stored["weight_kg"], stored["diet"], stored["goal_rate_kg_per_week"]) == (70.0, None, 0.5)
        # switching goal drops a pace chosen for the other one; a rate given with it is checked for it
        with pytest.raises(UserError, match="safe to gain"):
            apply_changes(db, ProfileChanges(goal="gain", goal_rate_kg_per_week=0.6), TODAY)
        apply_changes(db, ProfileChanges(goal="gain"), TODAY)
        assert show_profile(db)["goal_rate_kg_per_week"] is None
        apply_changes(db, ProfileChanges(goal_rate_kg_per_week=0.25), TODAY)
        assert "goal_rate_kg_per_week" in show_profile(db)["user_set"]
        apply_changes(db, ProfileChanges(clear_goal_rate=True), TODAY)
        assert show_profile(db)["goal_rate_kg_per_week"] is None
        with pytest.raises(UserError, match="only a lose or gain goal"):
            apply_changes(db, ProfileChanges(goal="maintain", goal_rate_kg_per_week=0.25), TODAY)
    finally:
        db.close()


def test_the_bound_uses_the_weight_the_plan_will_use(tmp_path: Path) -> None:
    """No typed weight: the recent weigh-ins decide (as resolve_person does), not an imported value."""
    db = Database(tmp_path / "larder.db")
    try:
        with db.session() as s:
            for i in range(1, 4):
                s.add(ReconciledDay(day=TODAY - timedelta(days=i), weight_kg=55.0))
        apply_changes(db, ProfileChanges(goal="lose"), TODAY)
        with pytest.raises(UserError, match="1 % of 55 kg"):
            apply_changes(db, ProfileChanges(goal_rate_kg_per_week=0.6), TODAY)
        apply_changes(db, ProfileChanges(goal_rate_kg_per_week=0.55), TODAY)
        with db.session() as s:
            state = read_state(s)
        person = resolve_person(state.profile, state.health_days, TODAY)
        assert (person.weight_kg, person.goal_rate_kg_per_week) == (55.0, 0.55)
    finally:
        db.close()
