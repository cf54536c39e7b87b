"""A personal model answers for the classes the user taught it; its base model for everything else.

`larder learn` fine-tunes on the user's reviewed photos only. That teaches the user's fridge and costs
what the model knew about every other class: measured on a base that never saw aicook, after 20 corrected
aicook photos the user's held-back photos went from F1 0.16 to 0.43 while the shipped guard photos of the
other fridges fell from 0.40 to 0.21 (freezing all but the head, or mixing the weights with the base's,
did not keep them: bench/vision_learning.md, d). So a personal model is used together with the model it
was trained from: for a class in its routing file (the classes of the user's labelled photos) its boxes
count, for any other class the base model's do. Twice the detector time, only once a personal model is
active. The routing file sits next to the personal model: `personal-....routing.json`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from vision.detections import Detection, PhotoDetections
from vision.detector import DEFAULT_CONF, UltralyticsDetector
from vision.labels import LabelResolver
from vision.photos import LoadedPhoto


@dataclass(frozen=True)
class Routing:
    base: Path  # the model the personal one was trained from, which keeps answering for everything else
    classes: frozenset[str]  # what the personal model answers for: the classes of the user's photos


def routing_path(model_path: Path) -> Path:
    return model_path.with_name(model_path.stem + ".routing.json")


def save_routing(model_path: Path, routing: Routing) -> None:
    payload = {"base": str(routing.base), "classes": sorted(routing.classes)}
    routing_path(model_path).write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")


def load_routing(model_path: Path) -> Routing | None:
    """The routing stored next to `model_path`; None without one, or when its base model is gone (the
    personal model then answers alone, as before routing)."""
    path = routing_path(Path(model_path))
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        base = Path(str(raw["base"]))
        classes = frozenset(str(c) for c in raw["classes"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return Routing(base, classes) if base.is_file() else None


def routed(
    personal: Iterable[Detection], base: Iterable[Detection], classes: frozenset[str]
) -> list[Detection]:
    """The personal model's boxes of its classes and the base model's of all others, most confident first."""
    mine = [d for d in personal if d.label in classes]
    others = [d for d in base if d.label not in classes]
    return sorted([*mine, *others], key=lambda d: -d.confidence)


def routed_names(personal: set[str], base: set[str], classes: frozenset[str]) -> set[str]:
    """The same rule for the names a photo shows (the presence scores of vision/personal.py)."""
    return {n for n in personal if n in classes} | {n for n in base if n not in classes}


class RoutedDetector(UltralyticsDetector):
    """A personal model (this detector) with its base model beside it, routed per class."""

    def __init__(
        self,
        model_path: Path,
        routing: Routing,
        resolver: LabelResolver,
        *,
        device: str | None = None,
        imgsz: int | None = None,
    ) -> None:
        super().__init__(model_path, resolver, device=device, imgsz=imgsz)
        self.routing = routing
        self.base_detector = UltralyticsDetector(routing.base, resolver, device=self.device, imgsz=imgsz)
        self.load_ms += self.base_detector.load_ms

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*super().labels, *self.base_detector.labels)))

    def warmup(self) -> None:
        super().warmup()
        self.base_detector.warmup()

    def detect_one(
        self, photo: LoadedPhoto, *, conf: float = DEFAULT_CONF, imgsz: int | None = None
    ) -> PhotoDetections:
        mine = super().detect_one(photo, conf=conf, imgsz=imgsz)
        base = self.base_detector.detect_one(photo, conf=conf, imgsz=imgsz)
        dets = routed(mine.detections, base.detections, self.routing.classes)
        return replace(mine, detections=tuple(dets), ms=round(mine.ms + base.ms, 2))


def load_detector(
    model_path: Path, resolver: LabelResolver, *, device: str | None = None, imgsz: int | None = None
) -> UltralyticsDetector:
    """The detector a scan uses for `model_path`: routed with its base when it is a personal model."""
    routing = load_routing(Path(model_path))
    if routing is None:
        return UltralyticsDetector(model_path, resolver, device=device, imgsz=imgsz)
    return RoutedDetector(model_path, routing, resolver, device=device, imgsz=imgsz)
