"""Containers no food class claims: the "unnamed: what is this?" questions a scan asks the user.

A stranger's fridge is mostly bottles, jars, tubs and leftovers boxes the 47-class model has no name
for; forcing them into the nearest class is how it ends up confidently wrong. COCO's YOLOv8n still
knows a bottle, a cup or a bowl when it sees one (`assets/models/containers.pt`, see
vision/bundled/container_model.py), so its container boxes that no confident food detection covers
are listed as unnamed, with `ingredient` None: a question, not a claim about the fridge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from vision.model_choice import BUNDLED_DIR

CONTAINER_MODEL = BUNDLED_DIR / "containers.pt"
# COCO class index -> what the user is told it looks like.
CONTAINER_CLASSES = {39: "bottle", 41: "cup", 45: "bowl"}
CONTAINER_CONF = 0.3
CONTAINER_IMGSZ = 416
COVERED_IOU = 0.3  # a food detection overlapping this much (or containing most of it) already names it
COVERED_SHARE = 0.6


@dataclass(frozen=True)
class ContainerBox:
    kind: str  # bottle | cup | bowl
    confidence: float
    box: tuple[float, float, float, float]


def overlap(a: Sequence[float], b: Sequence[float]) -> tuple[float, float]:
    """IoU of two boxes and the share of `a` that `b` covers."""
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    area_a = max(0.0, a[2] - a[0]) * max(0.0, a[3] - a[1])
    area_b = max(0.0, b[2] - b[0]) * max(0.0, b[3] - b[1])
    union = area_a + area_b - inter
    return (inter / union if union > 0 else 0.0), (inter / area_a if area_a > 0 else 0.0)


def covered(box: Sequence[float], others: Sequence[Sequence[float]]) -> bool:
    for other in others:
        iou, share = overlap(box, other)
        if iou >= COVERED_IOU or share >= COVERED_SHARE:
            return True
    return False


class ContainerFinder:
    """COCO YOLOv8n restricted to its container rows, loaded once."""

    def __init__(self, model_path: Path = CONTAINER_MODEL, *, device: str = "cpu") -> None:
        from vision.ultralytics_env import yolo_class

        self.model_path = Path(model_path)
        self.device = device
        self._model: Any = yolo_class()(str(self.model_path), task="detect")

    def find(self, image: Image.Image) -> list[ContainerBox]:
        result = self._model.predict(
            source=image,
            conf=CONTAINER_CONF,
            imgsz=CONTAINER_IMGSZ,
            classes=list(CONTAINER_CLASSES),
            device=self.device,
            verbose=False,
        )[0]
        out: list[ContainerBox] = []
        if result.boxes is None:
            return out
        for (x1, y1, x2, y2), score, cls in zip(
            result.boxes.xyxy.cpu().tolist(),
            result.boxes.conf.cpu().tolist(),
            result.boxes.cls.cpu().tolist(),
            strict=True,
        ):
            kind = CONTAINER_CLASSES.get(int(cls))
            if kind is not None:
                out.append(
                    ContainerBox(
                        kind, round(float(score), 4), (round(x1, 1), round(y1, 1), round(x2, 1), round(y2, 1))
                    )
                )
        return out


def open_container_finder(device: str = "cpu") -> ContainerFinder | None:
    """None when the container model is not installed (a scan then simply asks no questions)."""
    if not CONTAINER_MODEL.is_file():
        return None
    return ContainerFinder(CONTAINER_MODEL, device=device)
