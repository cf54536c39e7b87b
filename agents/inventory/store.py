"""Saving a scan (photos, detections) and updating the inventory from it, in one transaction.

A later scan of the same fridge updates the inventory the way a person would: what the photos show
is there now (counts replaced, not added), detected items the model could have seen but did not are
marked used up (kept in history, undoable), and hand-entered items and items this model cannot
detect are left alone unless the caller says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from agents.inventory.changes import Change, ChangeKind
from agents.inventory.expiry import estimated_expiry
from agents.inventory.manual import record_event
from agents.inventory.scanning import ScanItem, ScanResult
from data.db import Database
from data.models import Detection, InventoryItem, Photo, Scan, ScanPhoto, utcnow
from vision.counting import item_key


@dataclass(frozen=True)
class SavedScan:
    scan_id: int
    saved: bool
    changes: tuple[Change, ...]


def _row_key(item: InventoryItem) -> str:
    return item_key(item.ingredient_id, item.name)  # an unrecognised item is named after its label


def _scan_key(item: ScanItem) -> str:
    return item_key(item.ingredient, item.label)


def _photo_row(
    s: Session, path: str, sha256: str, width: int, height: int, taken_at: datetime | None
) -> Photo:
    photo = s.exec(select(Photo).where(Photo.sha256 == sha256)).first()
    if photo is None:
        photo = Photo(sha256=sha256, path=path, width=width, height=height, taken_at=taken_at)
        s.add(photo)
        s.flush()
    return photo


def _record_photos(s: Session, scan_id: int, result: ScanResult) -> None:
    linked: set[int] = set()
    for info, found in zip(result.photo_info, result.photos, strict=True):
        photo = _photo_row(s, info.path, info.sha256, info.width, info.height, info.taken_at)
        assert photo.id is not None
        if photo.id in linked:  # the same photo twice in one scan counts once
            continue
        linked.add(photo.id)
        s.add(ScanPhoto(scan_id=scan_id, photo_id=photo.id, ms=found.ms))
        for det in found.detections:
            x1, y1, x2, y2 = det.box
            s.add(
                Detection(
                    scan_id=scan_id,
                    photo_id=photo.id,
                    ingredient_id=det.ingredient,
                    label=det.label,
                    confidence=det.confidence,
                    x1=x1,
                    y1=y1,
                    x2=x2,
                    y2=y2,
                    status="unnamed" if det.unnamed else "ignored" if det.ignored else "detected",
                    source=det.source,
                )
            )


def _set_quantity(item: InventoryItem, seen: ScanItem, scan_id: int) -> None:
    item.quantity = seen.quantity
    item.unit = seen.unit
    item.confidence = seen.confidence
    item.last_scan_id = scan_id
    item.updated_at = utcnow()


def _apply_seen(
    s: Session, scan_id: int, seen: ScanItem, present: list[InventoryItem], replace_manual: bool
) -> Change:
    detected = [i for i in present if i.source == "detected"]
    manual = [i for i in present if i.source != "detected"]
    if manual and not detected and not replace_manual:
        kept = manual[0]
        assert kept.id is not None
        return Change(
            kept.id, kept.ingredient_id, kept.name, "kept_manual", kept.quantity, kept.quantity, kept.unit
        )
    targets = detected + (manual if replace_manual else [])
    if targets:
        target, extras = targets[0], targets[1:]
        before, status_before = target.quantity, target.status
        _set_quantity(target, seen, scan_id)
        target.source = "detected"
        s.add(target)
        record_event(s, target, "updated", before, status_before, scan_id=scan_id)
        for extra in extras:  # duplicates of one ingredient fold into the first
            q, st = extra.quantity, extra.status
            extra.status, extra.updated_at, extra.last_scan_id = "used_up", utcnow(), scan_id
            s.add(extra)
            record_event(s, extra, "used_up", q, st, scan_id=scan_id)
            before += q
        kind: ChangeKind = "more" if seen.quantity > before else "fewer" if seen.quantity < before else "same"
        assert target.id is not None
        return Change(
            target.id, target.ingredient_id, target.name, kind, before, target.quantity, target.unit
        )
    query = select(InventoryItem).where(InventoryItem.status == "used_up", InventoryItem.source == "detected")
    if seen.ingredient:
        query = query.where(InventoryItem.ingredient_id == seen.ingredient)
    else:
        query = query.where(col(InventoryItem.ingredient_id).is_(None), InventoryItem.name == seen.label)
    previous = s.exec(query.order_by(col(InventoryItem.updated_at).desc())).first()
    if previous is not None:
        q, st = previous.quantity, previous.status
        previous.status = "present"
        # Seen again after being marked used up: maybe a missed detection, maybe a new pack. Keep the
        # dates it had (a later manual edit can correct them) and only fill a missing estimate.
        previous.expires_at = previous.expires_at or estimated_expiry(
            previous.ingredient_id, previous.added_at
        )
        _set_quantity(previous, seen, scan_id)
        s.add(previous)
        record_event(s, previous, "restored", q, st, scan_id=scan_id)
        assert previous.id is not None
        return Change(
            previous.id, previous.ingredient_id, previous.name, "new", None, previous.quantity, previous.unit
        )
    item = InventoryItem(
        ingredient_id=seen.ingredient,
        name=seen.name if seen.ingredient else seen.label,
        quantity=seen.quantity,
        unit=seen.unit,
        source="detected",
        confidence=seen.confidence,
        last_scan_id=scan_id,
        expires_at=estimated_expiry(seen.ingredient),
    )
    s.add(item)
    s.flush()
    record_event(s, item, "added", None, None, scan_id=scan_id)
    assert item.id is not None
    return Change(item.id, item.ingredient_id, item.name, "new", None, item.quantity, item.unit)


def apply_to_inventory(
    s: Session, scan_id: int, result: ScanResult, *, partial: bool = False, replace_manual: bool = False
) -> list[Change]:
    present: dict[str, list[InventoryItem]] = {}
    for item in s.exec(
        select(InventoryItem).where(InventoryItem.status == "present").order_by(col(InventoryItem.id))
    ):
        present.setdefault(_row_key(item), []).append(item)
    changes = [
        _apply_seen(s, scan_id, seen, present.get(_scan_key(seen), []), replace_manual)
        for seen in result.items
    ]
    if partial:
        return changes
    seen_keys = {_scan_key(seen) for seen in result.items}
    for key, items in present.items():
        if key in seen_keys or key not in result.detectable:
            continue  # still there, or something this model could never have seen
        for item in items:
            if item.source != "detected" and not replace_manual:
                continue
            q, st = item.quantity, item.status
            item.status, item.updated_at, item.last_scan_id = "used_up", utcnow(), scan_id
            s.add(item)
            record_event(s, item, "used_up", q, st, scan_id=scan_id)
            assert item.id is not None
            changes.append(Change(item.id, item.ingredient_id, item.name, "gone", q, 0.0, item.unit))
    return changes


def record_scan(
    db: Database, result: ScanResult, *, save: bool, partial: bool = False, replace_manual: bool = False
) -> SavedScan:
    """Store the scan and its detections; with `save`, update the inventory too (all or nothing)."""
    with db.session() as s:
        scan = Scan(model=result.model, conf_threshold=result.conf, saved=save)
        s.add(scan)
        s.flush()
        assert scan.id is not None
        _record_photos(s, scan.id, result)
        changes = (
            apply_to_inventory(s, scan.id, result, partial=partial, replace_manual=replace_manual)
            if save
            else []
        )
        scan.summary = {
            "items": {_scan_key(i): i.count for i in result.items},
            "changes": [
                {"item_id": c.item_id, "kind": c.kind, "before": c.before, "after": c.after} for c in changes
            ],
            "partial": partial,
        }
        s.add(scan)
        return SavedScan(scan.id, save, tuple(changes))
