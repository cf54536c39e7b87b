"""Read-only views of the database for the window: plain frozen rows, one short session per query.

Pages never hold ORM objects: these rows are safe to pass between threads and into Qt models."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import col, func, select

from data.db import Database
from data.models import (
    Detection,
    HealthImport,
    InventoryItem,
    NutritionTarget,
    Order,
    OrderLine,
    Photo,
    Plan,
    Profile,
    Recommendation,
    ReconciledDay,
    Scan,
    ScanPhoto,
)
from desktop.ingredient_names import category, display_name, pretty_id

EXPIRY_RED_DAYS = 2
EXPIRY_AMBER_DAYS = 5


def as_aware(value: datetime | None) -> datetime | None:
    # SQLite hands datetimes back naive; they were stored as UTC.
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


# --- inventory ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InventoryRow:
    id: int
    ingredient_id: str | None
    name: str
    category: str
    quantity: float
    unit: str
    added_at: datetime
    expires_at: datetime | None
    source: str

    def days_left(self, now: datetime | None = None) -> float | None:
        if self.expires_at is None:
            return None
        return (self.expires_at - (now or datetime.now(UTC))).total_seconds() / 86400.0


def list_inventory(db: Database) -> list[InventoryRow]:
    with db.session() as s:
        items = s.exec(
            select(InventoryItem)
            .where(InventoryItem.status == "present")
            .order_by(col(InventoryItem.added_at).desc())
        ).all()
        return [
            InventoryRow(
                id=int(item.id or 0),
                ingredient_id=item.ingredient_id,
                name=display_name(item.ingredient_id, item.name),
                category=category(item.ingredient_id),
                quantity=item.quantity,
                unit=item.unit,
                added_at=as_aware(item.added_at) or item.added_at,
                expires_at=as_aware(item.expires_at),
                source=item.source,
            )
            for item in items
        ]


def count_expiring(rows: list[InventoryRow], within_days: float = EXPIRY_RED_DAYS) -> int:
    now = datetime.now(UTC)
    return sum(1 for r in rows if (left := r.days_left(now)) is not None and left <= within_days)


# --- the last scan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoxView:
    label: str
    name: str
    ingredient_id: str | None
    category: str
    confidence: float
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class PhotoView:
    photo_id: int
    path: Path
    width: int
    height: int
    boxes: tuple[BoxView, ...]


@dataclass(frozen=True)
class ScanView:
    scan_id: int
    created_at: datetime
    model: str
    conf_threshold: float
    photos: tuple[PhotoView, ...]


def latest_scan(db: Database) -> ScanView | None:
    with db.session() as s:
        scan = s.exec(select(Scan).order_by(col(Scan.created_at).desc(), col(Scan.id).desc())).first()
        if scan is None or scan.id is None:
            return None
        return scan_view(db, scan.id)


def scan_view(db: Database, scan_id: int) -> ScanView | None:
    with db.session() as s:
        scan = s.get(Scan, scan_id)
        if scan is None:
            return None
        photos = s.exec(
            select(Photo)
            .join(ScanPhoto, col(ScanPhoto.photo_id) == Photo.id)
            .where(ScanPhoto.scan_id == scan_id)
        ).all()
        detections = s.exec(select(Detection).where(Detection.scan_id == scan_id)).all()
        views = []
        for photo in photos:
            boxes = tuple(
                BoxView(
                    label=d.label,
                    name=display_name(d.ingredient_id, pretty_id(d.label)),
                    ingredient_id=d.ingredient_id,
                    category=category(d.ingredient_id),
                    confidence=d.confidence,
                    x1=d.x1,
                    y1=d.y1,
                    x2=d.x2,
                    y2=d.y2,
                )
                for d in detections
                if d.photo_id == photo.id
            )
            views.append(PhotoView(int(photo.id or 0), Path(photo.path), photo.width, photo.height, boxes))
        created = as_aware(scan.created_at) or scan.created_at
        return ScanView(int(scan.id or 0), created, scan.model, scan.conf_threshold, tuple(views))


# --- health ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayPoint:
    day: date
    total_kcal: float | None
    active_kcal: float | None
    steps: float | None
    weight_kg: float | None
    is_partial: bool


def list_days(db: Database, last_days: int = 120) -> list[DayPoint]:
    with db.session() as s:
        newest = s.exec(select(func.max(ReconciledDay.day))).first()
        if newest is None:
            return []
        since = newest - timedelta(days=last_days - 1)
        rows = s.exec(
            select(ReconciledDay).where(ReconciledDay.day >= since).order_by(col(ReconciledDay.day))
        ).all()
        return [
            DayPoint(r.day, r.total_kcal, r.active_kcal, r.steps, r.weight_kg, r.is_partial) for r in rows
        ]


@dataclass(frozen=True)
class ProfileView:
    sex: str | None = None
    birth_date: date | None = None
    height_cm: float | None = None
    weight_kg: float | None = None
    goal: str | None = None
    activity_level: str | None = None
    diet: str | None = None
    allergies: tuple[str, ...] = ()
    dislikes: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return all(v in (None, ()) for v in self.__dict__.values())


def get_profile(db: Database) -> ProfileView:
    with db.session() as s:
        p = s.get(Profile, 1)
        if p is None:
            return ProfileView()
        return ProfileView(
            sex=p.sex,
            birth_date=p.birth_date,
            height_cm=p.height_cm,
            weight_kg=p.weight_kg,
            goal=p.goal,
            activity_level=p.activity_level,
            diet=p.diet,
            allergies=tuple(p.allergies or ()),
            dislikes=tuple(p.dislikes or ()),
        )


@dataclass(frozen=True)
class ImportView:
    format: str
    path: str
    imported_at: datetime
    first_day: date | None
    last_day: date | None
    days: int
    records: int
    sources: tuple[str, ...]


def latest_import(db: Database) -> ImportView | None:
    with db.session() as s:
        row = s.exec(select(HealthImport).order_by(col(HealthImport.imported_at).desc())).first()
        if row is None:
            return None
        return ImportView(
            row.format,
            row.path,
            as_aware(row.imported_at) or row.imported_at,
            row.first_day,
            row.last_day,
            row.days,
            row.records,
            tuple(row.sources or ()),
        )


# --- plan -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NutrientRow:
    nutrient: str
    unit: str
    target: float
    supply: float | None
    kind: str = "target"  # target: reach it | limit: stay below it (sodium, saturated fat)

    @property
    def deficit(self) -> float:
        if self.kind == "limit":
            return 0.0
        return max(0.0, self.target - (self.supply or 0.0))

    @property
    def over_limit(self) -> float:
        if self.kind != "limit":
            return 0.0
        return max(0.0, (self.supply or 0.0) - self.target)

    @property
    def label(self) -> str:
        return nutrient_label(self.nutrient)


@dataclass(frozen=True)
class RecommendationRow:
    name: str
    quantity: float
    unit: str
    reason: str


@dataclass(frozen=True)
class PlanView:
    plan_id: int
    created_at: datetime
    days: int
    nutrients: tuple[NutrientRow, ...]
    recommendations: tuple[RecommendationRow, ...]
    notes: tuple[str, ...] = field(default=())


_NUTRIENT_LABELS = {
    "energy_kcal": "Energy",
    "protein_g": "Protein",
    "fat_g": "Fat",
    "saturated_fat_g": "Saturated fat",
    "carbs_g": "Carbohydrates",
    "sugars_g": "Sugars",
    "fiber_g": "Fibre",
    "sodium_mg": "Sodium",
    "calcium_mg": "Calcium",
    "iron_mg": "Iron",
    "potassium_mg": "Potassium",
    "vitamin_c_mg": "Vitamin C",
    "vitamin_d_ug": "Vitamin D",
    "vitamin_b12_ug": "Vitamin B12",
    "magnesium_mg": "Magnesium",
    "zinc_mg": "Zinc",
    "folate_ug": "Folate",
    "vitamin_a_ug": "Vitamin A",
}
_UNIT_SUFFIXES = (("_kcal", "kcal"), ("_mg", "mg"), ("_ug", "µg"), ("_g", "g"))


def nutrient_label(key: str) -> str:
    return _NUTRIENT_LABELS.get(key, pretty_id(key))


def nutrient_unit(key: str) -> str:
    for suffix, unit in _UNIT_SUFFIXES:
        if key.endswith(suffix):
            return unit
    return ""


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _first_number(entry: dict[str, Any], *keys: str) -> float | None:
    for key in keys:
        if (value := _number(entry.get(key))) is not None:
            return value
    return None


def _nutrients_from_result(result: dict[str, Any]) -> list[NutrientRow]:
    """Reads the nutrition agent's public result; tolerant because the schema only ever gains fields."""
    entries: Any = result.get("nutrients") or result.get("deficits") or result.get("targets") or []
    if isinstance(entries, dict):
        entries = [
            {"nutrient": k, **(v if isinstance(v, dict) else {"target": v})} for k, v in entries.items()
        ]
    supply_map = result.get("supply") if isinstance(result.get("supply"), dict) else {}
    targets_map = result.get("targets") if isinstance(result.get("targets"), dict) else {}
    rows = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        key = str(entry.get("nutrient") or entry.get("key") or "")
        target = _first_number(entry, "target", "horizon_total", "target_total", "target_horizon")
        if not key or target is None:
            continue
        supply = _first_number(entry, "supply", "supplied", "supply_total", "fridge")
        if supply is None and isinstance(supply_map, dict):
            supply = _number(supply_map.get(key))
        unit = str(entry.get("unit") or nutrient_unit(key))
        target_info = targets_map.get(key) if isinstance(targets_map, dict) else None
        is_limit = entry.get("kind") == "limit" or str(entry.get("status", "")).endswith("limit")
        if isinstance(target_info, dict) and target_info.get("kind") == "limit":
            is_limit = True
        rows.append(NutrientRow(key, unit, target, supply, "limit" if is_limit else "target"))
    return rows


