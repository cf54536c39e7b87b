"""The nutrients Larder tracks: keys (unit in the name), display names and units."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NutrientInfo:
    key: str
    label: str
    unit: str  # kcal | g | mg | ug


NUTRIENTS: tuple[NutrientInfo, ...] = (
    NutrientInfo("energy_kcal", "Energy", "kcal"),
    NutrientInfo("protein_g", "Protein", "g"),
    NutrientInfo("fat_g", "Fat", "g"),
    NutrientInfo("saturated_fat_g", "Saturated fat", "g"),
    NutrientInfo("carbs_g", "Carbohydrate", "g"),
    NutrientInfo("sugars_g", "Sugars", "g"),
    NutrientInfo("fiber_g", "Fiber", "g"),
    NutrientInfo("sodium_mg", "Sodium", "mg"),
    NutrientInfo("calcium_mg", "Calcium", "mg"),
    NutrientInfo("iron_mg", "Iron", "mg"),
    NutrientInfo("magnesium_mg", "Magnesium", "mg"),
    NutrientInfo("potassium_mg", "Potassium", "mg"),
    NutrientInfo("zinc_mg", "Zinc", "mg"),
    NutrientInfo("vitamin_a_ug", "Vitamin A", "ug"),
    NutrientInfo("vitamin_c_mg", "Vitamin C", "mg"),
    NutrientInfo("vitamin_d_ug", "Vitamin D", "ug"),
    NutrientInfo("vitamin_b12_ug", "Vitamin B12", "ug"),
    NutrientInfo("folate_ug", "Folate", "ug"),
)

BY_KEY: dict[str, NutrientInfo] = {n.key: n for n in NUTRIENTS}
KEYS: tuple[str, ...] = tuple(n.key for n in NUTRIENTS)


def label(key: str) -> str:
    return BY_KEY[key].label if key in BY_KEY else key


def unit(key: str) -> str:
    return BY_KEY[key].unit if key in BY_KEY else ""


def fmt_amount(value: float, unit_name: str) -> str:
    """'1,120 g', '2.4 ug', '3.5 kg' style: whole numbers above 100, one decimal below."""
    if unit_name == "g" and abs(value) >= 10000:
        return f"{value / 1000:,.1f} kg"
    if abs(value) >= 100:
        return f"{value:,.0f} {unit_name}"
    if abs(value) >= 10:
        return f"{value:,.0f} {unit_name}" if float(value).is_integer() else f"{value:,.1f} {unit_name}"
    return f"{value:,.2g} {unit_name}" if abs(value) < 1 else f"{value:,.1f} {unit_name}"


def _precision(reference: float, unit_name: str) -> tuple[float, str, int]:
    """(divisor, unit shown, decimals) that fmt_amount would use for `reference`."""
    if unit_name == "g" and abs(reference) >= 10000:
        return 1000.0, "kg", 1
    return 1.0, unit_name, 0 if abs(reference) >= 100 else 1 if abs(reference) >= 1 else 2


def fmt_like(value: float, reference: float, unit_name: str) -> str:
    """`value` written at the precision fmt_amount uses for `reference`."""
    scale, shown, decimals = _precision(reference, unit_name)
    return f"{round(value / scale, decimals) + 0.0:,.{decimals}f} {shown}"


def fmt_difference(total: float, part: float, unit_name: str) -> tuple[str, str, str]:
    """total, part and total - part written at one precision, the difference taken from the rounded
    numbers, so the three figures a person reads add up exactly."""
    scale, shown, decimals = _precision(total, unit_name)
    t, p = round(total / scale, decimals), round(part / scale, decimals)

    def text(v: float) -> str:
        return f"{v + 0.0:,.{decimals}f} {shown}"  # + 0.0 turns -0.0 into 0.0

    return text(t), text(p), text(round(t - p, decimals))
