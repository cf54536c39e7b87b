"""Fitbit exports: the legacy per-type JSON files and the newer "Google data" CSVs (UTC timestamps).

Legacy JSON times are local wall time. The newer CSVs are UTC: they are converted with `zone`
(default: this computer's time zone, the person's own in a desktop app). Where both encodings hold
the same day, the CSV wins, so twins are never added.

Logged exercises (`exercise-N.json`) are kept as the day's workouts. Fitbit's per-minute calories and
its active-minutes files already hold them (a device fills every minute of the day), so a workout
becomes exercise minutes or energy only on a day those files do not cover. Resting heart rate comes
from `resting_heart_rate-*.json` (dated by its content: the file name's date is not the day's).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from data.errors import ImportFormatError
from data.wearables.archive import Member, ProgressReader
from data.wearables.detect import Detected
from data.wearables.model import DailyValues, DayBuilder, ParsedExport, ProfileFound
from data.wearables.textfiles import csv_rows, load_json, number, read_text
from data.wearables.units import KG_PER_LB

FORMAT = "fitbit"
# minute files: metric and the factor to the stored unit (distance is in centimetres)
_MINUTE_JSON = {"steps": ("steps", 1.0), "calories": ("total_kcal", 1.0), "distance": ("distance_m", 0.01)}
_MINUTE_CSV = {
    "steps_csv": ("steps", 1.0),
    "calories_csv": ("total_kcal", 1.0),
    "distance_csv": ("distance_m", 1.0),
}
_EXERCISE_JSON = ("moderately_active_minutes", "very_active_minutes")
_DISTANCE_UNIT = {"Kilometer": 1000.0, "Mile": 1609.344, "Meter": 1.0}


def _local_zone() -> tzinfo:
    return datetime.now().astimezone().tzinfo or UTC


def _us_date(raw: Any, name: str, where: str) -> date:
    try:
        return datetime.strptime(str(raw)[:8], "%m/%d/%y").date()
    except ValueError:
        raise ImportFormatError(f"{name}: {where}: bad dateTime {raw!r}") from None


def _weight_kg(weight: float, bmi: float | None) -> float:
    """Legacy weight files follow the account's unit; bmi tells which: the plausible height wins."""
    if not bmi:
        return weight
    as_kg = math.sqrt(weight / bmi)
    as_lb = math.sqrt(weight * KG_PER_LB / bmi)
    return weight if abs(as_kg - 1.70) <= abs(as_lb - 1.70) else weight * KG_PER_LB


