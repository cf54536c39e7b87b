"""A personal model answers for the classes the user taught it and its base model for everything else, in
scans (RoutedDetector) and in the scores `larder learn` judges by (presence)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vision import personal
from vision.detections import Detection
from vision.detector import UltralyticsDetector
from vision.labels import LabelResolver
from vision.photos import load_photo
from vision.routing import (
    RoutedDetector,
    Routing,
    load_detector,
    load_routing,
    routed,
    routed_names,
    routing_path,
    save_routing,
)


def test_each_class_is_answered_by_one_model() -> None:
    mine = [Detection("oat_milk", "oat drink", 0.4, (0, 0, 5, 5)), Detection("egg", "egg", 0.9, (5, 5, 9, 9))]
    base = [
        Detection("egg", "egg", 0.3, (5, 5, 9, 9)),
        Detection("milk_whole", "milk_whole", 0.8, (1, 1, 4, 4)),
    ]
    taught = frozenset({"oat drink"})
    assert [(d.label, d.confidence) for d in routed(mine, base, taught)] == [
        ("milk_whole", 0.8),
        ("oat drink", 0.4),
        ("egg", 0.3),  # the base's egg: the user never taught one, so the personal model's does not count
    ]
    assert routed_names({"oat drink", "egg"}, {"egg", "milk_whole"}, taught) == {
        "oat drink",
        "egg",
        "milk_whole",
    }
    assert routed_names({"egg"}, set(), taught) == set()


def test_a_routing_file_round_trips_and_is_ignored_without_its_base(tmp_path: Path, tiny_model: Path) -> None:
    personal_model = tmp_path / "personal-1.pt"
    shutil.copyfile(tiny_model, personal_model)
    assert load_routing(personal_model) is None
    save_routing(personal_model, Routing(tiny_model, frozenset({"egg"})))
    assert load_routing(personal_model) == Routing(tiny_model, frozenset({"egg"}))
    save_routing(personal_model, Routing(tmp_path / "gone.pt", frozenset({"egg"})))
    assert load_routing(personal_model) is None  # the personal model answers alone, as before routing
    routing_path(personal_model).write_text("{not json", encoding="utf-8")
    assert load_routing(personal_model) is None


def test_a_scan_with_a_personal_model_asks_both_models(
    tmp_path: Path, tiny_model: Path, synthetic_data: Path
) -> None:
    personal_model = tmp_path / "personal-1.pt"
    shutil.copyfile(tiny_model, personal_model)
    resolver = LabelResolver()
    assert type(load_detector(personal_model, resolver, device="cpu", imgsz=64)) is UltralyticsDetector
    image = sorted((synthetic_data.parent / "images" / "val").glob("*.png"))[0]
    photo = load_photo(image)
    alone = (
        UltralyticsDetector(tiny_model, resolver, device="cpu", imgsz=64)
        .detect_one(photo, conf=0.001)
        .detections
    )
    assert alone, "the tiny model finds something at 0.001"
    one = alone[0].label
    save_routing(personal_model, Routing(tiny_model, frozenset({one})))
    detector = load_detector(personal_model, resolver, device="cpu", imgsz=64)
    assert isinstance(detector, RoutedDetector) and detector.base_detector.model_path == tiny_model
    found = detector.detect_one(photo, conf=0.001)
    # the same weights on both sides: each box once, from the model its class is routed to
    assert sorted((d.label, d.confidence) for d in found.detections) == sorted(
        (d.label, d.confidence) for d in alone
    )


def _silent_copy(model: Path, out: Path) -> Path:
    """The same network with every class score pushed to nothing: a model that never finds anything."""
    import torch

    ckpt = torch.load(model, map_location="cpu", weights_only=False)
    net = (ckpt.get("ema") or ckpt["model"]).float()
    for branch in net.model[-1].cv3:
        with torch.no_grad():
            branch[-1].bias.fill_(-30.0)
    torch.save({"model": net, "train_args": {}, "date": None, "version": None}, out)
    return out


def test_presence_scores_a_personal_model_as_a_scan_uses_it(
    tmp_path: Path, tiny_model: Path, synthetic_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(personal, "CONF", 0.001)  # the tiny test model is never sure of anything
    images = sorted((synthetic_data.parent / "images" / "val").glob("*.png"))[:4]
    names = list(UltralyticsDetector(tiny_model, LabelResolver(), device="cpu").labels)
    photos = [(image, set(names)) for image in images]
    personal_model = tmp_path / "personal-1.pt"
    shutil.copyfile(tiny_model, personal_model)
    silent = _silent_copy(tiny_model, tmp_path / "silent.pt")
    alone = personal.presence(personal_model, photos, imgsz=64)
    assert alone["recall"] > 0 and personal.presence(silent, photos, imgsz=64)["recall"] == 0
    save_routing(personal_model, Routing(silent, frozenset(names)))  # it answers for every class
    assert personal.presence(personal_model, photos, imgsz=64) == alone
    save_routing(personal_model, Routing(silent, frozenset()))  # it answers for none: the silent base does
    assert personal.presence(personal_model, photos, imgsz=64)["recall"] == 0
