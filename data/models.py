"""SQLModel tables: the one place the database schema is declared.

Changing a table means a new Alembic revision in data/migrations/versions; the app upgrades
every database to the newest revision when it opens it.
Datetimes are timezone-aware UTC (sqlmodel's UTCDateTime refuses naive ones: use data.models.utcnow());
calendar days are dates in the person's local time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def _json(default: Any = None) -> Any:
    return Field(default_factory=lambda: default() if callable(default) else default, sa_column=Column(JSON))


# --- photos and what the detector saw -------------------------------------------------------------


class Photo(SQLModel, table=True):
    __tablename__ = "photos"
    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(index=True, unique=True, max_length=64)
    path: str
    width: int
    height: int
    taken_at: datetime | None = None
    imported_at: datetime = Field(default_factory=utcnow)


class Scan(SQLModel, table=True):
    """One run of the detector over one or more photos of the same fridge."""

    __tablename__ = "scans"
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    model: str = ""
    conf_threshold: float = 0.25
    saved: bool = False
    summary: dict[str, Any] = _json(dict)


class ScanPhoto(SQLModel, table=True):
    __tablename__ = "scan_photos"
    scan_id: int = Field(foreign_key="scans.id", primary_key=True, ondelete="CASCADE")
    photo_id: int = Field(foreign_key="photos.id", primary_key=True, ondelete="CASCADE")
    ms: float = 0.0


class Detection(SQLModel, table=True):
    __tablename__ = "detections"
    id: int | None = Field(default=None, primary_key=True)
    scan_id: int = Field(foreign_key="scans.id", index=True, ondelete="CASCADE")
    photo_id: int = Field(foreign_key="photos.id", index=True, ondelete="CASCADE")
    ingredient_id: str | None = Field(default=None, index=True)
    label: str
    confidence: float
    x1: float
    y1: float
    x2: float
    y2: float
    # Review (0005): detected | confirmed | rejected | relabelled | added | unnamed
    status: str = Field(default="detected", index=True, sa_column_kwargs={"server_default": "detected"})
    # model | memory (the user's taught products) | container (COCO's rows) | user (a box the user drew)
    source: str = Field(default="model", sa_column_kwargs={"server_default": "model"})
    user_name: str | None = None  # a name the user gave that the taxonomy lacks (their own item)
    # How many items this one box stands for (the user can change it).
    count: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    reviewed_at: datetime | None = None


class DetectionReview(SQLModel, table=True):
    """One applied batch of review changes to a scan, with what it replaced, so it can be undone."""

    __tablename__ = "detection_reviews"
    id: int | None = Field(default=None, primary_key=True)
    scan_id: int = Field(foreign_key="scans.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
    undone_at: datetime | None = None
    before: dict[str, Any] = _json(dict)  # detection id -> its review fields before; "added": [ids]


class LabelMapping(SQLModel, table=True):
    """A model label the user mapped to a taxonomy ingredient by hand (remembered across scans)."""

    __tablename__ = "label_mappings"
    label: str = Field(primary_key=True)
    ingredient_id: str
    created_at: datetime = Field(default_factory=utcnow)


class OwnFoodLink(SQLModel, table=True):
    """The user's own item (a name the taxonomy lacks, e.g. "grandma's plum jam") counted as a food of
    the bundled SR28 table from now on (agents/nutrition/own_foods.py)."""

    __tablename__ = "own_food_links"
    name: str = Field(primary_key=True)  # the own item's name as stored: lower case, single spaces
    # the taxonomy row that carries the SR28 food's nutrients, or sr28:<NDB> for a food no row carries
    ingredient_id: str
    ndb_no: str  # the SR28 food (NDB number)
    linked_at: datetime = Field(default_factory=utcnow)
    # grams of one piece of the own item, as the user said; None: the food's default (the taxonomy
    # row's package weight, else SR28's largest household portion)
    piece_g: float | None = None


# --- inventory ------------------------------------------------------------------------------------


class InventoryItem(SQLModel, table=True):
    __tablename__ = "inventory_items"
    id: int | None = Field(default=None, primary_key=True)
    ingredient_id: str | None = Field(default=None, index=True)
    name: str = ""
    quantity: float = 1.0
    unit: str = "piece"
    source: str = "manual"  # detected | manual | import
    status: str = Field(default="present", index=True)  # present | used_up | discarded
    not_for_eating: bool = False
    added_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime | None = None
    last_scan_id: int | None = Field(default=None, foreign_key="scans.id", ondelete="SET NULL")
    confidence: float | None = None
    note: str = ""


class InventoryEvent(SQLModel, table=True):
    """History of every inventory change, so a scan's changes can be shown and undone."""

    __tablename__ = "inventory_events"
    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="inventory_items.id", index=True, ondelete="CASCADE")
    scan_id: int | None = Field(default=None, foreign_key="scans.id", ondelete="SET NULL")
    at: datetime = Field(default_factory=utcnow)
    kind: str  # added | updated | used_up | restored | removed | edited
    quantity_before: float | None = None
    quantity_after: float | None = None
    status_before: str | None = None
    status_after: str | None = None
    review_id: int | None = Field(default=None, foreign_key="detection_reviews.id", ondelete="SET NULL")


