"""Reads what the nutrition core needs from the database: profile, reconciled days, inventory, overrides."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from agents.errors import UserError
from agents.nutrition.doubt import SURE_REVIEW_STATUSES
from agents.nutrition.inputs import HealthDay, PriceQuote, ProfileData, SupplyItem
from agents.nutrition.own_foods import linked_foods, own_key
from agents.nutrition.preferences import allergen_for
from agents.nutrition.prices import PriceSource
from data.models import Detection, InventoryEvent, InventoryItem, Profile, ReconciledDay, TargetOverride

# Only detections can be doubtful: items typed in or imported are what the person said is there.
DETECTED = "detected"
# Inventory changes a person made by hand (no scan behind them): after one of these the item is
# theirs, not the detector's. "updated" without a scan is a manual add of more of the same item.
USER_EVENTS = ("edited", "restored", "updated")

# Enough history for a 28-day median with room for partial days.
HEALTH_LOOKBACK_DAYS = 120


@dataclass(frozen=True)
class StoredState:
    profile: ProfileData
    health_days: tuple[HealthDay, ...]
    supply: tuple[SupplyItem, ...]
    overrides: Mapping[str, float]
    prices: Mapping[str, PriceQuote]
    notes: tuple[str, ...]


def profile_data(row: Profile | None) -> tuple[ProfileData, tuple[str, ...]]:
    if row is None:
        return ProfileData(), ()
    notes: list[str] = []
    allergens: set[str] = set()
    for word in row.allergies or []:
        try:
            allergens.add(allergen_for(str(word)))
        except UserError:
            notes.append(f"stored allergy {word!r} is not a known allergen and was ignored")
    return (
        ProfileData(
            sex=row.sex,
            birth_date=row.birth_date,
            height_cm=row.height_cm,
            weight_kg=row.weight_kg,
            goal=row.goal,
            activity_level=row.activity_level,
            diet=row.diet,
            allergies=frozenset(allergens),
            dislikes=frozenset(str(d) for d in row.dislikes or []),
            weight_is_user_set="weight_kg" in (row.user_set or []),
            goal_rate_kg_per_week=row.goal_rate_kg_per_week,
        ),
        tuple(notes),
    )


def _local_day(value: datetime | None) -> date | None:
    """The calendar day, in the person's time zone, of a stored (UTC) moment."""
    if value is None:
        return None
    if value.tzinfo is None:  # stored without an offset: UTC by the schema's rule
        value = value.replace(tzinfo=UTC)
    return value.astimezone().date()


def read_state(session: Session) -> StoredState:
    profile, notes = profile_data(session.get(Profile, 1))
    newest_first = col(ReconciledDay.day).desc()
    days = session.exec(select(ReconciledDay).order_by(newest_first).limit(HEALTH_LOOKBACK_DAYS)).all()
    health = tuple(
        HealthDay(
            day=d.day,
            active_kcal=d.active_kcal,
            basal_kcal=d.basal_kcal,
            total_kcal=d.total_kcal,
            steps=d.steps,
            weight_kg=d.weight_kg,
            is_partial=d.is_partial,
        )
        for d in reversed(days)
    )
    items = session.exec(select(InventoryItem).where(InventoryItem.status == "present")).all()
    detected = [item for item in items if item.source == DETECTED and item.id is not None]
    touched = user_touched(session, [item.id for item in detected if item.id is not None])
    vouched = reviewed_sure(session, {item.last_scan_id for item in detected if item.last_scan_id})
    supply: list[SupplyItem] = []
    unmapped: list[str] = []
    linked = linked_foods(session)  # the user's own items counted as an SR28 food they picked
    for item in items:
        own_food = None if item.ingredient_id else linked.get(own_key(item.name))
        ingredient_id = item.ingredient_id or (own_food.id if own_food is not None else None)
        if not ingredient_id:
            unmapped.append(item.name or f"item {item.id}")
            continue
        supply.append(
            SupplyItem(
                ingredient_id=ingredient_id,
                quantity=item.quantity,
                unit=item.unit,
                added=_local_day(item.added_at),
                expires=_local_day(item.expires_at),
                not_for_eating=item.not_for_eating,
                name=item.name,
                item_id=item.id,
                confidence=item.confidence if item.source == DETECTED else None,
                sure=item.source != DETECTED
                or item.id in touched
                or (item.last_scan_id, item.ingredient_id) in vouched,
                own_food=own_food,
            )
        )
    if unmapped:
        notes += (f"not counted (no ingredient mapped): {', '.join(unmapped[:5])}",)
    overrides = {o.nutrient: float(o.per_day) for o in session.exec(select(TargetOverride)).all()}
    return StoredState(profile, health, tuple(supply), overrides, {}, notes)


def user_touched(session: Session, item_ids: list[int]) -> set[int]:
    """Detected items a person has since edited, restored or reviewed by hand: they vouch for those."""
    if not item_ids:
        return set()
    by_hand = col(InventoryEvent.kind).in_(USER_EVENTS) & col(InventoryEvent.scan_id).is_(None)
    rows = session.exec(
        select(InventoryEvent.item_id).where(
            col(InventoryEvent.item_id).in_(item_ids),
            by_hand | col(InventoryEvent.review_id).is_not(None),
        )
    ).all()
    return set(rows)


def reviewed_sure(session: Session, scan_ids: set[int]) -> set[tuple[int, str | None]]:
    """(scan, ingredient) pairs whose detections the user confirmed, relabelled or drew on the Fridge
    page: the item that scan made of that ingredient is what the person said is there."""
    if not scan_ids:
        return set()
    rows = session.exec(
        select(Detection.scan_id, Detection.ingredient_id).where(
            col(Detection.scan_id).in_(scan_ids), col(Detection.status).in_(SURE_REVIEW_STATUSES)
        )
    ).all()
    return {(scan_id, ingredient) for scan_id, ingredient in rows}


def prices_from(source: PriceSource | None) -> Mapping[str, PriceQuote]:
    """The source's prices, so ranking weighs cost as well as energy; none without a source."""
    if source is None:
        return {}
    return dict(source.quotes())
