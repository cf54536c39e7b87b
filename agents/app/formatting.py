"""How the core writes nutrient amounts and purchases for people: one wording for the CLI and the window.

Re-exported here so that callers of the front door (agents.commands, desktop) need no agents.nutrition
import to render a NutritionResult or a run's targets and deficits."""

from __future__ import annotations

from agents.nutrition.nutrients import fmt_amount, fmt_difference, label
from agents.nutrition.result import Recommendation

__all__ = ["fmt_amount", "fmt_difference", "label", "what_to_buy"]


def what_to_buy(rec: Recommendation) -> str:
    """'12 x container (170 g), 2.0 kg' or '450 g': what to buy, as a shopper reads it."""
    weight = f"{rec.grams / 1000:.1f} kg" if rec.grams >= 1000 else f"{rec.grams:.0f} g"
    if rec.packages:
        pack = (rec.package_desc or "package").removeprefix("1 ")
        return f"{rec.packages} x {pack}, {weight}"
    return weight
