"""A stand-in for a loaded model with fixed boxes, for tests of what a scan does with the model's output."""

from __future__ import annotations

from pathlib import Path

from vision.detections import Detection, PhotoDetections
from vision.photos import LoadedPhoto


class FixedModel:
    """The model's part of a scan: fixed boxes, of which it returns those at or over the asked confidence
    (as ultralytics' predict does). `asked` records each confidence it was asked from."""

    def __init__(self, boxes: list[Detection], name: str = "fridge.pt") -> None:
        self.boxes = boxes
        self.asked: list[float] = []
        self.sizes: list[int | None] = []  # the size each pass was asked at (None: the model's own)
        self.model_path = Path(name)
        self.imgsz: int | None = None
        self.name = name
        self.labels = tuple(sorted({b.label for b in boxes}))
        self.load_ms = 0.0

    def detect_one(
        self, photo: LoadedPhoto, *, conf: float = 0.25, imgsz: int | None = None
    ) -> PhotoDetections:
        self.asked.append(conf)
        self.sizes.append(imgsz)
        dets = tuple(b for b in self.boxes if b.confidence >= conf)
        return PhotoDetections(photo.path, photo.sha256, photo.width, photo.height, dets, 5.0)

    def detect(self, photos: list[LoadedPhoto], *, conf: float = 0.25, **_: object) -> list[PhotoDetections]:
        return [self.detect_one(p, conf=conf) for p in photos]
