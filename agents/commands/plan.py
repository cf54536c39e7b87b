"""Targets for the planning horizon, what the fridge supplies, deficits and recommendations.
Flags given here apply to this run only; `larder profile` stores them."""

from __future__ import annotations

import argparse

from agents.context import CommandContext
from agents.nutrition.nutrients import fmt_amount, fmt_difference, label
from agents.nutrition.result import NutritionResult, Recommendation
from agents.nutrition.service import plan_from_database

CART_NOTE = "cart step: run `larder cart` to turn these recommendations into a priced draft order"


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of days, got {text!r}") from None
    if not 1 <= value <= 366:
        raise argparse.ArgumentTypeError(f"days must be between 1 and 366, got {value}")
    return value


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--days", type=positive_int, default=7, help="planning horizon in days (default 7)")
    p.add_argument("--nutrition-only", action="store_true", help="run only the nutrition agent")
    p.add_argument(
        "--diet", choices=["none", "vegan", "vegetarian", "pescatarian", "gluten-free", "lactose-free"]
    )
    p.add_argument("--allergy", action="append", metavar="NAME")
    p.add_argument("--dislike", action="append", metavar="NAME")
    p.add_argument(
        "--no-save",
        action="store_true",
        help="do not store this plan (the window shows the latest stored one; `larder cart` plans afresh)",
    )


def render(result: NutritionResult) -> str:
    lines = [f"Plan for {result.days} days from {result.today.isoformat()}", "", "Targets (per day):"]
    for key, t in result.targets.items():
        mark = " [yours]" if t.is_override else " [limit]" if t.kind == "limit" else ""
        lines.append(f"  {label(key):<14} {fmt_amount(t.per_day, t.unit):>12}{mark}  {t.rule}")
    lines += ["", f"The fridge supplies ({len(result.supply_lines)} items counted):"]
    for line in result.supply_lines:
        lines.append(f"  {line.name:<40} {line.counted_grams:8.0f} g  {line.note}")
    lines += ["", f"Deficits over {result.days} days (> 0 short):"]
    for key, d in result.deficits.items():
        flag = "" if d.significant else "  (within noise)"
        # A target's gap at the precision the recommendation reasons print it (target - supply as shown).
        gap = fmt_difference(d.target, d.supply, d.unit)[2] if result.targets[key].kind == "target" else None
        lines.append(f"  {label(key):<14} {gap or fmt_amount(d.value, d.unit):>12}  {d.status}{flag}")
    lines += ["", "Recommendations:"]
    if not result.recommendations:
        lines.append("  none")
    for i, rec in enumerate(result.recommendations, start=1):
        lines.append(f"  {i}. {rec.name}: {_amount(rec)}")
        lines.append(f"     {rec.reason}")
    for text in result.defaults_used:
        lines.append(f"Assumed: {text}")
    for text in result.notes:
        lines.append(f"Note: {text}")
    return "\n".join(lines)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    result = plan_from_database(
        ctx.db,
        days=args.days,
        diet=args.diet,
        allergies=args.allergy,
        dislikes=args.dislike,
        save=not args.no_save,
    )
    data = result.to_public()
    text = render(result)
    if not args.nutrition_only:
        data["next_step"] = CART_NOTE
        text += "\n\n" + CART_NOTE.capitalize()
    ctx.emit(data, text)
    return 0


def _amount(rec: Recommendation) -> str:
    """'12 x container (170 g), 2.0 kg' or '450 g': what to buy, as a shopper reads it."""
    weight = f"{rec.grams / 1000:.1f} kg" if rec.grams >= 1000 else f"{rec.grams:.0f} g"
    if rec.packages:
        pack = (rec.package_desc or "package").removeprefix("1 ")
        return f"{rec.packages} x {pack}, {weight}"
    return weight
