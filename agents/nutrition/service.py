"""The nutrition agent over the database: read the stored state, run the pure core, optionally save."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date

from agents.nutrition.core import plan_nutrition
from agents.nutrition.inputs import NutritionInputs, PriceQuote
from agents.nutrition.preferences import allergens_for, diet_key, resolve_dislike
from agents.nutrition.prices import PriceSource, default_price_source
from agents.nutrition.reader import prices_from, read_state
from agents.nutrition.result import NutritionResult
from data.db import Database
from data.models import NutritionTarget, Plan
from data.models import Recommendation as RecommendationRow
from data.taxonomy import load_taxonomy


def plan_from_database(
    db: Database,
    *,
    days: int = 7,
    diet: str | None = None,
    allergies: Sequence[str] | None = None,
    dislikes: Sequence[str] | None = None,
    today: date | None = None,
    prices: Mapping[str, PriceQuote] | None = None,
    save: bool = False,
    price_source: PriceSource | None = None,
) -> NutritionResult:
    """Plan from what is stored. diet/allergies/dislikes apply to this run only: the diet replaces the
    stored one ('none' drops it), allergies and dislikes are added to the stored ones.

    Prices: `prices` if given, else `price_source`'s, else the registered default source's (the
    cart's offline catalog, see agents/nutrition/prices.py), else none (foods ranked by energy)."""
    taxonomy = load_taxonomy()
    extra_allergens = allergens_for(allergies or ())
    extra_dislikes = frozenset(resolve_dislike(d, taxonomy) for d in dislikes or ())
    run_diet = diet_key(diet) if diet is not None else None  # validates before any read
    with db.session() as session:
        state = read_state(session)
    profile = state.profile
    if diet is not None:
        profile = dataclasses.replace(profile, diet=None if run_diet is None else diet)
    profile = dataclasses.replace(
        profile,
        allergies=profile.allergies | extra_allergens,
        dislikes=profile.dislikes | extra_dislikes,
    )
    inputs = NutritionInputs(
        profile=profile,
        health_days=state.health_days,
        supply=state.supply,
        overrides=state.overrides,
        days=days,
        today=today or date.today(),
        prices=dict(prices or prices_from(price_source or default_price_source())),
    )
    result = plan_nutrition(inputs, taxonomy)
    if state.notes:
        result = dataclasses.replace(result, notes=state.notes + result.notes)
    if save:
        result = dataclasses.replace(result, plan_id=save_plan(db, result))
    return result


def save_plan(db: Database, result: NutritionResult) -> int:
    """Store the plan, its targets and its recommendations in one transaction; returns the plan id."""
    with db.session() as session:
        plan = Plan(days=result.days, result=result.to_public())
        session.add(plan)
        session.flush()
        assert plan.id is not None
        for target in result.targets.values():
            session.add(
                NutritionTarget(
                    plan_id=plan.id,
                    nutrient=target.nutrient,
                    per_day=target.per_day,
                    horizon_total=target.horizon_total,
                    unit=target.unit,
                    rule=target.rule,
                    is_override=target.is_override,
                )
            )
        for rank, rec in enumerate(result.recommendations, start=1):
            session.add(
                RecommendationRow(
                    plan_id=plan.id,
                    ingredient_id=rec.ingredient,
                    quantity=rec.quantity,
                    unit=rec.unit,
                    reason=rec.reason,
                    covers=dict(rec.covers),
                    rank=rank,
                )
            )
        plan.result = {**plan.result, "plan_id": plan.id}
        return plan.id
