"""How fast to move toward a lose or gain goal: the person's own rate (kg a week) or the default, the
safe bounds, and the daily energy change either one means.

The default is what Larder always applied (500 kcal a day to lose, at most 20 % of expenditure;
300 kcal to gain, at most 10 %), so a profile without a rate gets the plans it got before. A rate the
person chose becomes kcal by the usual rule of 7,700 kcal per kg of body weight, without the share
caps (the bounds below keep it safe, and the calorie floor in energy.py still applies)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from agents.errors import UserError

KCAL_PER_KG = 7700.0  # energy in a kg of body weight, the common rule of thumb (about 3,500 kcal per lb)
DAYS_PER_WEEK = 7

LOSE_KCAL = 500.0  # the default: about 0.45 kg a week
LOSE_MAX_SHARE = 0.20
GAIN_KCAL = 300.0  # the default: about 0.27 kg a week
GAIN_MAX_SHARE = 0.10

# Safe pace (the usual advice: lose at most about 1 % of body weight, and never more than 1 kg, a week;
# gain lean mass at most about 0.5 kg a week).
LOSE_MAX_KG_PER_WEEK = 1.0
LOSE_MAX_SHARE_OF_WEIGHT = 0.01
GAIN_MAX_KG_PER_WEEK = 0.5

GOALS_WITH_RATE = ("lose", "gain")
KG_PER_LB = 0.45359237  # refusals name both units: the CLI and the window take lb from US users


def format_kg(kg: float) -> str:
    """0.25 -> "0.25", 1.0 -> "1", 0.45359 -> "0.454" (a rate typed in lb keeps its precision)."""
    return f"{kg:.3f}".rstrip("0").rstrip(".")


def _both_units(kg_per_week: float) -> str:
    lb = f"{kg_per_week / KG_PER_LB:.2f}".rstrip("0").rstrip(".")
    return f"{format_kg(kg_per_week)} kg/week ({lb} lb)"


def kcal_per_day(kg_per_week: float) -> float:
    """0.25 kg a week -> 275 kcal a day."""
    return kg_per_week * KCAL_PER_KG / DAYS_PER_WEEK


def default_kg_per_week(goal: str) -> float | None:
    """The pace the default adjustment amounts to (before its share cap); None for maintain."""
    if goal == "lose":
        return LOSE_KCAL * DAYS_PER_WEEK / KCAL_PER_KG
    if goal == "gain":
        return GAIN_KCAL * DAYS_PER_WEEK / KCAL_PER_KG
    return None


@dataclass(frozen=True)
class RateLimit:
    kg_per_week: float
    why: str  # "1 % of 72 kg body weight a week" / "the usual ceiling for losing" / "... gaining"


def max_rate(goal: str, weight_kg: float | None) -> RateLimit:
    """The fastest safe pace for `goal` at `weight_kg` (None: unknown, only the absolute cap)."""
    if goal == "gain":
        return RateLimit(GAIN_MAX_KG_PER_WEEK, "the usual ceiling for gaining")
    if weight_kg is not None and LOSE_MAX_SHARE_OF_WEIGHT * weight_kg < LOSE_MAX_KG_PER_WEEK:
        share = LOSE_MAX_SHARE_OF_WEIGHT * weight_kg
        return RateLimit(share, f"1 % of {weight_kg:g} kg body weight a week")
    return RateLimit(LOSE_MAX_KG_PER_WEEK, "the usual ceiling for losing")


def checked_rate(rate_kg_per_week: float, goal: str | None, weight_kg: float | None) -> float:
    """The rate when it is a safe pace for `goal`; a UserError (one line, in kg) otherwise."""
    if not math.isfinite(rate_kg_per_week) or rate_kg_per_week <= 0:
        raise UserError(f"goal rate {rate_kg_per_week:g} kg/week: must be more than 0")
    if goal not in GOALS_WITH_RATE:
        raise UserError(f"goal rate: only a lose or gain goal has a rate (the goal is {goal or 'not set'})")
    limit = max_rate(goal, weight_kg)
    # A hair of tolerance: 1.1 lb typed in the window is 0.49895 kg, and the limit itself must pass.
    if rate_kg_per_week > limit.kg_per_week + 1e-9:
        raise UserError(
            f"goal rate {_both_units(rate_kg_per_week)} is faster than is safe to {goal}: "
            f"at most {_both_units(limit.kg_per_week)}, {limit.why}"
        )
    return rate_kg_per_week


def goal_adjustment(
    goal: str, tdee: float, rate_kg_per_week: float | None = None, weight_kg: float | None = None
) -> tuple[float, str]:
    """The signed kcal/day change for `goal` and the words for it; whole kcal, so "expenditure +/-
    adjustment -> target" in the rule adds up as printed. Never contains "; " (the window splits the
    energy rule there)."""
    if goal not in GOALS_WITH_RATE:
        return 0.0, "goal maintain: no adjustment"
    sign = -1.0 if goal == "lose" else 1.0
    mark = "-" if goal == "lose" else "+"
    if rate_kg_per_week is None:
        default_kcal, share = (LOSE_KCAL, LOSE_MAX_SHARE) if goal == "lose" else (GAIN_KCAL, GAIN_MAX_SHARE)
        kcal = float(round(min(default_kcal, share * tdee)))
        pace = default_kg_per_week(goal) or 0.0
        return sign * kcal, (
            f"goal {goal}: {mark}{kcal:,.0f} kcal/day (the default {default_kcal:,.0f} kcal, about "
            f"{pace:.2f} kg/week, at most {share * 100:.0f} % of expenditure)"
        )
    limit = max_rate(goal, weight_kg)
    rate = rate_kg_per_week
    capped = ""
    if rate > limit.kg_per_week + 1e-9:  # the weight went down since the rate was set
        capped = f", your {format_kg(rate)} kg/week capped: {limit.why}"
        rate = limit.kg_per_week
    kcal = float(round(kcal_per_day(rate)))
    return sign * kcal, (
        f"goal {goal} at {format_kg(rate)} kg/week: {mark}{kcal:,.0f} kcal/day "
        f"({format_kg(rate)} x {KCAL_PER_KG:,.0f} kcal per kg / {DAYS_PER_WEEK} days{capped})"
    )
