"""An item of the user's own on the Fridge page gets its nutrients from an SR28 food chosen by search:
rename a real detection to a name Larder does not know, "Pick nutrients…", search, choose; the link is
written off the UI thread and the nutrition plan counts the item as that food."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from agents.app import Larder
from desktop.pages.fridge_page import FridgePage
from desktop.tasks import TaskRunner
from desktop.widgets.food_picker import FOOD_ROLE

AICOOK = Path(__file__).resolve().parents[1] / "fixtures" / "photos" / "aicook-DSC_5730.jpg"
STEW = "grandma's lentil stew"


def test_an_own_item_gets_the_nutrients_of_the_food_picked_in_the_review_panel(larder, qtbot, qapp_theme):
    runner = TaskRunner()
    page = FridgePage(larder, runner)
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    try:
        page.start_scan([AICOOK])
        with qtbot.waitSignal(page.progress.task.signals.succeeded, timeout=90000):
            pass
        qtbot.waitUntil(lambda: page.review is not None, timeout=10000)
        det = next(d for d in page.current_photo().detections if d.status == "detected")
        panel = page.review_panel
        page.select_detection(det.id)
        assert not panel.nutrients_button.isVisibleTo(page)  # a taxonomy ingredient has its nutrients
        panel.name_edit.setText(STEW)
        qtbot.keyClick(panel.name_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not page.writing, timeout=20000)
        page.select_detection(det.id)
        assert panel.nutrients_button.isVisibleTo(page) and panel.nutrients_button.isEnabled()
        assert "no nutrients" in panel.nutrients_note.text()
        own = next(r for r in larder.inventory() if r.name == STEW)
        plan = larder.plan_nutrition(days=7, save=False)
        assert not any(line.item_id == own.id for line in plan.supply_lines)

        qtbot.mouseClick(panel.nutrients_button, Qt.MouseButton.LeftButton)
        picker = page.food_picker
        assert picker is not None and picker.isVisible()
        assert picker.query.text() == "lentil"  # a first guess from the item's own words
        picker.query.setText("lentils cooked")
        picker.search_now()
        rows = [picker.results.item(i) for i in range(picker.results.count())]
        assert rows and all("per 100 g" in row.text() for row in rows)
        cooked = next(f for f in larder.search_foods("lentils cooked") if f.ingredient == "lentils_cooked")
        picker.results.setCurrentItem(next(r for r in rows if r.data(FOOD_ROLE) == cooked.id))
        qtbot.mouseClick(picker.ok_button, Qt.MouseButton.LeftButton)
        assert not picker.isVisible()
        qtbot.waitUntil(lambda: not page.writing, timeout=20000)

        assert [(lk.name, lk.food.id) for lk in larder.food_links()] == [(STEW, cooked.id)]
        assert "Counts as" in panel.nutrients_note.text() and panel.nutrients_button.text() == "Change…"
        assert "now counts as" in page.toast.text.text()
        line = next(
            line for line in larder.plan_nutrition(days=7, save=False).supply_lines if line.item_id == own.id
        )
        protein = larder.ingredient("lentils_cooked").nutrients["protein_g"]
        assert (
            line.nutrients["protein_g"] == pytest.approx(protein * line.counted_grams / 100)
            and line.counted_grams > 0
        )
        # A page read again (another page's write) shows the link from the database.
        page.apply(page.load())
        page.select_detection(det.id)
        assert "Counts as" in panel.nutrients_note.text()

        # The link is on the window's undo stack: undo takes the nutrients away, redo puts them back,
        # and a second pick undone puts the first one back (with its grams a piece).
        page.undo()
        qtbot.waitUntil(lambda: not page.writing, timeout=20000)
        assert larder.food_links() == () and "no nutrients again" in page.banner.text.text()
        page.select_detection(det.id)
        assert "no nutrients" in panel.nutrients_note.text()
        page.redo()
        qtbot.waitUntil(lambda: not page.writing, timeout=20000)
        assert [(lk.name, lk.food.id) for lk in larder.food_links()] == [(STEW, cooked.id)]
        page.link_nutrients(STEW, "11118", 400.0, det_id=det.id)  # kimchi, an SR28 food, 400 g a piece
        qtbot.waitUntil(lambda: not page.writing, timeout=20000)
        assert [(lk.food.id, lk.piece_g) for lk in larder.food_links()] == [("11118", 400.0)]
        page.undo()
        qtbot.waitUntil(lambda: not page.writing, timeout=20000)
        [back] = larder.food_links()
        assert (back.food.id, back.piece_source) == (cooked.id, "larder_package")
    finally:
        runner.cancel_all()
        assert runner.wait_for_done(10000)


def test_the_picker_says_when_nothing_matches(qtbot, qapp_theme):
    from desktop.widgets.food_picker import FoodPicker

    with Larder.open() as larder:
        picker = FoodPicker("zzq thing", larder.search_foods)
        qtbot.addWidget(picker)
        assert picker.query.text() == "" and picker.results.count() == 0 and not picker.ok_button.isEnabled()
        picker.query.setText("xylophone")
        picker.search_now()
        assert picker.results.count() == 0 and "No food matches" in picker.note.text()
        assert not picker.ok_button.isEnabled() and not picker.piece.isEnabled()


def test_the_picker_offers_any_sr28_food_with_the_grams_of_a_piece(qtbot, qapp_theme):
    from desktop.widgets.food_picker import MATCH_ROLE, FoodPicker

    with Larder.open() as larder:
        picker = FoodPicker("kimchi", larder.search_foods)
        qtbot.addWidget(picker)
        picker.resize(640, 560)
        picker.show()
        # Not one of Larder's ingredients, but an SR28 food: found, marked as such, with its group.
        assert picker.query.text() == "kimchi" and picker.results.count() >= 1
        first = picker.results.item(0)
        food = first.data(MATCH_ROLE)
        assert (food.id, food.in_larder) == ("11118", False)
        assert "SR28 food · Vegetables" in first.text() and "per 100 g" in first.text()
        # One piece starts at SR28's largest household portion; the user's weight goes with the pick.
        assert picker.piece.isEnabled() and picker.piece.value() == food.piece_g == 150.0
        assert picker.chosen_grams() is None and "household portion" in picker.piece_note.text()
        picker.piece.setValue(400.0)
        assert picker.chosen_grams() == 400.0 and "Your weight" in picker.piece_note.text()
        with qtbot.waitSignal(picker.picked, timeout=2000) as picked:
            qtbot.mouseClick(picker.ok_button, Qt.MouseButton.LeftButton)
        assert picked.args == ["kimchi", "11118", 400.0]

        # Larder's ingredients first, counted by their package unless the user says otherwise.
        jam = FoodPicker("grandma's plum jam", larder.search_foods)
        qtbot.addWidget(jam)
        jam.query.setText("jam")
        jam.search_now()
        rows = [jam.results.item(i).data(MATCH_ROLE) for i in range(jam.results.count())]
        assert rows[0].ingredient == "jam" and not any(r.in_larder for r in rows[1:])
        assert jam.piece.value() == larder.ingredient("jam").piece_g and jam.chosen_grams() is None
        assert "Larder's usual package" in jam.piece_note.text() and "Larder's ingredient" in jam.note.text()
        jam.results.setCurrentRow(1)  # an SR28 food: its own default
        assert jam.piece.value() == rows[1].piece_g and jam.chosen_grams() is None
