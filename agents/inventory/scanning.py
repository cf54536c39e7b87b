"""A scan without storage: load the photos, run the detector, count per ingredient, size quantities."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from agents.inventory.quantities import detected_quantity
from data.taxonomy import Taxonomy
from vision.counting import count_items, item_key
from vision.detections import PhotoDetections
from vision.detector import Detector
from vision.errors import Cancelled
from vision.labels import LabelMatch
from vision.photos import load_photo

ProgressFn = Callable[[float, str], None]


@dataclass(frozen=True)
class ScanItem:
    ingredient: str | None
    name: str
    label: str
    count: int
    confidence: float
    quantity: float
    unit: str
    photos: int
    package: str = ""  # the typical package one detection stands for, e.g. "1 carton (1 L)"


@dataclass(frozen=True)
class PhotoInfo:
    path: str
    sha256: str
    width: int
    height: int
    taken_at: datetime | None  # aware (vision.photos never returns a naive capture time)


@dataclass(frozen=True)
class ScanResult:
    model: str  # empty when no model was available
    conf: float
    items: tuple[ScanItem, ...]
    photos: tuple[PhotoDetections, ...]
    photo_info: tuple[PhotoInfo, ...]
    detectable: frozenset[str]  # ingredient ids and `?label` keys this model can report at all
    note: str = ""  # why nothing could be detected, when that is the case


def scan_items(found: Sequence[PhotoDetections], conf: float, taxonomy: Taxonomy) -> tuple[ScanItem, ...]:
    """Count the detections per ingredient across photos and size each as a quantity (one function for
    the plain scan and the orchestrator's photo-by-photo scan, so both count alike)."""
    items = []
    for counted in count_items(found, conf=conf):
        ingredient = taxonomy.get(counted.ingredient) if counted.ingredient else None
        quantity, unit = detected_quantity(ingredient, counted.count)
        items.append(
            ScanItem(
                ingredient=counted.ingredient,
                name=ingredient.name if ingredient is not None else counted.label,
                label=counted.label,
                count=counted.count,
                confidence=counted.confidence,
                quantity=quantity,
                unit=unit,
                photos=counted.photos,
                package=ingredient.package_desc if ingredient is not None else "",
            )
        )
    return tuple(items)


def detectable_keys(detector: Detector, resolve: Callable[[str], LabelMatch]) -> frozenset[str]:
    keys: set[str] = set()
    for label in detector.labels:
        match = resolve(label)
        if match.resolution != "ignored":
            keys.add(item_key(match.ingredient_id, label))
    return frozenset(keys)


def scan_photos(
    paths: Sequence[str | os.PathLike[str]],
    detector: Detector | None,
    *,
    conf: float,
    taxonomy: Taxonomy,
    resolve: Callable[[str], LabelMatch] | None = None,
    note: str = "",
    on_progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> ScanResult:
    """Every photo is loaded (and refused with a PhotoError if bad) before any result is returned.

    Photos are decoded one at a time so several 50-megapixel photos never sit in memory together.
    """
    results: list[PhotoDetections] = []
    infos: list[PhotoInfo] = []
    for i, path in enumerate(paths):
        if cancel is not None and cancel.is_set():
            raise Cancelled("scan cancelled")
        photo = load_photo(path)
        infos.append(PhotoInfo(str(photo.path), photo.sha256, photo.width, photo.height, photo.taken_at))
        if detector is not None:
            results.extend(detector.detect([photo], conf=conf, cancel=cancel))
        else:
            results.append(PhotoDetections(photo.path, photo.sha256, photo.width, photo.height, (), 0.0))
        del photo
        if on_progress is not None:
            on_progress((i + 1) / len(paths), os.fspath(path))
    detectable = (
        detectable_keys(detector, resolve) if detector is not None and resolve is not None else frozenset()
    )
    return ScanResult(
        model=detector.name if detector is not None else "",
        conf=conf,
        items=scan_items(results, conf, taxonomy),
        photos=tuple(results),
        photo_info=tuple(infos),
        detectable=detectable,
        note=note,
    )
