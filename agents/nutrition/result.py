"""Result objects of the nutrition agent: frozen, plain data, safe to hand across threads.

The cart agent, the orchestrator and the window read these; fields are only ever added."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Recommendation:
    ingredient: str  # taxonomy id
    name: str
    quantity: float  # in `unit`, a sensible purchase amount
    unit: str  # "g" | "ml" | "piece"
    grams: float  # the same amount in grams
    reason: str  # the arithmetic a person can check
    covers: dict[str, float] = field(default_factory=dict)  # nutrient key -> amount added over the horizon
    priority: float = 0.0  # higher = closes a more important deficit
    nutrient: str = ""  # the deficit this was chosen for (key such as protein_g)
    packages: int | None = None  # whole pieces or packages to buy, when sold that way
    package_desc: str = ""  # what one package is, e.g. "1 container (170 g)"

    def to_public(self) -> dict[str, Any]:
        return {
            "ingredient": self.ingredient,
            "name": self.name,
            "quantity": self.quantity,
            "unit": self.unit,
            "grams": self.grams,
            "reason": self.reason,
            "covers": dict(self.covers),
            "priority": self.priority,
            "nutrient": self.nutrient,
            "packages": self.packages,
            "package_desc": self.package_desc,
        }


@dataclass(frozen=True)
class Target:
    """A daily target (or limit) for one nutrient and the rule, with its numbers, that produced it."""

    nutrient: str  # e.g. protein_g
    per_day: float
    horizon_total: float
    unit: str
    rule: str
    is_override: bool = False
    kind: str = "target"  # target: aim to reach it | limit: stay below it
    low: float | None = None  # acceptable range per day, when there is one (AMDR)
    high: float | None = None

    def to_public(self) -> dict[str, Any]:
        return {
            "value": round(self.horizon_total, 2),
            "basis": "horizon_total",
            "per_day": round(self.per_day, 2),
            "horizon_total": round(self.horizon_total, 2),
            "unit": self.unit,
            "kind": self.kind,
            "rule": self.rule,
            "is_override": self.is_override,
            "range_per_day": None
            if self.low is None or self.high is None
            else [round(self.low, 2), round(self.high, 2)],
        }


@dataclass(frozen=True)
class SupplyLine:
    """One inventory item as counted: grams on hand, the share still good in the horizon, nutrients."""

    ingredient: str
    name: str
    grams: float  # on hand
    counted_grams: float  # what is eaten before it goes off (grams x share)
    share: float  # 0..1
    note: str
    nutrients: dict[str, float] = field(default_factory=dict)  # counted amounts
    item_id: int | None = None
    # Which rule set the amount: daily_use (a staple, so much a day), ceiling (a day's portion at
    # most), shelf_life (what is eaten before it goes off) or in_full.
    rule: str = ""
    per_day_g: float | None = None  # the daily use or ceiling from data/reference/typical_daily_use.csv

    def to_public(self) -> dict[str, Any]:
        return {
            "ingredient": self.ingredient,
            "name": self.name,
            "grams": round(self.grams, 1),
            "counted_grams": round(self.counted_grams, 1),
            "share": round(self.share, 3),
            "note": self.note,
            "item_id": self.item_id,
            "rule": self.rule,
            "per_day_g": self.per_day_g,
        }


@dataclass(frozen=True)
class MaybeLine:
    """An unconfirmed, low-confidence detection: not counted, and what it would add if it is there."""

    ingredient: str
    name: str
    confidence: float
    counted_grams: float  # what it would count for if confirmed
    nutrients: dict[str, float] = field(default_factory=dict)
    item_id: int | None = None

    def to_public(self) -> dict[str, Any]:
        return {
            "ingredient": self.ingredient,
            "name": self.name,
            "confidence": round(self.confidence, 2),
            "counted_grams": round(self.counted_grams, 1),
            "item_id": self.item_id,
        }


@dataclass(frozen=True)
class Deficit:
    """Target minus supply over the horizon: > 0 short, < 0 surplus (for limits: < 0 is over the limit)."""

    nutrient: str
    value: float
    unit: str
    target: float
    supply: float
    significant: bool
    status: str  # short | surplus | ok | over_limit | within_limit
    percent_of_target: float
    priority: float = 0.0  # how much closing it matters, used to order deficits and recommendations

    def to_public(self) -> dict[str, Any]:
        return {
            "value": round(self.value, 2),
            "unit": self.unit,
            "target": round(self.target, 2),
            "supply": round(self.supply, 2),
            "percent_of_target": round(self.percent_of_target, 1),
            "significant": self.significant,
            "status": self.status,
            "priority": round(self.priority, 4),
        }


@dataclass(frozen=True)
class NutritionResult:
    days: int
    today: date
    targets: dict[str, Target]
    supply: dict[str, float]  # nutrient key -> amount the fridge provides over the horizon
    supply_lines: tuple[SupplyLine, ...]
    deficits: dict[str, Deficit]  # ordered by priority, largest first
    recommendations: tuple[Recommendation, ...]
    defaults_used: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    ranked_by: str = "energy"  # energy | price
    plan_id: int | None = None
    # The plan's conclusion in one line, for the CLI and the window alike ("Protein and fiber short:
    # 5 foods recommended", "Nothing to buy: the fridge covers every target").
    headline: str = ""
    maybe: tuple[MaybeLine, ...] = ()  # uncertain detections left out of the supply
    maybe_effect: str = ""  # how the conclusions would change if the maybe items are there
    limits: tuple[str, ...] = ()  # each limit over its cap, with where it comes from

    def deficit_order(self) -> list[str]:
        return list(self.deficits)

    def to_public(self) -> dict[str, Any]:
        return {
            "days": self.days,
            "today": self.today.isoformat(),
            "plan_id": self.plan_id,
            "targets": {k: t.to_public() for k, t in self.targets.items()},
            "supply": {k: round(v, 2) for k, v in self.supply.items()},
            "supply_items": [line.to_public() for line in self.supply_lines],
            "deficits": {k: d.to_public() for k, d in self.deficits.items()},
            "recommendations": [r.to_public() for r in self.recommendations],
            "ranked_by": self.ranked_by,
            "defaults_used": list(self.defaults_used),
            "notes": list(self.notes),
            "headline": self.headline,
            "maybe_items": [m.to_public() for m in self.maybe],
            "maybe_effect": self.maybe_effect,
            "limits": list(self.limits),
        }
