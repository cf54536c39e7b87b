"""Hand edits of the inventory (add, set, edit, remove, map a label), listing, history and undo of a scan."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, select

from agents.errors import UserError
from agents.inventory.expiry import estimated_expiry
from agents.inventory.quantities import default_quantity, detected_quantity
from agents.inventory.settings import remember_mapping
from data.db import Database
from data.models import Detection, DetectionReview, InventoryEvent, InventoryItem, Scan, utcnow
from data.taxonomy import Ingredient, Taxonomy

EDIT_UNITS = ("g", "ml", "piece")  # what inventory quantities are counted in


@dataclass(frozen=True)
class ItemView:
    id: int
    ingredient: str | None
    name: str
    quantity: float
    unit: str
    source: str
    status: str
    not_for_eating: bool
    confidence: float | None
    updated_at: datetime
    added_at: datetime | None = None
    expires_at: datetime | None = None  # the estimate from the ingredient's shelf life


@dataclass(frozen=True)
class EventView:
    id: int
    item_id: int
    name: str
    scan_id: int | None
    at: datetime
    kind: str
    quantity_before: float | None
    quantity_after: float | None
    status_before: str | None
    status_after: str | None


def _view(item: InventoryItem) -> ItemView:
    assert item.id is not None
    return ItemView(
        item.id,
        item.ingredient_id,
        item.name,
        item.quantity,
        item.unit,
        item.source,
        item.status,
        item.not_for_eating,
        item.confidence,
        item.updated_at,
        item.added_at,
        item.expires_at,
    )


def record_event(
    s: Session,
    item: InventoryItem,
    kind: str,
    q_before: float | None,
    st_before: str | None,
    *,
    scan_id: int | None = None,
) -> None:
    """History of one change to `item` (already flushed, so it has an id), for `inventory history` and undo."""
    assert item.id is not None
    s.add(
        InventoryEvent(
            item_id=item.id,
            scan_id=scan_id,
            kind=kind,
            quantity_before=q_before,
            quantity_after=item.quantity,
            status_before=st_before,
            status_after=item.status,
        )
    )


def revert_events(s: Session, events: Sequence[InventoryEvent]) -> dict[int, InventoryItem]:
    """Put each event's item back as it was before the event (give them newest first), recording a
    "restored" event for each: undoing a scan and undoing a review are the same walk back."""
    touched: dict[int, InventoryItem] = {}
    for ev in events:
        item = s.get(InventoryItem, ev.item_id)
        if item is None:
            continue
        q_before, st_before = item.quantity, item.status
        if ev.kind == "added":
            item.status = "discarded"
        else:
            item.quantity = ev.quantity_before if ev.quantity_before is not None else item.quantity
            item.status = ev.status_before or item.status
        item.updated_at = utcnow()
        s.add(item)
        record_event(s, item, "restored", q_before, st_before)
        assert item.id is not None
        touched[item.id] = item
    return touched


def resolve_ingredient(taxonomy: Taxonomy, name: str) -> Ingredient:
    found = taxonomy.lookup(name)
    if found is None:
        try:
            found = taxonomy.get(name)
        except KeyError:
            found = None
    if found is None:
        near = ", ".join(i.id for i in taxonomy.search(name)[:5])
        raise UserError(f"unknown ingredient {name!r}" + (f" (did you mean: {near}?)" if near else ""))
    return found


def _check_quantity(quantity: float) -> float:
    if quantity != quantity or quantity < 0 or quantity > 1e6:  # NaN, negative or absurd
        raise UserError(f"quantity {quantity:g} must be a number between 0 and 1000000")
    return quantity


def list_items(db: Database, *, include_gone: bool = False) -> list[ItemView]:
    with db.session() as s:
        query = select(InventoryItem).order_by(col(InventoryItem.name))
        if not include_gone:
            query = query.where(InventoryItem.status == "present")
        return [_view(i) for i in s.exec(query)]


def add_item(
    db: Database,
    taxonomy: Taxonomy,
    name: str,
    quantity: float | None = None,
    *,
    not_for_eating: bool = False,
    unit: str | None = None,
) -> ItemView:
    """Adds to a hand-entered item of the same ingredient (and unit) if there is one, else creates it.
    Without a unit the ingredient's own (one piece or package, or its weight); a unit needs a quantity."""
    ingredient = resolve_ingredient(taxonomy, name)
    amount, default_unit = default_quantity(ingredient)
    if unit is not None and unit not in EDIT_UNITS:
        raise UserError(f"unit {unit!r}: use one of {', '.join(EDIT_UNITS)}")
    if unit is not None and quantity is None:
        raise UserError(f"how much {ingredient.name} in {unit}?")
    unit = unit or default_unit
    if quantity is not None:
        amount = _check_quantity(quantity)
    with db.session() as s:
        existing = s.exec(
            select(InventoryItem).where(
                InventoryItem.ingredient_id == ingredient.id,
                InventoryItem.status == "present",
                InventoryItem.source == "manual",
                InventoryItem.not_for_eating == not_for_eating,
                InventoryItem.unit == unit,
            )
        ).first()
        if existing is not None:
            before = existing.quantity
            existing.quantity = before + amount
            existing.updated_at = utcnow()
            s.add(existing)
            record_event(s, existing, "updated", before, existing.status)
            return _view(existing)
        item = InventoryItem(
            ingredient_id=ingredient.id,
            name=ingredient.name,
            quantity=amount,
            unit=unit,
            source="manual",
            not_for_eating=not_for_eating,
            expires_at=estimated_expiry(ingredient.id),
        )
        s.add(item)
        s.flush()
        record_event(s, item, "added", None, None)
        return _view(item)


