"""What every importer produces: per-day values per source, the profile and goals it found."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

# The metrics a day can carry, in the order they are stored (data.models.DailyMetric's columns).
# exercise_min and active_kcal already include workouts (counted only where no record covers their
# minutes); workout_min and workout_kcal are the day's workouts on their own, never to be added to them.
METRICS = (
    "active_kcal",
    "basal_kcal",
    "total_kcal",
    "steps",
    "exercise_min",
    "distance_m",
    "weight_kg",
    "sleep_min",
    "resting_hr",
    "workout_min",
    "workout_kcal",
)


@dataclass
class DayBuilder:
    """Mutable accumulator for one (source, day) while a file streams past."""

    active_kcal: float | None = None
    basal_kcal: float | None = None
    total_kcal: float | None = None
    steps: float | None = None
    exercise_min: float | None = None
    distance_m: float | None = None
    weight_kg: float | None = None
    sleep_min: float | None = None
    resting_hr: float | None = None
    workout_min: float | None = None
    workout_kcal: float | None = None
    coverage_h: float | None = None
    is_partial: bool = False
    # When the weight was measured, so the latest weigh-in of the day wins.
    weight_at: float = field(default=float("-inf"))

    def add(self, metric: str, value: float) -> None:
        current = getattr(self, metric)
        setattr(self, metric, value if current is None else current + value)

    def set_weight(self, kg: float, at: float) -> None:
        if at >= self.weight_at:
            self.weight_kg, self.weight_at = kg, at

    def has_data(self) -> bool:
        return any(getattr(self, m) is not None for m in METRICS)


@dataclass(frozen=True)
class DailyValues:
    """One local calendar day as one source measured it.

    `merged` rows are a format's own de-duplicated view of the day (e.g. Apple with the watch preferred
    over the phone); only those feed the reconciled series. Rows with merged=False are per-device detail.
    """

    source: str
    day: date
    format: str
    merged: bool = True
    active_kcal: float | None = None
    basal_kcal: float | None = None
    total_kcal: float | None = None
    steps: float | None = None
    exercise_min: float | None = None
    distance_m: float | None = None
    weight_kg: float | None = None
    sleep_min: float | None = None
    resting_hr: float | None = None
    workout_min: float | None = None
    workout_kcal: float | None = None
    coverage_h: float | None = None
    is_partial: bool = False

    @staticmethod
    def from_builder(source: str, day: date, fmt: str, b: DayBuilder, *, merged: bool = True) -> DailyValues:
        values = {f.name: getattr(b, f.name) for f in fields(DailyValues) if hasattr(b, f.name)}
        if values.get("total_kcal") is None and b.active_kcal is not None and b.basal_kcal is not None:
            values["total_kcal"] = b.active_kcal + b.basal_kcal
        return DailyValues(source=source, day=day, format=fmt, merged=merged, **values)


@dataclass(frozen=True)
class ProfileFound:
    sex: str | None = None  # male | female
    birth_date: date | None = None
    height_cm: float | None = None
    weight_kg: float | None = None
    weight_day: date | None = None  # when weight_kg was measured, so an older export never wins

    def merged_with(self, other: ProfileFound) -> ProfileFound:
        """Fields of `other` fill the gaps; the later weigh-in wins."""
        newer_weight = other.weight_kg is not None and (
            self.weight_kg is None or (other.weight_day or date.min) >= (self.weight_day or date.min)
        )
        return ProfileFound(
            sex=self.sex or other.sex,
            birth_date=self.birth_date or other.birth_date,
            height_cm=self.height_cm if self.height_cm is not None else other.height_cm,
            weight_kg=other.weight_kg if newer_weight else self.weight_kg,
            weight_day=other.weight_day if newer_weight else self.weight_day,
        )


@dataclass(frozen=True)
class GoalFound:
    kind: str  # steps | active_energy | exercise_minutes | weight | net_calories
    value: float
    unit: str
    source: str
    valid_from: date | None = None


@dataclass(frozen=True)
class ParsedExport:
    """Everything one importer read, before anything is written."""

    format: str
    sources: tuple[str, ...]
    daily: tuple[DailyValues, ...]
    profile: ProfileFound = ProfileFound()
    goals: tuple[GoalFound, ...] = ()
    records: int = 0


@dataclass(frozen=True)
class ReconciledValues:
    day: date
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
    is_partial: bool
    sources: tuple[str, ...]


@dataclass(frozen=True)
class ImportSummary:
    """What `larder import` reports: the import row, what was found, and the reconciled days it touched."""

    import_id: int
    format: str
    path: str
    sources: tuple[str, ...]
    first_day: date | None
    last_day: date | None
    days: int
    records: int
    profile: ProfileFound
    goals: tuple[GoalFound, ...]
    daily: tuple[ReconciledValues, ...]
