"""Calibration for strangers' fridges: per-class thresholds, demoted pantry staples, parent fallback."""

from __future__ import annotations

import json
from dataclasses import replace
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


def test_on_an_unfamiliar_fridge_every_class_but_the_demoted_is_claimed_from_the_ceiling() -> None:
    cal = Calibration(
        thresholds={"tomato": 0.35, "sugar_granulated": 0.85},
        demoted={"sugar_granulated": "pantry staple"},
        unfamiliar_from=0.12,
    )
    tomato, egg, sugar = _det("tomato", 0.15), _det("egg", 0.13), _det("sugar_granulated", 0.5)
    for det in (tomato, egg):
        assert cal.apply(det, 0.25, PARENT_IDS.get, unfamiliar=True) == det
        assert cal.apply(det, 0.25, PARENT_IDS.get) is None  # a close-up keeps its thresholds
    assert cal.apply(_det("egg", 0.1), 0.25, PARENT_IDS.get, unfamiliar=True) is None
    assert cal.apply(sugar, 0.25, PARENT_IDS.get, unfamiliar=True) is None  # demoted stays demoted
    # a user who asked for more than the default gets no less
    assert cal.apply(_det("tomato", 0.3), 0.5, PARENT_IDS.get, unfamiliar=True) is None
    assert cal.claim_from("tomato", 0.5, unfamiliar=True) == 0.5
    # this home's own evidence wins over the ceiling
    home = Calibration(thresholds={"tomato": 0.35}, unfamiliar_from=0.12, home={"tomato": 0.6})
    assert home.apply(tomato, 0.25, PARENT_IDS.get, unfamiliar=True) is None


def test_the_unfamiliar_ceiling_is_read_from_the_file_and_a_bad_one_ignored(tmp_path: Path) -> None:
    for value, expected in ((0.12, 0.12), ("0.1", None), (True, None), (0.0, None), (3, None)):
        calibration_path(tmp_path / "m.pt").write_text(json.dumps({"unfamiliar_from": value}))
        cal = load_calibration(tmp_path / "m.pt")
        assert cal is not None and cal.unfamiliar_from == expected, value


def test_on_an_unfamiliar_fridge_a_class_with_a_parent_is_claimed_as_the_parent_unless_this_home_knows_it() -> (
    None
):
    cal = Calibration(
        parents={"goat_cheese": "cheese"}, parent_thresholds={"goat_cheese": 0.35}, unfamiliar_from=0.25
    )
    sure = _det("goat_cheese", 0.9)
    assert cal.apply(sure, 0.25, PARENT_IDS.get) == sure  # a fridge it knows: the fine class
    parent = cal.apply(sure, 0.25, PARENT_IDS.get, unfamiliar=True)
    assert parent is not None and (parent.label, parent.ingredient, parent.source) == (
        "cheese",
        "cheddar",
        "parent",
    )
    assert cal.apply(_det("goat_cheese", 0.2), 0.25, PARENT_IDS.get, unfamiliar=True) is None
    home = replace(cal, home={"goat_cheese": 0.3})  # this home's answers are about goat cheese itself
    assert home.apply(sure, 0.25, PARENT_IDS.get, unfamiliar=True) == sure
