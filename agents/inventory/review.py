"""Reviewing a saved scan: confirm, reject, relabel, recount or add detections; the inventory follows.

One `apply_review` call is one transaction: the detections change, a `detection_reviews` row keeps
what they were, and the inventory items the scan's counts touch are updated with events that point
at that row, so `undo_review` puts back detections and inventory as one. Counts per item are
recomputed from the scan's active detections (not rejected, not unnamed) before and after, and only
the items whose count changed are touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from agents.errors import UserError
from agents.inventory.changes import Change, ChangeKind, summarise
from agents.inventory.expiry import estimated_expiry
from agents.inventory.manual import revert_events
from agents.inventory.quantities import detected_quantity
from agents.inventory.review_learning import Learned
from agents.inventory.review_names import resolve_name
from data.db import Database
from data.models import (
    Detection,
    DetectionReview,
    InventoryEvent,
    InventoryItem,
    Photo,
    Scan,
    ScanPhoto,
    utcnow,
)
from data.taxonomy import Taxonomy
from vision.detections import SUGGESTION

ACTIVE = ("detected", "confirmed", "relabelled", "added")  # statuses that count as items in the fridge
SHOWN = (*ACTIVE, "rejected", "unnamed")  # what a review lists (ignored non-food boxes are not)
MAX_COUNT = 999
# Detection ids shown to users and callers are the row id plus this, so every id has the same number of
# digits for the first nine million boxes: no id is part of another (a text search for "3" never finds 13).
PUBLIC_ID_BASE = 1_000_000
_SNAPSHOT = ("status", "ingredient_id", "label", "user_name", "count", "reviewed_at")


@dataclass(frozen=True)
class DetectionView:
    id: int
    ingredient: str | None  # None: the user's own item, an unrecognised label, or unnamed
    name: str | None  # None only for an unnamed container (a question: "what is this?")
    label: str  # the model's class (bottle/cup/bowl for an unnamed container)
    confidence: float
    box: tuple[float, float, float, float]  # x1, y1, x2, y2 in the original photo's pixels
    status: str  # detected | confirmed | rejected | relabelled | added | unnamed
    source: str  # model | parent | memory | container | suggestion | user
    count: int
    # An unnamed suggestion's guess (vision/suggestions.py): the taxonomy id and name the model leans to;
    # confirming the detection accepts it. None for everything else.
    guess: str | None = None
    guess_name: str | None = None

    @property
    def unsure(self) -> bool:
        return self.status == "detected" and (self.confidence < 0.5 or self.source == "parent")

    def to_public(self) -> dict[str, object]:
        return {
            "id": self.id,
            "ingredient": self.ingredient,
            "name": self.name,
            "label": self.label,
            "confidence": self.confidence,
            "box": list(self.box),
            "status": self.status,
            "source": self.source,
            "count": self.count,
            "unsure": self.unsure,
            "guess": self.guess,
            "guess_name": self.guess_name,
        }


@dataclass(frozen=True)
class ReviewPhoto:
    photo_id: int
    path: str  # the path it was scanned from
    width: int
    height: int
    detections: tuple[DetectionView, ...]

    def to_public(self) -> dict[str, object]:
        return {
            "photo_id": self.photo_id,
            "path": self.path,
            "width": self.width,
            "height": self.height,
            "detections": [d.to_public() for d in self.detections],
        }


@dataclass(frozen=True)
class ReviewView:
    scan_id: int
    model: str
    photos: tuple[ReviewPhoto, ...]
    reviews: int  # applied (not undone) review batches, newest undoable first

    def to_public(self) -> dict[str, object]:
        return {
            "scan_id": self.scan_id,
            "model": self.model,
            "reviews": self.reviews,
            "photos": [p.to_public() for p in self.photos],
        }


@dataclass(frozen=True)
class AddBox:
    photo: int | str  # photo id, or the path it was scanned from
    name: str
    box: tuple[float, float, float, float]
    count: int = 1


@dataclass(frozen=True)
class ReviewChanges:
    confirm: tuple[int, ...] = ()
    reject: tuple[int, ...] = ()
    relabel: Mapping[int, str] = field(default_factory=dict)
    count: Mapping[int, int] = field(default_factory=dict)
    add: tuple[AddBox, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.confirm or self.reject or self.relabel or self.count or self.add)


@dataclass(frozen=True)
class ReviewResult:
    scan_id: int
    review_id: int
    changes: tuple[Change, ...]
    added: tuple[int, ...]  # ids of the boxes the user drew
    view: ReviewView
    learned: Learned | None = None  # what the labelled data and the memory took from it (set by Larder)

    @property
    def summary(self) -> str:
        """What the review did to the inventory, in one line ("inventory: +2 eggs, -1 milk")."""
        return summarise(self.changes).replace("since the last scan: ", "inventory: ")

    @property
    def headline(self) -> str:
        text = f"review {self.review_id} of scan {self.scan_id} applied; {self.summary}"
        if self.learned is not None:
            text += (
                f"; {self.learned.photos} photo(s) kept for learning, "
                f"{self.learned.taught} product(s) remembered"
            )
            if self.learned.claims_from:
                text += f"\n{self.learned.claims_text}"
        return text

    def to_public(self) -> dict[str, object]:
        learned = self.learned
        return {
            **self.view.to_public(),
            "review_id": self.review_id,
            "added": list(self.added),
            "changes": [c.__dict__ for c in self.changes],
            "summary": self.summary,
            "learned": {
                "photos": learned.photos if learned else 0,
                "taught": learned.taught if learned else 0,
                "notes": list(learned.notes) if learned else [],
                "claims_from": dict(learned.claims_from) if learned else {},
            },
        }


@dataclass(frozen=True)
class ReviewUndo:
    scan_id: int
    review_id: int
    items: int  # inventory items put back

    @property
    def headline(self) -> str:
        return f"undid review {self.review_id} of scan {self.scan_id}: {self.items} item(s) put back"


# --- reading ------------------------------------------------------------------------------------------


def _name(det: Detection, taxonomy: Taxonomy) -> str | None:
    if det.status == "unnamed":
        return None
    if det.user_name:
        return det.user_name
    if det.ingredient_id:
        try:
            return str(taxonomy.get(det.ingredient_id).name)
        except KeyError:
            return det.ingredient_id
    return det.label


def _guess(det: Detection, taxonomy: Taxonomy) -> tuple[str | None, str | None]:
    """What an unnamed suggestion's model leaned to (id, name); (None, None) for anything else."""
    if det.status != "unnamed" or det.source != SUGGESTION or not det.ingredient_id:
        return None, None
    try:
        return det.ingredient_id, str(taxonomy.get(det.ingredient_id).name)
    except KeyError:
        return None, None


