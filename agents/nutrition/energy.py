"""Daily energy need: measured by a wearable when there is enough data, else Mifflin-St Jeor x activity."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date

from agents.nutrition.goal_rate import goal_adjustment
from agents.nutrition.inputs import HealthDay
from agents.nutrition.person import Person

MIN_MEASURED_DAYS = 7
RECENT_DAYS = 28
STALE_AFTER_DAYS = 60

# Physical activity level multipliers of BMR (the common Mifflin x PAL presets).
PAL: dict[str, float] = {
    "sedentary": 1.2,
    "light": 1.375,
    "moderate": 1.55,
    "active": 1.725,
    "very_active": 1.9,
}

# Step-defined activity (Tudor-Locke & Bassett, Sports Med 2004): lower bound of steps/day -> level.
STEP_LEVELS: tuple[tuple[float, str], ...] = (
    (12500, "very_active"),
    (10000, "active"),
    (7500, "moderate"),
    (5000, "light"),
    (0, "sedentary"),
)

# Activity class for protein: mean active energy < 300 kcal/day low, 300-700 moderate, > 700 high
# (anchors doc 4.2); steps map the same way (< 7500 low, < 12500 moderate, else high).
LEVEL_CLASS: dict[str, str] = {
    "sedentary": "low",
    "light": "low",
    "moderate": "moderate",
    "active": "moderate",
    "very_active": "high",
}
CLASS_RANK = {"low": 0, "moderate": 1, "high": 2}

FLOOR_KCAL = {"male": 1500.0, "female": 1200.0}
CLAMP_BMR = (1.1, 2.5)


@dataclass(frozen=True)
class EnergyNeed:
    per_day: float
    rule: str
    source: str  # wearable | mifflin
    bmr: float
    notes: tuple[str, ...] = ()
    assumed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Activity:
    klass: str  # low | moderate | high
    rule: str
    assumed: bool


def mifflin_st_jeor(sex: str, weight_kg: float, height_cm: float, age: int) -> float:
    """Resting energy, kcal/day (Mifflin et al. 1990): 10 W + 6.25 H - 5 A + 5 (men) or - 161 (women)."""
    return 10 * weight_kg + 6.25 * height_cm - 5 * age + (5 if sex == "male" else -161)


def usable_days(days: tuple[HealthDay, ...], today: date) -> list[HealthDay]:
    return sorted((d for d in days if not d.is_partial and d.day <= today), key=lambda d: d.day)


def day_total(day: HealthDay) -> float | None:
    if day.basal_kcal is not None and day.active_kcal is not None:
        return day.basal_kcal + day.active_kcal
    return day.total_kcal


def _recent(values: list[tuple[date, float]]) -> list[tuple[date, float]]:
    return values[-RECENT_DAYS:]


def steps_level(days: tuple[HealthDay, ...], today: date) -> tuple[str, float, int] | None:
    steps = _recent([(d.day, d.steps) for d in usable_days(days, today) if d.steps is not None])
    if len(steps) < MIN_MEASURED_DAYS:
        return None
    median = float(statistics.median(v for _d, v in steps))
    level = next(name for low, name in STEP_LEVELS if median >= low)
    return level, median, len(steps)


def activity_class(person: Person, days: tuple[HealthDay, ...], today: date) -> Activity:
    """How active the person is, for the protein tier: measured when possible, else their chosen level."""
    found: list[tuple[str, str]] = []
    active = _recent([(d.day, d.active_kcal) for d in usable_days(days, today) if d.active_kcal is not None])
    if len(active) >= MIN_MEASURED_DAYS:
        median = float(statistics.median(v for _d, v in active))
        klass = "low" if median < 300 else "moderate" if median <= 700 else "high"
        found.append((klass, f"median active energy {median:,.0f} kcal/day over {len(active)} days"))
    by_steps = steps_level(days, today)
    if by_steps is not None:
        level, median, n = by_steps
        klass = "low" if median < 7500 else "moderate" if median < 12500 else "high"
        found.append((klass, f"median {median:,.0f} steps/day over {n} days"))
    if found:
        klass, why = max(found, key=lambda item: CLASS_RANK[item[0]])
        return Activity(klass, why, assumed=False)
    if person.activity_level in LEVEL_CLASS:
        level = person.activity_level
        return Activity(LEVEL_CLASS[level], f"activity level '{level}' from your profile", assumed=False)
    return Activity("low", "no activity data or level: assumed sedentary", assumed=True)


def energy_need(person: Person, days: tuple[HealthDay, ...], today: date) -> EnergyNeed:
    bmr = mifflin_st_jeor(person.sex, person.weight_kg, person.height_cm, person.age)
    bmr_text = (
        f"Mifflin-St Jeor BMR 10 x {person.weight_kg:g} kg + 6.25 x {person.height_cm:g} cm - 5 x {person.age} y "
        f"{'+ 5' if person.sex == 'male' else '- 161'} = {bmr:,.0f} kcal"
    )
    notes: list[str] = []
    assumed: list[str] = []
    measured = [(d.day, t) for d in usable_days(days, today) if (t := day_total(d)) is not None]
    if len(measured) >= MIN_MEASURED_DAYS:
        recent = _recent(measured)
        tdee = float(statistics.median(v for _d, v in recent))
        first, last = recent[0][0], recent[-1][0]
        base = (
            f"median of basal + active energy over the last {len(recent)} complete days "
            f"({first.isoformat()} to {last.isoformat()}): {tdee:,.0f} kcal/day"
        )
        if person.measured_body:
            low, high = CLAMP_BMR[0] * bmr, CLAMP_BMR[1] * bmr
            if not low <= tdee <= high:
                clamped = min(max(tdee, low), high)
                notes.append(
                    f"measured energy {tdee:,.0f} kcal/day is outside {CLAMP_BMR[0]}-{CLAMP_BMR[1]} x BMR; "
                    f"used {clamped:,.0f}"
                )
                base += f", clamped to {clamped:,.0f} ({CLAMP_BMR[0]}-{CLAMP_BMR[1]} x {bmr_text})"
                tdee = clamped
        if (today - last).days > STALE_AFTER_DAYS:
            notes.append(
                f"the newest wearable day is {last.isoformat()} ({(today - last).days} days ago): "
                "import a newer export for a current energy target"
            )
        source = "wearable"
    else:
        by_steps = steps_level(days, today)
        if person.activity_level in PAL:
            level = person.activity_level
            why = f"activity level '{level}' from your profile"
        elif by_steps is not None:
            level, median, n = by_steps
            why = f"median {median:,.0f} steps/day over {n} days -> {level}"
        else:
            level = "sedentary"
            why = "no activity data or level"
            assumed.append("no activity data or level: assumed sedentary (PAL 1.2)")
        tdee = bmr * PAL[level]
        have = f"only {len(measured)} days of wearable energy" if measured else "no wearable energy data"
        base = f"{have}, so {bmr_text}; x PAL {PAL[level]} ({why}) = {tdee:,.0f} kcal/day"
        source = "mifflin"
    delta, goal_text = goal_adjustment(person.goal, tdee, person.goal_rate_kg_per_week, person.weight_kg)
    per_day = tdee + delta
    rule = f"{base}; {goal_text}"
    floor = FLOOR_KCAL.get(person.sex, 1500.0)
    if delta < 0 and per_day < floor:
        per_day = floor
        rule += f"; raised to the {floor:,.0f} kcal/day floor"
    if delta:
        rule += f" -> {per_day:,.0f} kcal/day"
    return EnergyNeed(per_day, rule, source, bmr, tuple(notes), tuple(assumed))