def _get(s: Session, item_id: int) -> InventoryItem:
    item = s.get(InventoryItem, item_id)
    if item is None:
        raise UserError(f"no inventory item with id {item_id} (see `larder inventory list --all`)")
    return item


def set_item(
    db: Database, item_id: int, quantity: float | None, *, not_for_eating: bool | None = None
) -> ItemView:
    """A quantity of 0 marks the item used up; any other brings it back as present."""
    with db.session() as s:
        item = _get(s, item_id)
        q_before, st_before = item.quantity, item.status
        if quantity is not None:
            item.quantity = _check_quantity(quantity)
            item.status = "used_up" if quantity == 0 else "present"
        if not_for_eating is not None:
            item.not_for_eating = not_for_eating
        item.updated_at = utcnow()
        s.add(item)
        record_event(s, item, "edited", q_before, st_before)
        return _view(item)


# "6 eggs", "500 g yogurt", "1.5 kg chicken", "eggs 6": an amount before or after the name
_AMOUNT = r"(\d+(?:[.,]\d+)?)"
_UNIT = r"(g|kg|ml|l|pc|pcs|x)"
_LEADING = re.compile(rf"^{_AMOUNT}\s*(?:{_UNIT}\b)?\s+(.+)$", re.IGNORECASE)
_TRAILING = re.compile(rf"^(.+?)\s+{_AMOUNT}\s*(?:{_UNIT})?$", re.IGNORECASE)
_UNIT_FACTORS = {"g": ("g", 1.0), "kg": ("g", 1000.0), "ml": ("ml", 1.0), "l": ("ml", 1000.0)}


def parse_amount(text: str) -> tuple[str, float | None, str | None]:
    """Split what a person types into (name, quantity, unit): "6 eggs" -> ("eggs", 6, None),
    "1.5 kg chicken" -> ("chicken", 1500, "g"), "milk" -> ("milk", None, None)."""
    text = " ".join(text.split())
    for pattern, name_group, amount_group, unit_group in ((_LEADING, 3, 1, 2), (_TRAILING, 1, 2, 3)):
        match = pattern.match(text)
        if match:
            amount = float(match.group(amount_group).replace(",", "."))
            unit = (match.group(unit_group) or "").lower()
            if unit in _UNIT_FACTORS:
                base, factor = _UNIT_FACTORS[unit]
                return match.group(name_group), amount * factor, base
            return match.group(name_group), amount, "piece" if unit in ("pc", "pcs", "x") else None
    return text, None, None


def add_item_text(db: Database, taxonomy: Taxonomy, text: str) -> ItemView:
    """Add what a person typed ("6 eggs", "500 g greek yogurt", "milk")."""
    name, quantity, unit = parse_amount(text)
    if not name:
        raise UserError("type what to add, e.g. '6 eggs' or '500 g yogurt'")
    return add_item(db, taxonomy, name, quantity, unit=unit)


def edit_item(
    db: Database,
    taxonomy: Taxonomy,
    item_id: int,
    *,
    quantity: float | None = None,
    unit: str | None = None,
    expires_at: datetime | None = None,
    clear_expiry: bool = False,
    ingredient: str | None = None,
) -> ItemView:
    """Correct an item by hand in one transaction (one `edited` event): its quantity (0: used up, any
    other brings it back), unit, best-before date, or what it is (another ingredient; the name follows)."""
    if unit is not None and unit not in EDIT_UNITS:
        raise UserError(f"unit {unit!r}: use one of {', '.join(EDIT_UNITS)}")
    if expires_at is not None and expires_at.tzinfo is None:
        raise UserError("a best-before date needs its time zone")
    found = resolve_ingredient(taxonomy, ingredient) if ingredient is not None else None
    with db.session() as s:
        item = _get(s, item_id)
        q_before, st_before = item.quantity, item.status
        if expires_at is not None:
            added = (
                item.added_at if item.added_at.tzinfo else item.added_at.replace(tzinfo=UTC)
            )  # stored as UTC
            if expires_at < added - timedelta(days=1):
                raise UserError(f"best before {expires_at:%d %b %Y} is before the item was added")
            item.expires_at = expires_at.astimezone(UTC)
        elif clear_expiry:
            item.expires_at = None
        if quantity is not None:
            item.quantity = _check_quantity(quantity)
            item.status = "used_up" if quantity == 0 else "present"
        if unit is not None:
            item.unit = unit
        if found is not None:
            item.ingredient_id, item.name = found.id, found.name
        item.updated_at = utcnow()
        s.add(item)
        record_event(s, item, "edited", q_before, st_before)
        return _view(item)


