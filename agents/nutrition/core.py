"""The nutrition agent's pure core: inputs in, a result out, no database and no files."""

from __future__ import annotations

from agents.nutrition.conclusions import headline, limit_reports, maybe_effect, maybe_summary
from agents.nutrition.deficits import compute_deficits
from agents.nutrition.inputs import NutritionInputs
from agents.nutrition.person import resolve_person
from agents.nutrition.preferences import diet_key
from agents.nutrition.recommend import recommend
from agents.nutrition.result import NutritionResult
from agents.nutrition.supply import compute_supply
from agents.nutrition.targets import compute_targets
from data.taxonomy import Taxonomy, load_taxonomy


def plan_nutrition(inputs: NutritionInputs, taxonomy: Taxonomy | None = None) -> NutritionResult:
    """Targets, fridge supply, deficits and recommendations for `inputs.days` days from `inputs.today`.

    `taxonomy` defaults to the packaged ingredient reference (read once and cached).
    """
    if inputs.days < 1:
        raise ValueError(f"days must be at least 1, got {inputs.days}")
    foods = taxonomy if taxonomy is not None else load_taxonomy()
    person = resolve_person(inputs.profile, inputs.health_days, inputs.today)
    target_set = compute_targets(person, inputs.health_days, inputs.overrides, inputs.days, inputs.today)
    supply = compute_supply(inputs.supply, foods, inputs.today, inputs.days)
    deficits = compute_deficits(target_set.targets, supply.totals)
    unmet: list[str] = []
    recommendations, ranked_by = recommend(
        target_set.targets,
        deficits,
        foods,
        days=inputs.days,
        diet=diet_key(person.diet),
        allergens=person.allergies,
        dislikes=person.dislikes,
        in_fridge_g=supply.grams_by_ingredient,
        prices=inputs.prices,
        max_items=inputs.max_recommendations,
        unmet=unmet,
    )
    limits = limit_reports(target_set.targets, deficits, supply.lines)
    effect = maybe_effect(target_set.targets, deficits, supply)
    notes = list(target_set.notes) + list(supply.skipped) + unmet + list(limits)
    if supply.maybe:
        notes.append(maybe_summary(supply.maybe))
        notes.append(effect)
    energy = deficits.get("energy_kcal")
    if recommendations and energy is not None and energy.value <= 0:
        notes.append(
            "energy: the fridge already covers the target; eat the recommended foods instead of part of it"
        )
    return NutritionResult(
        days=inputs.days,
        today=inputs.today,
        targets=target_set.targets,
        supply={k: supply.totals.get(k, 0.0) for k in target_set.targets},
        supply_lines=supply.lines,
        deficits=deficits,
        recommendations=recommendations,
        defaults_used=person.defaults_used + target_set.assumed,
        notes=tuple(notes),
        ranked_by=ranked_by,
        headline=headline(target_set.targets, deficits, recommendations, unmet, supply.maybe),
        maybe=supply.maybe,
        maybe_effect=effect if supply.maybe else "",
        limits=limits,
    )
