"""Apple Health export.xml: streamed with lxml, aggregated per local day, watch preferred over phone.

Cumulative quantities (steps, active/basal energy, distance, exercise minutes) are spread over
10-minute buckets of the record's own local day (a record crossing midnight is split by overlap).
Per bucket, the highest-priority source that measured it wins (Apple Watch > iPhone > other apps),
which is how the Health app avoids counting the same steps twice; the merged day is the sum of the
winning buckets. Memory grows with days x sources, never with records.
"""

from __future__ import annotations

import math
import threading
from array import array
from datetime import date

from lxml import etree

from data.errors import ImportCancelled, ImportFormatError
from data.wearables.archive import Readable
from data.wearables.model import DailyValues, DayBuilder, GoalFound, ParsedExport, ProfileFound
from data.wearables.units import energy_factor, length_factor, mass_factor
from data.wearables.xmlsafe import defang_prolog

FORMAT = "apple_health"
BUCKET_S = 600
BUCKETS = 86400 // BUCKET_S
NAN = float("nan")

# type -> (metric, kind of unit)
_CUMULATIVE = {
    "HKQuantityTypeIdentifierStepCount": ("steps", "count"),
    "HKQuantityTypeIdentifierActiveEnergyBurned": ("active_kcal", "energy"),
    "HKQuantityTypeIdentifierBasalEnergyBurned": ("basal_kcal", "energy"),
    "HKQuantityTypeIdentifierDistanceWalkingRunning": ("distance_m", "length"),
    "HKQuantityTypeIdentifierAppleExerciseTime": ("exercise_min", "time"),
}
_METRIC_INDEX = {m: i for i, m in enumerate(sorted({m for m, _ in _CUMULATIVE.values()}))}
_METRIC_NAMES = sorted(_METRIC_INDEX, key=_METRIC_INDEX.__getitem__)
_BODY_MASS = "HKQuantityTypeIdentifierBodyMass"
_HEIGHT = "HKQuantityTypeIdentifierHeight"
_SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
_ASLEEP_PREFIX = "HKCategoryValueSleepAnalysisAsleep"
_TIME_FACTOR = {"min": 1.0, "s": 1 / 60, "hr": 60.0, "h": 60.0}
_SEX = {"HKBiologicalSexMale": "male", "HKBiologicalSexFemale": "female"}
_WANTED_TAGS = ("Record", "ActivitySummary", "Me", "ExportDate", "Workout", "Correlation")


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


class _Stamp:
    """Parses Apple's `YYYY-MM-DD HH:MM:SS +HHMM` quickly (millions of them) into (day ordinal, second, offset)."""

    def __init__(self) -> None:
        self._days: dict[str, int] = {}

    def __call__(self, s: str) -> tuple[int, int, int]:
        if len(s) != 25 or s[10] != " " or s[19] != " ":
            raise ValueError(f"bad date {s!r}")
        day = s[:10]
        ordinal = self._days.get(day)
        if ordinal is None:
            ordinal = date.fromisoformat(day).toordinal()
            self._days[day] = ordinal
        sod = int(s[11:13]) * 3600 + int(s[14:16]) * 60 + int(s[17:19])
        sign = -1 if s[20] == "-" else 1
        if s[20] not in "+-" or not s[21:25].isdigit():
            raise ValueError(f"bad offset in {s!r}")
        offset = sign * (int(s[21:23]) * 3600 + int(s[23:25]) * 60)
        if not 0 <= sod < 86400 + 1:
            raise ValueError(f"bad time in {s!r}")
        return ordinal, sod, offset


