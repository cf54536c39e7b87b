"""A whole-fridge photo, where the items are small, is asked a second time at a larger size and the two
passes merged; a close-up, or a scan given its own size, is asked once."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from fixed_model import FixedModel  # tests/fixed_model.py (tests/ is on the path)
from PIL import Image

from vision.close_look import CLOSE_IMGSZ, LOOK_FROM, familiarity, is_unfamiliar, merged, small_items
from vision.detections import Detection, PhotoDetections
from vision.photos import LoadedPhoto
from vision.reviewing import ReviewingDetector


def _photo(tmp_path: Path) -> LoadedPhoto:
    image = Image.new("RGB", (1000, 800), (120, 120, 120))
    return LoadedPhoto(tmp_path / "p.jpg", "f" * 64, 1000, 800, "JPEG", None, image)


def _found(*dets: Detection) -> PhotoDetections:
    return PhotoDetections(Path("p.jpg"), "f" * 64, 1000, 800, dets, 5.0)


SMALL = [  # a whole fridge: items a tenth of the photo's side or less, most of them faint
    Detection("egg", "egg", 0.8, (10.0, 10.0, 90.0, 80.0)),
    Detection("tomato", "tomato", 0.08, (200.0, 10.0, 280.0, 90.0)),
    Detection("carrot", "carrot", 0.06, (400.0, 300.0, 470.0, 380.0)),
]
LARGE = [Detection("milk_whole", "milk_whole", 0.9, (100.0, 50.0, 700.0, 750.0))]


class _SizedModel(FixedModel):
    """Larger at the close look: the faint tomato is sure there, and a missed lemon shows up."""

    def detect_one(
        self, photo: LoadedPhoto, *, conf: float = 0.25, imgsz: int | None = None
    ) -> PhotoDetections:
        found = super().detect_one(photo, conf=conf, imgsz=imgsz)
        if imgsz != CLOSE_IMGSZ:
            return found
        closer = (
            Detection("tomato", "tomato", 0.6, (202.0, 12.0, 281.0, 92.0)),
            Detection("lemon", "lemon", 0.5, (600.0, 500.0, 660.0, 560.0)),
        )
        return PhotoDetections(photo.path, photo.sha256, photo.width, photo.height, closer, 9.0)


def test_small_boxes_mean_a_whole_fridge_and_large_ones_a_close_up() -> None:
    assert small_items(_found(*SMALL))
    assert not small_items(_found(*LARGE))
    assert not small_items(_found())  # nothing at all: nothing to look closer at


def test_merging_keeps_the_more_confident_of_two_boxes_on_one_item() -> None:
    first = _found(*SMALL)
    closer = _found(Detection("tomato", "tomato", 0.6, (202.0, 12.0, 281.0, 92.0)))
    out = merged(first, closer)
    assert sorted((d.label, d.confidence) for d in out.detections) == [
        ("carrot", 0.06), ("egg", 0.8), ("tomato", 0.6)
    ]  # fmt: skip
    assert out.ms == 10.0


def test_a_whole_fridge_photo_is_asked_again_closer_and_a_close_up_once(tmp_path: Path) -> None:
    model = _SizedModel(SMALL)
    found = ReviewingDetector(model, close_look=True).detect_one(_photo(tmp_path))
    assert model.asked == [LOOK_FROM, LOOK_FROM] and model.sizes == [None, CLOSE_IMGSZ]
    claimed = {d.label: d.confidence for d in found.detections if not d.ignored}
    assert claimed == {"egg": 0.8, "tomato": 0.6, "lemon": 0.5}  # the faint carrot is still not claimed

    close_up = _SizedModel(LARGE)
    found = ReviewingDetector(close_up, close_look=True).detect_one(_photo(tmp_path))
    assert close_up.sizes == [None] and [d.label for d in found.detections] == ["milk_whole"]

    off = _SizedModel(SMALL)
    ReviewingDetector(off).detect_one(_photo(tmp_path))
    assert off.sizes == [None] and off.asked == [0.25]

    sized = _SizedModel(SMALL)
    sized.imgsz = 320  # the scan was given a size of its own
    ReviewingDetector(sized, close_look=True).detect_one(_photo(tmp_path))
    assert sized.sizes == [None]


ASSETS = Path(__file__).resolve().parents[2] / "assets" / "models"
PHOTOS = Path(__file__).resolve().parents[1] / "fixtures" / "photos"


@pytest.mark.skipif(not (ASSETS / "fridge.pt").exists(), reason="bundled weights not shipped")
def test_the_bundled_model_looks_closer_at_a_whole_fridge_and_not_at_a_close_up() -> None:
    from vision.detector import UltralyticsDetector
    from vision.labels import LabelResolver
    from vision.photos import load_photo

    model = UltralyticsDetector(ASSETS / "fridge.pt", LabelResolver(), device="cpu")
    fridge = model.detect_one(load_photo(PHOTOS / "aicook-DSC_6030.jpg"), conf=LOOK_FROM)
    bottle = model.detect_one(load_photo(PHOTOS / "fridge-objects-IMG_5722.jpg"), conf=LOOK_FROM)
    assert small_items(fridge) and not small_items(bottle)
    closer = model.detect_one(load_photo(PHOTOS / "aicook-DSC_6030.jpg"), conf=LOOK_FROM, imgsz=CLOSE_IMGSZ)
    both = merged(fridge, closer)
    assert len(fridge.detections) < len(both.detections) <= len(fridge.detections) + len(closer.detections)


def test_the_ceiling_applies_only_to_a_whole_fridge_the_model_is_unsure_of(tmp_path: Path) -> None:
    from vision.calibration import Calibration

    cal = Calibration(thresholds={"egg": 0.5, "tomato": 0.7}, unfamiliar_from=0.07)
    assert is_unfamiliar(_found(*SMALL)) and familiarity(_found(*SMALL)) == pytest.approx(0.188)
    found = ReviewingDetector(_SizedModel(SMALL), calibration=cal, close_look=True).detect_one(
        _photo(tmp_path)
    )
    claimed = {d.label for d in found.detections if not d.ignored}
    assert claimed == {"egg", "tomato", "lemon"}  # the carrot at 0.06 is still under it
    assert found.unfamiliar  # and the scan says so

    # the same fridge with the model sure of five things: it knows this fridge, thresholds stand
    sure = [Detection(f"f{i}", f"f{i}", 0.9, (600.0 + 40 * i, 10.0, 630.0 + 40 * i, 60.0)) for i in range(5)]
    familiar = [*SMALL, *sure]
    assert not is_unfamiliar(_found(*familiar))
    found = ReviewingDetector(_SizedModel(familiar), calibration=cal, close_look=True).detect_one(
        _photo(tmp_path)
    )
    claimed = {d.label for d in found.detections if not d.ignored}
    assert "tomato" not in claimed and "lemon" in claimed and "egg" in claimed  # 0.6 < 0.7; 0.5 >= 0.25
    assert not found.unfamiliar

    faint_close_up = [Detection("milk_whole", "milk_whole", 0.1, (100.0, 50.0, 700.0, 750.0))]
    found = ReviewingDetector(_SizedModel(faint_close_up), calibration=cal, close_look=True).detect_one(
        _photo(tmp_path)
    )
    assert not [d for d in found.detections if not d.ignored]  # a close-up: the scan's own 0.25


def test_the_scan_tells_the_user_when_the_model_does_not_know_their_fridge(tmp_path: Path) -> None:
    from agents.app.larder import _unfamiliar_note

    strange = replace(_found(*SMALL), unfamiliar=True)
    assert _unfamiliar_note([_found(*LARGE)]) == ""
    assert "this fridge:" in _unfamiliar_note([strange]) and "answer its questions" in _unfamiliar_note(
        [strange]
    )
    assert "Teach Larder" in _unfamiliar_note([strange])  # the way out: one learn on a few reviewed photos
    assert "(1 of 2 photos)" in _unfamiliar_note([strange, _found(*LARGE)])


def test_on_an_unfamiliar_fridge_cheeses_are_claimed_as_cheese_once_per_block(tmp_path: Path) -> None:
    from vision.calibration import Calibration

    cal = Calibration(
        parents={"cheddar": "cheese", "goat_cheese_aged": "cheese"},
        parent_thresholds={"cheddar": 0.3, "goat_cheese_aged": 0.25},
        unfamiliar_from=0.25,
    )
    block = (500.0, 400.0, 580.0, 470.0)
    cheeses = [  # one block of cheese the model calls two things, and a second block elsewhere
        Detection("cheddar", "cheddar", 0.3, block),
        Detection("goat_cheese_aged", "goat_cheese_aged", 0.45, (502.0, 401.0, 581.0, 472.0)),
        Detection("goat_cheese_aged", "goat_cheese_aged", 0.3, (800.0, 100.0, 870.0, 160.0)),
    ]
    strange = [*SMALL, *cheeses]
    assert is_unfamiliar(_found(*strange))
    parent_id = {"cheese": "cheddar"}.get
    found = ReviewingDetector(
        _SizedModel(strange), calibration=cal, close_look=True, parent_id=parent_id
    ).detect_one(_photo(tmp_path))
    claimed = [(d.label, d.ingredient, d.source, d.confidence) for d in found.detections if not d.ignored]
    cheese = [c for c in claimed if c[0] == "cheese"]
    assert cheese == [("cheese", "cheddar", "parent", 0.45), ("cheese", "cheddar", "parent", 0.3)]
    assert not any(c[0] in ("cheddar", "goat_cheese_aged") for c in claimed)

    # where the model knows the fridge, it is trusted with the fine class
    sure = [Detection(f"f{i}", f"f{i}", 0.9, (600.0 + 40 * i, 10.0, 630.0 + 40 * i, 60.0)) for i in range(5)]
    found = ReviewingDetector(
        _SizedModel([*strange, *sure]), calibration=cal, close_look=True, parent_id=parent_id
    ).detect_one(_photo(tmp_path))
    assert {"cheddar", "goat_cheese_aged"} <= {d.label for d in found.detections if not d.ignored}
