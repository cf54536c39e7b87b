"""Reads what the nutrition core needs from the database: profile, reconciled days, inventory, overrides."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from agents.errors import UserError
from agents.nutrition.inputs import HealthDay, PriceQuote, ProfileData, SupplyItem
from agents.nutrition.preferences import allergen_for
from data.models import InventoryItem, Profile, ReconciledDay, TargetOverride

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
    supply: list[SupplyItem] = []
    unmapped: list[str] = []
    for item in items:
        if not item.ingredient_id:
            unmapped.append(item.name or f"item {item.id}")
            continue
        supply.append(
            SupplyItem(
                ingredient_id=item.ingredient_id,
                quantity=item.quantity,
                unit=item.unit,
                added=_local_day(item.added_at),
                expires=_local_day(item.expires_at),
                not_for_eating=item.not_for_eating,
                name=item.name,
                item_id=item.id,
            )
        )
    if unmapped:
        notes += (f"not counted (no ingredient mapped): {', '.join(unmapped[:5])}",)
    overrides = {o.nutrient: float(o.per_day) for o in session.exec(select(TargetOverride)).all()}
    return StoredState(profile, health, tuple(supply), overrides, offline_prices(), notes)


def offline_prices() -> Mapping[str, PriceQuote]:
    """The offline catalog's indicative prices, so ranking weighs cost as well as energy."""
    from agents.cart.catalog import CatalogError, indicative_price_per_kg

    try:
        return {
            ingredient: PriceQuote(per_kg=per_kg) for ingredient, per_kg in indicative_price_per_kg().items()
        }
    except CatalogError:
        return {}
