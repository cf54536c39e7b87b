"""Daily targets and limits per nutrient, each with the rule and the numbers that produced it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from agents.nutrition import dri
from agents.nutrition.energy import Activity, EnergyNeed, activity_class, energy_need
from agents.nutrition.inputs import HealthDay
from agents.nutrition.nutrients import BY_KEY, fmt_amount, unit
from agents.nutrition.person import Person
from agents.nutrition.result import Target

FAT_SHARE_PCT = 30.0  # inside the 20-35 % AMDR, leaving room for carbohydrate


@dataclass(frozen=True)
class TargetSet:
    targets: dict[str, Target]
    energy: EnergyNeed
    activity: Activity
    notes: tuple[str, ...]
    assumed: tuple[str, ...]


def protein_per_kg(klass: str, goal: str, age: int) -> tuple[float, str]:
    """g protein per kg body weight per day, by activity class and goal (anchors doc 4.2)."""
    if goal == "lose":
        if klass == "low":
            return 1.2, "energy deficit without training: 1.2 g/kg to keep lean mass"
        return 2.0, "energy deficit with training: 2.0 g/kg (1.6-2.2, ISSN 2017; Morton 2018)"
    if klass == "high":
        base, why = 1.8, "high activity: 1.8 g/kg (1.6-2.0, ISSN 2017)"
    elif klass == "moderate":
        base, why = 1.4, "regular exercise: 1.4 g/kg (1.2-1.6, ACSM/AND/DC 2016)"
    elif age >= 65:
        base, why = 1.0, "age 65+: 1.0 g/kg (PROT-AGE 2013)"
    else:
        base, why = dri.PROTEIN_RDA_G_PER_KG, "sedentary: RDA 0.8 g/kg (NASEM 2002/2005)"
    if goal == "gain" and base < 1.8:
        return 1.8, "muscle gain: 1.8 g/kg (1.6-2.2, Morton 2018)"
    return base, why


def _target(key: str, per_day: float, days: int, rule: str, **extra: object) -> Target:
    return Target(
        nutrient=key,
        per_day=per_day,
        horizon_total=per_day * days,
        unit=unit(key),
        rule=rule,
        **extra,  # type: ignore[arg-type]
    )


def _override(computed: Target, overrides: Mapping[str, float], days: int) -> Target:
    if computed.nutrient not in overrides:
        return computed
    value = float(overrides[computed.nutrient])
    return Target(
        nutrient=computed.nutrient,
        per_day=value,
        horizon_total=value * days,
        unit=computed.unit,
        rule=f"set by you: {fmt_amount(value, computed.unit)}/day (the computed rule gave "
        f"{fmt_amount(computed.per_day, computed.unit)}/day: {computed.rule})",
        is_override=True,
        kind=computed.kind,
        low=computed.low,
        high=computed.high,
    )


def compute_targets(
    person: Person,
    health_days: tuple[HealthDay, ...],
    overrides: Mapping[str, float],
    days: int,
    today: date,
) -> TargetSet:
    notes: list[str] = []
    need = energy_need(person, health_days, today)
    activity = activity_class(person, health_days, today)
    out: dict[str, Target] = {}

    def put(target: Target) -> Target:
        final = _override(target, overrides, days)
        out[final.nutrient] = final
        return final

    energy = put(_target("energy_kcal", need.per_day, days, need.rule)).per_day

    g_per_kg, why = protein_per_kg(activity.klass, person.goal, person.age)
    protein = g_per_kg * person.weight_kg
    p_low, p_high = (pct / 100 * energy / dri.KCAL_PER_G_PROTEIN for pct in dri.AMDR_PROTEIN_PCT)
    rule = f"{why}; {activity.rule}; {g_per_kg:g} g/kg x {person.weight_kg:.1f} kg = {protein:,.0f} g"
    if protein > p_high:
        protein = p_high
        rule += f"; capped at 35 % of energy: {protein:,.0f} g"
    elif protein < p_low:
        protein = p_low
        rule += f"; raised to 10 % of energy: {protein:,.0f} g"
    protein = put(_target("protein_g", protein, days, rule, low=p_low, high=p_high)).per_day

    f_low, f_high = (pct / 100 * energy / dri.KCAL_PER_G_FAT for pct in dri.AMDR_FAT_PCT)
    fat = FAT_SHARE_PCT / 100 * energy / dri.KCAL_PER_G_FAT
    rule = (
        f"{FAT_SHARE_PCT:g} % of {energy:,.0f} kcal / 9 kcal per g = {fat:,.0f} g "
        f"(AMDR 20-35 %: {f_low:,.0f}-{f_high:,.0f} g)"
    )
    fat = put(_target("fat_g", fat, days, rule, low=f_low, high=f_high)).per_day

    c_low, c_high = (pct / 100 * energy / dri.KCAL_PER_G_CARBOHYDRATE for pct in dri.AMDR_CARBOHYDRATE_PCT)
    carbs = (
        energy - protein * dri.KCAL_PER_G_PROTEIN - fat * dri.KCAL_PER_G_FAT
    ) / dri.KCAL_PER_G_CARBOHYDRATE
    rule = (
        f"energy left after protein and fat: ({energy:,.0f} - 4 x {protein:,.0f} - 9 x {fat:,.0f}) / 4 "
        f"= {carbs:,.0f} g (AMDR 45-65 %: {c_low:,.0f}-{c_high:,.0f} g)"
    )
    floor = max(c_low, dri.CARBOHYDRATE_RDA_G)
    if carbs < floor:
        carbs = floor
        rule += f"; raised to {carbs:,.0f} g"
    elif carbs > c_high:
        carbs = c_high
        rule += f"; capped at {carbs:,.0f} g"
    put(_target("carbs_g", carbs, days, rule, low=c_low, high=c_high))

    fiber = dri.FIBER_G_PER_1000_KCAL * energy / 1000
    put(
        _target(
            "fiber_g",
            fiber,
            days,
            f"14 g per 1,000 kcal x {energy:,.0f} kcal = {fiber:,.1f} g (NASEM AI basis)",
        )
    )

    sat = dri.SATURATED_FAT_MAX_PCT / 100 * energy / dri.KCAL_PER_G_FAT
    put(
        _target(
            "saturated_fat_g",
            sat,
            days,
            f"limit: under 10 % of {energy:,.0f} kcal / 9 kcal per g = {sat:,.0f} g (DGA 2020-2025)",
            kind="limit",
        )
    )
    sugars = dri.ADDED_SUGARS_MAX_PCT / 100 * energy / dri.KCAL_PER_G_CARBOHYDRATE
    put(
        _target(
            "sugars_g",
            sugars,
            days,
            f"limit: added sugars under 10 % of {energy:,.0f} kcal / 4 kcal per g = {sugars:,.0f} g (DGA 2020-2025); "
            "checked against total sugars, since food data has no added-sugar split",
            kind="limit",
        )
    )
    put(
        _target(
            "sodium_mg",
            dri.SODIUM_CDRR_MG,
            days,
            f"limit: reduce intake above {dri.SODIUM_CDRR_MG:,.0f} mg/day (CDRR; AI {dri.SODIUM_AI_MG:,.0f} mg), "
            "NASEM 2019",
            kind="limit",
        )
    )
    band = dri.band_label(person.age)
    for row in dri.MICRONUTRIENTS:
        value = row.value(person.sex, person.age)
        put(
            _target(
                row.nutrient,
                value,
                days,
                f"{row.kind} for {person.sex}s {band} y: {fmt_amount(value, unit(row.nutrient))} ({row.source})",
            )
        )

    for key in overrides:
        if key not in BY_KEY:
            notes.append(f"override for unknown nutrient '{key}' ignored")
    return TargetSet(out, need, activity, tuple(notes) + need.notes, need.assumed)