def _recommendations_from_result(result: dict[str, Any]) -> list[RecommendationRow]:
    rows = []
    for entry in result.get("recommendations") or []:
        if isinstance(entry, dict):
            name = str(entry.get("name") or display_name(entry.get("ingredient")))
            rows.append(
                RecommendationRow(
                    name,
                    float(entry.get("quantity") or 0),
                    str(entry.get("unit") or ""),
                    str(entry.get("reason") or ""),
                )
            )
    return rows


def latest_plan(db: Database) -> PlanView | None:
    with db.session() as s:
        plan = s.exec(select(Plan).order_by(col(Plan.created_at).desc(), col(Plan.id).desc())).first()
        if plan is None or plan.id is None:
            return None
        result = plan.result if isinstance(plan.result, dict) else {}
        nutrients = _nutrients_from_result(result)
        if not nutrients:
            targets = s.exec(select(NutritionTarget).where(NutritionTarget.plan_id == plan.id)).all()
            supply = result.get("supply") if isinstance(result.get("supply"), dict) else {}
            nutrients = [
                NutrientRow(t.nutrient, t.unit, t.horizon_total, _number((supply or {}).get(t.nutrient)))
                for t in targets
            ]
        recommendations = _recommendations_from_result(result)
        if not recommendations:
            recs = s.exec(
                select(Recommendation)
                .where(Recommendation.plan_id == plan.id)
                .order_by(col(Recommendation.rank))
            ).all()
            recommendations = [
                RecommendationRow(display_name(r.ingredient_id), r.quantity, r.unit, r.reason) for r in recs
            ]
        notes = tuple(str(n) for n in result.get("notes", []) if isinstance(n, str))
        return PlanView(
            plan.id,
            as_aware(plan.created_at) or plan.created_at,
            plan.days,
            tuple(nutrients),
            tuple(recommendations),
            notes,
        )


