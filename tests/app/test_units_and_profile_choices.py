"""The front door's units (a stored choice, conversions that round-trip) and profile choices (the values
update_profile accepts, so a form offering only these is never refused), and DayPoint's newer measures."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.app import (
    Larder,
    ProfileChanges,
    UserError,
    cm_to_ft_in,
    format_height,
    format_weight,
    ft_in_to_cm,
    kg_to_lb,
    lb_to_kg,
)

SAMSUNG_SLEEP = Path(__file__).resolve().parents[1] / "wearables" / "fixtures" / "samsung_sleep"


def test_conversions_round_trip_and_read_as_people_write_them() -> None:
    assert kg_to_lb(1.0) == pytest.approx(2.20462262)
    assert lb_to_kg(kg_to_lb(81.793)) == pytest.approx(81.793)
    assert cm_to_ft_in(180.0) == (5, 10.9)
    assert cm_to_ft_in(182.88) == (6, 0.0)  # 72.0 in is 6 ft, never "5 ft 12 in"
    feet, inches = cm_to_ft_in(181.0)
    assert ft_in_to_cm(feet, inches) == pytest.approx(181.0, abs=0.13)  # 0.1 in of rounding
    assert format_weight(80.0, "us") == "176.4 lb" and format_weight(80.0, "metric") == "80.0 kg"
    assert format_height(180.0, "us") == "5 ft 10.9 in" and format_height(None, "us") == "—"


def test_units_are_a_stored_choice_and_an_unknown_one_is_refused(tmp_path: Path) -> None:
    with Larder.open(tmp_path) as larder:
        assert larder.units() == "metric"
        assert larder.set_units("us") == "us"
        with pytest.raises(UserError, match="units 'imperial'"):
            larder.set_units("imperial")
    with Larder.open(tmp_path) as again:
        assert again.units() == "us"


def test_every_offered_choice_is_accepted_and_anything_else_refused(tmp_path: Path) -> None:
    choices = Larder.profile_choices()
    with Larder.open(tmp_path) as larder:
        for goal, _ in choices.goals:
            assert larder.update_profile(ProfileChanges(goal=goal)).goal == goal
        for level, _ in choices.activity_levels:
            assert larder.update_profile(ProfileChanges(activity_level=level)).activity_level == level
        for diet, _ in choices.diets:
            larder.update_profile(ProfileChanges(diet=diet))
        allergens = tuple(key for key, _ in choices.allergies)
        assert set(larder.update_profile(ProfileChanges(add_allergies=allergens)).allergies) == set(allergens)
        before = larder.profile()
        with pytest.raises(UserError, match="goal 'bulk'"):
            larder.update_profile(ProfileChanges(goal="bulk", weight_kg=90.0))
        with pytest.raises(UserError, match="sex 'x'"):
            larder.update_profile(ProfileChanges(sex="x"))
        assert larder.profile() == before  # nothing of a refused change is written


def test_health_days_carry_sleep_and_resting_heart_rate(tmp_path: Path) -> None:
    with Larder.open(tmp_path) as larder:
        larder.import_wearable(SAMSUNG_SLEEP)
        days = {d.day.isoformat(): d for d in larder.health_days()}
    assert days["2024-03-02"].resting_hr == 58 and days["2024-03-02"].sleep_min == 410
    assert days["2024-03-04"].resting_hr is None
