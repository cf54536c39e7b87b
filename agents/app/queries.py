"""The stored state the window shows and no agent reads back for itself: the latest scan with its boxes,
the reconciled days, the latest import, the latest plan. One short session per query; frozen rows out.

Plans are read from what the nutrition agent stored (its own public result), not recomputed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlmodel import col, func, select

from agents.app.names import category, display_name, pretty_id
from agents.app.views import (
    BoxView,
    DayPoint,
    ImportView,
    NutrientRow,
    PhotoView,
    PlanView,
    RecommendationRow,
    ScanView,
)
from agents.nutrition.nutrients import label as nutrient_label
from agents.nutrition.result import NutritionResult
from data.db import Database
from data.models import Detection, HealthImport, Photo, Plan, ReconciledDay, Scan, ScanPhoto


def as_aware(value: datetime) -> datetime:
    """SQLite hands datetimes back naive; Larder stores them as UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


# --- scans ----------------------------------------------------------------------------------------


def latest_scan_id(db: Database) -> int | None:
    with db.session() as s:
        scan = s.exec(select(Scan).order_by(col(Scan.created_at).desc(), col(Scan.id).desc())).first()
        return scan.id if scan is not None else None


def scan_view(db: Database, scan_id: int) -> ScanView | None:
    with db.session() as s:
        scan = s.get(Scan, scan_id)
        if scan is None or scan.id is None:
            return None
        photos = s.exec(
            select(Photo)
            .join(ScanPhoto, col(ScanPhoto.photo_id) == Photo.id)
            .where(ScanPhoto.scan_id == scan_id)
            .order_by(col(Photo.id))
        ).all()
        detections = s.exec(
            select(Detection).where(Detection.scan_id == scan_id).order_by(col(Detection.id))
        ).all()
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
        return ScanView(
            scan.id, as_aware(scan.created_at), scan.model, scan.conf_threshold, scan.saved, tuple(views)
        )


# --- health ---------------------------------------------------------------------------------------


def health_days(db: Database, last_days: int = 120) -> tuple[DayPoint, ...]:
    """The last `last_days` reconciled days up to the newest one stored, oldest first."""
    with db.session() as s:
        newest = s.exec(select(func.max(ReconciledDay.day))).first()
        if newest is None:
            return ()
        since: date = newest - timedelta(days=last_days - 1)
        rows = s.exec(
            select(ReconciledDay).where(ReconciledDay.day >= since).order_by(col(ReconciledDay.day))
        ).all()
        return tuple(
            DayPoint(
                r.day,
                r.total_kcal,
                r.active_kcal,
                r.steps,
                r.weight_kg,
                r.is_partial,
                exercise_min=r.exercise_min,
                sleep_min=r.sleep_min,
                resting_hr=r.resting_hr,
                workout_min=r.workout_min,
                workout_kcal=r.workout_kcal,
            )
            for r in rows
        )


def latest_import(db: Database) -> ImportView | None:
    with db.session() as s:
        row = s.exec(
            select(HealthImport).order_by(col(HealthImport.imported_at).desc(), col(HealthImport.id).desc())
        ).first()
        if row is None:
            return None
        return ImportView(
            row.format,
            row.path,
            as_aware(row.imported_at),
            row.first_day,
            row.last_day,
            row.days,
            row.records,
            tuple(row.sources or ()),
        )


# --- plans ----------------------------------------------------------------------------------------


def _float(value: object, default: float = 0.0) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else default


def _nutrient_rows(public: Mapping[str, object]) -> tuple[NutrientRow, ...]:
    """Rows from the agent's public result (NutritionResult.to_public): targets and deficits per key."""
    targets = public.get("targets")
    deficits = public.get("deficits")
    if not isinstance(targets, dict) or not isinstance(deficits, dict):
        return ()
    rows = []
    for key, deficit in deficits.items():  # the agent's priority order
        target = targets.get(key)
        if not isinstance(target, dict) or not isinstance(deficit, dict):
            continue
        rows.append(
            NutrientRow(
                nutrient=str(key),
                label=nutrient_label(str(key)),
                unit=str(target.get("unit", "")),
                kind=str(target.get("kind", "target")),
                per_day=_float(target.get("per_day")),
                target=_float(deficit.get("target")),
                supply=_float(deficit.get("supply")),
                deficit=_float(deficit.get("value")),
                status=str(deficit.get("status", "")),
                significant=bool(deficit.get("significant", False)),
                percent_of_target=_float(deficit.get("percent_of_target")),
                rule=str(target.get("rule", "")),
                is_override=bool(target.get("is_override", False)),
            )
        )
    return tuple(rows)


def _recommendation_rows(public: Mapping[str, object]) -> tuple[RecommendationRow, ...]:
    found = public.get("recommendations")
    rows = []
    for rec in found if isinstance(found, list) else []:
        if not isinstance(rec, dict):
            continue
        packages = rec.get("packages")
        rows.append(
            RecommendationRow(
                ingredient=str(rec.get("ingredient", "")),
                name=str(rec.get("name", "")),
                quantity=_float(rec.get("quantity")),
                unit=str(rec.get("unit", "")),
                grams=_float(rec.get("grams")),
                reason=str(rec.get("reason", "")),
                nutrient=str(rec.get("nutrient", "")),
                packages=packages if isinstance(packages, int) else None,
                package_desc=str(rec.get("package_desc", "")),
            )
        )
    return tuple(rows)


def _texts(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def plan_view_from_public(
    public: Mapping[str, object], *, plan_id: int | None, created_at: datetime | None, days: int
) -> PlanView:
    today_text = public.get("today")
    try:
        today = date.fromisoformat(str(today_text)) if today_text else date.today()
    except ValueError:
        today = date.today()
    return PlanView(
        plan_id=plan_id,
        created_at=created_at,
        days=days,
        today=today,
        nutrients=_nutrient_rows(public),
        recommendations=_recommendation_rows(public),
        notes=_texts(public.get("notes")),
        defaults_used=_texts(public.get("defaults_used")),
        headline=str(public.get("headline") or ""),
    )


def plan_view(result: NutritionResult, created_at: datetime | None = None) -> PlanView:
    """The view of a plan the nutrition agent just returned (read through the same schema it stores)."""
    return plan_view_from_public(
        result.to_public(), plan_id=result.plan_id, created_at=created_at, days=result.days
    )


def plan_by_id(db: Database, plan_id: int) -> PlanView | None:
    """One stored plan (a past run's), read through the same schema as the latest."""
    with db.session() as s:
        plan = s.get(Plan, plan_id)
        if plan is None or plan.id is None:
            return None
        return plan_view_from_public(
            plan.result or {}, plan_id=plan.id, created_at=as_aware(plan.created_at), days=plan.days
        )


def latest_plan(db: Database) -> PlanView | None:
    with db.session() as s:
        plan = s.exec(select(Plan).order_by(col(Plan.created_at).desc(), col(Plan.id).desc())).first()
        if plan is None or plan.id is None:
            return None
        return plan_view_from_public(
            plan.result or {}, plan_id=plan.id, created_at=as_aware(plan.created_at), days=plan.days
        )
