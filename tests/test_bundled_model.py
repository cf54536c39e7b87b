"""The bundled detector's class list, head growing and shipped files agree with the taxonomy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from data.taxonomy import load_taxonomy
from vision.bundled.classes import COCO_FOODS, COCO_LOOKALIKE, check_classes, class_names

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "models"


def test_every_class_is_a_taxonomy_id_and_source_names_map_as_the_taxonomy_says() -> None:
    assert check_classes() == []
    assert len(set(class_names())) == len(class_names())


def test_grown_head_keeps_coco_food_rows_and_silences_unseen_classes() -> None:
    torch = pytest.importorskip("torch")
    from ultralytics.nn.tasks import DetectionModel

    from vision.bundled.train_bundled import grow_head

    torch.manual_seed(0)
    coco = DetectionModel("yolov8n.yaml", nc=80, verbose=False)
    names = class_names()
    grown = grow_head(coco, names)
    old, new = coco.model[-1].cv3[0][-1], grown.model[-1].cv3[0][-1]
    assert new.weight.shape[0] == len(names) and grown.model[-1].no == len(names) + 64
    for coco_index, name in COCO_FOODS.items():
        assert torch.equal(new.weight[names.index(name)], old.weight[coco_index])
    unseen = [n for n in names if n not in COCO_FOODS.values() and n not in COCO_LOOKALIKE]
    assert unseen and all(float(new.weight[names.index(n)].detach().abs().sum()) == 0.0 for n in unseen)
    # The COCO model itself is untouched.
    assert coco.model[-1].cv3[0][-1].weight.shape[0] == 80
    out = grown.eval()(torch.zeros(1, 3, 64, 64))[0]
    assert out.shape[1] == 4 + len(names)


@pytest.mark.skipif(not (ASSETS / "fridge.pt").exists(), reason="bundled weights not shipped")
def test_shipped_weights_and_card_name_taxonomy_classes() -> None:
    from ultralytics import YOLO

    size = (ASSETS / "fridge.pt").stat().st_size
    assert 4_000_000 < size < 8_000_000
    names = list(YOLO(str(ASSETS / "fridge.pt")).names.values())
    taxonomy = load_taxonomy()
    assert names == class_names() and all(name in taxonomy for name in names)
    card = json.loads((ASSETS / "fridge.card.json").read_text())
    assert card["classes"] == names
    assert {e["dataset"] for e in card["evaluation"]} == {"aicook", "epicureai", "fridge-objects"}
    assert all(0.0 <= e["map50"] <= 1.0 for e in card["evaluation"])
    assert card["size_bytes"] == size
