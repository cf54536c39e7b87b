"""Result types of detection: what the detector saw in each photo."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Detection:
    ingredient: str | None  # taxonomy id; None for an unrecognised (or ignored) label
    label: str  # the model's own class name
    confidence: float
    box: tuple[float, float, float, float]  # x1, y1, x2, y2 in the photo's pixels (EXIF orientation applied)
    ignored: bool = False  # a non-food class (refrigerator, bowl): kept for the record, never counted
    # model | memory (a product the user taught) | container (unnamed: a question to the user) | parent
    source: str = "model"

    @property
    def unnamed(self) -> bool:
        """A container no class claims: `ingredient` None, shown as "unnamed: what is this?"."""
        return self.source == "container"


@dataclass(frozen=True)
class PhotoDetections:
    path: Path
    sha256: str
    width: int
    height: int
    detections: tuple[Detection, ...]
    ms: float  # detector time for this photo (pre-processing, inference, post-processing)
