"""Aggregating Apple Health records per local day, watch preferred over phone (shared by both parsers).

Cumulative quantities (steps, active/basal energy, distance, exercise minutes) are spread over
10-minute buckets of the record's own local day (a record crossing midnight is split by overlap).
Per bucket, the highest-priority source that measured it wins (Apple Watch > iPhone > other apps),
which is how the Health app avoids counting the same steps twice; the merged day is the sum of the
winning buckets. Memory grows with days x sources, never with records.

Workouts are a source below every record source: their duration (exercise minutes), active energy
and distance are spread over their own buckets the same way, so they count only in the 10-minute
slots no record measured (a workouts-only export, or the minutes the watch was off) and never twice
with the watch's records of the same minutes. The day's workouts are also kept on their own
(workout_min, workout_kcal), for display, not to be added to the day's totals.

The handlers take the element's attributes through `get(name) -> str | None`, so the lxml parser
(`attrib.get`) and the byte scanner (a dict of decoded values) share one meaning for every field.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Sequence
from datetime import date

from data.errors import ImportFormatError
from data.wearables.model import DailyValues, DayBuilder, GoalFound, ParsedExport, ProfileFound
from data.wearables.units import energy_factor, length_factor, mass_factor

FORMAT = "apple_health"
BUCKET_S = 600
BUCKETS = 86400 // BUCKET_S
NAN = float("nan")

Getter = Callable[[str], "str | None"]

# type -> (metric, kind of unit)
CUMULATIVE = {
    "HKQuantityTypeIdentifierStepCount": ("steps", "count"),
    "HKQuantityTypeIdentifierActiveEnergyBurned": ("active_kcal", "energy"),
    "HKQuantityTypeIdentifierBasalEnergyBurned": ("basal_kcal", "energy"),
    "HKQuantityTypeIdentifierDistanceWalkingRunning": ("distance_m", "length"),
    "HKQuantityTypeIdentifierAppleExerciseTime": ("exercise_min", "time"),
}
# Only workouts fill the workout_* buckets; they take part in the merge like every other metric.
WORKOUT_METRICS = ("workout_min", "workout_kcal")
METRIC_INDEX = {
    m: i for i, m in enumerate(sorted({m for m, _ in CUMULATIVE.values()} | set(WORKOUT_METRICS)))
}
_METRIC_NAMES = sorted(METRIC_INDEX, key=METRIC_INDEX.__getitem__)
BODY_MASS = "HKQuantityTypeIdentifierBodyMass"
HEIGHT = "HKQuantityTypeIdentifierHeight"
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
RESTING_HR = "HKQuantityTypeIdentifierRestingHeartRate"
# Every record type the importer reads; all others are only counted.
USED_TYPES = (*CUMULATIVE, BODY_MASS, HEIGHT, SLEEP, RESTING_HR)
WORKOUT_ENERGY = "HKQuantityTypeIdentifierActiveEnergyBurned"
WORKOUT_DISTANCE_PREFIX = "HKQuantityTypeIdentifierDistance"  # WalkingRunning, Cycling, Swimming...
WORKOUT_PRIORITY = 0  # below every record source (see _priority)
_ASLEEP_PREFIX = "HKCategoryValueSleepAnalysisAsleep"
_TIME_FACTOR = {"min": 1.0, "s": 1 / 60, "hr": 60.0, "h": 60.0}
_SEX = {"HKBiologicalSexMale": "male", "HKBiologicalSexFemale": "female"}
# Devices and apps write records of minutes to a day; spreading one record costs a step per bucket, so a
# damaged or hostile one spanning centuries would take minutes and fill the database with invented days.
MAX_SPAN_DAYS = 31


def _factor(kind: str, unit: str) -> float:
    if kind == "count":
        return 1.0
    if kind == "energy":
        return energy_factor(unit)
    if kind == "length":
        return length_factor(unit)
    if kind == "mass":
        return mass_factor(unit)
    try:
        return _TIME_FACTOR[unit]
    except KeyError:
        raise ImportFormatError(f"unknown time unit {unit!r}") from None


def _priority(source_name: str, device: str) -> int:
    """Apple Watch over iPhone over everything else, as the Health app ranks them by default."""
    if "Watch" in device or "Watch" in source_name:
        return 3
    if "iPhone" in device or "iPhone" in source_name:
        return 2
    return 1


class Stamp:
    """Parses Apple's `YYYY-MM-DD HH:MM:SS +HHMM` quickly (millions of them) into (day ordinal, second, offset).

    Accepts str or (from the byte scanner) ASCII bytes. The date-and-hour prefix and the offset are
    validated once and cached, so a stamp usually costs two lookups and two small int() calls.
    """

    def __init__(self) -> None:
        self._hours: dict[str | bytes, tuple[int, int]] = {}  # "YYYY-MM-DD HH" -> (ordinal, hour s)
        self._offsets: dict[str | bytes, int] = {}  # " +HHMM" -> offset s

    def __call__(self, s: str | bytes) -> tuple[int, int, int]:
        if len(s) == 25:
            hour = self._hours.get(s[:13])
            offset = self._offsets.get(s[19:25])
            if hour is not None and offset is not None:
                minute, second = int(s[14:16]), int(s[17:19])
                if 0 <= minute < 60 and 0 <= second < 60:
                    return hour[0], hour[1] + minute * 60 + second, offset
        return self._parse(s)

    def _parse(self, s: str | bytes) -> tuple[int, int, int]:
        if len(s) != 25 or s[10] not in (" ", 32) or s[19] not in (" ", 32):
            raise ValueError(f"bad date {_text(s)!r}")
        ordinal = date.fromisoformat(_text(s[:10])).toordinal()
        hour, minute, second = int(s[11:13]), int(s[14:16]), int(s[17:19])
        if not (0 <= hour < 24 and 0 <= minute < 60 and 0 <= second < 60):
            raise ValueError(f"bad time in {_text(s)!r}")
        hour_s = hour * 3600
        sod = hour_s + minute * 60 + second
        sign = s[20]
        if sign not in ("+", "-", 43, 45) or not s[21:25].isdigit():
            raise ValueError(f"bad offset in {_text(s)!r}")
        offset = int(s[21:23]) * 3600 + int(s[23:25]) * 60
        if sign in ("-", 45):
            offset = -offset
        self._hours[s[:13]] = (ordinal, hour_s)
        self._offsets[s[19:25]] = offset
        return ordinal, sod, offset


def _span_s(d0: int, s0: int, o0: int, d1: int, s1: int, o1: int) -> int:
    """Real seconds from start to end: each stamp is local time, less its own UTC offset."""
    span = (d1 - d0) * 86400 + (s1 - o1) - (s0 - o0)
    if span > MAX_SPAN_DAYS * 86400:
        raise ValueError(
            f"the record spans {span / 86400:.0f} days, more than the {MAX_SPAN_DAYS} a record can"
        )
    return span


def _text(s: str | bytes) -> str:
    return s.decode("utf-8", "replace") if isinstance(s, bytes) else s


class AppleAggregator:
    """Receives records one by one and keeps per-day, per-source buckets."""

    def __init__(self) -> None:
        self.stamp = Stamp()
        self.source_names: list[str] = []
        self.source_priority: list[int] = []
        self._source_index: dict[tuple[str, int], int] = {}
        # (metric index, day ordinal, source index) -> bucket values (NaN = not measured)
        self.buckets: dict[tuple[int, int, int], array[float]] = {}
        self.weights: dict[tuple[int, int], tuple[float, float]] = {}  # (day, source) -> (utc s, kg)
        self.sleep: dict[tuple[int, int], float] = {}  # (day, source) -> minutes asleep
        self.resting: dict[tuple[int, int], tuple[float, int]] = {}  # (day, source) -> (sum bpm, n)
        self.summary_active: dict[int, float] = {}
        self.summary_exercise: dict[int, float] = {}
        self.goals: dict[tuple[str, int], tuple[float, str]] = {}
        self.last_summary_goal: dict[str, tuple[float, str]] = {}
        self.height: tuple[float, float] | None = None  # (utc s, cm)
        self.sex: str | None = None
        self.birth_date: date | None = None
        self.export_day: int | None = None
        self.records = 0
        self._unit_factors: dict[tuple[str, str], float] = {}

    def source(self, name: str, device: str) -> int:
        prio = _priority(name, device)
        key = (name, prio)
        idx = self._source_index.get(key)
        if idx is None:
            idx = self._source_index[key] = len(self.source_names)
            self.source_names.append(name)
            self.source_priority.append(prio)
        return idx

    def workout_source(self, name: str) -> int:
        """The workouts of one app or device: a source ranked below every record source."""
        key = (name, WORKOUT_PRIORITY)
        idx = self._source_index.get(key)
        if idx is None:
            idx = self._source_index[key] = len(self.source_names)
            self.source_names.append(name)
            self.source_priority.append(WORKOUT_PRIORITY)
        return idx

    def unit_factor(self, kind: str, unit: str) -> float:
        key = (kind, unit)
        f = self._unit_factors.get(key)
        if f is None:
            f = self._unit_factors[key] = _factor(kind, unit)
        return f

    def add_cumulative(self, metric: str, src: int, start: str, end: str, value: float) -> None:
        d0, s0, o0 = self.stamp(start)
        d1, s1, o1 = self.stamp(end)
        self.add_span(METRIC_INDEX[metric], src, d0, s0, o0, d1, s1, o1, value)

    def add_span(
        self, m: int, src: int, d0: int, s0: int, o0: int, d1: int, s1: int, o1: int, value: float
    ) -> None:
        """Spreads `value` over the buckets from (d0, s0) local for the record's duration in real time."""
        duration = _span_s(d0, s0, o0, d1, s1, o1)
        buckets = self.buckets
        if duration <= 0:
            key = (m, d0, src)
            arr = buckets.get(key)
            if arr is None:
                arr = buckets[key] = array("d", [NAN]) * BUCKETS
            b = min(s0 // BUCKET_S, BUCKETS - 1)
            cur = arr[b]
            arr[b] = value if cur != cur else cur + value  # cur != cur: NaN, nothing measured yet
            return
        pos, left, day = s0, duration, d0
        arr = None
        while left > 0:
            if pos >= 86400:
                pos -= 86400
                day += 1
                arr = None
            if arr is None:
                key = (m, day, src)
                arr = buckets.get(key)
                if arr is None:
                    arr = buckets[key] = array("d", [NAN]) * BUCKETS
            b = pos // BUCKET_S
            step = min(left, (b + 1) * BUCKET_S - pos)
            part = value * step / duration
            cur = arr[b]
            arr[b] = part if cur != cur else cur + part
            pos += step
            left -= step

    def add_weight(self, src: int, start: str, kg: float) -> None:
        d, s, o = self.stamp(start)
        at = d * 86400.0 + s - o
        key = (d, src)
        prev = self.weights.get(key)
        if prev is None or at >= prev[0]:
            self.weights[key] = (at, kg)

    def add_resting(self, src: int, start: str, bpm: float) -> None:
        day = self.stamp(start)[0]
        total, n = self.resting.get((day, src), (0.0, 0))
        self.resting[(day, src)] = (total + bpm, n + 1)

    def add_sleep(self, src: int, start: str, end: str) -> None:
        d0, s0, o0 = self.stamp(start)
        d1, s1, o1 = self.stamp(end)
        minutes = _span_s(d0, s0, o0, d1, s1, o1) / 60.0
        if minutes > 0:
            # A night belongs to the day you wake up on.
            self.sleep[(d1, src)] = self.sleep.get((d1, src), 0.0) + minutes

    # --- results -----------------------------------------------------------------------------------

    def result(self) -> ParsedExport:
        per_source: dict[tuple[int, int], DayBuilder] = {}
        merged: dict[int, DayBuilder] = {}
        coverage: dict[int, set[int]] = {}
        basal_cover: dict[int, int] = {}
        groups: dict[tuple[int, int], list[int]] = {}
        for m, day, src in self.buckets:
            groups.setdefault((m, day), []).append(src)
        # (metric, day) whose value some record measured, not workouts alone
        from_records: set[tuple[str, int]] = set()
        workout_sources: set[int] = set()
        # Slots where a record source measured active energy: the watch was on. A watch writes exercise
        # minutes only for brisk minutes, so there a workout slot without them held no exercise.
        watch_on: dict[int, set[int]] = {}
        active_m, exercise_m = METRIC_INDEX["active_kcal"], METRIC_INDEX["exercise_min"]
        for (m, day), sources in sorted(groups.items(), key=lambda g: g[0][0] != active_m):
            metric = _METRIC_NAMES[m]
            not_exercise = watch_on.get(day, set()) if m == exercise_m else set()
            arrays = [(self.source_priority[s], self.buckets[(m, day, s)]) for s in sources]
            for s in sources:
                if self.source_priority[s] == WORKOUT_PRIORITY:
                    # No per-source row for workouts: the merged day carries them (workout_min/kcal).
                    workout_sources.add(s)
                    continue
                total = math.fsum(v for v in self.buckets[(m, day, s)] if v == v)
                per_source.setdefault((day, s), DayBuilder()).add(metric, total)
            chosen = 0.0
            covered = coverage.setdefault(day, set())
            energy = metric in ("basal_kcal", "active_kcal")
            n_basal = 0
            by_records = False
            if len(arrays) == 1:
                # One source: nothing to choose between (most groups; the same sum as the loop below).
                prio, arr = arrays[0]
                measured = [k for k in range(BUCKETS) if arr[k] == arr[k]]
                if prio == WORKOUT_PRIORITY and not_exercise:
                    measured = [k for k in measured if k not in not_exercise]
                for k in measured:
                    chosen += arr[k]
                by_records = prio > WORKOUT_PRIORITY and bool(measured)
                if by_records and energy:
                    covered.update(measured)
                    if m == active_m:
                        watch_on[day] = set(measured)
                n_basal = len(measured)
            else:
                for k in range(BUCKETS):
                    best_prio, best = -1, NAN
                    for prio, arr in arrays:
                        v = arr[k]
                        if v == v and (prio > best_prio or (prio == best_prio and v > best)):
                            best_prio, best = prio, v
                    if best_prio == WORKOUT_PRIORITY and k in not_exercise:
                        continue
                    if best_prio >= 0:
                        chosen += best
                        n_basal += 1
                        if best_prio > WORKOUT_PRIORITY:
                            by_records = True
                            if energy:
                                covered.add(k)
                                if m == active_m:
                                    watch_on.setdefault(day, set()).add(k)
            if by_records:
                from_records.add((metric, day))
            if metric == "basal_kcal":
                basal_cover[day] = n_basal
            merged.setdefault(day, DayBuilder()).add(metric, chosen)
        for day, active in self.summary_active.items():
            if active > 0 or day not in merged or merged[day].active_kcal is None:
                merged.setdefault(day, DayBuilder()).active_kcal = active
        for day, minutes in self.summary_exercise.items():
            b = merged.setdefault(day, DayBuilder())
            # Apple's own ring total already holds the day's workouts: it wins over them, not records.
            if b.exercise_min is None or (("exercise_min", day) not in from_records and minutes > 0):
                b.exercise_min = minutes
        latest_weight: tuple[float, float, int] | None = None
        for (day, src), (at, kg) in self.weights.items():
            per_source.setdefault((day, src), DayBuilder()).set_weight(kg, at)
            merged.setdefault(day, DayBuilder()).set_weight(kg, at)
            if latest_weight is None or at >= latest_weight[0]:
                latest_weight = (at, kg, day)
        for (day, src), minutes in self.sleep.items():
            per_source.setdefault((day, src), DayBuilder()).add("sleep_min", minutes)
            b = merged.setdefault(day, DayBuilder())
            b.sleep_min = max(b.sleep_min or 0.0, minutes)
        resting_rank: dict[int, int] = {}
        for (day, src), (total, n) in sorted(self.resting.items()):
            bpm = total / n
            per_source.setdefault((day, src), DayBuilder()).resting_hr = bpm
            b = merged.setdefault(day, DayBuilder())
            if self.source_priority[src] > resting_rank.get(day, -1):  # the watch over other apps
                resting_rank[day] = self.source_priority[src]
                b.resting_hr = bpm
        for day, b in merged.items():
            b.coverage_h = len(coverage.get(day, ())) * BUCKET_S / 3600 if day in coverage else None
            # Energy measured only during workouts is not the day's energy, unless Apple's summary says so.
            workouts_only = (
                b.active_kcal is not None
                and ("active_kcal", day) not in from_records
                and day not in basal_cover
                and self.summary_active.get(day, 0.0) <= 0
            )
            # A day the watch logged basal energy for under 20 h, or the export's own day, is incomplete.
            b.is_partial = (
                (day in basal_cover and basal_cover[day] * BUCKET_S < 20 * 3600)
                or day == self.export_day
                or workouts_only
            )
        daily: list[DailyValues] = []
        for day, b in sorted(merged.items()):
            if b.has_data():
                daily.append(DailyValues.from_builder(FORMAT, date.fromordinal(day), FORMAT, b))
        for (day, src), b in sorted(per_source.items()):
            b.is_partial = merged[day].is_partial
            name = f"{FORMAT}/{self.source_names[src]}"
            daily.append(DailyValues.from_builder(name, date.fromordinal(day), FORMAT, b, merged=False))
        goals = tuple(
            GoalFound(kind=kind, value=value, unit=unit, source=FORMAT, valid_from=date.fromordinal(day))
            for (kind, day), (value, unit) in sorted(self.goals.items(), key=lambda kv: (kv[0][1], kv[0][0]))
        )
        profile = ProfileFound(
            sex=self.sex,
            birth_date=self.birth_date,
            height_cm=round(self.height[1], 2) if self.height else None,
            weight_kg=round(latest_weight[1], 3) if latest_weight else None,
            weight_day=date.fromordinal(latest_weight[2]) if latest_weight else None,
        )
        used = sorted(
            {self.source_names[s] for (_, s) in per_source} | {self.source_names[s] for s in workout_sources}
        )
        return ParsedExport(FORMAT, tuple(used), tuple(daily), profile, goals, self.records)


# --- element handlers: `where` is "file: line N", prefixed to every error -----------------------------


def number(get: Getter, key: str, where: str) -> float:
    raw = get(key)
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ImportFormatError(f"{where}: {key}={raw!r} is not a number") from None
    if not math.isfinite(value):
        raise ImportFormatError(f"{where}: {key}={raw!r} is not a finite number")
    return value


def _required(get: Getter, key: str) -> str:
    value = get(key)
    if value is None:
        raise KeyError(key)
    return value


def add_record(agg: AppleAggregator, get: Getter, where: str) -> None:
    """One top-level <Record>; raises ImportFormatError, ValueError or KeyError (missing date)."""
    rtype = get("type")
    spec = CUMULATIVE.get(rtype)  # type: ignore[arg-type]
    if spec is not None:
        metric, kind = spec
        value = number(get, "value", where) * agg.unit_factor(kind, get("unit") or "")
        src = agg.source(get("sourceName") or "", get("device") or "")
        agg.add_cumulative(metric, src, _required(get, "startDate"), _required(get, "endDate"), value)
    elif rtype == BODY_MASS:
        kg = number(get, "value", where) * agg.unit_factor("mass", _or(get("unit"), "kg"))
        src = agg.source(get("sourceName") or "", get("device") or "")
        agg.add_weight(src, _required(get, "startDate"), kg)
    elif rtype == HEIGHT:
        cm = number(get, "value", where) * agg.unit_factor("length", _or(get("unit"), "cm")) * 100
        d, s, o = agg.stamp(_required(get, "startDate"))
        at = d * 86400.0 + s - o
        if agg.height is None or at >= agg.height[0]:
            agg.height = (at, cm)
    elif rtype == SLEEP and (get("value") or "").startswith(_ASLEEP_PREFIX):
        src = agg.source(get("sourceName") or "", get("device") or "")
        agg.add_sleep(src, _required(get, "startDate"), _required(get, "endDate"))
    elif rtype == RESTING_HR:
        bpm = number(get, "value", where)
        src = agg.source(get("sourceName") or "", get("device") or "")
        agg.add_resting(src, _required(get, "startDate"), bpm)


def add_workout(agg: AppleAggregator, get: Getter, statistics: Sequence[Getter], where: str) -> None:
    """One top-level <Workout> with its direct <WorkoutStatistics> children.

    Energy and distance come from the statistics (iOS 16+ watch workouts have nothing else) and
    otherwise from the older totalEnergyBurned / totalDistance attributes; a workout with neither
    (many third-party apps) has unknown energy, not zero.
    """
    d0, s0, o0 = agg.stamp(_required(get, "startDate"))
    d1, s1, o1 = agg.stamp(_required(get, "endDate"))
    span = _span_s(d0, s0, o0, d1, s1, o1)
    minutes: float | None = span / 60 if span > 0 else None
    if get("duration"):
        minutes = number(get, "duration", where) * agg.unit_factor("time", _or(get("durationUnit"), "min"))
    energy: float | None = None
    distances: dict[str, float] = {}
    for stat in statistics:
        stype = stat("type") or ""
        if stat("sum") is None:
            continue
        if stype == WORKOUT_ENERGY and energy is None:
            energy = number(stat, "sum", where) * agg.unit_factor("energy", _or(stat("unit"), "kcal"))
        elif stype.startswith(WORKOUT_DISTANCE_PREFIX) and stype not in distances:
            distances[stype] = number(stat, "sum", where) * agg.unit_factor("length", _or(stat("unit"), "m"))
    if energy is None and get("totalEnergyBurned"):
        unit = _or(get("totalEnergyBurnedUnit"), "kcal")
        energy = number(get, "totalEnergyBurned", where) * agg.unit_factor("energy", unit)
    distance = math.fsum(distances.values()) if distances else None
    if distance is None and get("totalDistance"):
        distance = number(get, "totalDistance", where) * agg.unit_factor(
            "length", _or(get("totalDistanceUnit"), "m")
        )
    src = agg.workout_source(get("sourceName") or "")
    for what, value, metrics in (
        ("duration", minutes, ("exercise_min", "workout_min")),
        ("energy", energy, ("active_kcal", "workout_kcal")),
        ("distance", distance, ("distance_m",)),
    ):
        if value is None:
            continue
        if value < 0:
            raise ImportFormatError(f"{where}: the workout's {what} is negative ({value:g})")
        for metric in metrics:
            agg.add_span(METRIC_INDEX[metric], src, d0, s0, o0, d1, s1, o1, value)


def _or(value: str | None, default: str) -> str:
    return default if value is None else value


def add_summary(agg: AppleAggregator, get: Getter, where: str) -> None:
    day_s = get("dateComponents") or ""
    try:
        day = date.fromisoformat(day_s).toordinal()
    except ValueError:
        raise ImportFormatError(f"{where}: bad dateComponents {day_s!r}") from None
    factor = agg.unit_factor("energy", get("activeEnergyBurnedUnit") or "kcal")
    if get("activeEnergyBurned"):
        agg.summary_active[day] = number(get, "activeEnergyBurned", where) * factor
    if get("appleExerciseTime"):
        agg.summary_exercise[day] = number(get, "appleExerciseTime", where)
    for key, kind, goal_unit, f in (
        ("activeEnergyBurnedGoal", "active_energy", "kcal", factor),
        ("appleExerciseTimeGoal", "exercise_minutes", "min", 1.0),
    ):
        if get(key):
            value = round(number(get, key, where) * f, 1)
            # Goals repeat every day; keep the days they changed.
            if value > 0 and agg.last_summary_goal.get(kind, (None, ""))[0] != value:
                agg.last_summary_goal[kind] = (value, goal_unit)
                agg.goals[(kind, day)] = (value, goal_unit)


def add_me(agg: AppleAggregator, get: Getter, where: str) -> None:
    agg.sex = _SEX.get(get("HKCharacteristicTypeIdentifierBiologicalSex") or "")
    birth = (get("HKCharacteristicTypeIdentifierDateOfBirth") or "").strip()
    if birth:
        try:
            agg.birth_date = date.fromisoformat(birth[:10])
        except ValueError:
            raise ImportFormatError(f"{where}: bad date of birth {birth!r}") from None


def add_export_date(agg: AppleAggregator, get: Getter) -> None:
    try:
        agg.export_day = agg.stamp(get("value") or "")[0]
    except ValueError:
        agg.export_day = None