def parse(
    files: list[Detected], opener: Callable[[Member], ProgressReader], zone: tzinfo | None = None
) -> ParsedExport:
    zone = zone or _local_zone()
    json_days: dict[date, DayBuilder] = {}
    csv_days: dict[date, DayBuilder] = {}
    minutes_json: dict[date, int] = {}
    minutes_csv: dict[date, int] = {}
    latest: tuple[float, float, date] | None = None
    workouts: dict[date, DayBuilder] = {}  # workout_min, workout_kcal and their distance_m
    records = 0
    for d in files:
        name = d.member.name
        kind = d.kind.removesuffix("_json")
        if d.kind in _MINUTE_CSV:
            metric, factor = _MINUTE_CSV[d.kind]
            with opener(d.member) as stream:
                text = read_text(stream, name)
            for line, row in csv_rows(text, name, skip=1):
                records += 1
                day = _utc_to_local_day(row[0], zone, name, line)
                value = number(row[1] if len(row) > 1 else None, name, line, metric)
                if value is not None:
                    csv_days.setdefault(day, DayBuilder()).add(metric, value * factor)
                    if metric == "total_kcal":
                        minutes_csv[day] = minutes_csv.get(day, 0) + 1
        elif d.kind == "active_minutes_csv":
            with opener(d.member) as stream:
                text = read_text(stream, name)
            for line, row in csv_rows(text, name, skip=1):
                records += 1
                day = _utc_to_local_day(row[0], zone, name, line)
                active = sum(number(c, name, line, "active minutes") or 0 for c in row[2:4])
                csv_days.setdefault(day, DayBuilder()).add("exercise_min", active)
        elif d.kind.endswith("_json") and (
            kind in _MINUTE_JSON
            or kind in _EXERCISE_JSON
            or kind in ("weight", "sleep", "exercise", "resting_heart_rate")
        ):
            with opener(d.member) as stream:
                data = load_json(stream, name)
            if not isinstance(data, list):
                raise ImportFormatError(f"{name}: expected a JSON list")
            for i, o in enumerate(data, 1):
                if not isinstance(o, dict):
                    raise ImportFormatError(f"{name}: entry {i} is not an object")
                records += 1
                where = f"entry {i}"
                if kind in _MINUTE_JSON:
                    metric, factor = _MINUTE_JSON[kind]
                    day = _us_date(o.get("dateTime"), name, where)
                    value = number(o.get("value"), name, where, "value")
                    if value is not None:
                        json_days.setdefault(day, DayBuilder()).add(metric, value * factor)
                        if metric == "total_kcal":
                            minutes_json[day] = minutes_json.get(day, 0) + 1
                elif kind in _EXERCISE_JSON:
                    value = number(o.get("value"), name, where, "value")
                    if value is not None:
                        json_days.setdefault(_us_date(o.get("dateTime"), name, where), DayBuilder()).add(
                            "exercise_min", value
                        )
                elif kind == "weight":
                    raw = number(o.get("weight"), name, where, "weight")
                    if raw is None:
                        continue
                    kg = _weight_kg(raw, number(o.get("bmi"), name, where, "bmi"))
                    day = _us_date(o.get("date"), name, where)
                    at = number(o.get("logId"), name, where, "logId") or 0.0
                    json_days.setdefault(day, DayBuilder()).set_weight(kg, at)
                    if latest is None or (day, at) >= (latest[2], latest[0]):
                        latest = (at, kg, day)
                elif kind == "exercise":
                    day = _us_date(o.get("startTime"), name, where)
                    ex_min = (number(o.get("duration"), name, where, "duration") or 0.0) / 60_000
                    kcal = number(o.get("calories"), name, where, "calories")
                    metres = number(o.get("distance"), name, where, "distance")
                    if metres is not None:
                        unit = str(o.get("distanceUnit") or "Kilometer")
                        metres *= _DISTANCE_UNIT.get(unit, 1000.0)
                    if min(ex_min, kcal or 0.0, metres or 0.0) < 0:
                        raise ImportFormatError(f"{name}: {where}: negative duration, calories or distance")
                    ex = workouts.setdefault(day, DayBuilder())
                    ex.add("workout_min", ex_min)
                    if kcal is not None:
                        ex.add("workout_kcal", kcal)
                    if metres is not None:
                        ex.add("distance_m", metres)
                elif kind == "resting_heart_rate":
                    value = o.get("value")
                    when = value.get("date") if isinstance(value, dict) else None
                    bpm = number(
                        value.get("value") if isinstance(value, dict) else value, name, where, "value"
                    )
                    if bpm:  # 0 is written for days without a reading
                        day = _us_date(when or o.get("dateTime"), name, where)
                        json_days.setdefault(day, DayBuilder()).resting_hr = bpm
                elif kind == "sleep" and o.get("mainSleep", True):
                    asleep = number(o.get("minutesAsleep"), name, where, "minutesAsleep")
                    if asleep is not None and o.get("dateOfSleep"):
                        try:
                            day = date.fromisoformat(str(o["dateOfSleep"])[:10])
                        except ValueError:
                            raise ImportFormatError(
                                f"{name}: {where}: bad dateOfSleep {o['dateOfSleep']!r}"
                            ) from None
                        json_days.setdefault(day, DayBuilder()).add("sleep_min", asleep)
    days: dict[date, DayBuilder] = {}
    for day in sorted(set(json_days) | set(csv_days) | set(workouts)):
        b = DayBuilder()
        for source, minutes in ((json_days.get(day), minutes_json), (csv_days.get(day), minutes_csv)):
            if source is None:
                continue
            for metric in (
                "total_kcal",
                "steps",
                "distance_m",
                "exercise_min",
                "weight_kg",
                "sleep_min",
                "resting_hr",
            ):
                value = getattr(source, metric)
                if value is not None:
                    setattr(b, metric, value)  # the CSV, read second, replaces its JSON twin
            if day in minutes:
                b.coverage_h = minutes[day] / 60
        b.is_partial = b.total_kcal is not None and (b.coverage_h or 0) < 23.5
        logged = workouts.get(day)
        if logged is not None:
            b.workout_min, b.workout_kcal = logged.workout_min, logged.workout_kcal
            if b.exercise_min is None:
                b.exercise_min = logged.workout_min
            if b.total_kcal is None and logged.workout_kcal is not None:
                # Only the workouts were measured that day: their energy, and the day marked partial.
                b.active_kcal = logged.workout_kcal
                b.is_partial = True
            if b.distance_m is None:
                b.distance_m = logged.distance_m
        days[day] = b
    profile = ProfileFound(weight_kg=round(latest[1], 3), weight_day=latest[2]) if latest else ProfileFound()
    daily = tuple(DailyValues.from_builder(FORMAT, day, FORMAT, b) for day, b in days.items() if b.has_data())
    return ParsedExport(FORMAT, ("Fitbit",), daily, profile, (), records)


def _utc_to_local_day(raw: str, zone: tzinfo, name: str, line: int) -> date:
    try:
        at = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ImportFormatError(f"{name}: line {line}: bad timestamp {raw!r}") from None
    if at.tzinfo is None:
        return at.date()  # daily files write bare local dates
    return at.astimezone(zone).date()
