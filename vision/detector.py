"""The detector interface and its ultralytics backend (a YOLO .pt or .onnx model, loaded once)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from vision import native_libraries
from vision.detections import Detection, PhotoDetections
from vision.errors import Cancelled, ModelUnavailable, VisionError
from vision.labels import LabelResolver
from vision.photos import LoadedPhoto

ProgressFn = Callable[[float, str], None]
DEFAULT_CONF = 0.25


class DetectOne(Protocol):
    def __call__(self, photo: LoadedPhoto, *, conf: float) -> PhotoDetections: ...


def detect_each(
    detect_one: DetectOne,
    photos: Sequence[LoadedPhoto],
    *,
    conf: float,
    on_progress: ProgressFn | None,
    cancel: threading.Event | None,
) -> list[PhotoDetections]:
    """Photo by photo, checking the cancel between photos and reporting progress after each: every
    detector's `detect` is this loop over its own `detect_one(photo, conf=...)`."""
    out: list[PhotoDetections] = []
    for i, photo in enumerate(photos):
        if cancel is not None and cancel.is_set():
            raise Cancelled("detection cancelled")
        out.append(detect_one(photo, conf=conf))
        if on_progress is not None:
            on_progress((i + 1) / len(photos), photo.path.name)
    return out


class Detector(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def labels(self) -> tuple[str, ...]: ...

    def detect(
        self,
        photos: Sequence[LoadedPhoto],
        *,
        conf: float = DEFAULT_CONF,
        on_progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
    ) -> list[PhotoDetections]: ...


def default_device() -> str:
    """The first CUDA GPU when present, otherwise the CPU."""
    try:
        native_libraries.preload()
        import torch

        return "0" if torch.cuda.is_available() else "cpu"
    except Exception:
        return "cpu"


def check_conf(conf: float) -> float:
    if not 0.0 <= conf <= 1.0:
        raise VisionError(f"confidence threshold {conf} is outside 0-1")
    return conf


class UltralyticsDetector:
    """Loads the model on construction and reuses it for every photo."""

    def __init__(
        self,
        model_path: Path,
        resolver: LabelResolver,
        *,
        device: str | None = None,
        imgsz: int | None = None,
    ) -> None:
        from vision.ultralytics_env import yolo_class

        self.model_path = Path(model_path)
        self.resolver = resolver
        self.device = device or default_device()
        self.imgsz = imgsz
        yolo = yolo_class()
        started = time.perf_counter()
        try:
            self._model = yolo(str(self.model_path), task="detect")
            names = self._model.names
        except Exception as exc:  # ultralytics raises many types for a bad or foreign file
            raise ModelUnavailable(
                f"{self.model_path}: cannot load this model ({type(exc).__name__}: {exc})"
            ) from exc
        self.load_ms = (time.perf_counter() - started) * 1000
        self._names: dict[int, str] = {int(k): str(v) for k, v in dict(names).items()}
        if self.model_path.suffix.lower() == ".onnx" and self.imgsz is None:
            self.imgsz = self._onnx_imgsz()

    def _onnx_imgsz(self) -> int | None:
        # An exported ONNX model has a fixed input size; asking for another fails inside onnxruntime.
        try:
            size = self._model.predictor.model.imgsz if self._model.predictor else None
        except AttributeError:
            size = None
        if size is None:
            overrides: dict[str, Any] = getattr(self._model, "overrides", {}) or {}
            size = overrides.get("imgsz")
        if isinstance(size, list | tuple):
            return int(size[0])
        return int(size) if size else 640

    @property
    def name(self) -> str:
        return self.model_path.name

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self._names[i] for i in sorted(self._names))

    def warmup(self) -> None:
        """Run once on a blank image: the first predict builds ultralytics' predictor (and onnxruntime's
        session), which would otherwise be charged to the first photo's timing."""
        from PIL import Image

        size = self.imgsz or 64
        self._model.predict(
            source=Image.new("RGB", (size, size)),
            device=self.device,
            verbose=False,
            **({"imgsz": self.imgsz} if self.imgsz else {}),
        )

    def detect_one(
        self, photo: LoadedPhoto, *, conf: float = DEFAULT_CONF, imgsz: int | None = None
    ) -> PhotoDetections:
        """The model's boxes on one photo, at `imgsz` when given (else the detector's own size)."""
        check_conf(conf)
        kwargs: dict[str, Any] = {"conf": conf, "device": self.device, "verbose": False}
        if imgsz or self.imgsz:
            kwargs["imgsz"] = imgsz or self.imgsz
        started = time.perf_counter()
        try:
            result = self._model.predict(source=photo.image, **kwargs)[0]
        except Exception as exc:
            raise VisionError(
                f"{photo.path}: the detector failed on this photo ({type(exc).__name__}: {exc})"
            ) from exc
        ms = (time.perf_counter() - started) * 1000
        found: list[Detection] = []
        boxes = result.boxes
        if boxes is not None and len(boxes):
            xyxy = boxes.xyxy.cpu().tolist()
            confs = boxes.conf.cpu().tolist()
            classes = boxes.cls.cpu().tolist()
            for (x1, y1, x2, y2), score, cls in zip(xyxy, confs, classes, strict=True):
                label = self._names.get(int(cls), str(int(cls)))
                match = self.resolver.resolve(label)
                found.append(
                    Detection(
                        ingredient=match.ingredient_id,
                        label=label,
                        confidence=round(float(score), 4),
                        box=(round(x1, 1), round(y1, 1), round(x2, 1), round(y2, 1)),
                        ignored=match.resolution == "ignored",
                    )
                )
        found.sort(key=lambda d: -d.confidence)
        return PhotoDetections(
            photo.path, photo.sha256, photo.width, photo.height, tuple(found), round(ms, 2)
        )

    def detect(
        self,
        photos: Sequence[LoadedPhoto],
        *,
        conf: float = DEFAULT_CONF,
        on_progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
    ) -> list[PhotoDetections]:
        return detect_each(self.detect_one, photos, conf=conf, on_progress=on_progress, cancel=cancel)
