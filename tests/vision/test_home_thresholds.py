"""What a home's reviews showed about the model's confidence moves each class's threshold for the next scan:
a guess the user keeps saying yes to is claimed from lower down, a claim the user keeps rejecting needs
more, and little or mixed evidence changes nothing."""

from __future__ import annotations

from pathlib import Path

from fixed_model import FixedModel  # tests/fixed_model.py (tests/ is on the path)
from PIL import Image

from agents.inventory.home_calibration import home_evidence, with_home_thresholds
from agents.inventory.review import ReviewChanges, apply_review, review_view
from agents.inventory.review_learning import learn_from_scan
from agents.inventory.scanning import scan_photos
from agents.inventory.store import record_scan
from data.db import Database
from data.paths import LarderPaths
from data.taxonomy import load_taxonomy
from vision.calibration import Calibration
from vision.detections import Detection
from vision.home_thresholds import Evidence, home_thresholds
from vision.labels import LabelResolver
from vision.photos import LoadedPhoto
from vision.reviewing import ReviewingDetector
from vision.routing import Routing
from vision.suggestions import SUGGEST_FROM

TAXONOMY = load_taxonomy()
SHIPPED = Calibration(thresholds={"tomato": 0.35, "yogurt_plain_whole": 0.5})


def _default(label: str) -> float:
    return SHIPPED.claim_from(label, 0.25)


def test_a_class_right_at_low_confidence_is_claimed_from_there_and_one_wrong_when_sure_needs_more() -> None:
    evidence = [Evidence("tomato", c, True) for c in (0.16, 0.22, 0.3, 0.5)]
    evidence += [Evidence("tomato", 0.11, False)]  # under the best cut: no reason to go lower
    evidence += [Evidence("yogurt_plain_whole", c, False) for c in (0.55, 0.6, 0.62)]
    evidence += [Evidence("yogurt_plain_whole", 0.8, True)]
    assert home_thresholds(evidence, _default) == {"tomato": 0.15, "yogurt_plain_whole": 0.65}


def test_little_or_mixed_evidence_changes_nothing() -> None:
    few = [Evidence("tomato", 0.15, True), Evidence("tomato", 0.2, True)]  # two photos: an anecdote
    mixed = [Evidence("apple", c, r) for c, r in ((0.15, True), (0.18, False), (0.2, True), (0.22, False))]
    assert home_thresholds(few + mixed, _default) == {}


class _Photos:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.n = 0

    def new(self) -> Path:
        self.n += 1
        path = self.tmp_path / f"fridge{self.n}.png"
        Image.new("RGB", (400, 300), (110 + self.n, 120, 120)).save(path)
        return path


BOXES = [
    Detection("egg", "egg", 0.9, (10.0, 10.0, 60.0, 60.0)),
    Detection("tomato", "tomato", 0.18, (100.0, 10.0, 150.0, 60.0)),  # faint, and right in this kitchen
    Detection("apple", "apple", 0.2, (200.0, 100.0, 250.0, 150.0)),  # faint, and never right here
]


def _photo(path: Path) -> LoadedPhoto:
    image = Image.open(path).convert("RGB")
    return LoadedPhoto(path, "e" * 64, image.width, image.height, "PNG", None, image)


def test_answered_questions_move_the_threshold_for_the_next_plain_scan(tmp_path: Path) -> None:
    db = Database(tmp_path / "larder.db")
    photos = _Photos(tmp_path)
    ingredient = LabelResolver().ingredient
    try:
        reviewing = ReviewingDetector(FixedModel(BOXES), suggest_from=SUGGEST_FROM)  # type: ignore[arg-type]
        for n in range(3):
            result = scan_photos([photos.new()], reviewing, conf=0.25, taxonomy=TAXONOMY)
            scan_id = record_scan(db, result, save=True).scan_id
            if n == 2:
                assert (
                    len(home_evidence(db, "fridge.pt", ingredient)) == 6
                )  # egg, tomato, apple of two photos
                break  # the third photo is never reviewed: it says nothing
            (photo,) = review_view(db, TAXONOMY, scan_id).photos
            asked = {d.guess: d.id for d in photo.detections if d.guess}
            assert set(asked) == {"tomato", "apple"}
            apply_review(
                db, TAXONOMY, scan_id, ReviewChanges(confirm=(asked["tomato"],), reject=(asked["apple"],))
            )
        assert with_home_thresholds(None, db, "fridge.pt", ingredient) is None  # two photos: not yet

        result = scan_photos([photos.new()], reviewing, conf=0.25, taxonomy=TAXONOMY)
        scan_id = record_scan(db, result, save=True).scan_id
        (photo,) = review_view(db, TAXONOMY, scan_id).photos
        asked = {d.guess: d.id for d in photo.detections if d.guess}
        apply_review(
            db, TAXONOMY, scan_id, ReviewChanges(confirm=(asked["tomato"],), reject=(asked["apple"],))
        )

        calibration = with_home_thresholds(None, db, "fridge.pt", ingredient)
        assert calibration is not None and calibration.home == {"tomato": 0.15}
        # what a review reports back (the bundled model is fridge.pt, whose scans these are)
        learned = learn_from_scan(db, LarderPaths(tmp_path / "home").ensure(), scan_id)
        assert learned.claims_from == {"tomato": 0.15}
        model = FixedModel(BOXES)
        plain = ReviewingDetector(model, calibration=calibration)  # type: ignore[arg-type]
        found = plain.detect_one(_photo(photos.new()))
        assert model.asked == [0.15]  # asked low enough for the class the home vouches for
        assert {d.ingredient for d in found.detections if not d.ignored} == {"egg", "tomato"}
        # the evidence belongs to the model whose confidences it is
        assert with_home_thresholds(None, db, "personal-1.pt", ingredient) is None
        # ... but a personal model routed to that base answers with the base's boxes outside its own classes
        for classes, expected in ((frozenset({"apple"}), {"tomato": 0.15}), (frozenset({"tomato"}), None)):
            routing = Routing(tmp_path / "fridge.pt", classes)
            routed = with_home_thresholds(None, db, "personal-1.pt", ingredient, routing)
            assert (routed.home if routed is not None else None) == expected
    finally:
        db.close()


def test_an_explicitly_higher_scan_threshold_still_floors_a_home_threshold() -> None:
    calibration = Calibration(home={"tomato": 0.15})
    assert calibration.claim_from("tomato", 0.25) == 0.15
    assert calibration.claim_from("tomato", 0.6) == 0.6
    assert calibration.claim_from("apple", 0.25) == 0.25
    assert calibration.lowest(0.25) == 0.15
