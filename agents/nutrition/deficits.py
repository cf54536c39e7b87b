"""Deficits and surpluses per nutrient over the horizon, and which of them are more than noise."""

from __future__ import annotations

from collections.abc import Mapping

from agents.nutrition.result import Deficit, Target

# Fridge amounts are estimates (pieces guessed from photos, package sizes, SR28 averages): a gap under
# 10 % of the target is within that uncertainty and is not called significant.
NOISE_SHARE = 0.10

# How much closing each nutrient's gap matters when ordering deficits and recommendations. Protein
# and fiber are the gaps a fridge most often leaves and the ones food choices fix; energy, fat and
# carbohydrate are filled by whatever else is eaten, so they rank last.
IMPORTANCE: dict[str, float] = {
    "protein_g": 3.0,
    "fiber_g": 2.0,
    "potassium_mg": 1.2,
    "calcium_mg": 1.2,
    "vitamin_d_ug": 1.0,
    "iron_mg": 1.0,
    "magnesium_mg": 1.0,
    "folate_ug": 1.0,
    "vitamin_c_mg": 1.0,
    "vitamin_a_ug": 0.8,
    "zinc_mg": 0.8,
    "vitamin_b12_ug": 0.8,
    "energy_kcal": 0.5,
    "carbs_g": 0.3,
    "fat_g": 0.3,
}


def deficit_for(target: Target, supply: float) -> Deficit:
    total = target.horizon_total
    pct = 100.0 * supply / total if total > 0 else 0.0
    noise = NOISE_SHARE * total
    if target.kind == "limit":
        over = supply - total
        return Deficit(
            nutrient=target.nutrient,
            value=min(0.0, -over),
            unit=target.unit,
            target=total,
            supply=supply,
            significant=over > noise,
            status="over_limit" if over > 0 else "within_limit",
            percent_of_target=pct,
            priority=0.0,
        )
    gap = total - supply
    status = "ok" if abs(gap) < noise else "short" if gap > 0 else "surplus"
    share_short = min(1.0, max(0.0, gap / total)) if total > 0 else 0.0
    return Deficit(
        nutrient=target.nutrient,
        value=gap,
        unit=target.unit,
        target=total,
        supply=supply,
        significant=abs(gap) >= noise and total > 0,
        status=status,
        percent_of_target=pct,
        priority=IMPORTANCE.get(target.nutrient, 0.5) * share_short,
    )


def compute_deficits(targets: Mapping[str, Target], supply: Mapping[str, float]) -> dict[str, Deficit]:
    """All nutrients, largest weighted shortfall first (ties keep the targets' order)."""
    found = [deficit_for(t, supply.get(key, 0.0)) for key, t in targets.items()]
    order = {key: i for i, key in enumerate(targets)}
    found.sort(key=lambda d: (-d.priority, order[d.nutrient]))
    return {d.nutrient: d for d in found}
