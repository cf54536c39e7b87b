"""Result objects of the nutrition agent: frozen, plain data, safe to hand across threads.

The cart agent, the orchestrator and the window read these; fields are only ever added."""

from __future__ import annotations

from dataclasses import dataclass, field
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
        }
