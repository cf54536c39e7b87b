"""The Fridge page's review: reject, rename (taxonomy and own names), recount, draw a missed item, name
an unnamed bottle, undo; the inventory follows; a product named once is recognised on the next photo;
"Teach Larder" shows what it learned. Real scans with the bundled model on committed photos."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt

from agents.app import DetectionView, Larder
from desktop.pages.fridge_page import FridgePage

PHOTOS = Path(__file__).resolve().parents[1] / "fixtures" / "photos"
AICOOK = PHOTOS / "aicook-DSC_5730.jpg"
OTHER = PHOTOS / "aicook-DSC_6030.jpg"
# A bottle the 47-class model has no name for (fridge-objects, CC BY 4.0: see CREDITS.md).
BOTTLE = PHOTOS / "fridge-objects-IMG_5722.jpg"


def _scan(page: FridgePage, qtbot: object, photos: list[Path]) -> FridgePage:
    page.start_scan(photos)
    task = page.progress.task
    assert task is not None
    with qtbot.waitSignal(task.signals.succeeded, timeout=90000):  # type: ignore[attr-defined]
        pass
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: page.scan is not None and [p.path for p in page.scan.photos] == photos, timeout=10000
    )
    return page


def _landed(page: FridgePage, qtbot: object) -> None:
    """Corrections are written off the UI thread, in order: wait until every queued one has landed."""
    qtbot.waitUntil(lambda: not page.writing, timeout=20000)  # type: ignore[attr-defined]


def _present(larder: Larder) -> dict[str, float]:
    return {(r.ingredient_id or r.name): r.quantity for r in larder.inventory()}


def _det(page: object, det_id: int) -> DetectionView:
    return next(d for d in page.current_photo().detections if d.id == det_id)  # type: ignore[attr-defined]


def _select(page: object, det_id: int) -> None:
    page.select_detection(det_id)  # type: ignore[attr-defined]
    assert page.review_panel.detection is not None and page.review_panel.detection.id == det_id  # type: ignore[attr-defined]


def test_reject_rename_recount_and_undo_move_the_inventory(larder, make_fridge_page, qtbot) -> None:
    page = _scan(make_fridge_page(larder), qtbot, [AICOOK])
    dets = page.current_photo().detections
    assert page.photo_view.box_count == len(dets) > 5 and page.items_model.rowCount() == len(dets)
    unsure = [d for d in dets if d.unsure]
    assert unsure, "the bundled model is unsure of some boxes on this photo"
    dashed = {item.index: item.pen().style() for item in page.photo_view._items}
    assert all(dashed[d.id] == Qt.PenStyle.DashLine for d in unsure)
    sure = next(d for d in dets if not d.unsure)
    assert dashed[sure.id] == Qt.PenStyle.SolidLine

    # Reject: the only box of its kind, so the item leaves the inventory; the box turns grey and dotted.
    kinds = {}
    for d in dets:
        kinds.setdefault(d.ingredient, []).append(d)
    single = next(ds[0] for ds in kinds.values() if len(ds) == 1 and ds[0].ingredient)
    assert single.ingredient in _present(larder)
    _select(page, single.id)
    qtbot.mouseClick(page.review_panel.reject_button, Qt.MouseButton.LeftButton)
    _landed(page, qtbot)
    assert _det(page, single.id).status == "rejected"
    assert single.ingredient not in _present(larder)
    assert {i.index: i.pen().style() for i in page.photo_view._items}[single.id] == Qt.PenStyle.DotLine
    assert page.toast.isVisibleTo(page) and "Rejected" in page.toast.text.text()

    # Rename through the taxonomy (an alias the completer offers) and to a name of the user's own.
    first, second = [d for d in dets if d.ingredient != single.ingredient][:2]
    _select(page, first.id)
    assert "canned tuna" in page.review_panel.completer.model().stringList()
    page.review_panel.name_edit.setText("canned tuna")
    qtbot.keyClick(page.review_panel.name_edit, Qt.Key.Key_Return)
    _landed(page, qtbot)
    renamed = _det(page, first.id)
    assert renamed.status == "relabelled" and renamed.ingredient == "tuna_light_canned_water"
    assert "tuna_light_canned_water" in _present(larder)
    _select(page, second.id)
    page.review_panel.name_edit.setText("Grandma's plum jam")
    qtbot.mouseClick(page.review_panel.name_button, Qt.MouseButton.LeftButton)
    _landed(page, qtbot)
    own = _det(page, second.id)
    assert own.ingredient is None and own.name == "grandma's plum jam"
    assert "grandma's plum jam" in _present(larder)

    # Recount the tuna box: 3 cans.
    _select(page, first.id)
    tuna_before = _present(larder)["tuna_light_canned_water"]
    page.review_panel.count_spin.setValue(3)
    page.review_panel.count_spin.editingFinished.emit()
    _landed(page, qtbot)
    assert _det(page, first.id).count == 3
    assert _present(larder)["tuna_light_canned_water"] == pytest.approx(3 * tuna_before)

    # Ctrl+Z undoes the newest correction first, then the one before.
    page.items_view.setFocus()
    qtbot.keyClick(page.items_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    _landed(page, qtbot)
    assert _det(page, first.id).count == 1
    assert _present(larder)["tuna_light_canned_water"] == pytest.approx(tuna_before)
    page.undo()  # the toast's Undo
    page.undo()
    page.undo()
    _landed(page, qtbot)
    assert _det(page, single.id).status == "detected" and single.ingredient in _present(larder)
    assert "tuna_light_canned_water" not in _present(larder)
    assert larder.review(page.review.scan_id).reviews == 0


def test_a_box_drawn_on_the_photo_is_named_and_recognised_on_the_next_photo(
    larder, make_fridge_page, qtbot, tmp_path
) -> None:
    # A real product crop (the bottle photo's label) placed on two real fridge photos.
    product = Image.open(BOTTLE).convert("RGB").crop((185, 90, 395, 520)).resize((140, 287))
    first, second = tmp_path / "shelf-1.jpg", tmp_path / "shelf-2.jpg"
    shelf = Image.open(AICOOK).convert("RGB")
    shelf.paste(product, (40, 300))
    shelf.save(first, quality=92)
    other = Image.open(OTHER).convert("RGB")
    other.paste(product.resize((120, 246)).rotate(6, expand=False, fillcolor=(230, 230, 230)), (460, 330))
    other.save(second, quality=92)

    page = _scan(make_fridge_page(larder), qtbot, [first])
    assert not any("kefir" in (d.name or "") for d in page.current_photo().detections)
    view = page.photo_view
    qtbot.mouseClick(page.draw_button, Qt.MouseButton.LeftButton)
    assert view.drawing
    start = view.mapFromScene(40, 300)
    end = view.mapFromScene(180, 587)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    box = page.review_panel.pending_box
    assert box is not None and not view.drawing
    assert abs(box[0] - 40) < 4 and abs(box[1] - 300) < 4 and abs(box[2] - 180) < 4 and abs(box[3] - 587) < 4
    page.review_panel.name_edit.setText("sana kefir")
    qtbot.keyClick(page.review_panel.name_edit, Qt.Key.Key_Return)
    _landed(page, qtbot)
    added = [d for d in page.current_photo().detections if d.status == "added"]
    assert [(d.name, d.source) for d in added] == [("sana kefir", "user")]
    assert _present(larder)["sana kefir"] == 1

    # The next photo: the taught product is found right away, by what Larder remembers.
    page.start_scan([second])
    with qtbot.waitSignal(page.progress.task.signals.succeeded, timeout=90000):
        pass
    qtbot.waitUntil(lambda: page.scan is not None and page.scan.photos[0].path == second, timeout=10000)
    found = [d for d in page.current_photo().detections if d.name == "sana kefir"]
    assert found and found[0].source == "memory" and found[0].status == "detected"
    x1, y1, x2, y2 = found[0].box
    assert x1 < 520 < x2 and y1 < 450 < y2  # where it was placed on the second photo
    row = page.items_model.row_for_id(found[0].id)
    assert "sana kefir" in page.items_model.index(row).data()


def test_an_unnamed_bottle_asks_what_it_is_and_naming_it_adds_it(larder, make_fridge_page, qtbot) -> None:
    page = _scan(make_fridge_page(larder), qtbot, [BOTTLE])
    unnamed = [d for d in page.current_photo().detections if d.status == "unnamed"]
    # The bottle is a question: the model's refused guess for it (olive oil, a demoted pantry staple) asks
    # "is this olive oil?" where COCO's "bottle" would only ask "what is this?"
    assert unnamed and unnamed[0].name is None and unnamed[0].ingredient is None
    question = unnamed[0]
    assert page.items_model.row_for_id(question.id) == 0  # questions first
    shown = "What is this?" if question.guess_name is None else f"{question.guess_name.split(',')[0]}?"
    assert shown in page.items_model.index(0).data()
    _select(page, question.id)
    panel = page.review_panel
    assert ("Is this" if question.guess_name else "What is this?") in panel.title.text()
    assert not panel.crop.pixmap().isNull()
    # a question can be kept as it is only when the model has a guess to accept
    assert panel.accept_button.isEnabled() == (question.guess_name is not None)
    before = _present(larder)
    panel.name_edit.setText("kefir")
    qtbot.mouseClick(panel.name_button, Qt.MouseButton.LeftButton)
    _landed(page, qtbot)
    named = _det(page, question.id)
    assert named.status == "relabelled" and named.name
    key = named.ingredient or named.name
    assert key not in before and key in _present(larder)
    page.undo()
    _landed(page, qtbot)
    assert _det(page, question.id).status == "unnamed" and key not in _present(larder)


def test_a_faint_guess_is_a_question_one_click_accepts(larder, make_fridge_page, qtbot) -> None:
    page = _scan(make_fridge_page(larder), qtbot, [BOTTLE])
    guesses = [d for d in page.current_photo().detections if d.status == "unnamed" and d.guess]
    assert guesses, "the model's refused or faint guesses are asked about"
    guess = guesses[0]
    assert guess.guess not in _present(larder)  # not counted until the user says yes
    _select(page, guess.id)
    panel = page.review_panel
    short = (guess.guess_name or "").split(",")[0]
    assert panel.title.text() == f"Is this {short}?" and f"Yes, {short}" == panel.accept_button.text()
    assert panel.accept_button.isEnabled() and panel.count_spin.isEnabled()
    qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    _landed(page, qtbot)
    now = _det(page, guess.id)
    assert (now.status, now.ingredient) == ("confirmed", guess.guess) and guess.guess in _present(larder)
    page.undo()
    _landed(page, qtbot)
    assert _det(page, guess.id).status == "unnamed" and guess.guess not in _present(larder)


def test_answers_given_again_and_again_move_the_threshold_and_the_page_says_so(
    larder, make_fridge_page, qtbot
) -> None:
    page = make_fridge_page(larder)
    asked: str | None = None
    for n in range(3):  # the same question on three scans: the third answer is enough evidence
        _scan(page, qtbot, [BOTTLE])
        guesses = [d for d in page.current_photo().detections if d.status == "unnamed" and d.guess]
        # the faintest guess: a product confirmed once is found by the memory next time, not asked again
        guess = (
            next(d for d in guesses if d.guess == asked)
            if asked
            else min(guesses, key=lambda d: d.confidence)
        )
        asked = guess.guess
        _select(page, guess.id)
        qtbot.mouseClick(page.review_panel.accept_button, Qt.MouseButton.LeftButton)
        _landed(page, qtbot)
        if n < 2:
            assert "From your answers" not in page.scan_summary.text()
    name = (guess.guess_name or "").split(",")[0]
    assert "From your answers" in page.scan_summary.text() and name in page.scan_summary.text()
    reopened = make_fridge_page(larder)  # the window opened again says it too
    reopened.refresh()
    assert reopened.scan_summary.text().count("From your answers") == 1
    # the next plain scan claims it (it is no longer a question)
    again = larder.scan([BOTTLE])
    assert guess.guess in {d.ingredient for p in again.photos for d in p.detections if not d.ignored}


def test_teach_larder_shows_the_outcome_with_before_and_after(larder, make_fridge_page, qtbot) -> None:
    page = _scan(make_fridge_page(larder), qtbot, [AICOOK])
    sure = next(d for d in page.current_photo().detections if not d.unsure)
    page.accept_detection(sure.id)
    _landed(page, qtbot)
    page.learn_minutes = 0.5
    qtbot.mouseClick(page.teach_button, Qt.MouseButton.LeftButton)
    task = page.progress.task
    assert task is not None and page.progress.isVisibleTo(page)
    with qtbot.waitSignal(task.signals.succeeded, timeout=60000) as blocker:
        pass
    report = blocker.args[0]
    assert report.status == "kept" and report.photos == 1  # one reviewed photo cannot train and judge
    assert page.learn_result.isVisibleTo(page)
    assert "Not enough to learn from yet" in page.learn_result.title.text()
    assert "at least" in page.learn_result.detail.text() and "`larder" not in page.learn_result.detail.text()
    assert page.learn_result.figures.isHidden()  # nothing was trained: no figures to show
    assert page.learn_result.rollback_button.isHidden()  # no personal model to roll back to


def test_the_learn_card_shows_before_and_after_figures() -> None:
    from agents.app import LearnReport
    from desktop.widgets.learn_result import figures_text

    report = LearnReport("improved", "better on 2 held-back photo(s)", {"f1": 0.41, "precision": 0.5},
                         {"f1": 0.58, "precision": 0.7}, "p.pt", None, 192.0, 8, 2, ())  # fmt: skip
    assert figures_text(report) == "F1 0.41 → 0.58 · precision 0.50 → 0.70"


def test_teach_larder_trains_on_reviewed_photos_and_shows_before_and_after(
    larder, make_fridge_page, qtbot
) -> None:
    photos = [
        PHOTOS / "aicook-DSC_5730.jpg",
        PHOTOS / "aicook-DSC_6030.jpg",
        PHOTOS / "aicook-DSC_6061.jpg",
        BOTTLE,
    ]
    page = _scan(make_fridge_page(larder), qtbot, photos)
    for row in range(len(photos)):  # keep the surest box of every photo: each becomes labelled data
        page.thumbnails.setCurrentRow(row)
        live = [d for d in page.current_photo().detections if d.status == "detected"]
        page.accept_detection(max(live, key=lambda d: d.confidence).id)
        _landed(page, qtbot)
    page.learn_minutes = 0.5
    page.start_learning()
    with qtbot.waitSignal(page.progress.task.signals.succeeded, timeout=240000) as blocker:
        pass
    report = blocker.args[0]
    assert report.photos == len(photos) and report.held_out >= 1
    assert set(report.before) >= {"f1"} and set(report.after) >= {"f1"}  # a candidate was trained and judged
    shown = page.learn_result.figures.text()
    assert f"F1 {report.before['f1']:.2f} → {report.after['f1']:.2f}" in shown and "held-back" in shown
    title = page.learn_result.title.text()
    assert ("improved" in title) == (report.status == "improved") and (report.status == "kept") == (
        "Kept" in title
    )
    assert page.learn_result.rollback_button.isVisibleTo(page) == (larder.personal_model() is not None)
