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
from vision.reviewing import ReviewingDetector
from vision.routing import RoutedDetector, load_detector


@dataclass(frozen=True)
class DetectorChoice:
    detector: ReviewingDetector | None
    resolver: LabelResolver
    note: str  # why there is no detector, when there is none


def open_detector(
    db: Database,
    paths: LarderPaths,
    explicit: str | None,
    *,
    device: str | None = None,
    imgsz: int | None = None,
    review: bool = False,
) -> DetectorChoice:
    """A model the user named (flag or setting) must load; a missing bundled model is only a note.

    Without --model, a personal model `larder learn` activated beats the model it was trained from
    (the saved setting or the bundled one).
    The model is wrapped with its calibration and the user's taught products; `review` (a saved scan)
    also lists unnamed containers."""
    from agents.inventory.review_learning import active_personal_model

    resolver = LabelResolver(user_mappings=label_mappings(db))
    setting = (None if explicit else active_personal_model(db)) or model_setting(db)
    try:
        choice = choose_model(explicit, setting, search_dirs=(paths.models,))
    except ModelUnavailable as exc:
        if explicit or setting:
            raise
        return DetectorChoice(None, resolver, str(exc))
    base = load_detector(choice.path, resolver, device=device, imgsz=imgsz)  # a personal model with its base
    return DetectorChoice(wrap_detector(base, paths, review=review, db=db, resolver=resolver), resolver, "")


def wrap_detector(
    base: UltralyticsDetector,
    paths: LarderPaths,
    *,
    review: bool,
    db: Database | None = None,
    resolver: LabelResolver | None = None,
) -> ReviewingDetector:
    """The model with its calibration (and, given the home's database, what its reviews showed about
    each class's confidence), the user's taught products and, for a `review` scan, questions."""
    from agents.inventory.home_calibration import scan_calibration
    from agents.inventory.review_learning import open_memory
    from data.taxonomy import load_taxonomy
    from vision.calibration import load_calibration
    from vision.containers import open_container_finder
    from vision.suggestions import SUGGEST_FROM

    taxonomy = load_taxonomy()

    def parent_id(word: str) -> str | None:
        found = taxonomy.lookup(word)
        return found.id if found is not None else None

    if db is None:
        calibration = load_calibration(base.model_path)
    else:
        ingredient = resolver.ingredient if resolver is not None else LabelResolver().ingredient
        routing = base.routing if isinstance(base, RoutedDetector) else None
        calibration = scan_calibration(db, base.model_path, ingredient, routing)
    return ReviewingDetector(
        base,
        memory=open_memory(paths),
        containers=open_container_finder(base.device) if review else None,
        calibration=calibration,
        parent_id=parent_id,
        suggest_from=SUGGEST_FROM if review else None,
        close_look=True,
    )
