"""Scoring a detector on a labelled YOLO data set, whatever its class names and order.

The data set's classes are matched to the model's through the taxonomy (`eggs` in the data set and
`egg` in the model are one ingredient), the labels are rewritten into the model's class numbers in a
scratch folder, and ultralytics' validator computes mAP there. A second pass measures what a user
sees: per-photo ingredient presence (precision, recall), count error and milliseconds per photo.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vision.datasets import YoloDataset, load_dataset, read_labels
from vision.detector import UltralyticsDetector
from vision.errors import Cancelled, DatasetError
from vision.labels import LabelResolver, spellings
from vision.photos import load_photo

ProgressFn = Callable[[float, str], None]


@dataclass(frozen=True)
class ClassScore:
    data_class: str
    ingredient: str | None
    model_class: str | None  # None: the model cannot detect this class at all
    instances: int
    ap50: float | None
    ap50_95: float | None


@dataclass(frozen=True)
class EvalResult:
    model: str
    data: str
    split: str
    images: int
    conf: float
    map50: float
    map50_95: float
    classes: tuple[ClassScore, ...]
    unmatched_classes: tuple[str, ...]  # data set classes the model has no class for
    ms_mean: float
    ms_p95: float
    presence_precision: float
    presence_recall: float
    count_mae: float  # mean |predicted - true| count per (photo, ingredient) either side saw


def _key(name: str, resolver: LabelResolver) -> str:
    ingredient = resolver.ingredient(name)
    return ingredient if ingredient else "?" + spellings(name)[-1]


def match_classes(
    data_names: dict[int, str], model_names: dict[int, str], resolver: LabelResolver
) -> dict[int, int]:
    """data class number -> model class number, for the classes both sides name the same ingredient."""
    by_key: dict[str, int] = {}
    for idx in sorted(model_names):
        by_key.setdefault(_key(model_names[idx], resolver), idx)
    return {i: by_key[k] for i, name in data_names.items() if (k := _key(name, resolver)) in by_key}


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, math.ceil(q * len(ordered)) - 1)
    return ordered[rank]


def _remapped_copy(
    dataset: YoloDataset, images: list[Path], mapping: dict[int, int], model_names: dict[int, str], work: Path
) -> Path:
    img_dir, lbl_dir = work / "images" / "val", work / "labels" / "val"
    img_dir.mkdir(parents=True)
    lbl_dir.mkdir(parents=True)
    for n, image in enumerate(images):
        name = f"{n:06d}{image.suffix.lower()}"
        try:
            os.symlink(image, img_dir / name)
        except OSError:  # file systems without symlinks
            shutil.copyfile(image, img_dir / name)
        lines = [
            f"{mapping[b.cls]} {b.cx} {b.cy} {b.w} {b.h}"
            for b in read_labels(image, len(dataset.names))
            if b.cls in mapping
        ]
        (lbl_dir / name).with_suffix(".txt").write_text("\n".join(lines) + ("\n" if lines else ""))
    names = "\n".join(f"  {i}: {model_names[i]!r}" for i in sorted(model_names))
    yaml_path = work / "data.yaml"
    yaml_path.write_text(f"path: {work}\ntrain: images/val\nval: images/val\nnames:\n{names}\n")
    return yaml_path


def _map_scores(
    detector: UltralyticsDetector, yaml_path: Path, imgsz: int | None, device: str
) -> tuple[float, float, dict[int, tuple[float, float]]]:
    model: Any = detector._model
    kwargs: dict[str, Any] = {"plots": False, "verbose": False, "workers": 0, "device": device, "batch": 1}
    if imgsz or detector.imgsz:
        kwargs["imgsz"] = imgsz or detector.imgsz
    metrics = model.val(data=str(yaml_path), split="val", **kwargs)
    box = metrics.box
    per_class = {
        int(c): (float(box.ap50[i]), float(box.ap[i])) for i, c in enumerate(list(box.ap_class_index))
    }
    return float(box.map50), float(box.map), per_class


def evaluate(
    detector: UltralyticsDetector,
    data_yaml: str | Path,
    *,
    split: str = "val",
    conf: float = 0.25,
    imgsz: int | None = None,
    on_progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> EvalResult:
    dataset = load_dataset(data_yaml)
    images = dataset.images(split)
    if not images:
        raise DatasetError(f"{dataset.yaml_path}: the {split} split has no images")
    resolver = detector.resolver
    model_names = dict(enumerate(detector.labels))
    mapping = match_classes(dataset.names, model_names, resolver)
    with tempfile.TemporaryDirectory(prefix="larder-eval-") as tmp:
        yaml_path = _remapped_copy(dataset, images, mapping, model_names, Path(tmp))
        map50, map50_95, per_class = _map_scores(detector, yaml_path, imgsz, detector.device)
    if on_progress is not None:
        on_progress(0.5, "mAP done")

    detector.warmup()  # latency figures are per photo, not the one-off predictor set-up
    instances: dict[int, int] = {}
    tp = fp = fn = 0
    abs_errors: list[float] = []
    times: list[float] = []
    for n, image in enumerate(images):
        if cancel is not None and cancel.is_set():
            raise Cancelled("evaluation cancelled")
        truth: dict[str, int] = {}
        for box in read_labels(image, len(dataset.names)):
            instances[box.cls] = instances.get(box.cls, 0) + 1
            if box.cls in mapping:  # a class the model cannot know is not held against it here
                key = _key(model_names[mapping[box.cls]], resolver)
                truth[key] = truth.get(key, 0) + 1
        found = detector.detect_one(load_photo(image), conf=conf)
        times.append(found.ms)
        predicted: dict[str, int] = {}
        for det in found.detections:
            if not det.ignored:
                key = _key(det.label, resolver)
                predicted[key] = predicted.get(key, 0) + 1
        tp += len(truth.keys() & predicted.keys())
        fp += len(predicted.keys() - truth.keys())
        fn += len(truth.keys() - predicted.keys())
        abs_errors += [abs(predicted.get(k, 0) - truth.get(k, 0)) for k in truth.keys() | predicted.keys()]
        if on_progress is not None:
            on_progress(0.5 + 0.5 * (n + 1) / len(images), image.name)

    classes = []
    for idx in sorted(dataset.names):
        name = dataset.names[idx]
        model_idx = mapping.get(idx)
        scores = per_class.get(model_idx) if model_idx is not None else None
        classes.append(
            ClassScore(
                data_class=name,
                ingredient=resolver.ingredient(name),
                model_class=model_names[model_idx] if model_idx is not None else None,
                instances=instances.get(idx, 0),
                ap50=round(scores[0], 4) if scores else None,
                ap50_95=round(scores[1], 4) if scores else None,
            )
        )
    return EvalResult(
        model=detector.name,
        data=str(dataset.yaml_path),
        split=split,
        images=len(images),
        conf=conf,
        map50=round(map50, 4),
        map50_95=round(map50_95, 4),
        classes=tuple(classes),
        unmatched_classes=tuple(dataset.names[i] for i in sorted(dataset.names) if i not in mapping),
        ms_mean=round(sum(times) / len(times), 2),
        ms_p95=round(_percentile(times, 0.95), 2),
        presence_precision=round(tp / (tp + fp), 4) if tp + fp else 0.0,
        presence_recall=round(tp / (tp + fn), 4) if tp + fn else 0.0,
        count_mae=round(sum(abs_errors) / len(abs_errors), 4) if abs_errors else 0.0,
    )
