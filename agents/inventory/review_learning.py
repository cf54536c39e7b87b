"""What Larder keeps from a review: labelled photos (YOLO layout) and the appearance memory.

After every applied (or undone) review, each photo of the scan the user reviewed is written to
`<home>/learning/dataset` as `images/<hash>.jpg` + `labels/<hash>.txt` (the active boxes, the user's
names as classes in `classes.json`), and every box the user named, drew or confirmed is taught to the
appearance memory (`<home>/learning/memory`), so the next scan recognises it without retraining.
Files are written after the database commit: a failure here costs learning material, never the review.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import col, select

from agents.errors import UserError
from data.db import Database
from data.models import Detection, Photo
from data.paths import LarderPaths
from data.settings import get_setting
from vision.errors import TrainingError
from vision.memory import AppearanceMemory

PERSONAL_MODEL_KEY = "vision.personal_model"
PREVIOUS_MODEL_KEY = "vision.personal_model_previous"
# The model setting (Settings -> detector model; empty: the bundled model) the personal model was trained
# from. The personal model is active only while that is still the chosen model: it beats its own base (a
# second `learn` continues from it), and choosing another model in Settings leaves it aside.
PERSONAL_BASE_KEY = "vision.personal_model_base"
TEACH = ("confirmed", "relabelled", "added")
LABEL = ("detected", "confirmed", "relabelled", "added")
CROP_MARGIN = 0.04


@dataclass(frozen=True)
class Learned:
    photos: int  # labelled photos written or updated
    taught: int  # crops now in the memory from this scan
    notes: tuple[str, ...]
    # label -> the confidence the next scan claims it from, where this home's answers moved it
    # (vision/home_thresholds.py); only for the model the current scans use
    claims_from: Mapping[str, float] = field(default_factory=dict)

    @property
    def claims_text(self) -> str:
        return describe_claims(self.claims_from)


def describe_claims(claims: Mapping[str, float]) -> str:
    """What the user's answers changed, for people ("" when nothing), e.g. 'From your answers: Avocado now
    counts from confidence 0.15.'"""
    if not claims:
        return ""
    from data.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()

    def named(label: str) -> str:
        found = taxonomy.lookup(label)
        return found.name if found is not None else label

    moved = sorted((named(k), v) for k, v in claims.items())
    if len(moved) == 1:
        return f"From your answers: {moved[0][0]} now counts from confidence {moved[0][1]:.2f}."
    return "From your answers, these now count from: " + ", ".join(f"{n} {v:.2f}" for n, v in moved) + "."


def learning_dir(paths: LarderPaths) -> Path:
    return paths.root / "learning"


def dataset_dir(paths: LarderPaths) -> Path:
    return learning_dir(paths) / "dataset"


def open_memory(paths: LarderPaths) -> AppearanceMemory:
    return AppearanceMemory(learning_dir(paths) / "memory")


def active_personal_model(db: Database) -> str | None:
    """The personal model `learn` activated, while the model it was trained from is still the chosen one."""
    from agents.inventory.settings import model_setting

    value = get_setting(db, PERSONAL_MODEL_KEY)
    if not value or not Path(str(value)).is_file():
        return None
    base = get_setting(db, PERSONAL_BASE_KEY) or ""  # homes from before the key: trained from the bundled one
    return str(value) if str(base) == (model_setting(db) or "") else None


def class_key(det: Detection) -> str:
    return det.ingredient_id or det.user_name or det.label


