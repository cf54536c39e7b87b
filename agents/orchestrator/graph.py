"""A small scheduler for a graph of agents: each starts on its own thread as soon as its inputs are done.

Why threads: the heavy agents spend their time in code that releases the GIL (PyTorch inference, lxml
parsing, waiting on sockets), so threads run them truly in parallel without the cost of processes
(the detector would have to be loaded and the results pickled per process).

Control: every agent has a timeout; the run has one cancel token. A timed-out agent is abandoned on its
daemon thread (its own cancel token is set so a cooperative agent stops; a socket read that never
returns cannot be interrupted, only left behind) and the agents that depend on it are told it is
missing. A failure or timeout never sinks the run: dependants still run and decide what to do without
it. A cancel returns within one poll interval (50 ms) and raises RunCancelled; nothing is written,
because agents only compute and the caller writes after the graph is done.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from agents.errors import AgentError
from agents.orchestrator.events import EventSink

Status = Literal["ok", "failed", "timeout"]
POLL_S = 0.05


class RunCancelled(AgentError):
    """The whole run was cancelled; nothing was written."""


class AgentCancelled(Exception):
    """Raised inside an agent when its token is set (the run was cancelled or the agent timed out)."""


@dataclass(frozen=True)
class AgentOutput:
    value: Any
    summary: str  # the reasoning, one or two sentences
    problems: tuple[str, ...] = ()  # what is missing although the agent finished (a corrupt photo)
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    name: str
    agent: str
    lane: str
    status: Status
    value: Any
    summary: str
    started_ms: float
    ms: float
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class AgentContext:
    """What a running agent is handed: its cancel token and a way to report progress."""

    def __init__(self, sink: EventSink, agent: str, lane: str, cancel: threading.Event) -> None:
        self.sink = sink
        self.agent = agent
        self.lane = lane
        self.cancel = cancel

    def progress(self, fraction: float, message: str = "") -> None:
        self.check()
        self.sink.emit(self.agent, self.lane, "progress", fraction=round(fraction, 3), summary=message)

    def check(self) -> None:
        if self.cancel.is_set():
            raise AgentCancelled(f"{self.lane}: stopped")


AgentFn = Callable[[AgentContext, Mapping[str, Outcome]], AgentOutput]


@dataclass(frozen=True)
class Node:
    name: str  # unique within the graph
    agent: str
    lane: str
    run: AgentFn
    deps: tuple[str, ...] = ()
    timeout_s: float = 120.0
    pool: str = ""  # nodes of one pool share a limited resource (detector instances)
    inputs: tuple[str, ...] = ()


@dataclass
class _Running:
    node: Node
    started: float
    started_ms: float
    token: threading.Event


def _failure_text(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:300]


def run_graph(
    nodes: Sequence[Node],
    sink: EventSink,
    *,
    cancel: threading.Event,
    parallel: bool = True,
    pool_sizes: Mapping[str, int] | None = None,
) -> dict[str, Outcome]:
    """Run every node; returns each node's outcome. `parallel=False` runs one node at a time, in the
    given order (which must list dependencies first), for comparison and debugging."""
    names = {n.name for n in nodes}
    for n in nodes:
        missing = [d for d in n.deps if d not in names]
        if missing:
            raise ValueError(f"{n.name} depends on unknown nodes {missing}")
    sizes = dict(pool_sizes or {})
    pending = list(nodes)
    running: dict[str, _Running] = {}
    done: dict[str, Outcome] = {}
    finished: queue.Queue[tuple[str, AgentOutput | None, BaseException | None]] = queue.Queue()

    def ready(node: Node) -> bool:
        if any(d not in done for d in node.deps):
            return False
        if not parallel:
            return not running
        if node.pool:
            busy = sum(1 for r in running.values() if r.node.pool == node.pool)
            return busy < max(1, sizes.get(node.pool, 1))
        return True

    def start(node: Node) -> None:
        token = threading.Event()
        deps = {d: done[d] for d in node.deps}
        ctx = AgentContext(sink, node.agent, node.lane, token)
        event = sink.emit(node.agent, node.lane, "started", inputs=node.inputs)
        running[node.name] = _Running(node, time.perf_counter(), event.at_ms, token)

        def work() -> None:
            try:
                finished.put((node.name, node.run(ctx, deps), None))
            except BaseException as exc:  # noqa: BLE001 - reported as this agent's failure
                finished.put((node.name, None, exc))

        threading.Thread(target=work, name=f"agent-{node.name}", daemon=True).start()

    def close(name: str, status: Status, value: Any, summary: str, problems: tuple[str, ...] = ()) -> None:
        r = running.pop(name)
        ms = (time.perf_counter() - r.started) * 1000
        kind = "finished" if status == "ok" else status
        sink.emit(r.node.agent, r.node.lane, kind, ms=ms, summary=summary, inputs=r.node.inputs,
                  detail={"problems": list(problems)} if problems else None)  # fmt: skip
        done[name] = Outcome(
            name, r.node.agent, r.node.lane, status, value, summary, r.started_ms, ms, problems
        )

    try:
        while pending or running:
            if cancel.is_set():
                raise RunCancelled("the run was cancelled; nothing was written")
            for node in list(pending):
                if ready(node):
                    pending.remove(node)
                    start(node)
                    if not parallel:
                        break
            now = time.perf_counter()
            deadline = min((r.started + r.node.timeout_s for r in running.values()), default=now + POLL_S)
            try:
                name, output, error = finished.get(timeout=max(0.001, min(POLL_S, deadline - now)))
            except queue.Empty:
                name = ""
            if name and name in running:  # a late answer from a timed-out agent is ignored
                if error is not None:
                    close(name, "failed", None, _failure_text(error))
                elif output is not None:
                    close(name, "ok", output.value, output.summary, output.problems)
            now = time.perf_counter()
            for key, r in list(running.items()):
                if now - r.started >= r.node.timeout_s:
                    r.token.set()
                    close(key, "timeout", None, f"no answer within {r.node.timeout_s:g} s")
            if pending and not running and not any(ready(n) for n in pending):
                raise ValueError(f"the graph has a cycle among {[n.name for n in pending]}")
    except BaseException:
        # Cancelled (or Ctrl-C): stop every agent that is still working and close its lane.
        cancel.set()
        for key, r in list(running.items()):
            r.token.set()
            ms = (time.perf_counter() - r.started) * 1000
            sink.emit(r.node.agent, r.node.lane, "cancelled", ms=ms, summary="stopped: the run was cancelled")
            running.pop(key)
        raise
    return done
