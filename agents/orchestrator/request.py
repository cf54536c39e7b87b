"""What a plan run is asked to do, and what it gives back: frozen, plain data, safe across threads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agents.orchestrator.events import AgentEvent


@dataclass(frozen=True)
class Timeouts:
    """Seconds each agent may take before the run goes on without it."""

    vision: float = 120.0  # per photo, model load included
    health: float = 300.0  # per export (a large Apple Health export takes a minute)
    prices: float = 10.0  # per live provider: a store that does not answer is left behind
    nutrition: float = 60.0
    cart: float = 60.0


@dataclass(frozen=True)
class PlanRequest:
    photos: tuple[str, ...] = ()  # fridge photos to scan (the stored inventory when empty)
    health: tuple[str, ...] = ()  # wearable exports to import (the stored health data when empty)
    days: int = 7
    budget: float | None = None
    diet: str | None = None  # this run only; 'none' drops the stored diet
    allergies: tuple[str, ...] = ()  # added to the stored ones, this run only
    dislikes: tuple[str, ...] = ()
    provider: str = "offline"  # offline | kroger | instacart
    barcodes: tuple[str, ...] = ()  # packaged products to buy, looked up on Open Food Facts
    model: str | None = None  # detector; default: the saved setting or the bundled model
    conf: float | None = None  # detection threshold; default: the saved setting
    sequential: bool = False  # one agent at a time (comparison, debugging)
    save: bool = True  # False: compute and trace only, write nothing
    vision_workers: int | None = None  # detector instances, one per worker thread (default: by cores)
    timeouts: Timeouts = field(default_factory=Timeouts)

    def to_public(self) -> dict[str, Any]:
        return {
            "photos": list(self.photos),
            "health": list(self.health),
            "days": self.days,
            "budget": self.budget,
            "diet": self.diet,
            "allergies": list(self.allergies),
            "dislikes": list(self.dislikes),
            "provider": self.provider,
            "barcodes": list(self.barcodes),
            "sequential": self.sequential,
        }


@dataclass(frozen=True)
class TraceEntry:
    agent: str
    lane: str
    started: float  # ms since the run started
    ms: float
    status: str  # ok | failed | timeout
    summary: str

    def to_public(self) -> dict[str, Any]:
        return {
            "agent": self.agent,
            "lane": self.lane,
            "started": round(self.started, 1),
            "ms": round(self.ms, 1),
            "status": self.status,
            "summary": self.summary,
        }


@dataclass(frozen=True)
class PlanRun:
    """One finished run: the result of every agent, what is missing and why, and the trace."""

    run_id: int | None
    mode: str  # parallel | sequential
    wall_ms: float
    items: tuple[dict[str, Any], ...]
    nutrition: dict[str, Any]  # the nutrition agent's public result ({} when it failed)
    cart: dict[str, Any]  # lines, total, currency, order_id, notices ({} when it failed)
    problems: tuple[str, ...]
    trace: tuple[TraceEntry, ...]
    events: tuple[AgentEvent, ...] = ()
    critical_path: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        return "partial" if self.problems else "ok"

    @property
    def next_step(self) -> str:
        """What the user can do with what this run built."""
        order_id = self.cart.get("order_id")
        if order_id:
            return (
                f"draft order {order_id} saved: `larder orders show {order_id}`; `larder export {order_id}`; "
                "`larder cart` rebuilds a cart from the stored data"
            )
        return "run `larder cart` to build a priced draft order from the stored data"

    def to_public(self) -> dict[str, Any]:
        n = self.nutrition
        return {
            "run_id": self.run_id,
            "mode": self.mode,
            "status": self.status,
            "wall_ms": round(self.wall_ms, 1),
            "items": list(self.items),
            "targets": n.get("targets", {}),
            "deficits": n.get("deficits", {}),
            "recommendations": n.get("recommendations", []),
            "supply": n.get("supply", {}),
            "plan_id": n.get("plan_id"),
            "notes": n.get("notes", []),
            "defaults_used": n.get("defaults_used", []),
            "cart": self.cart,
            "trace": [t.to_public() for t in self.trace],
            "critical_path": list(self.critical_path),
            "problems": list(self.problems),
            "next_step": self.next_step,
        }