def _view_det(det: Detection, taxonomy: Taxonomy) -> DetectionView:
    assert det.id is not None
    return DetectionView(
        PUBLIC_ID_BASE + det.id,
        None if det.status == "unnamed" else det.ingredient_id,
        _name(det, taxonomy),
        det.label,
        det.confidence,
        (det.x1, det.y1, det.x2, det.y2),
        det.status,
        det.source,
        det.count,
        *_guess(det, taxonomy),
    )


def _scan(s: Session, scan_id: int) -> Scan:
    scan = s.get(Scan, scan_id)
    if scan is None:
        raise UserError(f"no scan with id {scan_id} (scan with `larder scan PHOTO --save`)")
    if not scan.saved:
        raise UserError(f"scan {scan_id} was not saved: only a scan made with --save can be reviewed")
    return scan


def _view(s: Session, scan: Scan, taxonomy: Taxonomy) -> ReviewView:
    assert scan.id is not None
    rows = s.exec(
        select(Photo).join(ScanPhoto, col(ScanPhoto.photo_id) == Photo.id).where(ScanPhoto.scan_id == scan.id)
    ).all()
    dets = s.exec(
        select(Detection)
        .where(Detection.scan_id == scan.id, col(Detection.status).in_(SHOWN))
        .order_by(col(Detection.id))
    ).all()
    photos = []
    for photo in sorted(rows, key=lambda p: p.id or 0):
        assert photo.id is not None
        mine = tuple(_view_det(d, taxonomy) for d in dets if d.photo_id == photo.id)
        photos.append(ReviewPhoto(photo.id, photo.path, photo.width, photo.height, mine))
    reviews = s.exec(
        select(DetectionReview).where(
            DetectionReview.scan_id == scan.id, col(DetectionReview.undone_at).is_(None)
        )
    ).all()
    return ReviewView(scan.id, scan.model, tuple(photos), len(reviews))


