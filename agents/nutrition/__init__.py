"""Nutrition agent: targets, supply from the fridge, deficits and explained recommendations.

`plan_nutrition(NutritionInputs) -> NutritionResult` is the pure core; `plan_from_database(db, ...)`
reads the stored profile, wearable days, inventory and overrides and calls it.
"""

from agents.nutrition.core import plan_nutrition
from agents.nutrition.inputs import HealthDay, NutritionInputs, PriceQuote, ProfileData, SupplyItem
from agents.nutrition.result import Deficit, NutritionResult, Recommendation, SupplyLine, Target
from agents.nutrition.service import plan_from_database

__all__ = [
    "Deficit",
    "HealthDay",
    "NutritionInputs",
    "NutritionResult",
    "PriceQuote",
    "ProfileData",
    "Recommendation",
    "SupplyItem",
    "SupplyLine",
    "Target",
    "plan_from_database",
    "plan_nutrition",
]
