"""The nutrition subagent: once vision and health are done, the stored state as it will be after this
run's scan and imports (staged in a transaction that is rolled back), through the pure nutrition core."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date

from agents.inventory.scanning import ScanResult
from agents.inventory.store import record_scan
from agents.nutrition.core import plan_nutrition
from agents.nutrition.inputs import NutritionInputs, PriceQuote, ProfileData
from agents.nutrition.nutrients import fmt_amount, label
from agents.nutrition.preferences import allergens_for, diet_key, resolve_dislike
from agents.nutrition.reader import read_state
from agents.nutrition.result import NutritionResult
from agents.orchestrator.graph import AgentContext, AgentFn, AgentOutput, Outcome
from agents.orchestrator.health import ParsedHealth
from agents.orchestrator.staging import SharedTransaction, transaction
from data.db import Database
from data.taxonomy import Taxonomy
from data.wearables.store import write_import


def stage_inputs(
    tx: SharedTransaction, scan: ScanResult | None, partial: bool, health: Sequence[ParsedHealth]
) -> None:
    """The run's own writes (also used, for real, when the run commits)."""
    if scan is not None:
        record_scan(tx, scan, save=True, partial=partial)
    for h in health:
        write_import(tx, list(h.parsed), path=h.path, fingerprint=h.fingerprint)


def nutrition_agent(
    db: Database,
    taxonomy: Taxonomy,
    *,
    days: int,
    diet: str | None,
    allergies: Sequence[str],
    dislikes: Sequence[str],
    scan_node: str | None,
    health_nodes: Sequence[str],
    prices_node: str | None = None,
    today: date | None = None,
) -> AgentFn:
    extra_allergens = allergens_for(allergies)  # validated before the run starts
    extra_dislikes = frozenset(resolve_dislike(d, taxonomy) for d in dislikes)
    run_diet = diet_key(diet) if diet is not None else None

    def run(ctx: AgentContext, deps: Mapping[str, Outcome]) -> AgentOutput:
        scan_outcome = deps.get(scan_node) if scan_node else None
        scan = scan_outcome.value if scan_outcome is not None and scan_outcome.ok else None
        partial = bool(scan_outcome and scan_outcome.problems)
        health = [deps[n].value for n in health_nodes if deps[n].ok]
        ctx.check()
        with transaction(db, commit=False) as tx:
            stage_inputs(tx, scan, partial, health)
            with tx.session() as s:
                state = read_state(s)
        ctx.check()
        profile = run_profile(state.profile, diet, run_diet, extra_allergens, extra_dislikes)
        inputs = NutritionInputs(
            profile=profile,
            health_days=state.health_days,
            supply=state.supply,
            overrides=state.overrides,
            days=days,
            today=today or date.today(),
            prices=_quotes(deps.get(prices_node) if prices_node else None, state.prices),
        )
        result = plan_nutrition(inputs, taxonomy)
        if state.notes:
            result = dataclasses.replace(result, notes=state.notes + result.notes)
        return AgentOutput(result, reasoning(result, len(state.health_days), len(state.supply)))

    return run


def run_profile(
    stored: ProfileData,
    diet: str | None,
    run_diet: str | None,
    allergens: frozenset[str],
    dislikes: frozenset[str],
) -> ProfileData:
    """The stored profile with this run's flags, as plan_from_database applies them: the diet replaces
    the stored one ('none' drops it), allergies and dislikes are added."""
    profile = stored
    if diet is not None:
        profile = dataclasses.replace(profile, diet=None if run_diet is None else diet)
    return dataclasses.replace(
        profile, allergies=profile.allergies | allergens, dislikes=profile.dislikes | dislikes
    )


def _quotes(offline: Outcome | None, stored: Mapping[str, PriceQuote]) -> dict[str, PriceQuote]:
    if offline is not None and offline.ok and offline.value:
        return dict(offline.value)
    return catalog_prices(stored)


def catalog_prices(stored: Mapping[str, PriceQuote]) -> dict[str, PriceQuote]:
    """The prices plan_from_database ranks foods with: the stored state's, or the default price
    source's (the offline catalog) when the state has none."""
    from agents.nutrition.prices import default_price_source
    from agents.nutrition.reader import prices_from

    if stored:
        return dict(stored)
    return dict(prices_from(default_price_source()))


def reasoning(result: NutritionResult, health_days: int, supply_items: int) -> str:
    """'protein 718 g short over 7 days: target 1,176 g, the fridge supplies 458 g; 3 foods recommended'."""
    short = [
        (k, d)
        for k, d in result.deficits.items()
        if d.significant and d.value > 0 and result.targets[k].kind == "target" and k != "energy_kcal"
    ]
    basis = f"{health_days} days of health data" if health_days else "no health data (defaults assumed)"
    head = f"from {basis} and {supply_items} fridge items"
    if not short:
        return f"{head}: no significant shortfall over {result.days} days; nothing to recommend"
    key, d = short[0]
    text = (
        f"{label(key)} {fmt_amount(d.value, d.unit)} short over {result.days} days because the target is "
        f"{fmt_amount(d.target, d.unit)} and the fridge supplies {fmt_amount(d.supply, d.unit)} ({head})"
    )
    others = ", ".join(label(k) for k, _ in short[1:4])
    if others:
        text += f"; also short: {others}"
    return text + f"; {len(result.recommendations)} foods recommended"
