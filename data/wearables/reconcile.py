"""Merging the days several formats measured into the one series the nutrition agent reads.

Only each format's merged row takes part (per-device rows are detail). Sources are never added
together: for each group of metrics that belong together (energy; steps and distance; weight;
sleep; exercise; resting heart rate; workouts), one source supplies the day: complete days over
partial ones, then the format ranked first below, then the one that covered more hours.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Protocol

from data.wearables.model import ReconciledValues

# Formats whose devices measure energy all day from the wrist come first.
FORMAT_RANK = (
    "apple_health",
    "garmin",
    "fitbit",
    "samsung_health",
    "oura",
    "withings",
    "whoop",
    "google_fit",
)
_GROUPS: tuple[tuple[str, ...], ...] = (
    ("active_kcal", "basal_kcal", "total_kcal"),
    ("steps", "distance_m"),
    ("weight_kg",),
    ("sleep_min",),
    ("exercise_min",),
    ("resting_hr",),
    ("workout_min", "workout_kcal"),
)


class MetricRow(Protocol):
    source: str
    day: date
    format: str
    active_kcal: float | None
    basal_kcal: float | None
    total_kcal: float | None
    steps: float | None
    exercise_min: float | None
    distance_m: float | None
    weight_kg: float | None
    sleep_min: float | None
    resting_hr: float | None
    workout_min: float | None
    workout_kcal: float | None
    coverage_h: float | None
    is_partial: bool


def _rank(row: MetricRow) -> tuple[int, int, float, str]:
    fmt = FORMAT_RANK.index(row.format) if row.format in FORMAT_RANK else len(FORMAT_RANK)
    return (1 if row.is_partial else 0, fmt, -(row.coverage_h or 0.0), row.source)


def reconcile_day(day: date, rows: Sequence[MetricRow]) -> ReconciledValues:
    values: dict[str, float | None] = {}
    used: set[str] = set()
    partial = False
    for group in _GROUPS:
        candidates = [r for r in rows if any(getattr(r, m) is not None for m in group)]
        if not candidates:
            values.update(dict.fromkeys(group))
            continue
        best = min(candidates, key=_rank)
        used.add(best.source)
        for m in group:
            values[m] = getattr(best, m)
        if group[0] == "active_kcal":
            partial = best.is_partial
    return ReconciledValues(day=day, is_partial=partial, sources=tuple(sorted(used)), **values)


def reconcile(rows: Iterable[MetricRow]) -> list[ReconciledValues]:
    """One reconciled day per day present among `rows` (merged rows only)."""
    by_day: dict[date, list[MetricRow]] = {}
    for r in rows:
        if "/" not in r.source:
            by_day.setdefault(r.day, []).append(r)
    return [reconcile_day(day, by_day[day]) for day in sorted(by_day)]
