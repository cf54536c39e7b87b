"""Samsung Health "Download personal data" CSVs: metadata line, BOM, trailing commas, prefixed columns.

Read: daily energy and steps, weight and profile, sleep sessions (the night belongs to the local day
you wake up on), exercise sessions and heart rate. Exercise counts as the day's exercise minutes;
its energy counts as active energy only on days without Samsung's own daily energy row (which
already holds it). Samsung exports no resting heart rate, so the day's lowest heart-rate reading
stands in for it. Files can be named after their type (`com.samsung.shealth.sleep.<ts>.csv`) or
plainly (`Sleep.csv`): the type is read from line 1, or from the name when that line is missing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from data.errors import ImportFormatError
from data.wearables.archive import Member, ProgressReader
from data.wearables.detect import Detected, is_samsung_metadata
from data.wearables.model import DailyValues, DayBuilder, ParsedExport, ProfileFound
from data.wearables.textfiles import csv_rows, number, read_text

FORMAT = "samsung_health"
CALORIES = "com.samsung.shealth.calories_burned.details"
PEDOMETER = "com.samsung.shealth.tracker.pedometer_day_summary"
STEP_TREND = "com.samsung.shealth.step_daily_trend"
WEIGHT = "com.samsung.health.weight"
PROFILE = "com.samsung.health.user_profile"
SLEEP = "com.samsung.shealth.sleep"
EXERCISE = "com.samsung.shealth.exercise"
HEART_RATE = "com.samsung.shealth.tracker.heart_rate"
# Other spellings of the same types (older exports, re-saved files), by the type's last words.
_ALIASES = {
    "sleep": SLEEP,
    "exercise": EXERCISE,
    "heart_rate": HEART_RATE,
    "weight": WEIGHT,
    "user_profile": PROFILE,
    "pedometer_day_summary": PEDOMETER,
    "step_daily_trend": STEP_TREND,
    "details": CALORIES,
    # plain file names (`Body Weight.csv`, `Calories Burned details.csv`: see detect.samsung_kind)
    "body_weight": WEIGHT,
    "calories_burned_details": CALORIES,
}
# A heart-rate reading outside this is a sensor glitch, not a resting rate (bpm).
_PLAUSIBLE_BPM = (25.0, 220.0)


def canonical_type(kind: str) -> str:
    """`com.samsung.health.sleep`, `com.samsung.shealth.sleep` -> one name; unknown types unchanged."""
    return _ALIASES.get(kind.rsplit(".", 1)[-1], kind) if kind.startswith("com.samsung.") else kind


def _table(text: str, name: str) -> list[tuple[int, dict[str, str]]]:
    rows = csv_rows(text, name)
    first = next(rows, None)
    if first is not None and is_samsung_metadata(
        first[1]
    ):  # line 1 is "<type>,<app version>,<schema version>"
        first = next(rows, None)
    if first is None:
        return []
    # Columns may be prefixed with the type ("com.samsung.shealth.calories_burned.rest_calorie").
    header = [h.strip().rsplit(".", 1)[-1] for h in first[1]]
    out = []
    for line, row in rows:
        if len(row) > len(header) and not any(c.strip() for c in row[len(header) :]):
            row = row[: len(header)]  # the trailing comma every row ends with
        out.append((line, dict(zip(header, row, strict=False))))
    return out


def _utc_day(raw: str, name: str, line: int) -> date:
    ms = number(raw, name, line, "day_time")
    if ms is None:
        raise ImportFormatError(f"{name}: line {line}: day_time is empty")
    # day_time is the local date expressed as UTC midnight.
    return (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=ms)).date()


def _utc(raw: str, name: str, line: int) -> datetime:
    try:
        return datetime.strptime(raw.strip()[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        raise ImportFormatError(f"{name}: line {line}: bad time {raw!r}") from None


def _offset(raw: str) -> timedelta:
    raw = raw.strip().removeprefix("UTC")
    if len(raw) != 5 or raw[0] not in "+-" or not raw[1:].isdigit():
        return timedelta(0)
    sign = -1 if raw[0] == "-" else 1
    return sign * timedelta(hours=int(raw[1:3]), minutes=int(raw[3:5]))


def parse(files: list[Detected], opener: Callable[[Member], ProgressReader]) -> ParsedExport:
    tables: dict[str, list[tuple[str, list[tuple[int, dict[str, str]]]]]] = {}
    for d in files:
        with opener(d.member) as stream:
            tables.setdefault(canonical_type(d.kind), []).append(
                (d.member.name, _table(read_text(stream, d.member.name), d.member.name))
            )
    offsets = Counter(row.get("time_offset", "") for rows in tables.values() for _, t in rows for _, row in t)
    offsets.pop("", None)
    usual_offset = _offset(offsets.most_common(1)[0][0]) if offsets else timedelta(0)
    days: dict[date, DayBuilder] = {}
    records = 0
    best_calories: dict[date, tuple[bool, datetime]] = {}
    for name, table in tables.get(CALORIES, []):
        for line, row in table:
            records += 1
            day = _utc_day(row.get("day_time", ""), name, line)
            updated = _utc(row.get("update_time", ""), name, line)
            # A row written before the local day ended holds part of the day only.
            complete = updated + usual_offset >= datetime.combine(
                day + timedelta(days=1), datetime.min.time(), UTC
            )
            if day in best_calories and best_calories[day] >= (complete, updated):
                continue
            best_calories[day] = (complete, updated)
            b = days.setdefault(day, DayBuilder())
            b.basal_kcal = number(row.get("rest_calorie"), name, line, "rest_calorie")
            b.active_kcal = number(row.get("active_calorie"), name, line, "active_calorie")
            b.is_partial = not complete
    for kind, count_col in ((PEDOMETER, "step_count"), (STEP_TREND, "count")):
        for name, table in tables.get(kind, []):
            for line, row in table:
                records += 1
                day = _utc_day(row.get("day_time", ""), name, line)
                steps = number(row.get(count_col), name, line, count_col)
                b = days.setdefault(day, DayBuilder())
                # Phone, watch and the merged all-device row each have a row: the merged one is the largest.
                if steps is not None and (b.steps is None or steps > b.steps):
                    b.steps = steps
                    b.distance_m = number(row.get("distance"), name, line, "distance")
    latest: tuple[datetime, float, date] | None = None
    height: float | None = None
    for name, table in tables.get(WEIGHT, []):
        for line, row in table:
            records += 1
            kg = number(row.get("weight"), name, line, "weight")
            if kg is None:
                continue
            at = _utc(row.get("start_time", ""), name, line)
            local_day = (at + _offset(row.get("time_offset", ""))).date()
            days.setdefault(local_day, DayBuilder()).set_weight(kg, at.timestamp())
            if latest is None or at >= latest[0]:
                latest = (at, kg, local_day)
                height = number(row.get("height"), name, line, "height") or height
    sex, birth = None, None
    for name, table in tables.get(PROFILE, []):
        for line, row in table:
            key, value = row.get("key", ""), row.get("value", "") or row.get("text_value", "")
            if key == "gender":
                sex = {"m": "male", "f": "female", "male": "male", "female": "female"}.get(
                    value.strip().lower()
                )
            elif key == "birth_date" and value.strip():
                try:
                    birth = datetime.strptime(value.strip()[:8], "%Y%m%d").date()
                except ValueError:
                    raise ImportFormatError(f"{name}: line {line}: bad birth_date {value!r}") from None
            elif key == "height" and height is None:
                height = number(value, name, line, "height")
    records += _sleep(tables.get(SLEEP, []), days)
    records += _exercise(tables.get(EXERCISE, []), days)
    records += _heart_rate(tables.get(HEART_RATE, []), days)
    for b in days.values():
        if b.active_kcal is not None and b.basal_kcal is not None:
            b.total_kcal = b.active_kcal + b.basal_kcal
    profile = ProfileFound(
        sex=sex,
        birth_date=birth,
        height_cm=height,
        weight_kg=latest[1] if latest else None,
        weight_day=latest[2] if latest else None,
    )
    daily = tuple(
        DailyValues.from_builder(FORMAT, day, FORMAT, b) for day, b in sorted(days.items()) if b.has_data()
    )
    return ParsedExport(FORMAT, ("Samsung Health",), daily, profile, (), records)


Tables = list[tuple[str, list[tuple[int, dict[str, str]]]]]


def _local_span(row: dict[str, str], name: str, line: int) -> tuple[datetime, datetime]:
    """A session's local start and end; raises when it ends before it starts."""
    offset = _offset(row.get("time_offset", ""))
    start = _utc(row.get("start_time", ""), name, line) + offset
    end = _utc(row.get("end_time", ""), name, line) + offset if row.get("end_time", "").strip() else start
    if end < start:
        raise ImportFormatError(f"{name}: line {line}: the session ends before it starts")
    return start, end


