"""A plan run's lanes, folded from its trace events: the live stream (AgentEvent) or a stored run's
(StoredEvent) give the same lanes, so a past run is drawn exactly as it was watched.

Plain Python (no Qt): the waterfall widget paints it and the tests read it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Protocol

# The trace's event kinds, as the lane's status. A lane stays "running" until an event closes it.
STATUS_OF_KIND: dict[str, str] = {
    "started": "running",
    "progress": "running",
    "finished": "done",
    "failed": "failed",
    "timeout": "timeout",
    "skipped": "skipped",
    "cancelled": "cancelled",
}
# The run's trace says "ok" for an agent that finished.
TRACE_STATUS: dict[str, str] = {"done": "ok", "failed": "failed", "timeout": "timeout"}


class TraceEvent(Protocol):
    """What the live AgentEvent and a stored run's StoredEvent share."""

    @property
    def seq(self) -> int: ...
    @property
    def agent(self) -> str: ...
    @property
    def lane(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def at_ms(self) -> float: ...
    @property
    def ms(self) -> float | None: ...
    @property
    def summary(self) -> str: ...
    @property
    def inputs(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Lane:
    """One agent's bar: when it started, how far it got, how it ended and what it concluded."""

    name: str  # the trace's lane: "vision 1/3 fridge.jpg", "prices offline"
    agent: str  # vision | inventory | health | prices | nutrition | cart | save
    status: str  # running | done | failed | timeout | skipped | cancelled
    start_ms: float
    end_ms: float | None = None  # None while running
    ms: float | None = None  # the agent's own duration, from its closing event
    fraction: float | None = None  # the latest progress report
    summary: str = ""  # the agent's reasoning (closing event) or its latest progress note while running
    inputs: tuple[str, ...] = ()

    @property
    def running(self) -> bool:
        return self.status == "running"

    def duration(self, now_ms: float | None = None) -> float:
        if self.ms is not None:
            return self.ms
        end = self.end_ms if self.end_ms is not None else now_ms
        return max(0.0, (end if end is not None else self.start_ms) - self.start_ms)


class RunTimeline:
    """Lanes in the order they started; `apply` folds in one event (in `seq` order)."""

    def __init__(self) -> None:
        self._lanes: dict[str, Lane] = {}
        self.last_at_ms = 0.0

    @classmethod
    def from_events(cls, events: Iterable[TraceEvent]) -> RunTimeline:
        timeline = cls()
        for event in sorted(events, key=lambda e: e.seq):
            timeline.apply(event)
        return timeline

    def apply(self, event: TraceEvent) -> Lane:
        status = STATUS_OF_KIND.get(event.kind, "running")
        self.last_at_ms = max(self.last_at_ms, event.at_ms)
        lane = self._lanes.get(event.lane)
        if lane is None or event.kind == "started":
            lane = Lane(event.lane, event.agent, "running", event.at_ms, inputs=tuple(event.inputs))
        fraction = getattr(event, "fraction", None)
        if status == "running":
            lane = replace(
                lane,
                fraction=fraction if fraction is not None else lane.fraction,
                summary=event.summary or lane.summary,
                inputs=tuple(event.inputs) or lane.inputs,
            )
        else:
            lane = replace(
                lane,
                status=status,
                end_ms=event.at_ms,
                ms=event.ms,
                summary=event.summary,
                inputs=tuple(event.inputs) or lane.inputs,
            )
        self._lanes[event.lane] = lane
        return lane

    def close_open(self, status: str) -> None:
        """The run ended without closing these lanes (it was stopped): they end where the trace ends,
        with no reasoning, since their agents gave none."""
        for name, lane in self._lanes.items():
            if lane.running:
                self._lanes[name] = replace(lane, status=status, end_ms=max(self.last_at_ms, lane.start_ms))

    @property
    def lanes(self) -> tuple[Lane, ...]:
        return tuple(self._lanes.values())

    def lane(self, name: str) -> Lane | None:
        return self._lanes.get(name)

    @property
    def running(self) -> bool:
        return any(lane.running for lane in self._lanes.values())

    def end_ms(self) -> float:
        ends = [lane.end_ms if lane.end_ms is not None else lane.start_ms for lane in self._lanes.values()]
        return max([self.last_at_ms, *ends])

    def statuses(self) -> dict[str, str]:
        return {lane.name: lane.status for lane in self._lanes.values()}