# --- the person -----------------------------------------------------------------------------------


class Profile(SQLModel, table=True):
    """Single row (id 1). Fields named in user_set were typed by the user and beat imported values."""

    __tablename__ = "profile"
    id: int | None = Field(default=1, primary_key=True)
    sex: str | None = None  # male | female
    birth_date: date | None = None
    height_cm: float | None = None
    weight_kg: float | None = None
    goal: str | None = None  # lose | maintain | gain
    activity_level: str | None = None  # sedentary | light | moderate | active | very_active
    diet: str | None = None  # vegan | vegetarian | pescatarian | gluten-free | lactose-free
    allergies: list[str] = _json(list)
    dislikes: list[str] = _json(list)
    user_set: list[str] = _json(list)
    imported: dict[str, Any] = _json(dict)
    updated_at: datetime = Field(default_factory=utcnow)
    # Added by revision 0006, so last. How fast to move toward a lose/gain goal; None: the default
    # (agents.nutrition.goal_rate: today's 500 / 300 kcal a day).
    goal_rate_kg_per_week: float | None = None


class HealthGoal(SQLModel, table=True):
    __tablename__ = "health_goals"
    __table_args__ = (UniqueConstraint("kind", "source", "valid_from"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str  # steps | active_energy | exercise_minutes | weight | net_calories
    value: float
    unit: str
    source: str
    valid_from: date | None = None


class HealthImport(SQLModel, table=True):
    __tablename__ = "health_imports"
    id: int | None = Field(default=None, primary_key=True)
    format: str
    path: str
    sha256: str = Field(default="", index=True)
    imported_at: datetime = Field(default_factory=utcnow)
    sources: list[str] = _json(list)
    first_day: date | None = None
    last_day: date | None = None
    days: int = 0
    records: int = 0


class DailyMetric(SQLModel, table=True):
    """One local calendar day as one source (device or app) measured it."""

    __tablename__ = "daily_metrics"
    __table_args__ = (UniqueConstraint("source", "day"),)
    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(index=True)
    day: date = Field(index=True)
    import_id: int | None = Field(default=None, foreign_key="health_imports.id", ondelete="SET NULL")
    format: str = ""
    active_kcal: float | None = None
    basal_kcal: float | None = None
    total_kcal: float | None = None
    steps: float | None = None
    exercise_min: float | None = None
    distance_m: float | None = None
    weight_kg: float | None = None
    sleep_min: float | None = None
    coverage_h: float | None = None
    is_partial: bool = False
    # Added by revision 0003, so last (a migrated table has them at the end).
    resting_hr: float | None = None  # bpm
    workout_min: float | None = None  # the day's workouts alone (already inside exercise_min)
    workout_kcal: float | None = None  # their active energy (already inside active_kcal)


class ReconciledDay(SQLModel, table=True):
    """The one series the nutrition agent reads: sources merged without double counting."""

    __tablename__ = "reconciled_days"
    day: date = Field(primary_key=True)
    active_kcal: float | None = None
    basal_kcal: float | None = None
    total_kcal: float | None = None
    steps: float | None = None
    exercise_min: float | None = None
    distance_m: float | None = None
    weight_kg: float | None = None
    sleep_min: float | None = None
    is_partial: bool = False
    sources: list[str] = _json(list)
    # Added by revision 0003, so last (a migrated table has them at the end).
    resting_hr: float | None = None
    workout_min: float | None = None
    workout_kcal: float | None = None


# --- nutrition --------------------------------------------------------------------------------------


class TargetOverride(SQLModel, table=True):
    """A per-day target the user set by hand; it wins over every computed rule."""

    __tablename__ = "target_overrides"
    nutrient: str = Field(primary_key=True)  # e.g. protein_g, energy_kcal
    per_day: float
    set_at: datetime = Field(default_factory=utcnow)


class NutritionTarget(SQLModel, table=True):
    """The targets of one plan, as computed (with the rule that produced each)."""

    __tablename__ = "nutrition_targets"
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int | None = Field(default=None, foreign_key="plans.id", index=True, ondelete="CASCADE")
    nutrient: str
    per_day: float
    horizon_total: float
    unit: str
    rule: str
    is_override: bool = False


class Plan(SQLModel, table=True):
    __tablename__ = "plans"
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)
    days: int = 7
    result: dict[str, Any] = _json(dict)


class Recommendation(SQLModel, table=True):
    __tablename__ = "recommendations"
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int | None = Field(default=None, foreign_key="plans.id", index=True, ondelete="CASCADE")
    ingredient_id: str
    quantity: float
    unit: str
    reason: str
    covers: dict[str, Any] = _json(dict)
    rank: int = 0


# --- shopping -----------------------------------------------------------------------------------------


class Order(SQLModel, table=True):
    __tablename__ = "orders"
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    provider: str = "offline"
    status: str = Field(default="draft", index=True)  # draft | submitted | completed | cancelled
    currency: str = "USD"
    subtotal: float = 0.0
    total: float = 0.0
    budget: float | None = None
    plan_id: int | None = Field(default=None, foreign_key="plans.id", ondelete="SET NULL")
    note: str = ""
    external: dict[str, Any] = _json(dict)  # provider-side ids and links, never secrets
    # The orchestrator run that built it (`larder runs show ID`); None for a plain `larder cart`.
    run_id: int | None = Field(default=None, foreign_key="agent_runs.id", ondelete="SET NULL")


class OrderLine(SQLModel, table=True):
    __tablename__ = "order_lines"
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True, ondelete="CASCADE")
    position: int = 0
    ingredient_id: str | None = None
    product_name: str
    brand: str = ""
    provider: str = "offline"
    provider_product_id: str = ""
    package_size: float = 1.0
    package_unit: str = "piece"
    quantity: int = 1
    unit_price: float = 0.0
    line_total: float = 0.0
    aisle: str = ""
    reason: str = ""
    indicative: bool = True
    origin: str = "agent"  # agent | list | manual


