"""Show or update your profile and food preferences. What you set here wins over imported values.
Targets you set with --target NUTRIENT=PER_DAY (e.g. protein_g=150) win over every computed rule.
--goal-rate sets how fast to lose or gain (kg a week, or lb a week when your units are US)."""

from __future__ import annotations

import argparse
import math
from typing import Any

from agents.context import CommandContext
from agents.errors import UserError


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sex", choices=["male", "female"])
    p.add_argument("--birth-date", metavar="YYYY-MM-DD")
    p.add_argument("--height-cm", type=float)
    p.add_argument("--weight-kg", type=float)
    p.add_argument("--goal", choices=["lose", "maintain", "gain"])
    p.add_argument(
        "--goal-rate",
        metavar="RATE|default",
        help="how fast to lose or gain, per week: kg/week, or lb/week when your units are US "
        "(Settings or the Health page); at most 1 %% of your weight and 1.0 kg (2.2 lb) a week to lose, "
        "0.5 kg (1.1 lb) to gain; 'default' goes back to 500 kcal a day to lose, 300 to gain",
    )
    p.add_argument("--activity", choices=["sedentary", "light", "moderate", "active", "very_active"])
    p.add_argument(
        "--diet", choices=["none", "vegan", "vegetarian", "pescatarian", "gluten-free", "lactose-free"]
    )
    p.add_argument("--allergy", action="append", metavar="NAME", help="repeatable; e.g. peanut, milk, soy")
    p.add_argument("--remove-allergy", action="append", metavar="NAME", help="repeatable")
    p.add_argument("--dislike", action="append", metavar="NAME", help="repeatable; an ingredient")
    p.add_argument("--remove-dislike", action="append", metavar="NAME", help="repeatable")
    p.add_argument(
        "--target", action="append", metavar="NUTRIENT=PER_DAY", help="repeatable; e.g. protein_g=150"
    )
    p.add_argument(
        "--clear-target", action="append", metavar="NUTRIENT", help="repeatable; back to the computed rule"
    )


def _goal_rate(text: str, units: str) -> float | None:
    """'0.25' in the user's units -> kg/week; 'default' -> None (back to the default pace)."""
    from agents.app import lb_to_kg

    if text.strip().lower() == "default":
        return None
    try:
        value = float(text)
    except ValueError:
        raise UserError(f"--goal-rate: {text!r} is not a number (or 'default')") from None
    if not math.isfinite(value) or value <= 0:
        raise UserError(f"--goal-rate: {text} must be more than 0 (or 'default')")
    return lb_to_kg(value) if units == "us" else value


def _rate_line(profile: dict[str, Any], units: str) -> str:
    from agents.app import Larder, format_rate

    rate = profile.get("goal_rate_kg_per_week")
    bounds = Larder.goal_rate_bounds(profile.get("goal"), None)
    if rate is not None:
        shown = format_rate(rate, units) + (
            " (set by you)" if bounds is not None else " (used for lose or gain)"
        )
    elif bounds is not None:
        shown = f"default (about {format_rate(bounds.default_kg_per_week, units)})"
    else:
        shown = "-"
    return f"  {'goal rate':<15} {shown}"


def _text(profile: dict[str, Any], changed: bool, units: str) -> str:
    """`profile`: ProfileView.to_public()."""
    user_set = set(profile["user_set"])
    lines = ["Profile updated." if changed else "Profile:"]
    for name in ("sex", "birth_date", "height_cm", "weight_kg", "goal", "activity_level", "diet"):
        value = profile[name]
        origin = " (set by you)" if name in user_set else " (imported)" if value is not None else ""
        shown = "-" if value is None else f"{value:.1f}" if isinstance(value, float) else value
        lines.append(f"  {name.replace('_', ' '):<15} {shown}{origin}")
        if name == "goal":
            lines.append(_rate_line(profile, units))
    lines.append(f"  {'allergies':<15} {', '.join(profile['allergies']) or '-'}")
    lines.append(f"  {'dislikes':<15} {', '.join(profile['dislikes']) or '-'}")
    for key, value in sorted(profile["target_overrides"].items()):
        lines.append(f"  target {key:<8} {value:g} per day (set by you)")
    return "\n".join(lines)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from agents.app import ProfileChanges, parse_target

    units = ctx.larder.units()
    rate = _goal_rate(args.goal_rate, units) if args.goal_rate is not None else None
    changes = ProfileChanges(
        sex=args.sex,
        birth_date=args.birth_date,
        height_cm=args.height_cm,
        weight_kg=args.weight_kg,
        goal=args.goal,
        activity_level=args.activity,
        diet=args.diet,
        add_allergies=tuple(args.allergy or ()),
        remove_allergies=tuple(args.remove_allergy or ()),
        add_dislikes=tuple(args.dislike or ()),
        remove_dislikes=tuple(args.remove_dislike or ()),
        set_targets=dict(parse_target(t) for t in args.target or ()),
        clear_targets=tuple(args.clear_target or ()),
        goal_rate_kg_per_week=rate,
        clear_goal_rate=args.goal_rate is not None and rate is None,
    )
    changed = not changes.is_empty()
    profile = ctx.larder.update_profile(changes).to_public()
    ctx.emit({"profile": profile, "changed": changed, "units": units}, lambda: _text(profile, changed, units))
    return 0