def review_view(db: Database, taxonomy: Taxonomy, scan_id: int) -> ReviewView:
    with db.session() as s:
        return _view(s, _scan(s, scan_id), taxonomy)


# --- parsing a correction file ------------------------------------------------------------------------


def _int_id(value: Any, where: str) -> int:
    if isinstance(value, bool):
        raise UserError(f"{where}: {value!r} is not a detection id")
    try:
        return int(str(value).strip())
    except ValueError:
        raise UserError(f"{where}: {value!r} is not a detection id") from None


def _box(value: Any, where: str) -> tuple[float, float, float, float]:
    if not isinstance(value, list | tuple) or len(value) != 4:
        raise UserError(f"{where}: a box is [x1, y1, x2, y2] in the photo's pixels")
    try:
        x1, y1, x2, y2 = (float(v) for v in value)
    except (TypeError, ValueError):
        raise UserError(f"{where}: a box is four numbers [x1, y1, x2, y2]") from None
    if any(v != v for v in (x1, y1, x2, y2)):  # NaN
        raise UserError(f"{where}: a box is four numbers [x1, y1, x2, y2]")
    return x1, y1, x2, y2


def _count(value: Any, where: str) -> int:
    try:
        number = int(value) if not isinstance(value, bool) else -1
    except (TypeError, ValueError):
        number = -1
    if not 0 <= number <= MAX_COUNT or str(value).strip() not in (str(number), f"{number}.0"):
        raise UserError(f"{where}: a count is a whole number from 0 to {MAX_COUNT}, not {value!r}")
    return number


def parse_changes(raw: Any) -> ReviewChanges:
    """A correction file's JSON: {"confirm": [id], "reject": [id], "relabel": {id: name},
    "count": {id: n}, "add": [{"photo": id or path, "name": ..., "box": [x1, y1, x2, y2], "count": n}]}."""
    if not isinstance(raw, dict):
        raise UserError("a correction file is a JSON object with confirm, reject, relabel, count and add")
    unknown = sorted(set(raw) - {"confirm", "reject", "relabel", "count", "add"})
    if unknown:
        raise UserError(f"unknown key(s) in the corrections: {', '.join(unknown)}")

    def ids(key: str) -> tuple[int, ...]:
        value = raw.get(key, [])
        if not isinstance(value, list):
            raise UserError(f"{key}: a list of detection ids")
        return tuple(_int_id(v, key) for v in value)

    def mapping(key: str) -> dict[int, Any]:
        value = raw.get(key, {})
        if not isinstance(value, dict):
            raise UserError(f"{key}: an object of detection id -> value")
        return {_int_id(k, key): v for k, v in value.items()}

    relabel = {k: v for k, v in mapping("relabel").items()}
    for k, v in relabel.items():
        if not isinstance(v, str):
            raise UserError(f"relabel {k}: the new name must be text")
    counts = {k: _count(v, f"count {k}") for k, v in mapping("count").items()}
    adds = raw.get("add", [])
    if not isinstance(adds, list):
        raise UserError("add: a list of {photo, name, box}")
    boxes = []
    for i, entry in enumerate(adds):
        where = f"add #{i + 1}"
        if not isinstance(entry, dict) or "name" not in entry or "box" not in entry or "photo" not in entry:
            raise UserError(f"{where}: needs photo, name and box")
        photo = entry["photo"]
        if isinstance(photo, bool) or not isinstance(photo, int | str):
            raise UserError(f"{where}: photo is a photo id or the path it was scanned from")
        if not isinstance(entry["name"], str):
            raise UserError(f"{where}: the name must be text")
        count = _count(entry.get("count", 1), f"{where} count")
        if count == 0:
            raise UserError(f"{where}: a drawn box stands for at least one item")
        boxes.append(AddBox(photo, entry["name"], _box(entry["box"], where), count))
    return ReviewChanges(ids("confirm"), ids("reject"), relabel, counts, tuple(boxes))


