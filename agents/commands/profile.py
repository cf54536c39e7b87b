"""Show or update your profile and food preferences. What you set here wins over imported values.
Targets you set with --target NUTRIENT=PER_DAY (e.g. protein_g=150) win over every computed rule."""

from __future__ import annotations

import argparse
from typing import Any

from agents.context import CommandContext


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sex", choices=["male", "female"])
    p.add_argument("--birth-date", metavar="YYYY-MM-DD")
    p.add_argument("--height-cm", type=float)
    p.add_argument("--weight-kg", type=float)
    p.add_argument("--goal", choices=["lose", "maintain", "gain"])
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


def _text(profile: dict[str, Any], changed: bool) -> str:
    """`profile`: ProfileView.to_public()."""
    user_set = set(profile["user_set"])
    lines = ["Profile updated." if changed else "Profile:"]
    for name in ("sex", "birth_date", "height_cm", "weight_kg", "goal", "activity_level", "diet"):
        value = profile[name]
        origin = " (set by you)" if name in user_set else " (imported)" if value is not None else ""
        shown = "-" if value is None else f"{value:.1f}" if isinstance(value, float) else value
        lines.append(f"  {name.replace('_', ' '):<15} {shown}{origin}")
    lines.append(f"  {'allergies':<15} {', '.join(profile['allergies']) or '-'}")
    lines.append(f"  {'dislikes':<15} {', '.join(profile['dislikes']) or '-'}")
    for key, value in sorted(profile["target_overrides"].items()):
        lines.append(f"  target {key:<8} {value:g} per day (set by you)")
    return "\n".join(lines)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from agents.app import ProfileChanges, parse_target

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
    )
    changed = not changes.is_empty()
    profile = ctx.larder.update_profile(changes).to_public()
    ctx.emit({"profile": profile, "changed": changed}, lambda: _text(profile, changed))
    return 0