def read_classes(folder: Path) -> list[str]:
    path = folder / "classes.json"
    try:
        names = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [str(n) for n in names] if isinstance(names, list) else []


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def learn_from_scan(db: Database, paths: LarderPaths, scan_id: int) -> Learned:
    """Bring the labelled data and the memory in line with the scan's reviewed photos."""
    from vision.errors import PhotoError
    from vision.photos import load_photo

    with db.session() as s:
        dets = s.exec(select(Detection).where(Detection.scan_id == scan_id).order_by(col(Detection.id))).all()
        photo_ids = sorted({d.photo_id for d in dets})
        photos = {p.id: p for p in s.exec(select(Photo).where(col(Photo.id).in_(photo_ids)))}
        rows = [(d.id, d.photo_id, d.status, class_key(d), d.ingredient_id, d.user_name, d.reviewed_at,
                 (d.x1, d.y1, d.x2, d.y2)) for d in dets]  # fmt: skip
    folder = dataset_dir(paths)
    (folder / "images").mkdir(parents=True, exist_ok=True)
    (folder / "labels").mkdir(parents=True, exist_ok=True)
    classes = read_classes(folder)
    memory = open_memory(paths)
    prefix = f"s{scan_id}d"
    wanted: set[str] = set()
    notes: list[str] = []
    written = taught = 0
    for photo_id in photo_ids:
        mine = [r for r in rows if r[1] == photo_id]
        if not any(r[6] is not None for r in mine):
            continue  # the user has not looked at this photo: its boxes are the model's word only
        photo_row = photos.get(photo_id)
        if photo_row is None:
            continue
        try:
            photo = load_photo(photo_row.path)
        except (PhotoError, OSError) as exc:
            notes.append(
                f"photo {photo_id} could not be read again ({exc}); its corrections were not learned"
            )
            continue
        stem = photo.sha256[:20]
        image_path = folder / "images" / f"{stem}.jpg"
        if not image_path.exists():
            photo.image.save(image_path, quality=92)
        lines = []
        unknown = []  # questions nobody answered: neither a label nor background (vision/personal.py)
        for det_id, _, status, key, ingredient, user_name, _reviewed, box in mine:
            if status == "unnamed":
                unknown.append(
                    [round(v / d, 6) for v, d in zip(box, (photo.width, photo.height) * 2, strict=True)]
                )
            if status not in LABEL:
                continue
            if key not in classes:
                classes.append(key)
            x1, y1, x2, y2 = box
            w, h = photo.width, photo.height
            lines.append(
                f"{classes.index(key)} {(x1 + x2) / 2 / w:.6f} {(y1 + y2) / 2 / h:.6f} "
                f"{(x2 - x1) / w:.6f} {(y2 - y1) / h:.6f}"
            )
            if status in TEACH:
                mx, my = (x2 - x1) * CROP_MARGIN, (y2 - y1) * CROP_MARGIN
                crop = photo.image.crop((max(0, x1 - mx), max(0, y1 - my), min(w, x2 + mx), min(h, y2 + my)))
                name = user_name or key
                if memory.teach(crop, name, ingredient, f"{prefix}{det_id}"):
                    wanted.add(f"{prefix}{det_id}")
                    taught += 1
        _write_atomic(folder / "labels" / f"{stem}.txt", "\n".join(lines) + ("\n" if lines else ""))
        _write_atomic(
            folder / "labels" / f"{stem}.json",
            json.dumps(
                {"scan_id": scan_id, "photo_id": photo_id, "path": photo_row.path, "unknown": unknown}
            ),
        )
        written += 1
        del photo
    for entry in memory.entries():  # boxes un-named, rejected or undone since they were taught
        if entry.key.startswith(prefix) and entry.key not in wanted:
            memory.forget(entry.key)
    _write_atomic(folder / "classes.json", json.dumps(classes, indent=1))
    return Learned(written, taught, tuple(notes), claims_from(db))


def claims_from(db: Database) -> dict[str, float]:
    """The thresholds this home's answers support for the model a scan would use now."""
    from agents.inventory.home_calibration import scan_calibration
    from agents.inventory.settings import label_mappings
    from vision.errors import ModelUnavailable
    from vision.labels import LabelResolver

    try:
        model = _current_model(db)
    except ModelUnavailable:
        return {}
    resolver = LabelResolver(user_mappings=label_mappings(db))
    calibration = scan_calibration(db, model, resolver.ingredient)
    return dict(calibration.home) if calibration is not None else {}


@dataclass(frozen=True)
class LearnReport:
    status: str  # improved | kept | rolled_back
    reason: str
    before: dict[str, float]
    after: dict[str, float]
    model: str  # the active model afterwards
    previous: str | None  # what --rollback would restore (None: the bundled model)
    seconds: float
    photos: int
    held_out: int
    notes: tuple[str, ...]

    def to_public(self) -> dict[str, object]:
        return {
            "status": self.status,
            "reason": self.reason,
            "before": self.before,
            "after": self.after,
            "model": self.model,
            "previous": self.previous,
            "seconds": self.seconds,
            "photos": self.photos,
            "held_out": self.held_out,
            "notes": list(self.notes),
        }

    def describe(self) -> str:
        """The status, the held-back F1 before and after (when measured) and the active model."""
        line = f"{self.status}: {self.reason}"
        if self.before or self.after:
            b, a = self.before.get("f1"), self.after.get("f1")
            line += (
                f"\n  held-back F1 before {b if b is not None else '-'}, after {a if a is not None else '-'}"
            )
        return line + f"\n  active model: {self.model} ({self.seconds:.0f} s)"


