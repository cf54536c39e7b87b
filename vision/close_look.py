"""A second, closer look at whole-fridge photos, where every item is small.

The bundled model was trained at 416 px. On a photo of a whole fridge an item is about a tenth of the
photo's side (aicook's labelled boxes: median 0.105 of the side, against 0.28 on EpicureAi's close-ups and
0.45 on fridge-objects'), a few dozen pixels at 416. Measured on a base that never saw aicook, on aicook
val (bench/vision_learning.md, section g): asked at 640 px instead, it claims twice as much, more precisely
(shipped calibration: P 0.625 R 0.050 at 416, 0.696 / 0.097 at 640, both passes together 0.710 / 0.110);
on the fridges it trained on, 640 alone is worse (aicook F1 0.760 -> 0.594, fridge-objects 0.802 ->
0.606), both together are not (0.787, 0.798). So when the first pass's boxes, faint ones included, are
small (median side under SMALL_SIDE of the photo's), the photo is asked again at CLOSE_IMGSZ and the two
passes' boxes are merged (same label, overlapping: the more confident box stays). Close-ups and photos of
a few items, where the boxes are large, are asked once, as before. It costs a second, larger pass (about
2x the first) on whole-fridge photos only.

The first pass also tells whether the model knows this fridge. On the fridge it trained on, the shipped
model's five most confident food boxes average 0.54-0.88 (aicook val); a base that never saw aicook gets
0.08-0.42 on the same fridge (bench/vision_learning.md, section h). Such an unfamiliar whole fridge is
where per-class thresholds chosen on the fridges the model knows keep almost nothing, so there the
calibration claims from lower down (vision/calibration.py, `unfamiliar_from`).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import replace

from vision.containers import overlap
from vision.detections import Detection, PhotoDetections

CLOSE_IMGSZ = 640
SMALL_SIDE = 0.15  # median box side / photo side under which the items are small (0.12-0.22 all measured)
LOOK_FROM = 0.05  # the first pass is asked from here, so that faint boxes tell the items' size too
MERGE_IOU = 0.5
FAMILIAR_TOP = 5  # how many of the first pass's most confident food boxes say how familiar the photo is
FAMILIAR_FROM = 0.5  # their mean confidence (missing boxes count 0) under which the fridge is unfamiliar


def small_items(found: PhotoDetections) -> bool:
    """Whether the photo's boxes (faint ones too) are mostly small: a whole fridge, not a close-up."""
    area = max(1, found.width) * max(1, found.height)
    sides = [
        math.sqrt(max(0.0, (x2 - x1) * (y2 - y1)) / area)
        for x1, y1, x2, y2 in (d.box for d in found.detections)
    ]
    return bool(sides) and statistics.median(sides) < SMALL_SIDE


def familiarity(found: PhotoDetections) -> float:
    """The mean confidence of the photo's FAMILIAR_TOP most confident food boxes (missing ones count 0)."""
    food = sorted((d.confidence for d in found.detections if not d.ignored and d.ingredient), reverse=True)
    return sum(food[:FAMILIAR_TOP]) / FAMILIAR_TOP


def is_unfamiliar(found: PhotoDetections) -> bool:
    """Whether the model is unsure of everything on the photo: a fridge unlike those it trained on."""
    return familiarity(found) < FAMILIAR_FROM


def merged(first: PhotoDetections, closer: PhotoDetections) -> PhotoDetections:
    """Both passes' boxes; where two of the same label overlap, only the more confident one."""
    kept: list[Detection] = []
    for det in sorted([*first.detections, *closer.detections], key=lambda d: -d.confidence):
        if any(k.label == det.label and overlap(k.box, det.box)[0] >= MERGE_IOU for k in kept):
            continue
        kept.append(det)
    return replace(first, detections=tuple(kept), ms=round(first.ms + closer.ms, 2))
