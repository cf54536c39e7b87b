"""Low-confidence guesses a reviewable scan asks about ("is this a tomato?") instead of claiming or hiding.

On a fridge the model has never seen, its confidences are low: the true items are mostly there, under
the reporting threshold. Measured on a base trained without aicook, scored on aicook's val photos
(bench/vision_learning.md, section e): at 0.25 it reports 31 of 401 labelled items (recall 0.077,
precision 0.60); at 0.10 it would find 79 (0.197) at about the same precision (0.57). Claiming them
would put many wrong items into the inventory; dropping them makes the user draw every box by hand.
So a scan saved for review keeps them as questions: an unnamed detection (ingredient and name None,
status "unnamed", like a COCO container) that carries the model's guess, which the user accepts with
one click or names otherwise. They never count as food until the user says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from vision.containers import covered
from vision.detections import SUGGESTION, Detection

SUGGEST_FROM = 0.1  # the lowest confidence asked about (see the module docstring for the measurement)
MAX_PER_PHOTO = 8  # a review is a list a person reads: the most likely few, not every faint box


def suggestions(
    candidates: Sequence[Detection], claimed: Sequence[Sequence[float]], *, limit: int = MAX_PER_PHOTO
) -> list[Detection]:
    """The guesses worth a question, most confident first, as unnamed detections.

    `candidates` are the model's boxes the scan does not report (under the threshold or refused by the
    calibration); `claimed` are the boxes it does report. A guess needs an ingredient, must not lie on a
    reported box (a faint duplicate of a claimed item is no question) nor on a more confident guess."""
    kept: list[Detection] = []
    for det in sorted(candidates, key=lambda d: -d.confidence):
        if len(kept) >= limit:
            break
        if det.ingredient is None or det.source not in ("model", "parent"):
            continue
        if covered(det.box, claimed) or covered(det.box, [k.box for k in kept]):
            continue
        kept.append(replace(det, ignored=True, source=SUGGESTION))
    return kept
