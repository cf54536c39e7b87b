"""Building the detector a command should use, from --model, the saved setting or the bundled model."""

from __future__ import annotations

from dataclasses import dataclass

from agents.inventory.settings import label_mappings, model_setting
from data.db import Database
from data.paths import LarderPaths
from vision.detector import UltralyticsDetector
from vision.errors import ModelUnavailable
from vision.labels import LabelResolver
from vision.model_choice import choose_model


@dataclass(frozen=True)
class DetectorChoice:
    detector: UltralyticsDetector | None
    resolver: LabelResolver
    note: str  # why there is no detector, when there is none


def open_detector(
    db: Database,
    paths: LarderPaths,
    explicit: str | None,
    *,
    device: str | None = None,
    imgsz: int | None = None,
) -> DetectorChoice:
    """A model the user named (flag or setting) must load; a missing bundled model is only a note."""
    resolver = LabelResolver(user_mappings=label_mappings(db))
    setting = model_setting(db)
    try:
        choice = choose_model(explicit, setting, search_dirs=(paths.models,))
    except ModelUnavailable as exc:
        if explicit or setting:
            raise
        return DetectorChoice(None, resolver, str(exc))
    return DetectorChoice(
        UltralyticsDetector(choice.path, resolver, device=device, imgsz=imgsz), resolver, ""
    )
