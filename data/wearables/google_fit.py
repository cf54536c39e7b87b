"""Google Fit Takeout "Daily activity metrics.csv": one row per local day (column names are localized)."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from datetime import date

from data.errors import ImportFormatError
from data.wearables.archive import Member, ProgressReader
from data.wearables.detect import Detected
from data.wearables.model import DailyValues, DayBuilder, ParsedExport, ProfileFound
from data.wearables.textfiles import csv_rows, number, read_text

FORMAT = "google_fit"
# English names first, then the translations seen in Takeouts; units in brackets survive translation.
_STEPS = (
    "step count",
    "recuento de pasos",
    "schrittzahl",
    "nombre de pas",
    "contagem de passos",
    "conteggio passi",
)
_HEART_MINUTES = ("heart minutes", "minutos cardio", "kardiominuten", "minutes cardio")


def _find(
    header: list[str], names: tuple[str, ...] = (), unit: str | None = None, first: bool = True
) -> int | None:
    lowered = [h.strip().lower() for h in header]
    for i, h in enumerate(lowered):
        if h in names:
            return i
    if unit is not None:
        hits = [i for i, h in enumerate(lowered) if h.endswith(unit)]
        if hits:
            return hits[0] if first else hits[-1]
    return None


def parse(files: list[Detected], opener: Callable[[Member], ProgressReader]) -> ParsedExport:
    days: dict[date, DayBuilder] = {}
    records = 0
    for d in files:
        name = d.member.name
        with opener(d.member) as stream:
            text = read_text(stream, name)
        rows = csv_rows(text, name)
        first = next(rows, None)
        if first is None:
            continue
        header = first[1]
        kcal = _find(header, unit="(kcal)")
        steps = _find(header, _STEPS)
        distance = _find(header, ("distance (m)",), unit="(m)")
        weight = _find(header, ("average weight (kg)",), unit="(kg)")
        heart = _find(header, _HEART_MINUTES)
        for line, row in rows:
            records += 1
            try:
                day = date.fromisoformat(row[0].strip())
            except ValueError:
                raise ImportFormatError(f"{name}: line {line}: bad date {row[0]!r}") from None
            b = days.setdefault(day, DayBuilder())

            def cell(
                i: int | None, what: str, row: list[str] = row, line: int = line, name: str = name
            ) -> float | None:
                return number(row[i], name, line, what) if i is not None and i < len(row) else None

            b.total_kcal = cell(kcal, "calories")
            b.steps = cell(steps, "steps")
            b.distance_m = cell(distance, "distance")
            b.weight_kg = cell(weight, "weight")
            b.exercise_min = cell(heart, "heart minutes")
    # Google Fit estimates calories for whole days; days far below the usual total are the first days of
    # tracking or days the phone was off.
    totals = [b.total_kcal for b in days.values() if b.total_kcal]
    usual = statistics.median(totals) if totals else 0.0
    for b in days.values():
        b.is_partial = b.total_kcal is not None and b.total_kcal < 0.6 * usual
    daily = tuple(
        DailyValues.from_builder(FORMAT, day, FORMAT, b) for day, b in sorted(days.items()) if b.has_data()
    )
    weights = [(day, b.weight_kg) for day, b in sorted(days.items()) if b.weight_kg is not None]

    profile = ProfileFound(weight_kg=weights[-1][1], weight_day=weights[-1][0]) if weights else ProfileFound()
    return ParsedExport(FORMAT, ("Google Fit",), daily, profile, (), records)
