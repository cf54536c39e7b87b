"""The ultralytics backend on a tiny model trained in this session, and on COCO's ONNX when present."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from vision_synthetic import CLASSES

from vision.detector import UltralyticsDetector
from vision.errors import Cancelled, ModelUnavailable, VisionError
from vision.labels import LabelResolver
from vision.photos import load_photo


@pytest.fixture(scope="module")
def detector(tiny_model: Path) -> UltralyticsDetector:
    return UltralyticsDetector(tiny_model, LabelResolver(), device="cpu")


def test_model_classes_are_the_data_set_names(detector: UltralyticsDetector) -> None:
    assert detector.labels == tuple(CLASSES)
    assert detector.name == "tiny.pt"


def test_detections_carry_label_ingredient_confidence_and_box(
    detector: UltralyticsDetector, synthetic_data: Path
) -> None:
    photos = [load_photo(p) for p in sorted((synthetic_data.parent / "images" / "val").glob("*.png"))]
    progress: list[float] = []
    results = detector.detect(photos, conf=0.0, on_progress=lambda f, _m: progress.append(f))
    assert progress[-1] == 1.0 and len(results) == len(photos)
    expected = {"egg": "egg", "tomato": "tomato", "Milk": "milk_whole", "widget": None}
    seen = [d for r in results for d in r.detections]
    assert seen, "an untrained model still reports low-confidence boxes at conf 0"
    for r, photo in zip(results, photos, strict=True):
        assert r.ms > 0 and r.sha256 == photo.sha256
        for d in r.detections:
            assert d.label in expected and d.ingredient == expected[d.label]
            x1, y1, x2, y2 = d.box
            assert 0 <= x1 <= x2 <= photo.width + 1 and 0 <= y1 <= y2 <= photo.height + 1
            assert 0.0 <= d.confidence <= 1.0
    # A threshold inside the range of what the model reports (0.99 gave no boxes, so all([]) passed):
    # it drops the weaker boxes, keeps the best one (same box, same score) and nothing below it.
    loose = results[0].detections
    best = max(loose, key=lambda d: d.confidence)
    threshold = sorted(d.confidence for d in loose)[(3 * len(loose)) // 4]
    assert min(d.confidence for d in loose) < threshold <= best.confidence
    strict = detector.detect(photos[:1], conf=threshold)[0].detections
    assert strict and len(strict) < len(loose)
    assert all(d.confidence >= threshold for d in strict)
    top = max(strict, key=lambda d: d.confidence)
    assert (top.label, round(top.confidence, 4)) == (best.label, round(best.confidence, 4))
    assert top.box == pytest.approx(best.box, abs=1.0)


def test_boxes_are_in_original_pixels_for_a_large_photo(
    detector: UltralyticsDetector, synthetic_data: Path, tmp_path: Path
) -> None:
    from PIL import Image

    source = sorted((synthetic_data.parent / "images" / "val").glob("*.png"))[0]
    Image.open(source).resize((960, 960)).save(tmp_path / "big.png")
    result = detector.detect_one(load_photo(tmp_path / "big.png"), conf=0.0)
    assert (
        result.detections and max(d.box[2] for d in result.detections) > 96
    )  # not in the 64 px input's space


def test_cancel_stops_before_the_next_photo(detector: UltralyticsDetector, synthetic_data: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    photo = load_photo(next((synthetic_data.parent / "images" / "val").glob("*.png")))
    with pytest.raises(Cancelled):
        detector.detect([photo], cancel=cancel)


def test_bad_threshold_is_refused(detector: UltralyticsDetector, synthetic_data: Path) -> None:
    photo = load_photo(next((synthetic_data.parent / "images" / "val").glob("*.png")))
    with pytest.raises(VisionError, match="outside 0-1"):
        detector.detect_one(photo, conf=1.5)


def test_corrupt_model_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pt"
    bad.write_bytes(b"not a checkpoint")
    with pytest.raises(ModelUnavailable, match="broken.pt: cannot load this model"):
        UltralyticsDetector(bad, LabelResolver(lookup=lambda _n: None), device="cpu")


def test_coco_onnx_model_finds_food_in_a_fridge_photo(shared_dir: Path) -> None:
    model = shared_dir / "models" / "yolov8n-coco-int8.onnx"
    photos = sorted((shared_dir / "datasets" / "fridge-objects" / "images" / "val").glob("*"))[:3]
    if not model.is_file() or not photos:
        pytest.skip("the shared COCO model or photos are missing")
    detector = UltralyticsDetector(model, LabelResolver(), device="cpu")
    assert "banana" in detector.labels and detector.imgsz == 640
    results = detector.detect([load_photo(p) for p in photos], conf=0.25)
    food = [d for r in results for d in r.detections if d.ingredient]
    assert food, json.dumps([[d.label for d in r.detections] for r in results])
    resolver = LabelResolver()
    assert all(d.ingredient == resolver.ingredient(d.label) for d in food)
    assert not any(d.label == "refrigerator" and not d.ignored for r in results for d in r.detections)
