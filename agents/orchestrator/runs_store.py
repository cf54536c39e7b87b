"""Runs and their trace in SQLite, and the read models `larder runs` and the window show."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import col, select

from agents.errors import UserError
from agents.orchestrator.events import EventSink
from agents.orchestrator.request import PlanRequest
from data.db import Database
from data.models import AgentRun, AgentRunEvent, Order, utcnow

if TYPE_CHECKING:
    from agents.orchestrator.request import PlanRun


def save_run(
    db: Database,
    request: PlanRequest,
    sink: EventSink,
    started: float,
    *,
    run_id: int | None = None,
    result: PlanRun | None = None,
) -> int:
    """First call (no run_id): the run's row, so the order can point at it. Second call: its result
    and every event of the trace."""
    with db.session() as s:
        if run_id is None:
            row = AgentRun(
                mode="sequential" if request.sequential else "parallel", request=request.to_public()
            )
            s.add(row)
            s.flush()
            assert row.id is not None
            return row.id
        row_found = s.get(AgentRun, run_id)
        assert row_found is not None and result is not None
        row_found.finished_at = utcnow()
        row_found.wall_ms = round((time.perf_counter() - started) * 1000, 1)
        row_found.status = result.status
        row_found.problems = list(result.problems)
        row_found.result = result.to_public()
        s.add(row_found)
        for e in sink.events():
            s.add(
                AgentRunEvent(
                    run_id=run_id, seq=e.seq, agent=e.agent, lane=e.lane, kind=e.kind, at_ms=round(e.at_ms, 1),
                    ms=None if e.ms is None else round(e.ms, 1), fraction=e.fraction, summary=e.summary[:2000],
                    inputs=list(e.inputs), detail=e.detail,
                )
            )  # fmt: skip
        return run_id


@dataclass(frozen=True)
class RunSummary:
    id: int
    started_at: datetime
    mode: str
    status: str
    wall_ms: float
    order_id: int | None
    total: float | None
    problems: tuple[str, ...]

    def to_public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "run_id": self.id,
            "started_at": self.started_at.isoformat(),
            "mode": self.mode,
            "status": self.status,
            "wall_ms": self.wall_ms,
            "order_id": self.order_id,
            "total": self.total,
            "problems": list(self.problems),
        }


@dataclass(frozen=True)
class StoredEvent:
    seq: int
    agent: str
    lane: str
    kind: str
    at_ms: float
    ms: float | None
    summary: str
    inputs: tuple[str, ...]

    def to_public(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "agent": self.agent,
            "lane": self.lane,
            "kind": self.kind,
            "at_ms": self.at_ms,
            "ms": self.ms,
            "summary": self.summary,
            "inputs": list(self.inputs),
        }


@dataclass(frozen=True)
class RunDetail:
    summary: RunSummary
    request: dict[str, Any]
    result: dict[str, Any]
    events: tuple[StoredEvent, ...]

    def to_public(self) -> dict[str, Any]:
        return {
            **self.summary.to_public(),
            "request": self.request,
            "result": self.result,
            "events": [e.to_public() for e in self.events],
        }


def _summary(row: AgentRun, order: Order | None) -> RunSummary:
    assert row.id is not None
    return RunSummary(
        id=row.id,
        started_at=row.started_at,
        mode=row.mode,
        status=row.status,
        wall_ms=row.wall_ms,
        order_id=order.id if order is not None else None,
        total=order.total if order is not None else None,
        problems=tuple(str(p) for p in row.problems or ()),
    )


def list_runs(db: Database, limit: int = 50) -> list[RunSummary]:
    with db.session() as s:
        rows = s.exec(select(AgentRun).order_by(col(AgentRun.id).desc()).limit(limit)).all()
        orders = {o.run_id: o for o in s.exec(select(Order).where(col(Order.run_id).is_not(None))).all()}
        return [_summary(r, orders.get(r.id)) for r in rows]


def load_run(db: Database, run_id: int) -> RunDetail:
    with db.session() as s:
        row = s.get(AgentRun, run_id)
        if row is None:
            raise UserError(f"no run {run_id} (see `larder runs`)")
        order = s.exec(select(Order).where(Order.run_id == run_id)).first()
        events = s.exec(
            select(AgentRunEvent).where(AgentRunEvent.run_id == run_id).order_by(col(AgentRunEvent.seq))
        ).all()
        return RunDetail(
            _summary(row, order),
            dict(row.request or {}),
            dict(row.result or {}),
            tuple(
                StoredEvent(e.seq, e.agent, e.lane, e.kind, e.at_ms, e.ms, e.summary, tuple(e.inputs or ()))
                for e in events
            ),
        )