def remove_item(db: Database, item_id: int) -> ItemView:
    with db.session() as s:
        item = _get(s, item_id)
        q_before, st_before = item.quantity, item.status
        item.status = "discarded"
        item.updated_at = utcnow()
        s.add(item)
        record_event(s, item, "removed", q_before, st_before)
        return _view(item)


def map_label(db: Database, taxonomy: Taxonomy, label: str, name: str) -> tuple[str, int]:
    """Remember `label` -> ingredient and apply it to unrecognised items and detections with that label."""
    ingredient = resolve_ingredient(taxonomy, name)
    changed = 0
    with db.session() as s:
        remember_mapping(s, label, ingredient.id)
        unknown = s.exec(
            select(InventoryItem).where(
                col(InventoryItem.ingredient_id).is_(None), InventoryItem.name == label
            )
        ).all()
        for item in unknown:
            q_before, st_before = item.quantity, item.status
            count = int(item.quantity) if item.unit == "piece" else 1
            item.quantity, item.unit = detected_quantity(ingredient, count)
            item.ingredient_id, item.name, item.updated_at = ingredient.id, ingredient.name, utcnow()
            s.add(item)
            record_event(s, item, "edited", q_before, st_before)
            changed += 1
        for det in s.exec(
            select(Detection).where(col(Detection.ingredient_id).is_(None), Detection.label == label)
        ):
            det.ingredient_id = ingredient.id
            s.add(det)
    return ingredient.id, changed


def history(db: Database, limit: int = 50) -> list[EventView]:
    with db.session() as s:
        rows = s.exec(
            select(InventoryEvent, InventoryItem)
            .join(InventoryItem, col(InventoryItem.id) == InventoryEvent.item_id)
            .order_by(col(InventoryEvent.id).desc())
            .limit(limit)
        ).all()
        return [
            EventView(
                e.id or 0,
                e.item_id,
                i.name,
                e.scan_id,
                e.at,
                e.kind,
                e.quantity_before,
                e.quantity_after,
                e.status_before,
                e.status_after,
            )
            for e, i in rows
        ]


def undo_scan(db: Database, scan_id: int | None = None) -> tuple[int, list[ItemView]]:
    """Put every item a saved scan changed back as it was before that scan (newest scan by default)."""
    with db.session() as s:
        scans = s.exec(select(Scan).where(Scan.saved == True).order_by(col(Scan.id).desc())).all()  # noqa: E712
        active = [sc for sc in scans if not (sc.summary or {}).get("undone_at")]
        if scan_id is None:
            if not active:
                raise UserError("there is no saved scan to undo")
            scan = active[0]
        else:
            found = [sc for sc in scans if sc.id == scan_id]
            if not found:
                raise UserError(f"no saved scan with id {scan_id}")
            scan = found[0]
            if scan not in active:
                raise UserError(f"scan {scan_id} was already undone")
            later = [str(sc.id) for sc in active if (sc.id or 0) > scan_id]  # newest first
            if later:
                # Naming only the next scan would send the user to another refusal when there are several.
                raise UserError(
                    f"saved scan(s) {', '.join(later)} came after scan {scan_id}; undo them first, newest "
                    "first (`larder inventory undo` undoes the newest)"
                )
        assert scan.id is not None
        reviewed = s.exec(
            select(DetectionReview).where(
                DetectionReview.scan_id == scan.id, col(DetectionReview.undone_at).is_(None)
            )
        ).first()
        if reviewed is not None:  # the review's inventory changes sit on top of the scan's
            raise UserError(
                f"scan {scan.id} has reviewed corrections; undo them first (`larder review {scan.id} --undo`)"
            )
        events = s.exec(
            select(InventoryEvent)
            .where(InventoryEvent.scan_id == scan.id)
            .order_by(col(InventoryEvent.id).desc())
        ).all()
        touched = revert_events(s, events)
        scan.summary = {**(scan.summary or {}), "undone_at": utcnow().isoformat()}
        s.add(scan)
        return scan.id, [_view(i) for i in touched.values()]
