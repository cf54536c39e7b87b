"""The Health page on a home built through the real pipeline: the profile edited in the window (goal,
allergy, units) reaches the store and the next plan; bad values are refused with nothing written; an
export dropped on the page imports in the background; range and measure choose what the chart draws."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from agents.app import Larder, cm_to_ft_in, kg_to_lb
from desktop.pages.health_page import ALL_DAYS

SAMSUNG_SLEEP = Path(__file__).resolve().parents[1] / "wearables" / "fixtures" / "samsung_sleep"


def allergens_of(larder: Larder, ingredient_id: str) -> set[str]:
    ingredient = larder.ingredient(ingredient_id)
    assert ingredient is not None, ingredient_id
    return set(ingredient.allergens)


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_goal_gain_and_a_peanut_allergy_are_saved_and_used_by_the_next_plan(
    real_larder, make_main_window, qtbot
) -> None:
    before = real_larder.profile()
    assert before.goal != "gain" and "peanuts" not in before.allergies
    # The pipeline's plan recommends a dairy food; ticking milk too shows the allergies reach the plan.
    old_plan = real_larder.latest_plan()
    assert old_plan is not None
    assert any("milk" in allergens_of(real_larder, r.ingredient) for r in old_plan.recommendations)
    page = make_main_window(real_larder).health
    form = page.profile_form
    assert not page.save_button.isEnabled()  # nothing edited yet
    click(qtbot, form.goal_buttons["gain"])
    click(qtbot, form.allergies.chips["peanuts"])
    click(qtbot, form.allergies.chips["milk"])
    assert page.save_button.isEnabled()
    click(qtbot, page.save_button)

    after = real_larder.profile()
    assert after.goal == "gain" and {"peanuts", "milk"} <= set(after.allergies)
    assert {"goal", "allergies"} <= set(after.user_set)
    # Untouched imported values stay imported (and exactly as they were, not rounded by the form).
    assert "weight_kg" not in after.user_set and after.weight_kg == before.weight_kg
    assert after.height_cm == before.height_cm and after.birth_date == before.birth_date
    assert page.toast.isVisibleTo(page) and "Profile saved" in page.toast.text.text()
    assert not page.save_button.isEnabled()
    assert page.save_ms is not None and page.save_ms < 50  # why it may run on the UI thread
    assert page.targets.stale.isVisibleTo(page)  # the stored plan predates the change

    plan = Larder.plan_view(real_larder.plan_nutrition(days=7, save=True))
    energy = next(r for r in plan.nutrients if r.nutrient == "energy_kcal")
    assert "goal gain" in energy.rule
    assert plan.recommendations
    for rec in plan.recommendations:
        assert not {"peanuts", "milk"} & allergens_of(real_larder, rec.ingredient), rec.name
    page.refresh()
    assert not page.targets.stale.isVisibleTo(page)
    assert page.profile_form.goal_note.text().startswith("Last plan: goal gain: +")  # the rate applied
    assert page.profile_form.goal_note.text()[len("Last plan: ") : -1] in energy.rule
    assert page.targets.shown and page.targets.headline.text() == plan.headline


def test_switching_units_converts_what_is_shown_and_round_trips_without_writing(
    real_larder, real_home, make_main_window, qtbot
) -> None:
    before = real_larder.profile()
    assert before.weight_kg is not None and before.height_cm is not None
    page = make_main_window(real_larder).health
    form = page.profile_form
    assert real_larder.units() == "metric" and form.weight.suffix() == " kg"

    click(qtbot, page.units_buttons["us"])
    assert real_larder.units() == "us"
    with Larder.open(real_home.root) as other:  # stored as a setting, not only in this window
        assert other.units() == "us"
    assert form.weight.suffix() == " lb"
    assert form.weight.value() == pytest.approx(kg_to_lb(before.weight_kg), abs=0.05)
    feet, inches = cm_to_ft_in(before.height_cm)
    assert (form.height_ft.value(), form.height_in.value()) == (feet, pytest.approx(inches))
    assert form.height_stack.currentIndex() == 1
    page.set_metric("weight")
    weights = {d.day: d.weight_kg for d in real_larder.health_days() if d.weight_kg is not None}
    assert page.chart.plotted
    for day, value in page.chart.plotted:
        assert value == pytest.approx(kg_to_lb(weights[day]))
    assert page.tiles.tiles["weight"].value.text().endswith(" lb")
    assert not page.save_button.isEnabled()  # a unit switch is not an edit

    click(qtbot, page.units_buttons["metric"])
    assert real_larder.units() == "metric"
    assert form.weight.value() == pytest.approx(before.weight_kg, abs=0.05)
    assert form.height_cm.value() == pytest.approx(before.height_cm)
    assert form.weight_value_kg == before.weight_kg  # the value itself never went through lb
    assert not page.save_button.isEnabled()
    assert real_larder.profile() == before

    # A weight typed in pounds is stored in kilograms.
    click(qtbot, page.units_buttons["us"])
    form.weight.setValue(200.0)
    assert page.save_profile()
    assert real_larder.profile().weight_kg == pytest.approx(90.718, abs=0.001)
    assert "weight_kg" in real_larder.profile().user_set


def test_an_impossible_weight_is_refused_with_a_clear_message_and_nothing_is_written(
    real_larder, make_main_window, qtbot
) -> None:
    before = real_larder.profile()
    page = make_main_window(real_larder).health
    form = page.profile_form
    click(qtbot, form.goal_buttons["gain"])
    form.weight.setValue(5.0)
    click(qtbot, page.save_button)
    assert form.error.isVisibleTo(page)
    assert form.error.text() == "Weight 5.0 kg is outside 20.0 kg to 400.0 kg."
    assert page.banner.kind == "warning" and "not saved" in page.banner.text.text()
    assert real_larder.profile() == before  # not even the goal


def test_a_dislike_the_agent_cannot_match_is_refused_and_nothing_is_written(
    real_larder, make_main_window, qtbot
) -> None:
    before = real_larder.profile()
    page = make_main_window(real_larder).health
    form = page.profile_form
    click(qtbot, form.goal_buttons["lose"])
    qtbot.keyClicks(form.dislike_input, "xyzzy")
    qtbot.keyClick(form.dislike_input, Qt.Key.Key_Return)
    assert "xyzzy" in form.dislike_chips.chips
    assert not page.save_profile()
    assert form.error.text() == "No ingredient matches the dislike 'xyzzy'; nothing was saved."
    assert real_larder.profile() == before  # the goal in the same save is not written either
    click(qtbot, form.dislike_chips.chips["xyzzy"])  # remove it: the rest saves
    qtbot.waitUntil(lambda: "xyzzy" not in form.dislike_chips.chips)
    assert page.save_profile()
    assert real_larder.profile().goal == "lose"


def test_a_dropped_export_imports_and_the_range_and_resting_heart_rate_follow(
    real_larder, make_main_window, qtbot
) -> None:
    page = make_main_window(real_larder).health
    newest = max(d.day for d in real_larder.health_days() if not d.is_partial)
    page.drop_zone.files_dropped.emit([str(SAMSUNG_SLEEP)])  # what a drop of the folder emits
    task = page.progress.task
    assert task is not None  # runs in the task runner, with the page's progress and Cancel
    with qtbot.waitSignal(task.signals.succeeded, timeout=30000):
        pass
    qtbot.waitUntil(lambda: page.banner.kind == "success", timeout=5000)

    page.set_range("all")
    first, last = page.chart.plotted_span or (None, None)
    assert first is not None and first.isoformat() == "2024-03-02" and last == newest
    everything = page.chart.point_count
    page.set_metric("resting_hr")
    assert [(d.isoformat(), v) for d, v in page.chart.plotted] == [("2024-03-02", 58), ("2024-03-03", 49)]
    assert page.tiles.tiles["resting_hr"].value.text() == "54 bpm"
    assert "resting heart rate on 2 of them" in page.chart_caption.text()

    page.set_range("4w")
    first, last = page.chart.plotted_span or (None, None)
    assert last == newest and first is not None and first >= newest - timedelta(days=27)
    assert page.chart.point_count < everything
    assert page.chart.plotted == []  # no resting heart rate in the last 4 weeks
    assert page.tiles.tiles["resting_hr"].value.text() == "—"
    assert page.range_buttons["4w"].isChecked()

    page.set_metric("sleep")
    page.set_range("all")
    assert [round(v * 60) for _, v in page.chart.plotted] == [410, 430, 470, 480]


def test_units_chosen_in_settings_reach_the_health_page(real_larder, make_main_window, qtbot) -> None:
    window = make_main_window(real_larder)
    combo = window.settings_page.units_combo
    combo.setCurrentIndex(combo.findData("us"))
    page = window.health
    qtbot.waitUntil(lambda: window.refreshes.idle, timeout=5000)  # the other pages reload off the UI thread
    assert page.units == "us" and page.units_buttons["us"].isChecked()
    assert page.profile_form.weight.suffix() == " lb" and page.chart.units == "us"


def test_cancel_on_the_import_progress_writes_nothing(
    real_larder, make_main_window, qtbot, monkeypatch
) -> None:
    page = make_main_window(real_larder).health
    before = real_larder.latest_import()
    days_before = real_larder.health_days(ALL_DAYS)
    start = page.runner.start

    def cancel_then_start(task) -> None:
        # Cancel pressed before the worker gets going: the real import sees the token at its first check.
        page.progress.cancel_button.click()
        start(task)

    monkeypatch.setattr(page.runner, "start", cancel_then_start)
    page.start_import(SAMSUNG_SLEEP)
    task = page.progress.task
    assert task is not None
    with qtbot.waitSignal(task.signals.cancelled, timeout=30000):
        pass
    qtbot.waitUntil(lambda: page.banner.isVisibleTo(page), timeout=5000)
    assert "cancelled; nothing was written" in page.banner.text.text()
    assert real_larder.latest_import() == before
    assert real_larder.health_days(ALL_DAYS) == days_before
