"""The goal's rate on the Health page: a spin box beside the goal, live only for lose/gain, in the
user's units; what it saves reaches the store and the next plan's energy rule; an unsafe pace is listed
with the form's other problems and nothing is written."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from agents.app import Larder, kg_to_lb, lb_to_kg
from agents.nutrition.goal_rate import KCAL_PER_KG


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def energy_rule(larder: Larder) -> str:
    plan = Larder.plan_view(larder.plan_nutrition(days=7, save=True))
    return next(r for r in plan.nutrients if r.nutrient == "energy_kcal").rule


def test_a_rate_set_beside_the_goal_is_saved_and_the_next_plan_says_it(
    real_larder, make_main_window, qtbot
) -> None:
    page = make_main_window(real_larder).health
    form = page.profile_form
    click(qtbot, form.goal_buttons["maintain"])
    assert not form.rate.isEnabled() and not form.rate_hint.isVisibleTo(page)
    assert form.rate.text() == "Lose or gain only"
    click(qtbot, form.goal_buttons["gain"])
    assert form.rate.isEnabled() and form.rate.suffix() == " kg/wk"
    assert form.rate.text() == "Default: about 0.27 kg/week"  # at 0: the agent's own pace
    assert form.rate_hint.isVisibleTo(page) and form.rate_hint.text() == "Safe to gain: at most 0.5 kg/week."
    assert "the usual ceiling for gaining" in form.rate.toolTip()
    assert form.rate.accessibleName() == "Goal rate per week"

    form.rate.setValue(0.25)
    assert page.save_button.isEnabled()
    click(qtbot, page.save_button)
    stored = real_larder.profile()
    assert (stored.goal, stored.goal_rate_kg_per_week) == ("gain", 0.25)
    assert not page.save_button.isEnabled() and form.rate.value() == pytest.approx(0.25)

    rule = energy_rule(real_larder)
    assert f"goal gain at 0.25 kg/week: +{round(0.25 * KCAL_PER_KG / 7):,} kcal/day" in rule
    page.refresh()
    assert form.goal_note.text().startswith("Last plan: goal gain at 0.25 kg/week: +")
    assert form.goal_note.text()[len("Last plan: ") : -1] in rule
    assert "x 7,700 kcal per kg / 7 days" in form.goal_note.toolTip()  # the arithmetic, on hover

    # Another goal starts from its default pace (the store drops the old one too); back again, the
    # stored pace returns and nothing is left to save.
    click(qtbot, form.goal_buttons["lose"])
    assert form.rate.text().startswith("Default") and form.rate_value_kg is None
    click(qtbot, form.goal_buttons["gain"])
    assert form.rate_value_kg == 0.25 and not page.save_button.isEnabled()
    # Default again: the store forgets the rate.
    form.rate.setValue(0)
    assert page.save_profile()
    assert real_larder.profile().goal_rate_kg_per_week is None
    assert "goal gain: +" in energy_rule(real_larder)


def test_an_unsafe_rate_is_listed_with_the_other_problems_and_nothing_is_written(
    real_larder, make_main_window, qtbot
) -> None:
    before = real_larder.profile()
    page = make_main_window(real_larder).health
    form = page.profile_form
    click(qtbot, form.goal_buttons["lose"])
    form.weight.setValue(80.0)
    form.rate.setValue(0.9)  # 1 % of 80 kg is 0.8 kg a week
    assert not page.save_profile()
    assert form.error.isVisibleTo(page)
    assert form.error.text() == (
        "Rate 0.9 kg/week is faster than is safe to lose: at most 0.8 kg/week (1 % of 80 kg body weight a week)."
    )
    form.height_cm.setValue(20.0)  # a second problem: both are listed, one a line
    assert not page.save_profile()
    assert form.error.text().splitlines() == [
        "Height 20 cm is outside 50 cm to 272 cm.",
        "Rate 0.9 kg/week is faster than is safe to lose: at most 0.8 kg/week (1 % of 80 kg body weight a week).",
    ]
    assert page.banner.kind == "warning" and "not saved" in page.banner.text.text()
    assert real_larder.profile() == before  # neither the goal nor the weight


def test_the_rate_is_typed_in_pounds_with_us_units(real_larder, make_main_window, qtbot) -> None:
    page = make_main_window(real_larder).health
    form = page.profile_form
    click(qtbot, page.units_buttons["us"])
    click(qtbot, form.goal_buttons["lose"])
    assert form.rate.suffix() == " lb/wk" and form.rate.text() == "Default: about 1 lb/week"
    assert form.rate_hint.text().endswith(" lb/week.")
    form.rate.setValue(1.0)
    assert page.save_profile()
    assert real_larder.profile().goal_rate_kg_per_week == pytest.approx(lb_to_kg(1.0), abs=1e-4)
    assert form.rate.value() == pytest.approx(1.0)
    click(qtbot, page.units_buttons["metric"])  # shown in kg, the value itself unchanged
    assert form.rate.value() == pytest.approx(round(lb_to_kg(1.0), 2))
    assert not page.save_button.isEnabled()
    click(qtbot, page.units_buttons["us"])
    assert form.rate.value() == pytest.approx(
        kg_to_lb(real_larder.profile().goal_rate_kg_per_week or 0), abs=0.01
    )
    assert "goal lose at 0.454 kg/week" in energy_rule(real_larder)
