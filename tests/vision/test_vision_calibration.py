"""Calibration for strangers' fridges: per-class thresholds, demoted pantry staples, parent fallback."""

from __future__ import annotations

import json
from pathlib import Path

from vision.calibration import Calibration, calibration_path, load_calibration
from vision.detections import Detection
from vision.model_choice import BUNDLED_DIR

PARENT_IDS = {"cheese": "cheddar"}


def _det(label: str, conf: float) -> Detection:
    return Detection(label, label, conf, (0.0, 0.0, 10.0, 10.0))


def test_fine_class_when_sure_parent_when_unsure_nothing_below() -> None:
    cal = Calibration(
        thresholds={"goat_cheese": 0.6, "sugar_granulated": 0.85},
        parents={"goat_cheese": "cheese"},
        parent_thresholds={"goat_cheese": 0.35},
    )
    assert cal.apply(_det("goat_cheese", 0.7), 0.25, PARENT_IDS.get) == _det("goat_cheese", 0.7)
    parent = cal.apply(_det("goat_cheese", 0.4), 0.25, PARENT_IDS.get)
    assert parent is not None and (parent.ingredient, parent.label, parent.source) == (
        "cheddar",
        "cheese",
        "parent",
    )
    assert cal.apply(_det("goat_cheese", 0.3), 0.25, PARENT_IDS.get) is None
    assert cal.apply(_det("sugar_granulated", 0.8), 0.25, PARENT_IDS.get) is None
    assert cal.apply(_det("tomato", 0.3), 0.25, PARENT_IDS.get) == _det(
        "tomato", 0.3
    )  # not listed: scan's conf
    assert cal.apply(_det("tomato", 0.3), 0.5, PARENT_IDS.get) is None  # never below the user's threshold


def test_the_shipped_calibration_demotes_sugar_and_was_derived_leave_one_source_out() -> None:
    model = BUNDLED_DIR / "fridge.pt"
    raw = json.loads(calibration_path(model).read_text())
    cal = load_calibration(model)
    assert cal is not None and "sugar_granulated" in cal.demoted
    assert cal.thresholds["sugar_granulated"] >= 0.85
    assert {row["source"] for row in raw["loso"]} == {"aicook", "epicureai", "fridge-objects"}
    assert cal.parents.get("goat_cheese") == "cheese"


def test_a_model_without_calibration_gets_none(tmp_path: Path) -> None:
    assert load_calibration(tmp_path / "personal.pt") is None
    (tmp_path / "broken.calibration.json").write_text("{not json")
    assert load_calibration(tmp_path / "broken.pt") is None


def test_a_personal_model_keeps_the_calibration_except_for_classes_the_user_labelled(tmp_path: Path) -> None:
    from vision.personal import _inherit_calibration

    active, candidate = tmp_path / "fridge.pt", tmp_path / "personal-1.pt"
    calibration_path(active).write_text(
        json.dumps(
            {"thresholds": {"sugar_granulated": 0.85, "tomato": 0.4}, "demoted": {"sugar_granulated": "x"}}
        )
    )
    _inherit_calibration(active, candidate, {"tomato"})
    inherited = load_calibration(candidate)
    assert inherited is not None
    assert (
        dict(inherited.thresholds) == {"sugar_granulated": 0.85} and "sugar_granulated" in inherited.demoted
    )
