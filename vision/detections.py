"""Result types of detection: what the detector saw in each photo."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SUGGESTION = "suggestion"  # Detection.source of a model's guess under the threshold (vision/suggestions.py)


@dataclass(frozen=True)
class Detection:
    ingredient: str | None  # taxonomy id; None for an unrecognised (or ignored) label
    label: str  # the model's own class name
    confidence: float
    box: tuple[float, float, float, float]  # x1, y1, x2, y2 in the photo's pixels (EXIF orientation applied)
    ignored: bool = False  # a non-food class (refrigerator, bowl): kept for the record, never counted
    # model | memory (a product the user taught) | parent | container or suggestion (unnamed: a question
    # to the user; a suggestion keeps the model's faint guess in `ingredient`/`label`, vision/suggestions.py)
    source: str = "model"

    @property
    def unnamed(self) -> bool:
        """A question, not a claim: a container no class claims, or a guess under the threshold; stored
        with `ingredient` None for a container, shown as "unnamed: what is this?"."""
        return self.source in ("container", SUGGESTION)


@dataclass(frozen=True)
class PhotoDetections:
    path: Path
    sha256: str
    width: int
    height: int
    detections: tuple[Detection, ...]
    ms: float  # detector time for this photo (pre-processing, inference, post-processing)
    # a whole fridge the model is unsure of everywhere (vision/close_look.py): not like those it trained on
    unfamiliar: bool = False
