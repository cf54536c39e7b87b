"""What the profile accepts, in one place, so the window can offer exactly the values the nutrition
agent understands (the CLI's `larder profile` choices) instead of free text it would refuse."""

from __future__ import annotations

from dataclasses import dataclass

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
