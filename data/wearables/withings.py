"""Withings Health Mate CSVs: daily aggregates, weigh-ins and height (headers follow the app language)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from data.errors import ImportFormatError
from data.wearables.archive import Member, ProgressReader
from data.wearables.detect import Detected
from data.wearables.model import DailyValues, DayBuilder, ParsedExport, ProfileFound
from data.wearables.textfiles import csv_rows, number, read_text

FORMAT = "withings"
_AGGREGATES = {
    "aggregates_calories_passive": "basal_kcal",
    "aggregates_calories_earned": "active_kcal",
    "aggregates_steps": "steps",
    "aggregates_distance": "distance_m",
}


def _date(raw: str, name: str, line: int) -> date:
    try:
        return date.fromisoformat(raw.strip()[:10])
    except ValueError:
        raise ImportFormatError(f"{name}: line {line}: bad date {raw!r}") from None


def parse(files: list[Detected], opener: Callable[[Member], ProgressReader]) -> ParsedExport:
    days: dict[date, DayBuilder] = {}
    latest_weight: tuple[str, float] | None = None
    height: tuple[str, float] | None = None
    records = 0
    for d in files:
        name = d.member.name
        with opener(d.member) as stream:
            text = read_text(stream, name)
        metric = _AGGREGATES.get(d.kind)
        for line, row in csv_rows(text, name, skip=1):
            if len(row) < 2:
                raise ImportFormatError(f"{name}: line {line}: expected at least 2 columns")
            records += 1
            value = number(row[1], name, line, "value")
            if value is None:
                continue
            if metric is not None:
                setattr(days.setdefault(_date(row[0], name, line), DayBuilder()), metric, value)
            elif d.kind == "weight":
                # Several weigh-ins a day, newest first: the latest of the day wins.
                stamp = row[0].strip()
                b = days.setdefault(_date(stamp, name, line), DayBuilder())
                b.set_weight(value, _seconds(stamp))
                if latest_weight is None or stamp > latest_weight[0]:
                    latest_weight = (stamp, value)
            elif d.kind == "height" and (height is None or row[0] > height[0]):
                height = (row[0], value * 100)
    for b in days.values():
        if b.active_kcal is not None and b.basal_kcal is not None:
            b.total_kcal = b.active_kcal + b.basal_kcal
    profile = ProfileFound(
        height_cm=round(height[1], 1) if height else None,
        weight_kg=latest_weight[1] if latest_weight else None,
        weight_day=date.fromisoformat(latest_weight[0][:10]) if latest_weight else None,
    )
    daily = tuple(
        DailyValues.from_builder(FORMAT, day, FORMAT, b) for day, b in sorted(days.items()) if b.has_data()
    )
    return ParsedExport(FORMAT, ("Withings",), daily, profile, (), records)


def _seconds(stamp: str) -> float:
    digits = "".join(c for c in stamp if c.isdigit())
    return float(digits[8:14] or 0)
