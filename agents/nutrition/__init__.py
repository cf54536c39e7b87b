"""Nutrition agent: targets, supply from the fridge, deficits and explained recommendations.

`plan_nutrition(NutritionInputs) -> NutritionResult` is the pure core; `plan_from_database(db, ...)`
reads the stored profile, wearable days, inventory and overrides and calls it. Prices come in through
`PriceSource` (agents/nutrition/prices.py), which the cart implements; this package never imports it.
"""

from agents.nutrition.core import plan_nutrition
from agents.nutrition.inputs import HealthDay, NutritionInputs, PriceQuote, ProfileData, SupplyItem
from agents.nutrition.prices import PriceSource, register_default_price_source
from agents.nutrition.result import Deficit, MaybeLine, NutritionResult, Recommendation, SupplyLine, Target
from agents.nutrition.service import plan_from_database

__all__ = [
    "Deficit",
    "HealthDay",
    "MaybeLine",
    "NutritionInputs",
    "NutritionResult",
    "PriceQuote",
    "PriceSource",
    "ProfileData",
    "Recommendation",
    "SupplyItem",
    "SupplyLine",
    "Target",
    "plan_from_database",
    "plan_nutrition",
    "register_default_price_source",
]
