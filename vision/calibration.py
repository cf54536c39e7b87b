"""Per-class confidence thresholds, demoted classes and parent fallback for the bundled model.

On fridges it has never seen the bundled model is confidently wrong (a bag of sugar is its most
frequent false report), and a global threshold does not help. `fridge.calibration.json`, next to the
model and derived by vision/bundled/calibrate.py on leave-one-source-out validation, says per class:
the confidence at which the fine class is reported, and for classes with a parent (goat cheese ->
cheese) a lower one at which the parent is reported instead. Classes whole-fridge photos cannot
support (pantry staples) carry a high threshold. Classes it does not list keep the scan's threshold.

On a whole fridge the model has never seen (vision/close_look.py: small items, and the model unsure of
all of them) per-class thresholds chosen on the fridges it knows keep almost nothing (bench/vision_learning.md,
section h). There every class but the demoted ones is claimed from `unfamiliar_from` when its own
threshold is higher, and a class with a parent is reported as its parent (section i).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from vision.detections import Detection
from vision.detector import DEFAULT_CONF


@dataclass(frozen=True)
class Calibration:
    thresholds: Mapping[str, float] = field(default_factory=dict)  # label -> report the fine class from
    parents: Mapping[str, str] = field(default_factory=dict)  # label -> parent word (cheese, milk)
    parent_thresholds: Mapping[str, float] = field(default_factory=dict)  # label -> report the parent from
    demoted: Mapping[str, str] = field(default_factory=dict)  # label -> why
    source: str = ""
    # label -> threshold this home's reviews support (vision/home_thresholds.py). It replaces the shipped
    # one, below the scan's threshold too, unless the scan asked for more than the default.
    home: Mapping[str, float] = field(default_factory=dict)
    # on an unfamiliar whole fridge, the confidence from which any class that is not demoted is claimed (a
    # ceiling on its threshold, below the scan's too, unless the scan asked for more than the default)
    unfamiliar_from: float | None = None

    def claim_from(self, label: str, conf: float, *, unfamiliar: bool = False) -> float:
        """The confidence from which a box of `label` is reported; `unfamiliar`: on a whole-fridge photo
        the model does not know (vision/close_look.py)."""
        home = self.home.get(label)
        if home is not None:
            return _under_default(home, conf)
        threshold = max(conf, self.thresholds.get(label, conf))
        ceiling = self.unfamiliar_from
        if unfamiliar and ceiling is not None and label not in self.demoted:
            return min(threshold, _under_default(ceiling, conf))
        return threshold

    def lowest(self, conf: float) -> float:
        """The lowest confidence any class is reported from on a close-up: what the model must be asked
        from (a whole-fridge photo is asked from vision.close_look.LOOK_FROM anyway)."""
        return min([conf, *(self.claim_from(label, conf) for label in self.home)])

    def apply(
        self,
        det: Detection,
        conf: float,
        parent_id: Callable[[str], str | None],
        *,
        unfamiliar: bool = False,
    ) -> Detection | None:
        """The detection as it should be reported, or None when the evidence does not support it."""
        if det.ignored or det.source != "model":
            return det
        parent = self.parents.get(det.label)
        claimed = det.confidence >= self.claim_from(det.label, conf, unfamiliar=unfamiliar)
        if det.label in self.home:
            return det if claimed else None  # this home's evidence is about the fine class, not its parent
        if claimed and unfamiliar and parent:
            # On a fridge it does not know the model cannot tell its cheeses apart (a base that never saw aicook
            # called its cheese aged goat cheese on 160 of 330 photos): the parent is what the evidence supports.
            return self._as_parent(det, parent, parent_id)
        if claimed:
            return det
        if parent and det.confidence >= max(conf, self.parent_thresholds.get(det.label, conf)):
            return self._as_parent(det, parent, parent_id)
        return None

    @staticmethod
    def _as_parent(det: Detection, parent: str, parent_id: Callable[[str], str | None]) -> Detection:
        return replace(det, ingredient=parent_id(parent), label=parent, source="parent")


def _under_default(value: float, conf: float) -> float:
    """`value`, below the scan's threshold too, unless the scan asked for more than the default."""
    return value if conf <= DEFAULT_CONF else max(value, conf)


def calibration_path(model_path: Path) -> Path:
    return model_path.with_name(model_path.stem + ".calibration.json")


def load_calibration(model_path: Path) -> Calibration | None:
    """The calibration stored next to `model_path`, if any (a personal model has none of its own)."""
    path = calibration_path(model_path)
    if not path.is_file():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return Calibration(
        thresholds={str(k): float(v) for k, v in raw.get("thresholds", {}).items()},
        parents={str(k): str(v) for k, v in raw.get("parents", {}).items()},
        parent_thresholds={str(k): float(v) for k, v in raw.get("parent_thresholds", {}).items()},
        demoted={str(k): str(v) for k, v in raw.get("demoted", {}).items()},
        source=str(raw.get("derived_by", "")),
        unfamiliar_from=_fraction(raw.get("unfamiliar_from")),
    )


def _fraction(value: object) -> float | None:
    """A confidence read from the file, or None when absent or not one (a hand-edited file)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 < value <= 1.0:
        return None
    return float(value)
