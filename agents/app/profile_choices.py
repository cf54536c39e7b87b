"""What the profile accepts, in one place, so the window can offer exactly the values the nutrition
agent understands (the CLI's `larder profile` choices) instead of free text it would refuse."""

from __future__ import annotations

from dataclasses import dataclass

from agents.nutrition.goal_rate import GOALS_WITH_RATE, default_kg_per_week, max_rate
from agents.nutrition.person import DEFAULT_WEIGHT_KG
from agents.nutrition.profile_store import RANGES
from data.taxonomy import ALLERGENS

SEXES: tuple[tuple[str, str], ...] = (("male", "Male"), ("female", "Female"))
GOALS: tuple[tuple[str, str], ...] = (("lose", "Lose"), ("maintain", "Maintain"), ("gain", "Gain"))
ACTIVITY_LEVELS: tuple[tuple[str, str], ...] = (
    ("sedentary", "Sedentary"),
    ("light", "Light"),
    ("moderate", "Moderate"),
    ("active", "Active"),
    ("very_active", "Very active"),
)
DIETS: tuple[tuple[str, str], ...] = (
    ("none", "No particular diet"),
    ("vegan", "Vegan"),
    ("vegetarian", "Vegetarian"),
    ("pescatarian", "Pescatarian"),
    ("gluten-free", "Gluten-free"),
    ("lactose-free", "Lactose-free"),
)


@dataclass(frozen=True)
class ProfileChoices:
    """(value, label) pairs per field; allergies are the taxonomy's allergens (what recipes are checked
    against); ranges are the (low, high) the profile store accepts, in kg and cm."""

    sexes: tuple[tuple[str, str], ...]
    goals: tuple[tuple[str, str], ...]
    activity_levels: tuple[tuple[str, str], ...]
    diets: tuple[tuple[str, str], ...]
    allergies: tuple[tuple[str, str], ...]
    height_cm: tuple[float, float]
    weight_kg: tuple[float, float]

    def label(self, field: str, value: str | None) -> str:
        pairs: tuple[tuple[str, str], ...] = getattr(self, field)
        return next((text for key, text in pairs if key == value), value or "")


@dataclass(frozen=True)
class GoalRateBounds:
    """The pace a lose/gain goal takes without a rate of its own, and the fastest safe one (kg/week)."""

    goal: str
    default_kg_per_week: float
    max_kg_per_week: float
    max_why: str  # "1 % of 62 kg body weight a week", "0.5 kg/week for gaining", ...


def goal_rate_bounds(goal: str | None, weight_kg: float | None) -> GoalRateBounds | None:
    if goal not in GOALS_WITH_RATE:
        return None
    # An unknown weight is the nutrition agent's assumed one, so the bound matches the next plan's.
    limit = max_rate(goal, weight_kg if weight_kg is not None else DEFAULT_WEIGHT_KG)
    return GoalRateBounds(goal, default_kg_per_week(goal) or 0.0, limit.kg_per_week, limit.why)


def profile_choices() -> ProfileChoices:
    return ProfileChoices(
        sexes=SEXES,
        goals=GOALS,
        activity_levels=ACTIVITY_LEVELS,
        diets=DIETS,
        allergies=tuple((a, a.replace("_", " ").capitalize()) for a in sorted(ALLERGENS)),
        height_cm=RANGES["height_cm"],
        weight_kg=RANGES["weight_kg"],
    )
