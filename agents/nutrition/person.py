"""The person the targets are for: the stored profile with every gap filled by a stated default."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date

from agents.nutrition.inputs import HealthDay, ProfileData

DEFAULT_SEX = "male"
DEFAULT_AGE = 35
DEFAULT_HEIGHT_CM = 175.0
DEFAULT_WEIGHT_KG = 75.0
DEFAULT_GOAL = "maintain"

# Weigh-ins from the last days of wearable data count when the user has not typed a weight.
RECENT_WEIGHINS = 7


@dataclass(frozen=True)
class Person:
    sex: str
    age: int
    height_cm: float
    weight_kg: float
    goal: str
    activity_level: str | None
    diet: str | None
    allergies: frozenset[str]
    dislikes: frozenset[str]
    defaults_used: tuple[str, ...]
    weight_source: str
    # True when sex, age, height and weight all came from the person (a BMR from them can be trusted).
    measured_body: bool
    goal_rate_kg_per_week: float | None = None  # None: the default pace (agents.nutrition.goal_rate)


def age_on(birth_date: date, today: date) -> int:
    years = today.year - birth_date.year
    if (today.month, today.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def latest_weight(days: tuple[HealthDay, ...], today: date) -> tuple[float, date] | None:
    """Median of the last few weigh-ins up to today (one scale reading is noisy), with the latest date."""
    weighed = sorted((d for d in days if d.weight_kg and d.day <= today), key=lambda d: d.day)
    if not weighed:
        return None
    recent = weighed[-RECENT_WEIGHINS:]
    return float(statistics.median(d.weight_kg for d in recent if d.weight_kg)), recent[-1].day


def resolve_person(profile: ProfileData, days: tuple[HealthDay, ...], today: date) -> Person:
    assumed: list[str] = []
    sex = profile.sex if profile.sex in ("male", "female") else None
    if profile.birth_date is not None:
        age: int | None = age_on(profile.birth_date, today)
    else:
        age = profile.age
    height = profile.height_cm
    weight = profile.weight_kg
    weight_source = "profile"
    measured = latest_weight(days, today)
    if measured is not None and not profile.weight_is_user_set:
        weight, when = measured
        weight_source = f"median of the last weigh-ins up to {when.isoformat()}"
    missing = []
    if sex is None:
        missing.append(DEFAULT_SEX)
        sex = DEFAULT_SEX
    if age is None:
        missing.append(f"{DEFAULT_AGE} y")
        age = DEFAULT_AGE
    if height is None:
        missing.append(f"{DEFAULT_HEIGHT_CM:.0f} cm")
        height = DEFAULT_HEIGHT_CM
    if weight is None:
        missing.append(f"{DEFAULT_WEIGHT_KG:.0f} kg")
        weight = DEFAULT_WEIGHT_KG
        weight_source = "default"
    if missing:
        complete = len(missing) == 4
        lead = "no profile" if complete else "profile incomplete"
        assumed.append(f"{lead}: assumed {', '.join(missing)} (set them with `larder profile`)")
    if age < 19:
        assumed.append(f"age {age}: adult (19-30) reference intakes used; they are not meant for under 19s")
    goal = profile.goal if profile.goal in ("lose", "maintain", "gain") else None
    if goal is None:
        assumed.append(f"no goal set: assumed {DEFAULT_GOAL}")
        goal = DEFAULT_GOAL
    return Person(
        sex=sex,
        age=age,
        height_cm=float(height),
        weight_kg=float(weight),
        goal=goal,
        activity_level=profile.activity_level,
        diet=profile.diet,
        allergies=profile.allergies,
        dislikes=profile.dislikes,
        defaults_used=tuple(assumed),
        weight_source=weight_source,
        measured_body=not missing,
        goal_rate_kg_per_week=profile.goal_rate_kg_per_week,
    )