# --- applying ---------------------------------------------------------------------------------------


def _key(det: Detection) -> str:
    return det.ingredient_id or f"?{det.user_name or det.label}"


@dataclass(frozen=True)
class _Counted:
    ingredient_id: str | None
    user_name: str | None
    label: str
    confidence: float


def _counts(dets: Iterable[Detection]) -> dict[str, tuple[int, _Counted]]:
    """Items per key from the active detections (copied: the rows change while a review applies)."""
    out: dict[str, tuple[int, _Counted]] = {}
    for det in dets:
        if det.status in ACTIVE:
            info = _Counted(det.ingredient_id, det.user_name, det.label, det.confidence)
            n, first = out.get(_key(det), (0, info))
            out[_key(det)] = (n + det.count, first)
    return out


def _snapshot(det: Detection) -> dict[str, Any]:
    snap = {k: getattr(det, k) for k in _SNAPSHOT}
    snap["reviewed_at"] = det.reviewed_at.isoformat() if det.reviewed_at else None
    return snap


def _restore(det: Detection, snap: Mapping[str, Any]) -> None:
    from datetime import datetime

    for k in _SNAPSHOT:
        value = snap.get(k)
        if k == "reviewed_at" and value:
            value = datetime.fromisoformat(str(value))
        setattr(det, k, value)


def _event(
    s: Session, item: InventoryItem, kind: str, q_before: float | None, st_before: str | None, review_id: int
) -> None:
    assert item.id is not None
    s.add(
        InventoryEvent(
            item_id=item.id,
            kind=kind,
            quantity_before=q_before,
            quantity_after=item.quantity,
            status_before=st_before,
            status_after=item.status,
            review_id=review_id,
        )
    )


def _find_item(s: Session, det: _Counted, scan_id: int, statuses: Sequence[str]) -> InventoryItem | None:
    query = select(InventoryItem).where(col(InventoryItem.status).in_(statuses))
    if det.ingredient_id:
        query = query.where(InventoryItem.ingredient_id == det.ingredient_id)
    else:
        query = query.where(
            col(InventoryItem.ingredient_id).is_(None), InventoryItem.name == (det.user_name or det.label)
        )
    rows = s.exec(query.order_by(col(InventoryItem.updated_at).desc())).all()
    mine = [r for r in rows if r.last_scan_id == scan_id]
    if mine:
        return mine[0]
    return rows[0] if rows else None


def _gone(s: Session, item: InventoryItem, scan_id: int, review_id: int) -> None:
    """The scan should not have reported this item: undo what the scan did to it."""
    q, st = item.quantity, item.status
    scan_event = s.exec(
        select(InventoryEvent)
        .where(InventoryEvent.item_id == item.id, InventoryEvent.scan_id == scan_id)
        .order_by(col(InventoryEvent.id))
    ).first()
    if scan_event is not None and scan_event.kind in ("updated", "restored"):
        item.quantity = scan_event.quantity_before if scan_event.quantity_before is not None else q
        item.status = scan_event.status_before or "used_up"
    else:
        item.status = "discarded"
    item.updated_at = utcnow()
    s.add(item)
    _event(s, item, "removed" if item.status == "discarded" else "edited", q, st, review_id)