class OrderStatusEvent(SQLModel, table=True):
    __tablename__ = "order_status_events"
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True, ondelete="CASCADE")
    status: str
    at: datetime = Field(default_factory=utcnow)
    note: str = ""


class ShoppingList(SQLModel, table=True):
    __tablename__ = "shopping_lists"
    id: int | None = Field(default=None, primary_key=True)
    name: str = "Shopping list"
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ShoppingListItem(SQLModel, table=True):
    __tablename__ = "shopping_list_items"
    id: int | None = Field(default=None, primary_key=True)
    list_id: int = Field(foreign_key="shopping_lists.id", index=True, ondelete="CASCADE")
    ingredient_id: str | None = None
    name: str
    quantity: float = 1.0
    unit: str = "piece"
    note: str = ""
    checked: bool = False


class Setting(SQLModel, table=True):
    """Non-secret preferences (currency, model path, confidence). Secrets live in the keyring only."""

    __tablename__ = "settings"
    key: str = Field(primary_key=True)
    value: Any = Field(default=None, sa_column=Column(JSON))


# --- orchestrator runs and their trace ------------------------------------------------------------


class AgentRun(SQLModel, table=True):
    """One `larder plan` run of the agent graph; stored only when it completed (a cancel writes nothing)."""

    __tablename__ = "agent_runs"
    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    mode: str = "parallel"  # parallel | sequential
    status: str = "ok"  # ok | partial (some agent failed or timed out)
    wall_ms: float = 0.0
    request: dict[str, Any] = _json(dict)
    result: dict[str, Any] = _json(dict)  # items, targets, deficits, recommendations, cart, problems
    problems: list[Any] = _json(list)


class AgentRunEvent(SQLModel, table=True):
    """One trace event: an agent started, progressed, finished or failed, with its reasoning."""

    __tablename__ = "agent_run_events"
    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="agent_runs.id", index=True, ondelete="CASCADE")
    seq: int = 0
    agent: str
    lane: str = ""
    kind: str  # started | progress | finished | failed | timeout | skipped
    at_ms: float = 0.0  # since the run started
    ms: float | None = None  # the agent's duration, on its last event
    fraction: float | None = None
    summary: str = ""
    inputs: list[Any] = _json(list)
    detail: dict[str, Any] = _json(dict)