def plan_rows_from_public(result: Any) -> tuple[list[NutrientRow], list[RecommendationRow]]:
    """The bars and recommendations of a plan result the nutrition agent just returned."""
    if not isinstance(result, dict):
        return [], []
    return _nutrients_from_result(result), _recommendations_from_result(result)


# --- orders ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderRow:
    id: int
    created_at: datetime
    updated_at: datetime
    provider: str
    status: str
    currency: str
    total: float
    budget: float | None
    line_count: int


@dataclass(frozen=True)
class OrderLineRow:
    position: int
    product_name: str
    brand: str
    package: str
    quantity: int
    unit_price: float
    line_total: float
    reason: str
    indicative: bool


def _package(size: float, unit: str) -> str:
    if unit == "piece":
        return f"{size:g} pc"
    return f"{size:g} {unit}"


def list_orders(db: Database) -> list[OrderRow]:
    with db.session() as s:
        counts = dict(
            s.exec(select(OrderLine.order_id, func.count()).group_by(col(OrderLine.order_id))).all()  # type: ignore[arg-type]
        )
        orders = s.exec(select(Order).order_by(col(Order.created_at).desc(), col(Order.id).desc())).all()
        return [
            OrderRow(
                int(o.id or 0),
                as_aware(o.created_at) or o.created_at,
                as_aware(o.updated_at) or o.updated_at,
                o.provider,
                o.status,
                o.currency,
                o.total,
                o.budget,
                int(counts.get(o.id or 0, 0)),
            )
            for o in orders
        ]


def list_order_lines(db: Database, order_id: int) -> list[OrderLineRow]:
    with db.session() as s:
        lines = s.exec(
            select(OrderLine).where(OrderLine.order_id == order_id).order_by(col(OrderLine.position))
        ).all()
        return [
            OrderLineRow(
                line.position,
                line.product_name,
                line.brand,
                _package(line.package_size, line.package_unit),
                line.quantity,
                line.unit_price,
                line.line_total,
                line.reason,
                line.indicative,
            )
            for line in lines
        ]