def _sleep(tables: Tables, days: dict[date, DayBuilder]) -> int:
    """Minutes asleep per wake-up day; a night split into several sessions (and naps) is their sum."""
    seen: set[tuple[datetime, datetime]] = set()
    records = 0
    for name, table in tables:
        for line, row in table:
            records += 1
            if not row.get("start_time", "").strip() or not row.get("end_time", "").strip():
                continue  # a session still open when the export was made
            start, end = _local_span(row, name, line)
            if (start, end) in seen:  # the same session from the phone and the watch
                continue
            seen.add((start, end))
            span_min = (end - start).total_seconds() / 60
            # sleep_duration (minutes) leaves out time awake in bed; anything longer than the span is not it.
            asleep = number(row.get("sleep_duration"), name, line, "sleep_duration")
            minutes = asleep if asleep is not None and 0 < asleep <= span_min + 1 else span_min
            if minutes > 0:
                days.setdefault(end.date(), DayBuilder()).add("sleep_min", minutes)
    return records


def _exercise(tables: Tables, days: dict[date, DayBuilder]) -> int:
    seen: set[tuple[datetime, datetime]] = set()
    distances: dict[date, float] = {}
    records = 0
    for name, table in tables:
        for line, row in table:
            records += 1
            start, end = _local_span(row, name, line)
            if (start, end) in seen:
                continue
            seen.add((start, end))
            ms = number(row.get("duration"), name, line, "duration")
            minutes = ms / 60_000 if ms is not None else (end - start).total_seconds() / 60
            kcal = number(row.get("calorie"), name, line, "calorie")
            distance = number(row.get("distance"), name, line, "distance")
            if min(minutes, kcal or 0.0, distance or 0.0) < 0:
                raise ImportFormatError(f"{name}: line {line}: negative duration, calorie or distance")
            b = days.setdefault(start.date(), DayBuilder())
            b.add("workout_min", minutes)
            if kcal is not None:
                b.add("workout_kcal", kcal)
            if distance is not None:
                distances[start.date()] = distances.get(start.date(), 0.0) + distance
    for day, b in days.items():
        if b.workout_min is None:
            continue
        # No Samsung file counts exercise minutes per day: the sessions are the day's exercise.
        b.exercise_min = b.workout_min
        if b.active_kcal is None and b.workout_kcal is not None:
            # No daily energy row that day (it would already hold the sessions): the sessions are all
            # Samsung measured, which is not the day's energy.
            b.active_kcal = b.workout_kcal
            b.is_partial = True
        if b.distance_m is None and day in distances:
            b.distance_m = distances[day]
    return records


def _heart_rate(tables: Tables, days: dict[date, DayBuilder]) -> int:
    lowest: dict[date, float] = {}
    records = 0
    for name, table in tables:
        for line, row in table:
            records += 1
            bpm = number(row.get("heart_rate"), name, line, "heart_rate")
            if bpm is None or not _PLAUSIBLE_BPM[0] <= bpm <= _PLAUSIBLE_BPM[1]:
                continue
            local_day = _local_span(row, name, line)[0].date()
            if bpm < lowest.get(local_day, float("inf")):
                lowest[local_day] = bpm
    for day, bpm in lowest.items():
        days.setdefault(day, DayBuilder()).resting_hr = bpm
    return records
