"""What the nutrition core is given: plain frozen data, built by the reader or by a test by hand."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from data.taxonomy import Ingredient


@dataclass(frozen=True)
class ProfileData:
    """The person as stored; None means unknown (the core then assumes a default and says so)."""

    sex: str | None = None  # male | female
    birth_date: date | None = None
    age: int | None = None  # used when birth_date is unknown
    height_cm: float | None = None
    weight_kg: float | None = None
    goal: str | None = None  # lose | maintain | gain
    activity_level: str | None = None  # sedentary | light | moderate | active | very_active
    diet: str | None = None  # vegan | vegetarian | pescatarian | gluten-free | lactose-free
    allergies: frozenset[str] = frozenset()  # taxonomy allergen names (milk, peanuts, ...)
    dislikes: frozenset[str] = frozenset()  # ingredient ids or words matched against names
    weight_is_user_set: bool = False
    goal_rate_kg_per_week: float | None = None  # how fast to lose or gain; None: the default pace


@dataclass(frozen=True)
class HealthDay:
    """One reconciled day of wearable data."""

    day: date
    active_kcal: float | None = None
    basal_kcal: float | None = None
    total_kcal: float | None = None
    steps: float | None = None
    weight_kg: float | None = None
    is_partial: bool = False


@dataclass(frozen=True)
class SupplyItem:
    """One inventory item. Give grams, or quantity and unit (piece | g | ml)."""

    ingredient_id: str
    quantity: float = 1.0
    unit: str = "piece"
    grams: float | None = None
    added: date | None = None
    expires: date | None = None
    not_for_eating: bool = False
    name: str = ""
    item_id: int | None = None
    # The detector's confidence, for detected items; None for items a person typed in.
    confidence: float | None = None
    # A person added, edited or confirmed it. Unsure items of low confidence count as "maybe" only.
    sure: bool = True
    # An item of the user's own linked to a food (agents/nutrition/own_foods.py): the ingredient it is
    # counted as (a taxonomy row, or an SR28 food no row carries, id sr28:<NDB>), used instead of
    # looking ingredient_id up; its lines show the item's own name.
    own_food: Ingredient | None = None


@dataclass(frozen=True)
class PriceQuote:
    """A known price for an ingredient: per kg, or per package of package_g grams."""

    per_kg: float | None = None
    per_package: float | None = None
    package_g: float | None = None
    currency: str = "USD"

    def per_100g(self) -> float | None:
        if self.per_kg is not None and self.per_kg > 0:
            return self.per_kg / 10.0
        if self.per_package is not None and self.package_g and self.per_package > 0:
            return self.per_package / self.package_g * 100.0
        return None


def _frozen_map(values: Mapping[str, float] | None = None) -> Mapping[str, float]:
    return MappingProxyType(dict(values or {}))


@dataclass(frozen=True)
class NutritionInputs:
    profile: ProfileData = field(default_factory=ProfileData)
    health_days: tuple[HealthDay, ...] = ()
    supply: tuple[SupplyItem, ...] = ()
    overrides: Mapping[str, float] = field(default_factory=_frozen_map)  # nutrient key -> per-day value
    days: int = 7
    today: date = field(default_factory=date.today)
    prices: Mapping[str, PriceQuote] = field(default_factory=lambda: MappingProxyType({}))
    max_recommendations: int = 6
