"""The trace: what each agent did, as a stream of frozen events, handed live to a callback and kept.

A window draws one lane per `lane` on a time axis from `at_ms` (milliseconds since the run started):
a `started` event opens the bar, `progress` events move it, and `finished`, `failed`, `timeout`,
`skipped` or `cancelled` close it with the agent's duration and its reasoning in `summary`.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

EventKind = Literal["started", "progress", "finished", "failed", "timeout", "skipped", "cancelled"]
CLOSING: frozenset[str] = frozenset({"finished", "failed", "timeout", "skipped", "cancelled"})


@dataclass(frozen=True)
class AgentEvent:
    seq: int  # order of emission within the run
    run_key: str  # identifies the run before it has a database id
    agent: str  # vision | inventory | health | prices | nutrition | cart | save
    lane: str  # one bar per lane: "vision 2/4 fridge.jpg", "prices kroger"
    kind: EventKind
    at_ms: float  # since the run started
    ms: float | None = None  # the agent's duration, on the event that closes its lane
    fraction: float | None = None  # progress 0..1
    summary: str = ""  # what it saw and concluded, in a sentence or two
    inputs: tuple[str, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict)

    def to_public(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "agent": self.agent,
            "lane": self.lane,
            "kind": self.kind,
            "at_ms": round(self.at_ms, 1),
            "ms": None if self.ms is None else round(self.ms, 1),
            "fraction": self.fraction,
            "summary": self.summary,
            "inputs": list(self.inputs),
            "detail": self.detail,
        }


EventCallback = Callable[[AgentEvent], None]


class EventSink:
    """Collects the run's events in order and forwards each to `on_event`; safe to call from any thread.

    The callback runs on the emitting worker thread (a window hands it to its UI thread); an exception
    in it is swallowed so a broken viewer cannot sink the run.
    """

    def __init__(self, run_key: str, on_event: EventCallback | None = None) -> None:
        self.run_key = run_key
        self.started = time.perf_counter()
        self._on_event = on_event
        self._lock = threading.Lock()
        self._events: list[AgentEvent] = []

    def elapsed_ms(self) -> float:
        return (time.perf_counter() - self.started) * 1000

    def emit(
        self,
        agent: str,
        lane: str,
        kind: EventKind,
        *,
        ms: float | None = None,
        fraction: float | None = None,
        summary: str = "",
        inputs: tuple[str, ...] = (),
        detail: dict[str, Any] | None = None,
    ) -> AgentEvent:
        with self._lock:
            event = AgentEvent(
                seq=len(self._events),
                run_key=self.run_key,
                agent=agent,
                lane=lane,
                kind=kind,
                at_ms=self.elapsed_ms(),
                ms=ms,
                fraction=fraction,
                summary=summary,
                inputs=inputs,
                detail=dict(detail or {}),
            )
            self._events.append(event)
        if self._on_event is not None:
            with contextlib.suppress(Exception):  # a viewer's bug must not stop the agents
                self._on_event(event)
        return event

    def events(self) -> tuple[AgentEvent, ...]:
        with self._lock:
            return tuple(self._events)
