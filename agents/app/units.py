"""The units a person reads body measures in: metric (kg, cm) or US (lb, ft-in). Larder stores metric
only; these convert for display and back for input, so every page shows the same numbers."""

from __future__ import annotations

from typing import Literal

Units = Literal["metric", "us"]
UNITS_SETTING = "units"  # the settings key the choice is stored under
UNIT_SYSTEMS: dict[str, str] = {"metric": "Metric (kg, cm)", "us": "US (lb, ft-in)"}
DEFAULT_UNITS: Units = "metric"

KG_PER_LB = 0.45359237  # exact, by the 1959 international yard and pound agreement
CM_PER_INCH = 2.54  # exact, same agreement


def kg_to_lb(kg: float) -> float:
    return kg / KG_PER_LB


def lb_to_kg(lb: float) -> float:
    return lb * KG_PER_LB


def cm_to_ft_in(cm: float) -> tuple[int, float]:
    """180 cm -> (5, 10.9): whole feet and the inches left over (rounded to 0.1 in, never 12.0)."""
    inches = round(cm / CM_PER_INCH, 1)
    feet = int(inches // 12)
    return feet, round(inches - 12 * feet, 1)


def ft_in_to_cm(feet: float, inches: float) -> float:
    return (12 * feet + inches) * CM_PER_INCH


def format_weight(kg: float | None, units: str) -> str:
    if kg is None:
        return "—"
    return f"{kg_to_lb(kg):.1f} lb" if units == "us" else f"{kg:.1f} kg"


def format_height(cm: float | None, units: str) -> str:
    if cm is None:
        return "—"
    if units == "us":
        feet, inches = cm_to_ft_in(cm)
        return f"{feet} ft {inches:g} in"
    return f"{cm:g} cm"


def format_rate(kg_per_week: float | None, units: str) -> str:
    """A goal's pace: "0.25 kg/week" or "0.55 lb/week"; None is the default pace."""
    if kg_per_week is None:
        return "default"
    if units == "us":
        return f"{kg_to_lb(kg_per_week):.2f}".rstrip("0").rstrip(".") + " lb/week"
    return f"{kg_per_week:.2f}".rstrip("0").rstrip(".") + " kg/week"


def checked_units(value: object) -> Units:
    """A stored or typed choice as Units; anything else falls back to metric (an old or hand-edited
    setting must not break the window)."""
    return "us" if value == "us" else DEFAULT_UNITS
