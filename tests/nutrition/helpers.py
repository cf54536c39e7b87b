"""Builders for nutrition tests: the reference person and wearable days."""

from __future__ import annotations

from datetime import date, timedelta

from agents.nutrition.inputs import HealthDay, ProfileData

TODAY = date(2024, 3, 1)


def active_man(**changes: object) -> ProfileData:
    base = dict(sex="male", birth_date=date(1988, 4, 17), height_cm=181.0, weight_kg=84.0)
    base.update(changes)
    return ProfileData(**base)  # type: ignore[arg-type]


def watch_days(
    n: int, active: float = 750.0, basal: float = 1850.0, steps: float = 15000.0
) -> tuple[HealthDay, ...]:
    return tuple(
        HealthDay(TODAY - timedelta(days=i), active_kcal=active, basal_kcal=basal, steps=steps)
        for i in range(1, n + 1)
    )
