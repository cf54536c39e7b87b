"""Read models of the front door: frozen, typed, plain data that is safe to hand across threads and
into Qt models. None of them holds a database row or a session.

Where an agent already has a frozen result type (NutritionResult, Cart, OrderView, ImportSummary,
EvalResult ...) the front door returns that type (re-exported from `agents.app`); the types here are
the views the agents had no type for, built from what the agents stored, never re-derived."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from agents.inventory.changes import Change
from agents.inventory.scanning import ScanItem
from agents.secrets import Credential
from data.backup import BackupFile
from vision.detections import PhotoDetections

# A value stored in the settings table (JSON).
JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]

EXPIRY_RED_DAYS = 2  # an item with this many days left or fewer is shown as expiring
EXPIRY_AMBER_DAYS = 5


# --- inventory ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InventoryRow:
    """One inventory item as a person reads it; `name` is the ingredient's display name."""

    id: int
    ingredient_id: str | None  # None: an unrecognised label (map it with Larder.map_label)
    name: str
    category: str  # the taxonomy's category ("" when unknown)
    quantity: float
    unit: str
    source: str  # detected | manual | import | barcode
    status: str  # present | used_up | discarded
    not_for_eating: bool
    confidence: float | None
    added_at: datetime  # aware, UTC
    updated_at: datetime  # aware, UTC
    expires_at: datetime | None  # aware, UTC; the agent's estimate from the shelf life

    def days_left(self, now: datetime | None = None) -> float | None:
        if self.expires_at is None:
            return None
        return (self.expires_at - (now or datetime.now(UTC))).total_seconds() / 86400.0


def count_expiring(
    rows: tuple[InventoryRow, ...] | list[InventoryRow], within_days: float = EXPIRY_RED_DAYS
) -> int:
    now = datetime.now(UTC)
    return sum(1 for r in rows if (left := r.days_left(now)) is not None and left <= within_days)


@dataclass(frozen=True)
class InventoryEventRow:
    """One entry of the inventory history (`larder inventory history`)."""

    id: int
    item_id: int
    name: str
    scan_id: int | None
    at: datetime
    kind: str  # added | updated | used_up | restored | edited | removed
    quantity_before: float | None
    quantity_after: float | None
    status_before: str | None
    status_after: str | None


@dataclass(frozen=True)
class UndoResult:
    scan_id: int
    restored: tuple[InventoryRow, ...]


@dataclass(frozen=True)
class LabelMapped:
    label: str
    ingredient: str  # the taxonomy id it now maps to
    items_updated: int


# --- scans ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanReport:
    """What one scan found and, when saved, what it changed in the inventory."""

    model: str  # "" when no detector model was available
    conf: float
    items: tuple[ScanItem, ...]  # counted per ingredient (or unrecognised label)
    photos: tuple[PhotoDetections, ...]  # per photo: size, detections (ignored ones flagged), ms
    note: str  # why nothing could be detected, or which model was used instead
    saved: bool
    scan_id: int | None
    changes: tuple[Change, ...]
    summary: str  # "since the last scan: 2 eggs new, milk gone" ("" when not saved)


@dataclass(frozen=True)
class BoxView:
    """One stored detection box, for drawing on its photo."""

    label: str  # the model's class name
    name: str  # display name of the ingredient (or the label, prettified)
    ingredient_id: str | None
    category: str
    confidence: float
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class PhotoView:
    photo_id: int
    path: Path
    width: int
    height: int
    boxes: tuple[BoxView, ...]


@dataclass(frozen=True)
class ScanView:
    """A stored scan with its photos and their detection boxes."""

    scan_id: int
    created_at: datetime  # aware, UTC
    model: str
    conf_threshold: float
    saved: bool
    photos: tuple[PhotoView, ...]


# --- health ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayPoint:
    """One reconciled day of wearable data."""

    day: date
    total_kcal: float | None
    active_kcal: float | None
    steps: float | None
    weight_kg: float | None
    is_partial: bool
    # Added with the workouts/sleep/resting-HR import; the defaults keep older callers working.
    exercise_min: float | None = None
    sleep_min: float | None = None
    resting_hr: float | None = None  # beats per minute
    workout_min: float | None = None
    workout_kcal: float | None = None


@dataclass(frozen=True)
class ImportView:
    """The latest wearable import, as stored."""

    format: str
    path: str
    imported_at: datetime  # aware, UTC
    first_day: date | None
    last_day: date | None
    days: int
    records: int
    sources: tuple[str, ...]


