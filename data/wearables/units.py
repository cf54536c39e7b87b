"""Unit conversions for the values wearable exports write: energy, mass, length and distance."""

from __future__ import annotations

from data.errors import ImportFormatError

KJ_PER_KCAL = 4.184
KG_PER_LB = 0.45359237
KG_PER_STONE = 6.35029318

# Apple writes "Cal" for kilocalories; "cal" is HealthKit's small calorie.
_ENERGY_TO_KCAL = {"kcal": 1.0, "Cal": 1.0, "kJ": 1 / KJ_PER_KCAL, "cal": 0.001, "J": 0.001 / KJ_PER_KCAL}
_MASS_TO_KG = {
    "kg": 1.0,
    "g": 0.001,
    "lb": KG_PER_LB,
    "lbs": KG_PER_LB,
    "st": KG_PER_STONE,
    "oz": KG_PER_LB / 16,
}
_LENGTH_TO_M = {
    "m": 1.0,
    "cm": 0.01,
    "mm": 0.001,
    "km": 1000.0,
    "ft": 0.3048,
    "in": 0.0254,
    "mi": 1609.344,
    "yd": 0.9144,
}


def _factor(table: dict[str, float], unit: str, what: str) -> float:
    try:
        return table[unit.strip()]
    except KeyError:
        raise ImportFormatError(f"unknown {what} unit {unit!r}") from None


def energy_factor(unit: str) -> float:
    """Multiply a value in `unit` by this to get kcal."""
    return _factor(_ENERGY_TO_KCAL, unit, "energy")


def mass_factor(unit: str) -> float:
    """Multiply a value in `unit` by this to get kg."""
    return _factor(_MASS_TO_KG, unit, "mass")


def length_factor(unit: str) -> float:
    """Multiply a value in `unit` by this to get metres."""
    return _factor(_LENGTH_TO_M, unit, "length")


def to_kcal(value: float, unit: str) -> float:
    return value * energy_factor(unit)


def to_kg(value: float, unit: str) -> float:
    return value * mass_factor(unit)


def to_cm(value: float, unit: str) -> float:
    return value * length_factor(unit) * 100.0


def feet_inches_to_cm(feet: float, inches: float = 0.0) -> float:
    return (feet * 12.0 + inches) * 2.54


def stone_pounds_to_kg(stone: float, pounds: float = 0.0) -> float:
    return stone * KG_PER_STONE + pounds * KG_PER_LB