def _follow_inventory(
    s: Session,
    taxonomy: Taxonomy,
    scan_id: int,
    review_id: int,
    before: dict[str, tuple[int, _Counted]],
    after: dict[str, tuple[int, _Counted]],
) -> list[Change]:
    changes: list[Change] = []
    for key in sorted(set(before) | set(after)):
        b = before[key][0] if key in before else 0
        a = after[key][0] if key in after else 0
        det = after[key][1] if key in after else before[key][1]
        if a == b:
            continue
        ingredient = None
        if det.ingredient_id:
            try:
                ingredient = taxonomy.get(det.ingredient_id)
            except KeyError:
                ingredient = None
        if a == 0:
            item = _find_item(s, det, scan_id, ("present",))
            if item is not None and item.source == "detected":
                q = item.quantity
                _gone(s, item, scan_id, review_id)
                assert item.id is not None
                changes.append(Change(item.id, item.ingredient_id, item.name, "gone", q, 0.0, item.unit))
            continue
        quantity, unit = detected_quantity(ingredient, a)
        item = _find_item(s, det, scan_id, ("present",)) or _find_item(
            s, det, scan_id, ("used_up", "discarded")
        )
        kind: ChangeKind
        if item is None:
            item = InventoryItem(
                ingredient_id=det.ingredient_id,
                name=ingredient.name if ingredient is not None else (det.user_name or det.label),
                quantity=quantity,
                unit=unit,
                source="detected",
                confidence=det.confidence,
                last_scan_id=scan_id,
                expires_at=estimated_expiry(det.ingredient_id),
            )
            s.add(item)
            s.flush()
            _event(s, item, "added", None, None, review_id)
            q_before: float | None = None
            kind = "new"
        else:
            q_before, st_before = item.quantity, item.status
            if st_before != "present":
                q_before = None
            item.quantity, item.unit, item.status = quantity, unit, "present"
            item.last_scan_id, item.updated_at = scan_id, utcnow()
            s.add(item)
            _event(s, item, "edited", item.quantity if q_before is None else q_before, st_before, review_id)
            kind = "new" if q_before is None else "more" if quantity > q_before else "fewer"
        assert item.id is not None
        changes.append(Change(item.id, item.ingredient_id, item.name, kind, q_before, quantity, unit))
    return changes


def _photo_for(s: Session, scan_id: int, ref: int | str) -> Photo:
    rows = s.exec(
        select(Photo).join(ScanPhoto, col(ScanPhoto.photo_id) == Photo.id).where(ScanPhoto.scan_id == scan_id)
    ).all()
    for photo in rows:
        if isinstance(ref, int) and photo.id == ref:
            return photo
        if isinstance(ref, str):
            if ref.strip().isdigit() and photo.id == int(ref):
                return photo
            if photo.path == ref or Path(photo.path).resolve() == Path(ref).expanduser().resolve():
                return photo
    raise UserError(f"photo {ref!r} is not part of scan {scan_id} (see `larder review {scan_id}`)")


def _named(det: Detection, taxonomy: Taxonomy, name: str) -> None:
    resolved = resolve_name(taxonomy, name)
    det.ingredient_id = resolved.ingredient
    det.user_name = resolved.name if resolved.own else None


