"""Samsung Health "Download personal data" CSVs: metadata line, BOM, trailing commas, prefixed columns."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from data.errors import ImportFormatError
from data.wearables.archive import Member, ProgressReader
from data.wearables.detect import Detected
from data.wearables.model import DailyValues, DayBuilder, ParsedExport, ProfileFound
from data.wearables.textfiles import csv_rows, number, read_text

FORMAT = "samsung_health"
CALORIES = "com.samsung.shealth.calories_burned.details"
PEDOMETER = "com.samsung.shealth.tracker.pedometer_day_summary"
STEP_TREND = "com.samsung.shealth.step_daily_trend"
WEIGHT = "com.samsung.health.weight"
PROFILE = "com.samsung.health.user_profile"


def _table(text: str, name: str) -> list[tuple[int, dict[str, str]]]:
    rows = csv_rows(text, name, skip=1)  # line 1 is "<type>,<app version>,<schema version>"
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
            tables.setdefault(d.kind, []).append(
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
