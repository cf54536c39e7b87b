"""The detector a scan uses: the model, then calibration, the user's taught products and unnamed containers.

Wraps a loaded model without changing it. Per photo: the model's boxes (a whole-fridge photo is asked
twice, the second time closer: vision/close_look.py); calibration (per-class thresholds, parent fallback,
demoted classes, and the thresholds this home's answers moved: vision/home_thresholds.py); the appearance
memory (a taught product found on the photo renames the model's box it overlaps, or adds a box the model
missed); and, when the scan is saved for review, the model's faint guesses become "is this a ...?"
questions (vision/suggestions.py) and COCO containers no food box or guess covers become "unnamed"
questions. On a close-up with nothing taught and no review the cost over the bare model is one
dictionary lookup per box.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from vision.calibration import Calibration
from vision.close_look import CLOSE_IMGSZ, LOOK_FROM, MERGE_IOU, is_unfamiliar, merged, small_items
from vision.containers import ContainerFinder, covered, overlap
from vision.detections import Detection, PhotoDetections
from vision.detector import DEFAULT_CONF, ProgressFn, UltralyticsDetector, detect_each
from vision.memory import REGIONS_CONF, AppearanceMemory, MemoryHit
from vision.photos import LoadedPhoto
from vision.suggestions import suggestions

RENAME_IOU = 0.3  # a taught product's box renames a model box it overlaps this much (or mostly covers)


def _merge_memory(dets: list[Detection], hits: list[MemoryHit]) -> list[Detection]:
    out = list(dets)
    for hit in hits:
        claimed = False
        for i, det in enumerate(out):
            if det.ignored or det.source == "memory":
                continue
            iou, share = overlap(det.box, hit.box)
            if iou >= RENAME_IOU or share >= 0.6:
                if not claimed:  # the detector's box fits the object better than a projected outline
                    out[i] = replace(
                        det,
                        ingredient=hit.ingredient,
                        label=hit.name,
                        confidence=max(det.confidence, hit.confidence),
                        source="memory",
                    )
                    claimed = True
                else:  # further model boxes on the same product are duplicates
                    out[i] = replace(det, ignored=True)
        if not claimed:
            out.append(Detection(hit.ingredient, hit.name, hit.confidence, hit.box, source="memory"))
    return out


class ReviewingDetector:
    """A Detector (see vision.detector) around a loaded model."""

    def __init__(
        self,
        base: UltralyticsDetector,
        *,
        memory: AppearanceMemory | None = None,
        containers: ContainerFinder | None = None,
        calibration: Calibration | None = None,
        parent_id: Callable[[str], str | None] | None = None,
        suggest_from: float | None = None,
        close_look: bool = False,
    ) -> None:
        self.base = base
        # ask whole-fridge photos again at a larger size (vision/close_look.py); not when the scan was
        # given a size of its own
        self.close_look = close_look and base.imgsz is None
        # None: report only (a plain scan); a confidence: also ask about the model's guesses from there
        self.suggest_from = suggest_from
        self.memory = memory if memory is not None and len(memory) else None
        self.containers = containers
        self.calibration = calibration
        self._parent_id = parent_id or (lambda _: None)

    @property
    def model_path(self) -> Path:
        return self.base.model_path

    @property
    def name(self) -> str:
        return self.base.name

    @property
    def labels(self) -> tuple[str, ...]:
        taught = self.memory.names if self.memory is not None else ()
        return tuple(dict.fromkeys((*self.base.labels, *taught)))

    @property
    def load_ms(self) -> float:
        return self.base.load_ms

    def warmup(self) -> None:
        self.base.warmup()

    def refine(
        self, photo: LoadedPhoto, found: PhotoDetections, conf: float, *, unfamiliar: bool = False
    ) -> PhotoDetections:
        """`found` as the scan reports it; `unfamiliar`: a whole-fridge photo the model does not know."""
        started = time.perf_counter()
        dets: list[Detection] = []
        faint: list[Detection] = []  # food boxes the scan does not report: what a review may ask about
        refused: list[Detection] = []  # of those, the ones a plain scan keeps for the record (ignored)
        calibration = self.calibration
        for det in found.detections:
            # a class this home's reviews vouch for is claimed from lower down (vision/home_thresholds.py)
            floor = (
                min(conf, calibration.claim_from(det.label, conf, unfamiliar=unfamiliar))
                if calibration is not None
                else conf
            )
            if det.confidence < floor:  # there only because the base ran lower: for questions, memory regions
                if not det.ignored:
                    faint.append(det)
                continue
            kept = (
                calibration.apply(det, conf, self._parent_id, unfamiliar=unfamiliar)
                if calibration is not None
                else det
            )
            if kept is not None:
                dets.append(kept)
            elif self.suggest_from is None:
                dets.append(replace(det, ignored=True))
            else:
                faint.append(det)
                refused.append(det)
        dets = _one_box_per_parent(dets)
        if self.memory is not None:  # every box the model put there, faint ones too, is a place to look
            regions = [d.box for d in found.detections]
            dets = _merge_memory(dets, self.memory.find(photo.image, regions))
        if self.suggest_from is not None:
            floor = self.suggest_from
            asked = suggestions(
                [d for d in faint if d.confidence >= floor], [d.box for d in dets if not d.ignored]
            )
            keys = {(d.label, d.box) for d in asked}
            dets += [replace(d, ignored=True) for d in refused if (d.label, d.box) not in keys]
            dets += asked
        if self.containers is not None:
            food = [d.box for d in dets if not d.ignored or d.unnamed]
            for box in self.containers.find(photo.image):
                if not covered(box.box, food):
                    dets.append(
                        Detection(None, box.kind, box.confidence, box.box, ignored=True, source="container")
                    )
        dets.sort(key=lambda d: (d.ignored, -d.confidence))
        ms = found.ms + (time.perf_counter() - started) * 1000
        return replace(found, detections=tuple(dets), ms=round(ms, 2), unfamiliar=unfamiliar)

    def detect_one(self, photo: LoadedPhoto, *, conf: float = DEFAULT_CONF) -> PhotoDetections:
        ask_from = conf if self.suggest_from is None else min(conf, self.suggest_from)
        if self.calibration is not None:
            ask_from = min(ask_from, self.calibration.lowest(conf))
        if self.memory is not None:  # the memory searches the model's faint boxes too (vision/memory.py)
            ask_from = min(ask_from, REGIONS_CONF)
        if not self.close_look:
            return self.refine(photo, self.base.detect_one(photo, conf=ask_from), conf)
        ask_from = min(ask_from, LOOK_FROM)
        found = self.base.detect_one(photo, conf=ask_from)
        if not small_items(found):
            return self.refine(photo, found, conf)
        closer = self.base.detect_one(photo, conf=ask_from, imgsz=CLOSE_IMGSZ)
        return self.refine(photo, merged(found, closer), conf, unfamiliar=is_unfamiliar(found))

    def detect(
        self,
        photos: Sequence[LoadedPhoto],
        *,
        conf: float = DEFAULT_CONF,
        on_progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
    ) -> list[PhotoDetections]:
        return detect_each(self.detect_one, photos, conf=conf, on_progress=on_progress, cancel=cancel)


def _one_box_per_parent(dets: list[Detection]) -> list[Detection]:
    """Two fine classes on one object (cheddar and goat cheese on the same block) both become "cheese": one
    claim of it, the more confident, not two (the inventory would count two cheeses)."""
    kept: list[Detection] = []
    for det in sorted(dets, key=lambda d: -d.confidence):
        if det.source == "parent" and any(
            not k.ignored and k.ingredient == det.ingredient and overlap(k.box, det.box)[0] >= MERGE_IOU
            for k in kept
        ):
            continue
        kept.append(det)
    return kept