@dataclass(frozen=True)
class ProfileView:
    """The stored profile; what the user set (`user_set`) wins over imported values."""

    sex: str | None = None
    birth_date: date | None = None
    height_cm: float | None = None
    weight_kg: float | None = None
    goal: str | None = None
    activity_level: str | None = None
    diet: str | None = None
    allergies: tuple[str, ...] = ()
    dislikes: tuple[str, ...] = ()
    user_set: tuple[str, ...] = ()  # field names the user set by hand
    goal_rate_kg_per_week: float | None = None  # how fast to lose or gain; None: the default pace
    imported: tuple[tuple[str, str | float], ...] = ()  # (field, value) found in wearable imports
    target_overrides: tuple[tuple[str, float], ...] = ()  # (nutrient key, per day) set by the user

    @property
    def is_empty(self) -> bool:
        return all(
            getattr(self, name) in (None, ())
            for name in ("sex", "birth_date", "height_cm", "weight_kg", "goal", "activity_level", "diet")
        ) and not (self.allergies or self.dislikes)

    def to_public(self) -> dict[str, object]:
        """The JSON `larder profile --json` prints."""
        return {
            "sex": self.sex,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "height_cm": self.height_cm,
            "weight_kg": self.weight_kg,
            "goal": self.goal,
            "goal_rate_kg_per_week": self.goal_rate_kg_per_week,
            "activity_level": self.activity_level,
            "diet": self.diet,
            "allergies": list(self.allergies),
            "dislikes": list(self.dislikes),
            "user_set": list(self.user_set),
            "imported": dict(self.imported),
            "target_overrides": dict(self.target_overrides),
        }


# --- plan -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NutrientRow:
    """One nutrient of a plan, exactly as the nutrition agent computed it (amounts over the horizon)."""

    nutrient: str  # key, e.g. protein_g
    label: str  # the agent's display name ("Fiber")
    unit: str
    kind: str  # target: reach it | limit: stay below it
    per_day: float
    target: float  # over the horizon
    supply: float  # what the fridge supplies over the horizon
    deficit: float  # target - supply (> 0 short; for a limit < 0 is over it)
    status: str  # short | surplus | ok | over_limit | within_limit
    significant: bool
    percent_of_target: float
    rule: str  # how the target was derived
    is_override: bool  # the user set this target

    @property
    def short_by(self) -> float:
        """How much is missing for a target (0 when met or for a limit)."""
        return max(0.0, self.deficit) if self.kind == "target" else 0.0

    @property
    def over_limit(self) -> float:
        """How far a limit is exceeded (0 for a target)."""
        return max(0.0, -self.deficit) if self.kind == "limit" else 0.0


@dataclass(frozen=True)
class RecommendationRow:
    ingredient: str
    name: str
    quantity: float
    unit: str
    grams: float
    reason: str
    nutrient: str  # the deficit it was chosen for
    packages: int | None
    package_desc: str


@dataclass(frozen=True)
class PlanView:
    """A nutrition plan: the stored latest one, or one just computed."""

    plan_id: int | None
    created_at: datetime | None  # aware, UTC; None for a plan that was not stored
    days: int
    today: date
    nutrients: tuple[NutrientRow, ...]  # in the agent's priority order
    recommendations: tuple[RecommendationRow, ...]
    notes: tuple[str, ...] = field(default=())
    defaults_used: tuple[str, ...] = field(default=())
    headline: str = ""  # the nutrition agent's one-line conclusion, shown verbatim


# --- cart, orders, export -------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderRow:
    """One order in a list (the window's orders table)."""

    id: int
    created_at: datetime  # aware, UTC
    updated_at: datetime  # aware, UTC
    provider: str
    status: str  # draft | submitted | completed | cancelled
    currency: str
    total: float
    budget: float | None
    line_count: int
    indicative: bool


@dataclass(frozen=True)
class ExportResult:
    ref: str  # "3" or "list:1"
    format: str
    path: Path | None  # None: nothing written, the bytes are in `data`
    data: bytes
    lines: int


# --- settings and credentials ---------------------------------------------------------------------


@dataclass(frozen=True)
class DetectorSettings:
    model_path: str  # "" means the default (bundled) model
    conf_threshold: float


@dataclass(frozen=True)
class CredentialStatus:
    credential: Credential  # provider, name, label
    is_set: bool


@dataclass(frozen=True)
class StoreConnection:
    """What the window may truthfully say about the store: the chosen provider, the Kroger store, and
    whether the keyring holds what a call needs (read off the UI thread: the keyring may block)."""

    provider: str  # offline | kroger | instacart (the cart.provider setting)
    store_id: str  # the chosen Kroger location id, "" when none
    store_name: str  # its name and address as the search listed it, "" when none
    has_credentials: bool  # the provider's app credentials (Kroger client id/secret, Instacart key)
    signed_in: bool  # Kroger: a refresh token from a sign-in is kept

    @property
    def online(self) -> bool:
        return self.provider != "offline"


@dataclass(frozen=True)
class HomeInfo:
    """Where this Larder keeps its state."""

    root: Path
    database: Path
    photos: Path
    models: Path
    exports: Path
    logs: Path
    bundled_model: Path | None  # None: no bundled detector is installed


@dataclass(frozen=True)
class BackupReport:
    path: Path  # the backup just written
    bytes: int
    backups: tuple[BackupFile, ...]  # what <home>/backups/ now keeps, newest first


@dataclass(frozen=True)
class TrainReport:
    weights: Path
    card_json: Path
    card_md: Path
    metrics: tuple[tuple[str, float], ...]
    seconds: float
    model: str
    epochs: int
    imgsz: int
    batch: int
    workers: int
    device: str
    data: Path
    out: Path
    name: str