class AppleAggregator:
    """Receives records one by one and keeps per-day, per-source buckets."""

    def __init__(self) -> None:
        self.stamp = _Stamp()
        self.source_names: list[str] = []
        self.source_priority: list[int] = []
        self._source_index: dict[tuple[str, int], int] = {}
        # (metric index, day ordinal, source index) -> bucket values (NaN = not measured)
        self.buckets: dict[tuple[int, int, int], array[float]] = {}
        self.weights: dict[tuple[int, int], tuple[float, float]] = {}  # (day, source) -> (utc s, kg)
        self.sleep: dict[tuple[int, int], float] = {}  # (day, source) -> minutes asleep
        self.summary_active: dict[int, float] = {}
        self.summary_exercise: dict[int, float] = {}
        self.goals: dict[tuple[str, int], tuple[float, str]] = {}
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

    def unit_factor(self, kind: str, unit: str) -> float:
        key = (kind, unit)
        f = self._unit_factors.get(key)
        if f is None:
            f = self._unit_factors[key] = _factor(kind, unit)
        return f

    def add_cumulative(self, metric: str, src: int, start: str, end: str, value: float) -> None:
        d0, s0, o0 = self.stamp(start)
        d1, s1, o1 = self.stamp(end)
        duration = (d1 - d0) * 86400 + (s1 - o1) - (s0 - o0)
        m = _METRIC_INDEX[metric]
        if duration <= 0:
            self._add(m, d0, src, min(s0 // BUCKET_S, BUCKETS - 1), value)
            return
        pos, left, day = s0, duration, d0
        while left > 0:
            if pos >= 86400:
                pos -= 86400
                day += 1
            b = pos // BUCKET_S
            step = min(left, (b + 1) * BUCKET_S - pos)
            self._add(m, day, src, b, value * step / duration)
            pos += step
            left -= step

    def _bucket(self, m: int, day: int, src: int) -> array[float]:
        key = (m, day, src)
        arr = self.buckets.get(key)
        if arr is None:
            arr = self.buckets[key] = array("d", [NAN]) * BUCKETS
        return arr

    def _add(self, m: int, day: int, src: int, b: int, value: float) -> None:
        arr = self._bucket(m, day, src)
        cur = arr[b]
        arr[b] = value if cur != cur else cur + value  # cur != cur: NaN, nothing measured yet

    def add_weight(self, src: int, start: str, kg: float) -> None:
        d, s, o = self.stamp(start)
        at = d * 86400.0 + s - o
        key = (d, src)
        prev = self.weights.get(key)
        if prev is None or at >= prev[0]:
            self.weights[key] = (at, kg)

    def add_sleep(self, src: int, start: str, end: str) -> None:
        d0, s0, o0 = self.stamp(start)
        d1, s1, o1 = self.stamp(end)
        minutes = ((d1 - d0) * 86400 + (s1 - o1) - (s0 - o0)) / 60.0
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
        for (m, day), sources in groups.items():
            metric = _METRIC_NAMES[m]
            arrays = [(self.source_priority[s], self.buckets[(m, day, s)]) for s in sources]
            for s in sources:
                total = math.fsum(v for v in self.buckets[(m, day, s)] if v == v)
                per_source.setdefault((day, s), DayBuilder()).add(metric, total)
            chosen = 0.0
            covered = coverage.setdefault(day, set())
            n_basal = 0
            for k in range(BUCKETS):
                best_prio, best = -1, NAN
                for prio, arr in arrays:
                    v = arr[k]
                    if v == v and (prio > best_prio or (prio == best_prio and v > best)):
                        best_prio, best = prio, v
                if best_prio >= 0:
                    chosen += best
                    if metric in ("basal_kcal", "active_kcal"):
                        covered.add(k)
                    n_basal += metric == "basal_kcal"
            if metric == "basal_kcal":
                basal_cover[day] = n_basal
            merged.setdefault(day, DayBuilder()).add(metric, chosen)
        for day, active in self.summary_active.items():
            if active > 0 or day not in merged or merged[day].active_kcal is None:
                merged.setdefault(day, DayBuilder()).active_kcal = active
        for day, minutes in self.summary_exercise.items():
            b = merged.setdefault(day, DayBuilder())
            if b.exercise_min is None:
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
        for day, b in merged.items():
            b.coverage_h = len(coverage.get(day, ())) * BUCKET_S / 3600 if day in coverage else None
            # A day the watch logged basal energy for under 20 h, or the export's own day, is incomplete.
            b.is_partial = (
                day in basal_cover and basal_cover[day] * BUCKET_S < 20 * 3600
            ) or day == self.export_day
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
        used = sorted({self.source_names[s] for (_, s) in per_source})
        return ParsedExport(FORMAT, tuple(used), tuple(daily), profile, goals, self.records)


def _float(attrib: etree._Attrib, key: str, name: str, line: int | None) -> float:
    raw = attrib.get(key)
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ImportFormatError(f"{name}: line {line}: {key}={raw!r} is not a number") from None
    if not math.isfinite(value):
        raise ImportFormatError(f"{name}: line {line}: {key}={raw!r} is not a finite number")
    return value


def parse_apple_xml(
    raw: Readable, name: str, *, cancel: threading.Event | None = None, check_every: int = 20000
) -> ParsedExport:
    """Stream one export.xml (already a byte stream) into per-day values. Raises ImportFormatError."""
    agg = AppleAggregator()
    stream = defang_prolog(raw, b"HealthData", name)
    context = etree.iterparse(
        stream,
        events=("end",),
        tag=_WANTED_TAGS,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,
        remove_comments=True,
    )
    last_summary_goal: dict[str, tuple[float, str]] = {}
    el: etree._Element | None = None
    try:
        for _, el in context:
            parent = el.getparent()
            top = parent is not None and parent.tag == "HealthData"
            if el.tag == "Record" and top:
                agg.records += 1
                _record(agg, el, name, parent)
            elif el.tag == "ActivitySummary":
                _summary(agg, el, name, last_summary_goal)
            elif el.tag == "Me":
                _me(agg, el, name)
            elif el.tag == "ExportDate":
                value = el.get("value") or ""
                try:
                    agg.export_day = agg.stamp(value)[0]
                except ValueError:
                    agg.export_day = None
            if top or parent is None:
                el.clear(keep_tail=False)
                if parent is not None:
                    while el.getprevious() is not None:
                        del parent[0]
            if agg.records % check_every == 0 and cancel is not None and cancel.is_set():
                raise ImportCancelled("import cancelled; nothing was written")
    except etree.XMLSyntaxError as exc:
        line, msg = _syntax_error_where(exc)
        raise ImportFormatError(f"{name}: line {line}: malformed XML ({msg})") from None
    except (ValueError, KeyError) as exc:
        line = el.sourceline if el is not None else "?"
        raise ImportFormatError(f"{name}: line {line}: {exc}") from None
    except ImportFormatError as exc:
        if el is not None and "line" not in str(exc):
            raise ImportFormatError(f"{name}: line {el.sourceline}: {exc}") from None
        raise
    return agg.result()


def _syntax_error_where(exc: etree.XMLSyntaxError) -> tuple[object, str]:
    # With a Python stream lxml sometimes reports "no element found" at line 0; the log has the real cause.
    fatal = [e for e in exc.error_log if e.level_name == "FATAL"]
    if fatal:
        return fatal[0].line, fatal[0].message.strip()
    return (exc.lineno or "?"), exc.msg


def _record(agg: AppleAggregator, el: etree._Element, name: str, parent: etree._Element) -> None:
    attrib = el.attrib
    rtype = attrib.get("type")
    spec = _CUMULATIVE.get(rtype)  # type: ignore[arg-type]
    if spec is not None:
        metric, kind = spec
        value = _float(attrib, "value", name, el.sourceline) * agg.unit_factor(kind, attrib.get("unit", ""))
        src = agg.source(attrib.get("sourceName", ""), attrib.get("device", ""))
        agg.add_cumulative(metric, src, attrib["startDate"], attrib["endDate"], value)
    elif rtype == _BODY_MASS:
        kg = _float(attrib, "value", name, el.sourceline) * agg.unit_factor("mass", attrib.get("unit", "kg"))
        src = agg.source(attrib.get("sourceName", ""), attrib.get("device", ""))
        agg.add_weight(src, attrib["startDate"], kg)
    elif rtype == _HEIGHT:
        cm = (
            _float(attrib, "value", name, el.sourceline)
            * agg.unit_factor("length", attrib.get("unit", "cm"))
            * 100
        )
        d, s, o = agg.stamp(attrib["startDate"])
        at = d * 86400.0 + s - o
        if agg.height is None or at >= agg.height[0]:
            agg.height = (at, cm)
    elif rtype == _SLEEP and (attrib.get("value") or "").startswith(_ASLEEP_PREFIX):
        src = agg.source(attrib.get("sourceName", ""), attrib.get("device", ""))
        agg.add_sleep(src, attrib["startDate"], attrib["endDate"])


def _summary(
    agg: AppleAggregator, el: etree._Element, name: str, last_goal: dict[str, tuple[float, str]]
) -> None:
    attrib = el.attrib
    day_s = attrib.get("dateComponents") or ""
    try:
        day = date.fromisoformat(day_s).toordinal()
    except ValueError:
        raise ImportFormatError(f"{name}: line {el.sourceline}: bad dateComponents {day_s!r}") from None
    unit = attrib.get("activeEnergyBurnedUnit") or "kcal"
    factor = agg.unit_factor("energy", unit)
    if attrib.get("activeEnergyBurned"):
        agg.summary_active[day] = _float(attrib, "activeEnergyBurned", name, el.sourceline) * factor
    if attrib.get("appleExerciseTime"):
        agg.summary_exercise[day] = _float(attrib, "appleExerciseTime", name, el.sourceline)
    for key, kind, goal_unit, f in (
        ("activeEnergyBurnedGoal", "active_energy", "kcal", factor),
        ("appleExerciseTimeGoal", "exercise_minutes", "min", 1.0),
    ):
        if attrib.get(key):
            value = round(_float(attrib, key, name, el.sourceline) * f, 1)
            # Goals repeat every day; keep the days they changed.
            if value > 0 and last_goal.get(kind, (None, ""))[0] != value:
                last_goal[kind] = (value, goal_unit)
                agg.goals[(kind, day)] = (value, goal_unit)


def _me(agg: AppleAggregator, el: etree._Element, name: str) -> None:
    sex = el.get("HKCharacteristicTypeIdentifierBiologicalSex") or ""
    agg.sex = _SEX.get(sex)
    birth = (el.get("HKCharacteristicTypeIdentifierDateOfBirth") or "").strip()
    if birth:
        try:
            agg.birth_date = date.fromisoformat(birth[:10])
        except ValueError:
            raise ImportFormatError(f"{name}: line {el.sourceline}: bad date of birth {birth!r}") from None


def is_apple_xml(head: bytes) -> bool:
    return (b"<!DOCTYPE HealthData" in head or b"<HealthData" in head) and b"<ClinicalDocument" not in head