def _current_model(db: Database) -> Path:
    from agents.inventory.settings import model_setting
    from vision.model_choice import choose_model

    return choose_model(active_personal_model(db) or model_setting(db)).path


def learn(
    db: Database,
    paths: LarderPaths,
    *,
    minutes: float = 8.0,
    device: str = "cpu",
    on_progress: Callable[[float, str], None] | None = None,
    cancel: threading.Event | None = None,
) -> LearnReport:
    """Fine-tune a personal model on the reviewed photos; activate it only if it is better."""
    from data.settings import set_setting
    from vision import personal

    if not 0.5 <= minutes <= 240:
        raise UserError(f"--minutes {minutes:g}: give a budget between 0.5 and 240 minutes")
    active = _current_model(db)
    previous = active_personal_model(db)
    from agents.inventory.settings import model_setting
    from vision.model_choice import choose_model

    chosen = choose_model(model_setting(db)).path  # answers for the classes the user has not taught
    _, photos = personal.read_dataset(dataset_dir(paths))
    guard = personal.bundled_guard_photos() if len(photos) >= personal.MIN_PHOTOS else []
    try:
        outcome = personal.learn(
            dataset_dir(paths), active, paths.models, minutes=minutes, device=device,
            guard_photos=guard, on_progress=on_progress, cancel=cancel, routing_base=chosen,
        )  # fmt: skip
    except TrainingError as exc:
        raise UserError(str(exc)) from exc
    if outcome.status == "improved":
        set_setting(db, PREVIOUS_MODEL_KEY, previous)
        set_setting(db, PERSONAL_MODEL_KEY, outcome.model)
        set_setting(db, PERSONAL_BASE_KEY, model_setting(db) or "")
    return LearnReport(
        outcome.status, outcome.reason, outcome.before, outcome.after, outcome.model,
        previous if outcome.status == "improved" else get_setting(db, PREVIOUS_MODEL_KEY),
        outcome.seconds, outcome.photos, outcome.held_out, outcome.notes,
    )  # fmt: skip


def rollback(db: Database) -> LearnReport:
    """Make the model active before the last improvement active again (the bundled one when none)."""
    from data.settings import set_setting
    from vision.model_choice import choose_model

    current = active_personal_model(db)
    if current is None:
        raise UserError("no personal model is active: nothing to roll back (`larder learn` makes one)")
    previous = get_setting(db, PREVIOUS_MODEL_KEY)
    restored = str(previous) if previous and Path(str(previous)).is_file() else None
    set_setting(db, PERSONAL_MODEL_KEY, restored)
    set_setting(db, PREVIOUS_MODEL_KEY, None)
    from agents.inventory.settings import model_setting

    model = str(choose_model(restored or model_setting(db)).path)
    return LearnReport("rolled_back", f"{Path(current).name} is no longer active", {}, {}, model, None,
                       0.0, 0, 0, ())  # fmt: skip


def crop_detection(
    db: Database, paths: LarderPaths, scan_id: int, detection_id: int, out: Path | None = None
) -> Path:
    """The photo region of one detection (e.g. an unnamed container) as a PNG, for asking the user."""
    from agents.inventory.review import PUBLIC_ID_BASE
    from vision.errors import PhotoError
    from vision.photos import load_photo

    with db.session() as s:
        det = s.get(Detection, detection_id - PUBLIC_ID_BASE)
        if det is None or det.scan_id != scan_id:
            raise UserError(f"scan {scan_id} has no detection {detection_id} (see `larder review {scan_id}`)")
        photo_row = s.get(Photo, det.photo_id)
        box = (det.x1, det.y1, det.x2, det.y2)
    if photo_row is None:
        raise UserError(f"detection {detection_id}: its photo is no longer recorded")
    try:
        photo = load_photo(photo_row.path)
    except (PhotoError, OSError) as exc:
        raise UserError(f"detection {detection_id}: its photo cannot be read again ({exc})") from exc
    target = out if out is not None else paths.exports / f"detection-{detection_id}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    x1, y1, x2, y2 = (float(round(v)) for v in box)
    photo.image.crop((x1, y1, x2, y2)).save(target, format="PNG")
    return target
