"""A reviewable scan asks about the model's faint guesses ("is this a tomato?") instead of hiding them:
unnamed questions that never count as food until the user says yes, which one confirm does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixed_model import FixedModel  # tests/fixed_model.py (tests/ is on the path)
from PIL import Image

from agents.errors import UserError
from agents.inventory import manual
from agents.inventory.review import ReviewChanges, apply_review, review_view, undo_review
from agents.inventory.scanning import scan_photos
from agents.inventory.store import record_scan
from data.db import Database
from data.taxonomy import load_taxonomy
from vision.calibration import Calibration
from vision.containers import ContainerBox, overlap
from vision.detections import Detection
from vision.photos import LoadedPhoto
from vision.reviewing import ReviewingDetector
from vision.suggestions import MAX_PER_PHOTO, SUGGEST_FROM

TAXONOMY = load_taxonomy()
ASSETS = Path(__file__).resolve().parents[2] / "assets" / "models"
PHOTOS = Path(__file__).resolve().parents[1] / "fixtures" / "photos"


class _Containers:
    def __init__(self, boxes: list[ContainerBox]) -> None:
        self.boxes = boxes

    def find(self, image: Image.Image) -> list[ContainerBox]:
        return list(self.boxes)


BOXES = [
    Detection("egg", "egg", 0.9, (10.0, 10.0, 60.0, 60.0)),
    Detection("egg", "egg", 0.15, (12.0, 12.0, 58.0, 62.0)),  # a faint duplicate of the claimed egg
    Detection("tomato", "tomato", 0.2, (100.0, 10.0, 150.0, 60.0)),  # a faint tomato: a question
    Detection("apple", "apple", 0.12, (102.0, 12.0, 150.0, 58.0)),  # the same object, less sure
    Detection("sugar_granulated", "sugar_granulated", 0.7, (200.0, 10.0, 260.0, 90.0)),  # refused
    Detection(None, "refrigerator", 0.15, (0.0, 0.0, 400.0, 300.0), ignored=True),  # not food
    Detection("carrot", "carrot", 0.05, (300.0, 200.0, 340.0, 260.0)),  # under the floor
]
CALIBRATION = Calibration(thresholds={"sugar_granulated": 0.85}, demoted={"sugar_granulated": "pantry"})


def _photo(tmp_path: Path) -> LoadedPhoto:
    image = Image.new("RGB", (400, 300), (120, 120, 120))
    return LoadedPhoto(tmp_path / "p.jpg", "d" * 64, 400, 300, "JPEG", None, image)


def test_a_plain_scan_asks_the_model_at_its_threshold_and_reports_no_questions(tmp_path: Path) -> None:
    base = FixedModel(BOXES)
    found = ReviewingDetector(base, calibration=CALIBRATION).detect_one(_photo(tmp_path))  # type: ignore[arg-type]
    assert base.asked == [0.25]
    assert [d.label for d in found.detections if not d.ignored] == ["egg"]
    assert not any(d.unnamed for d in found.detections)
    # the refused sugar is kept for the record, as before
    assert [(d.label, d.ignored) for d in found.detections if d.label == "sugar_granulated"] == [
        ("sugar_granulated", True)
    ]


def test_a_reviewable_scan_turns_faint_and_refused_guesses_into_questions(tmp_path: Path) -> None:
    base = FixedModel(BOXES)
    containers = _Containers(
        [
            ContainerBox("bottle", 0.8, (98.0, 8.0, 152.0, 62.0)),  # on the tomato question: not asked twice
            ContainerBox("bowl", 0.6, (300.0, 100.0, 390.0, 180.0)),  # nobody's: asked
        ]
    )
    detector = ReviewingDetector(
        base,  # type: ignore[arg-type]
        containers=containers,  # type: ignore[arg-type]
        calibration=CALIBRATION,
        suggest_from=SUGGEST_FROM,
    )
    found = detector.detect_one(_photo(tmp_path))
    assert base.asked == [SUGGEST_FROM]
    assert [d.label for d in found.detections if not d.ignored] == ["egg"]  # still the only claim
    asked = [(d.label, d.confidence, d.source) for d in found.detections if d.unnamed]
    assert asked == [
        ("sugar_granulated", 0.7, "suggestion"),
        ("bowl", 0.6, "container"),
        ("tomato", 0.2, "suggestion"),
    ]
    assert all(d.ignored for d in found.detections if d.unnamed)  # never counted as food
    # the refused sugar is a question now, not also an ignored row; nothing under the floor is kept
    assert [d.label for d in found.detections].count("sugar_granulated") == 1
    assert "carrot" not in {d.label for d in found.detections}
    assert "refrigerator" not in {d.label for d in found.detections}


def test_at_most_a_few_questions_per_photo_the_most_likely_first(tmp_path: Path) -> None:
    many = [
        Detection("tomato", "tomato", 0.11 + i / 100, (i * 30.0, 200.0, i * 30.0 + 25, 240.0))
        for i in range(12)
    ]
    found = ReviewingDetector(FixedModel(many), suggest_from=SUGGEST_FROM).detect_one(_photo(tmp_path))  # type: ignore[arg-type]
    asked = [d.confidence for d in found.detections if d.unnamed]
    assert len(asked) == MAX_PER_PHOTO and asked == sorted(asked, reverse=True)
    assert min(asked) == pytest.approx(0.11 + (12 - MAX_PER_PHOTO) / 100)


def _saved_scan_with_questions(tmp_path: Path, db: Database) -> int:
    path = tmp_path / "fridge.png"
    Image.new("RGB", (400, 300), (120, 120, 120)).save(path)
    containers = _Containers([ContainerBox("bowl", 0.6, (300.0, 100.0, 390.0, 180.0))])
    detector = ReviewingDetector(
        FixedModel(BOXES),  # type: ignore[arg-type]
        containers=containers,  # type: ignore[arg-type]
        calibration=CALIBRATION,
        suggest_from=SUGGEST_FROM,
    )
    result = scan_photos([path], detector, conf=0.25, taxonomy=TAXONOMY)
    return record_scan(db, result, save=True).scan_id


def _present(db: Database) -> dict[str, float]:
    return {(i.ingredient or f"?{i.name}"): i.quantity for i in manual.list_items(db)}


def test_confirming_a_question_accepts_the_guess_and_undo_asks_again(tmp_path: Path) -> None:
    db = Database(tmp_path / "larder.db")
    try:
        scan_id = _saved_scan_with_questions(tmp_path, db)
        assert _present(db) == {"egg": 1.0}  # the guesses are not in the fridge until the user says so
        (photo,) = review_view(db, TAXONOMY, scan_id).photos
        by_label = {d.label: d for d in photo.detections}
        tomato, bowl = by_label["tomato"], by_label["bowl"]
        public = tomato.to_public()
        assert (public["ingredient"], public["name"], public["status"]) == (None, None, "unnamed")
        assert (public["guess"], public["guess_name"]) == ("tomato", TAXONOMY.get("tomato").name)
        assert (bowl.guess, bowl.guess_name) == (None, None)

        with pytest.raises(UserError, match="unnamed"):  # a container has no guess to accept
            apply_review(db, TAXONOMY, scan_id, ReviewChanges(confirm=(bowl.id,)))
        apply_review(db, TAXONOMY, scan_id, ReviewChanges(confirm=(tomato.id,)))
        assert _present(db) == {"egg": 1.0, "tomato": 1.0}
        (photo,) = review_view(db, TAXONOMY, scan_id).photos
        now = {d.label: d for d in photo.detections}["tomato"]
        assert (now.status, now.ingredient, now.guess) == ("confirmed", "tomato", None)

        undo_review(db, scan_id)
        assert _present(db) == {"egg": 1.0}
        (photo,) = review_view(db, TAXONOMY, scan_id).photos
        again = {d.label: d for d in photo.detections}["tomato"]
        assert (again.status, again.guess) == ("unnamed", "tomato")

        sugar = {d.label: d for d in photo.detections}["sugar_granulated"]
        apply_review(db, TAXONOMY, scan_id, ReviewChanges(count={sugar.id: 2}))  # a count says yes too
        assert _present(db)["sugar_granulated"] > 0
    finally:
        db.close()


@pytest.mark.skipif(not (ASSETS / "fridge.pt").exists(), reason="bundled weights not shipped")
def test_the_bundled_model_asks_about_what_it_does_not_claim_on_a_real_photo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from agents.cli import main

    home = str(tmp_path / "home")
    photo = str(PHOTOS / "aicook-DSC_6030.jpg")
    assert main(["scan", photo, "--json", "--home", home]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert not [d for p in plain["photos"] for d in p["detections"] if d.get("status") == "unnamed"]

    assert main(["scan", photo, "--save", "--json", "--home", home]) == 0
    saved = json.loads(capsys.readouterr().out)
    assert main(["review", str(saved["scan_id"]), "--json", "--home", home]) == 0
    (review,) = json.loads(capsys.readouterr().out)["photos"]
    claims = [d for d in review["detections"] if d["status"] == "detected"]
    guesses = [d for d in review["detections"] if d["status"] == "unnamed" and d["guess"]]
    assert claims and 0 < len(guesses) <= MAX_PER_PHOTO
    claimed = {d["ingredient"] for d in claims}
    for guess in guesses:
        assert guess["ingredient"] is None and guess["name"] is None and guess["guess"] in TAXONOMY
        assert guess["confidence"] >= SUGGEST_FROM
        assert all(overlap(guess["box"], c["box"])[0] < 0.3 for c in claims)
    # the scan's items are its claims only: no guess became food
    assert {i["ingredient"] for i in saved["items"]} == claimed