def apply_review(db: Database, taxonomy: Taxonomy, scan_id: int, changes: ReviewChanges) -> ReviewResult:
    """Apply every change or none (a bad id, name or box refuses the whole batch)."""
    if changes.empty:
        raise UserError("no corrections given (confirm, reject, relabel, count or add)")
    with db.session() as s:
        scan = _scan(s, scan_id)
        dets = {
            PUBLIC_ID_BASE + (d.id or 0): d
            for d in s.exec(
                select(Detection).where(Detection.scan_id == scan_id, col(Detection.status).in_(SHOWN))
            )
        }
        named = (*changes.confirm, *changes.reject, *changes.relabel, *changes.count)
        missing = sorted({i for i in named if i not in dets})
        if missing:
            raise UserError(
                f"detection(s) {', '.join(map(str, missing))} are not in scan {scan_id} (see `larder review {scan_id}`)"
            )
        both = sorted(
            set(changes.reject) & (set(changes.confirm) | set(changes.relabel) | set(changes.count))
        )
        if both:
            raise UserError(
                f"detection(s) {', '.join(map(str, both))}: rejected and also confirmed or changed"
            )
        before_counts = _counts(dets.values())
        snapshots: dict[str, Any] = {}
        now = utcnow()

        def touch(det: Detection) -> None:
            assert det.id is not None
            snapshots.setdefault(str(det.id), _snapshot(det))
            det.reviewed_at = now

        for det_id in changes.confirm:
            det = dets[det_id]
            guess, _ = _guess(det, taxonomy)
            if det.status == "unnamed" and det_id not in changes.relabel and guess is None:
                raise UserError(f"detection {det_id} is unnamed: name it (relabel {det_id}=NAME) to keep it")
            touch(det)
            if det.status in ("detected", "rejected") or (det.status == "unnamed" and guess is not None):
                det.status = "confirmed"  # an unnamed suggestion's guess is what the user confirmed
        for det_id, name in changes.relabel.items():
            det = dets[det_id]
            touch(det)
            _named(det, taxonomy, name)
            det.status = "relabelled"
        for det_id, number in changes.count.items():
            det = dets[det_id]
            guess, _ = _guess(det, taxonomy)
            if det.status == "unnamed" and det_id not in changes.relabel and guess is None:
                raise UserError(f"detection {det_id} is unnamed: name it before giving a count")
            touch(det)
            det.count = number
            if number == 0:
                det.status = "rejected"
            elif det.status in ("detected", "rejected") or (det.status == "unnamed" and guess is not None):
                det.status = "confirmed"
        for det_id in changes.reject:
            det = dets[det_id]
            touch(det)
            det.status = "rejected"
        added: list[Detection] = []
        for box in changes.add:
            photo = _photo_for(s, scan_id, box.photo)
            x1, y1, x2, y2 = box.box
            x1, x2 = sorted((max(0.0, min(x1, photo.width)), max(0.0, min(x2, photo.width))))
            y1, y2 = sorted((max(0.0, min(y1, photo.height)), max(0.0, min(y2, photo.height))))
            if x2 - x1 < 2 or y2 - y1 < 2:
                raise UserError(
                    f"box {list(box.box)} is outside photo {photo.id} ({photo.width}x{photo.height}) or too small"
                )
            assert photo.id is not None
            det = Detection(
                scan_id=scan_id,
                photo_id=photo.id,
                label=box.name.strip() or "item",
                confidence=1.0,
                x1=round(x1, 1),
                y1=round(y1, 1),
                x2=round(x2, 1),
                y2=round(y2, 1),
                status="added",
                source="user",
                count=box.count,
                reviewed_at=now,
            )
            _named(det, taxonomy, box.name)
            det.label = det.ingredient_id or det.user_name or det.label
            s.add(det)
            added.append(det)
        s.flush()
        review = DetectionReview(
            scan_id=scan_id, before={**snapshots, "added": [d.id for d in added]}, created_at=now
        )
        s.add(review)
        s.flush()
        assert review.id is not None
        after_counts = _counts([*dets.values(), *added])
        moved = _follow_inventory(s, taxonomy, scan_id, review.id, before_counts, after_counts)
        return ReviewResult(
            scan_id,
            review.id,
            tuple(moved),
            tuple(PUBLIC_ID_BASE + d.id for d in added if d.id is not None),
            _view(s, scan, taxonomy),
        )


def undo_review(db: Database, scan_id: int) -> ReviewUndo:
    """Put back the scan's newest applied review: its detections and the inventory it changed."""
    with db.session() as s:
        _scan(s, scan_id)
        review = s.exec(
            select(DetectionReview)
            .where(DetectionReview.scan_id == scan_id, col(DetectionReview.undone_at).is_(None))
            .order_by(col(DetectionReview.id).desc())
        ).first()
        if review is None:
            raise UserError(f"scan {scan_id} has no review to undo")
        assert review.id is not None
        snapshots = dict(review.before or {})
        for det_id in snapshots.pop("added", []) or []:
            row = s.get(Detection, det_id)
            if row is not None:
                s.delete(row)
        for det_id, snap in snapshots.items():
            row = s.get(Detection, int(det_id))
            if row is not None:
                _restore(row, snap)
                s.add(row)
        events = s.exec(
            select(InventoryEvent)
            .where(InventoryEvent.review_id == review.id)
            .order_by(col(InventoryEvent.id).desc())
        ).all()
        touched = revert_events(s, events)
        review.undone_at = utcnow()
        s.add(review)
        return ReviewUndo(scan_id, review.id, len(touched))
