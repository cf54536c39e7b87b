"""Showing and changing the stored profile and target overrides (what the user sets wins)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, select

from agents.errors import UserError
from agents.nutrition.goal_rate import checked_rate
from agents.nutrition.inputs import HealthDay
from agents.nutrition.nutrients import BY_KEY
from agents.nutrition.person import DEFAULT_WEIGHT_KG, RECENT_WEIGHINS, latest_weight
from agents.nutrition.preferences import allergen_for, diet_key, resolve_dislike
from data.db import Database
from data.models import Profile, ReconciledDay, TargetOverride, utcnow
from data.taxonomy import load_taxonomy

RANGES: dict[str, tuple[float, float]] = {"height_cm": (50.0, 272.0), "weight_kg": (20.0, 400.0)}


@dataclass(frozen=True)
class ProfileChanges:
    """Fields to set; None leaves a field as it is."""

    sex: str | None = None
    birth_date: str | None = None  # YYYY-MM-DD
    height_cm: float | None = None
    weight_kg: float | None = None
    goal: str | None = None
    activity_level: str | None = None
    diet: str | None = None  # 'none' clears it
    add_allergies: Sequence[str] = ()
    remove_allergies: Sequence[str] = ()
    add_dislikes: Sequence[str] = ()
    remove_dislikes: Sequence[str] = ()
    set_targets: Mapping[str, float] = field(default_factory=dict)  # nutrient -> per day
    clear_targets: Sequence[str] = ()
    # How fast to lose or gain, kg a week (checked against goal_rate's safe bounds); clear_goal_rate goes
    # back to the default pace. A new goal without a rate also goes back to the default (a pace chosen
    # for losing means nothing for gaining).
    goal_rate_kg_per_week: float | None = None
    clear_goal_rate: bool = False

    def is_empty(self) -> bool:
        return self == ProfileChanges()


def parse_birth_date(text: str, today: date) -> date:
    try:
        born = date.fromisoformat(text)
    except ValueError:
        raise UserError(f"--birth-date: expected YYYY-MM-DD, got {text!r}") from None
    if born > today or today.year - born.year > 120:
        raise UserError(f"--birth-date: {text} is not a plausible birth date")
    return born


def _checked(name: str, value: float) -> float:
    low, high = RANGES[name]
    if not math.isfinite(value) or not low <= value <= high:
        raise UserError(f"--{name.replace('_', '-')}: {value:g} is outside {low:g}-{high:g}")
    return value


def parse_target(text: str) -> tuple[str, float]:
    """'protein_g=150' -> ('protein_g', 150.0)."""
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or key not in BY_KEY:
        raise UserError(
            f"--target: expected NUTRIENT=VALUE with NUTRIENT one of {', '.join(BY_KEY)}; got {text!r}"
        )
    try:
        value = float(raw)
    except ValueError:
        raise UserError(f"--target {key}: {raw!r} is not a number") from None
    if not math.isfinite(value) or value < 0:
        raise UserError(f"--target {key}: must be a number >= 0")
    return key, value


def _weight_for_rate(session: Session, row: Profile, new_weight: float | None, today: date) -> float:
    """The body weight the next plan will use (as agents.nutrition.person resolves it), so a rate
    accepted here is one the plan keeps: typed beats weigh-ins, which beat an imported value."""
    if new_weight is not None:
        return new_weight
    if row.weight_kg is not None and "weight_kg" in (row.user_set or []):
        return row.weight_kg
    weighed = session.exec(
        select(ReconciledDay)
        .where(ReconciledDay.weight_kg.is_not(None))  # type: ignore[union-attr]
        .where(ReconciledDay.day <= today)
        .order_by(ReconciledDay.day.desc())  # type: ignore[attr-defined]
        .limit(RECENT_WEIGHINS)
    ).all()
    measured = latest_weight(tuple(HealthDay(day=d.day, weight_kg=d.weight_kg) for d in weighed), today)
    if measured is not None:
        return measured[0]
    return row.weight_kg if row.weight_kg is not None else DEFAULT_WEIGHT_KG


def apply_changes(db: Database, changes: ProfileChanges, today: date | None = None) -> dict[str, Any]:
    """Validate everything first, then write it in one transaction; returns the profile as shown."""
    today = today or date.today()
    taxonomy = load_taxonomy()
    born = parse_birth_date(changes.birth_date, today) if changes.birth_date else None
    height = _checked("height_cm", changes.height_cm) if changes.height_cm is not None else None
    weight = _checked("weight_kg", changes.weight_kg) if changes.weight_kg is not None else None
    if changes.diet is not None:
        diet_key(changes.diet)
    add_allergens = [allergen_for(a) for a in changes.add_allergies]
    remove_allergens = {allergen_for(a) for a in changes.remove_allergies}
    add_dislikes = [resolve_dislike(d, taxonomy) for d in changes.add_dislikes]
    remove_dislikes = {resolve_dislike(d, taxonomy) for d in changes.remove_dislikes}
    for key in changes.clear_targets:
        if key not in BY_KEY:
            raise UserError(f"--clear-target: unknown nutrient {key!r}; known: {', '.join(BY_KEY)}")
    if changes.goal_rate_kg_per_week is not None and changes.clear_goal_rate:
        raise UserError("goal rate: give a rate or go back to the default, not both")
    with db.session() as session:
        row = session.get(Profile, 1) or Profile(id=1)
        user_set = set(row.user_set or [])
        goal_after = changes.goal if changes.goal is not None else row.goal
        if changes.goal_rate_kg_per_week is not None:
            # Checked before anything is written (the session rolls back on the error).
            rate: float | None = checked_rate(
                changes.goal_rate_kg_per_week, goal_after, _weight_for_rate(session, row, weight, today)
            )
        elif changes.clear_goal_rate or (changes.goal is not None and changes.goal != row.goal):
            rate = None
        else:
            rate = row.goal_rate_kg_per_week
        if rate != row.goal_rate_kg_per_week:
            row.goal_rate_kg_per_week = rate
            user_set.add("goal_rate_kg_per_week")
        simple: dict[str, Any] = {
            "sex": changes.sex,
            "birth_date": born,
            "height_cm": height,
            "weight_kg": weight,
            "goal": changes.goal,
            "activity_level": changes.activity_level,
        }
        for name, value in simple.items():
            if value is not None:
                setattr(row, name, value)
                user_set.add(name)
        if changes.diet is not None:
            row.diet = None if diet_key(changes.diet) is None else changes.diet.strip().lower()
            user_set.add("diet")
        if add_allergens or remove_allergens:
            current = [a for a in (row.allergies or []) if a not in remove_allergens]
            row.allergies = sorted(set(current) | set(add_allergens))
            user_set.add("allergies")
        if add_dislikes or remove_dislikes:
            current = [d for d in (row.dislikes or []) if d not in remove_dislikes]
            row.dislikes = sorted(set(current) | set(add_dislikes))
            user_set.add("dislikes")
        row.user_set = sorted(user_set)
        row.updated_at = utcnow()
        session.add(row)
        for key, value in changes.set_targets.items():
            existing = session.get(TargetOverride, key)
            if existing is None:
                session.add(TargetOverride(nutrient=key, per_day=value))
            else:
                existing.per_day = value
                existing.set_at = utcnow()
                session.add(existing)
        for key in changes.clear_targets:
            existing = session.get(TargetOverride, key)
            if existing is not None:
                session.delete(existing)
    return show_profile(db)


def show_profile(db: Database) -> dict[str, Any]:
    with db.session() as session:
        row = session.get(Profile, 1)
        overrides = {o.nutrient: o.per_day for o in session.exec(select(TargetOverride)).all()}
    fields = (
        "sex", "birth_date", "height_cm", "weight_kg", "goal", "goal_rate_kg_per_week", "activity_level", "diet"
    )  # fmt: skip
    data: dict[str, Any] = {name: getattr(row, name) if row else None for name in fields}
    data["allergies"] = list(row.allergies or []) if row else []
    data["dislikes"] = list(row.dislikes or []) if row else []
    data["user_set"] = list(row.user_set or []) if row else []
    data["imported"] = dict(row.imported or {}) if row else {}
    data["target_overrides"] = overrides
    return data
