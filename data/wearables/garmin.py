"""Garmin Connect "Export your data" (DI_CONNECT JSON): daily summaries, sleep, body, goals, profile, activities.

The daily summary (UDS) already holds the day's activities (its active energy and intensity minutes);
activities (summarizedActivities) fill only days that have no summary, and are kept on their own as the
day's workouts. Their `calories` and `bmrCalories` are kilojoules (a 25-minute session at 135 bpm
reads 1,014, i.e. 242 kcal); active energy is the difference.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from data.errors import ImportFormatError
from data.wearables.archive import Member, ProgressReader
from data.wearables.detect import Detected
from data.wearables.model import DailyValues, DayBuilder, GoalFound, ParsedExport, ProfileFound
from data.wearables.textfiles import load_json, number
from data.wearables.units import KJ_PER_KCAL

FORMAT = "garmin"
FULL_DAY_MS = 86_400_000


def _day(raw: Any, name: str) -> date:
    try:
        return date.fromisoformat(str(raw)[:10])
    except ValueError:
        raise ImportFormatError(f"{name}: bad calendarDate {raw!r}") from None


def _objects(data: Any, name: str) -> list[dict[str, Any]]:
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not all(isinstance(o, dict) for o in data):
        raise ImportFormatError(f"{name}: expected a JSON list of objects")
    return data


def parse(files: list[Detected], opener: Callable[[Member], ProgressReader]) -> ParsedExport:
    days: dict[date, DayBuilder] = {}
    goals: dict[tuple[str, date | None], GoalFound] = {}
    profile: dict[str, Any] = {}
    weights: list[tuple[str, date, float]] = []  # (timestamp GMT, local day, kg)
    goal_points: list[tuple[str, date, float, str]] = []
    activities: dict[date, list[tuple[float, float | None, float | None]]] = {}  # minutes, kcal, m
    records = 0
    for d in sorted(files, key=lambda f: f.member.name):
        with opener(d.member) as stream:
            objs = _objects(load_json(stream, d.member.name), d.member.name)
        name = d.member.name
        if d.kind == "uds":
            for i, o in enumerate(objs, 1):
                records += 1
                _uds(o, name, i, days, goal_points)
        elif d.kind == "activities":
            for o in objs:
                for i, a in enumerate(o.get("summarizedActivitiesExport") or [], 1):
                    records += 1
                    day, entry = _activity(a, name, i)
                    activities.setdefault(day, []).append(entry)
        elif d.kind == "sleep":
            for i, o in enumerate(objs, 1):
                secs = [
                    number(o.get(k), name, f"object {i}", k)
                    for k in ("deepSleepSeconds", "lightSleepSeconds", "remSleepSeconds")
                ]
                if o.get("sleepWindowConfirmationType") in ("OFF_WRIST", "UNCONFIRMED") or all(
                    s is None for s in secs
                ):
                    continue
                records += 1
                days.setdefault(_day(o.get("calendarDate"), name), DayBuilder()).sleep_min = (
                    sum(s or 0 for s in secs) / 60
                )
        elif d.kind == "biometrics":
            for i, o in enumerate(objs, 1):
                records += 1
                local = (o.get("metaData") or {}).get("calendarDate")
                if o.get("height") is not None:
                    profile["height_cm"] = number(o["height"], name, f"object {i}", "height")
                w = o.get("weight")
                # USER_SETTING weights are what someone typed into the profile once, not a weigh-in.
                if (
                    isinstance(w, dict)
                    and w.get("weight") is not None
                    and w.get("sourceType") != "USER_SETTING"
                ):
                    grams = number(w["weight"], name, f"object {i}", "weight")
                    if grams and local:
                        weights.append((str(w.get("timestampGMT") or local), _day(local, name), grams / 1000))
        elif d.kind == "bio_profile":
            for i, o in enumerate(objs, 1):
                profile.setdefault("height_cm", number(o.get("height"), name, f"object {i}", "height"))
                grams = number(o.get("weight"), name, f"object {i}", "weight")
                if grams:
                    profile.setdefault("profile_weight", grams / 1000)
        elif d.kind == "goals":
            for i, o in enumerate(objs, 1):
                if o.get("userGoalType") == "NET_CALORIES":
                    value = number(o.get("goalValue"), name, f"object {i}", "goalValue")
                    start = _goal_date((o.get("startDate") or {}).get("date"))
                    if value:
                        goals[("net_calories", start)] = GoalFound(
                            "net_calories", value, "kcal", FORMAT, start
                        )
        elif d.kind == "user_profile":
            o = objs[0] if objs else {}
            gender = str(o.get("gender") or "").lower()
            profile["sex"] = gender if gender in ("male", "female") else None
            if o.get("birthDate"):
                profile["birth_date"] = _day(o["birthDate"], name)
    last: dict[str, float] = {}
    for kind, day, value, unit in sorted(goal_points, key=lambda g: (g[1], g[0])):
        # Summaries repeat the goal every day; keep the days it changed.
        if last.get(kind) != value:
            last[kind] = value
            goals[(kind, day)] = GoalFound(kind, value, unit, FORMAT, day)
    for day, entries in activities.items():
        b = days.setdefault(day, DayBuilder())
        b.workout_min = sum(minutes for minutes, _, _ in entries)
        kcal = [k for _, k, _ in entries if k is not None]
        b.workout_kcal = sum(kcal) if kcal else None
        if b.coverage_h is None:  # no daily summary that day: the activities are all there is
            b.exercise_min = b.workout_min
            if b.workout_kcal is not None:
                b.active_kcal = b.workout_kcal
                b.is_partial = True
            metres = [m for _, _, m in entries if m is not None]
            if metres:
                b.distance_m = sum(metres)
    for _, day, kg in sorted(weights):
        days.setdefault(day, DayBuilder()).weight_kg = kg
    latest = max(weights) if weights else None
    found = ProfileFound(
        sex=profile.get("sex"),
        birth_date=profile.get("birth_date"),
        height_cm=round(profile["height_cm"], 1) if profile.get("height_cm") else None,
        weight_kg=round(latest[2], 3) if latest else profile.get("profile_weight"),
        weight_day=latest[1] if latest else None,
    )
    daily = tuple(
        DailyValues.from_builder(FORMAT, day, FORMAT, b) for day, b in sorted(days.items()) if b.has_data()
    )
    return ParsedExport(FORMAT, ("Garmin Connect",), daily, found, tuple(goals.values()), records)


def _uds(
    o: dict[str, Any],
    name: str,
    i: int,
    days: dict[date, DayBuilder],
    goal_points: list[tuple[str, date, float, str]],
) -> None:
    where = f"object {i}"
    day = _day(o.get("calendarDate"), name)
    duration = number(o.get("durationInMilliseconds"), name, where, "durationInMilliseconds")
    if not duration:
        return  # food-log-only days carry no measurement
    b = days.setdefault(day, DayBuilder())
    b.total_kcal = number(o.get("totalKilocalories"), name, where, "totalKilocalories")
    b.active_kcal = number(o.get("activeKilocalories"), name, where, "activeKilocalories")
    b.basal_kcal = number(o.get("bmrKilocalories"), name, where, "bmrKilocalories")
    b.steps = number(o.get("totalSteps"), name, where, "totalSteps")
    b.distance_m = number(o.get("totalDistanceMeters"), name, where, "totalDistanceMeters")
    moderate = number(o.get("moderateIntensityMinutes"), name, where, "moderateIntensityMinutes")
    vigorous = number(o.get("vigorousIntensityMinutes"), name, where, "vigorousIntensityMinutes")
    if moderate is not None or vigorous is not None:
        b.exercise_min = (moderate or 0) + (vigorous or 0)
    b.resting_hr = number(o.get("restingHeartRate"), name, where, "restingHeartRate") or None
    b.coverage_h = duration / 3_600_000
    # Travel days run 22-25 h; a day far short of 24 h (or not flagged as wellness data) is partial.
    b.is_partial = duration < 0.9 * FULL_DAY_MS or o.get("includesWellnessData") is False
    for key, kind, unit in (("dailyStepGoal", "steps", "count"), ("netCalorieGoal", "net_calories", "kcal")):
        value = number(o.get(key), name, where, key)
        if value:
            goal_points.append((kind, day, value, unit))


def _activity(a: Any, name: str, i: int) -> tuple[date, tuple[float, float | None, float | None]]:
    """(local day, (minutes, active kcal, metres)) of one summarized activity."""
    where = f"activity {i}"
    if not isinstance(a, dict):
        raise ImportFormatError(f"{name}: {where} is not an object")
    # startTimeLocal is epoch ms shifted by the offset: read as UTC it is the local wall time.
    local_ms = number(a.get("startTimeLocal"), name, where, "startTimeLocal")
    if local_ms is None:
        local_ms = number(a.get("startTimeGmt"), name, where, "startTimeGmt")
    if local_ms is None or not -6e13 < local_ms < 6e13:
        raise ImportFormatError(f"{name}: {where}: no usable start time")
    day = (datetime(1970, 1, 1) + timedelta(milliseconds=local_ms)).date()
    ms = number(a.get("duration"), name, where, "duration") or 0.0
    kj = number(a.get("calories"), name, where, "calories")
    bmr_kj = number(a.get("bmrCalories"), name, where, "bmrCalories") or 0.0
    cm = number(a.get("distance"), name, where, "distance")
    if ms < 0 or (kj or 0.0) < 0 or (cm or 0.0) < 0:
        raise ImportFormatError(f"{name}: {where}: negative duration, calories or distance")
    kcal = max(kj - bmr_kj, 0.0) / KJ_PER_KCAL if kj is not None else None
    return day, (ms / 60_000, kcal, cm / 100 if cm else None)


def _goal_date(raw: Any) -> date | None:
    for fmt in ("%b %d, %Y", "%b %d, %Y %I:%M:%S %p"):
        try:
            return datetime.strptime(str(raw), fmt).date()
        except ValueError:
            continue
    return None
