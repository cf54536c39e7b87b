"""Counts per ingredient across photos of one fridge."""

from __future__ import annotations

from pathlib import Path

from vision.counting import count_items
from vision.detections import Detection, PhotoDetections


def _det(ingredient: str | None, label: str, conf: float, ignored: bool = False) -> Detection:
    return Detection(ingredient, label, conf, (0.0, 0.0, 10.0, 10.0), ignored)


def _photo(sha: str, *dets: Detection) -> PhotoDetections:
    return PhotoDetections(Path(f"{sha}.jpg"), sha, 100, 100, dets, 5.0)


def test_counts_add_up_across_photos_and_keep_best_confidence() -> None:
    shelf = _photo("a", _det("egg", "eggs", 0.9), _det("egg", "egg", 0.6), _det("milk_whole", "milk", 0.7))
    door = _photo("b", _det("egg", "eggs", 0.95), _det(None, "widget", 0.5), _det(None, "bowl", 0.99, True))
    items = {i.key: i for i in count_items([shelf, door])}
    assert items["egg"].count == 3 and items["egg"].photos == 2
    assert items["egg"].confidence == 0.95 and items["egg"].label == "eggs"
    assert items["milk_whole"].count == 1
    assert items["?widget"].ingredient is None and items["?widget"].count == 1
    assert "?bowl" not in items
    assert [i.key for i in count_items([shelf, door])][-1] == "?widget"  # unrecognised last


def test_the_same_photo_twice_counts_once() -> None:
    shelf = _photo("a", _det("egg", "egg", 0.9), _det("egg", "egg", 0.8))
    assert count_items([shelf, shelf])[0].count == 2


def test_threshold_filters() -> None:
    shelf = _photo("a", _det("egg", "egg", 0.9), _det("egg", "egg", 0.3), _det("tomato", "tomato", 0.2))
    items = count_items([shelf], conf=0.5)
    assert [(i.key, i.count) for i in items] == [("egg", 1)]
