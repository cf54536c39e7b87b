"""The scheduler on its own: ordering, real overlap, timeouts, failures and cancel."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping

import pytest

from agents.orchestrator.events import AgentEvent, EventSink
from agents.orchestrator.graph import AgentContext, AgentOutput, Node, Outcome, RunCancelled, run_graph


def sleeper(seconds: float, value: str = "") -> object:
    def run(ctx: AgentContext, deps: Mapping[str, Outcome]) -> AgentOutput:
        if ctx.cancel.wait(seconds):
            ctx.check()
        return AgentOutput(value or ctx.lane, f"slept {seconds} s; saw {sorted(deps)}")

    return run


def spans(events: tuple[AgentEvent, ...]) -> dict[str, tuple[float, float]]:
    start = {e.lane: e.at_ms for e in events if e.kind == "started"}
    return {e.lane: (start[e.lane], e.at_ms) for e in events if e.kind in ("finished", "failed", "timeout")}


def graph() -> list[Node]:
    return [
        Node("a", "x", "a", sleeper(0.3)),  # type: ignore[arg-type]
        Node("b", "x", "b", sleeper(0.3)),  # type: ignore[arg-type]
        Node("c", "x", "c", sleeper(0.3)),  # type: ignore[arg-type]
        Node("d", "x", "d", sleeper(0.05), deps=("a", "b")),  # type: ignore[arg-type]
        Node("e", "x", "e", sleeper(0.05), deps=("d", "c")),  # type: ignore[arg-type]
    ]


def test_an_agent_starts_only_after_its_inputs_finished_and_sees_them() -> None:
    sink = EventSink("t")
    done = run_graph(graph(), sink, cancel=threading.Event())
    s = spans(sink.events())
    assert s["d"][0] >= max(s["a"][1], s["b"][1]) and s["e"][0] >= max(s["d"][1], s["c"][1])
    assert done["e"].summary.endswith("saw ['c', 'd']")


def test_independent_agents_overlap_in_time_and_sequential_does_not() -> None:
    sink = EventSink("p")
    started = time.perf_counter()
    run_graph(graph(), sink, cancel=threading.Event())
    parallel = time.perf_counter() - started
    s = spans(sink.events())
    assert s["a"][0] < s["b"][1] and s["b"][0] < s["a"][1]  # a and b ran at the same time
    seq_sink = EventSink("s")
    started = time.perf_counter()
    run_graph(graph(), seq_sink, cancel=threading.Event(), parallel=False)
    sequential = time.perf_counter() - started
    ordered = sorted(spans(seq_sink.events()).values())
    assert all(prev[1] <= nxt[0] for prev, nxt in zip(ordered, ordered[1:], strict=False))
    assert parallel < 0.6 * sequential


def test_a_timed_out_agent_is_left_behind_and_its_dependant_runs_without_it() -> None:
    nodes = [
        Node("slow", "x", "slow", sleeper(5.0), timeout_s=0.2),  # type: ignore[arg-type]
        Node("next", "x", "next", sleeper(0.0), deps=("slow",)),  # type: ignore[arg-type]
    ]
    started = time.perf_counter()
    done = run_graph(nodes, EventSink("t"), cancel=threading.Event())
    assert time.perf_counter() - started < 1.0
    assert done["slow"].status == "timeout" and "0.2 s" in done["slow"].summary
    assert done["next"].ok


def test_a_failing_agent_does_not_sink_the_others() -> None:
    def boom(ctx: AgentContext, deps: Mapping[str, Outcome]) -> AgentOutput:
        raise ValueError("corrupt input")

    nodes = [
        Node("bad", "x", "bad", boom),
        Node("good", "x", "good", sleeper(0.05)),  # type: ignore[arg-type]
        Node("after", "x", "after", sleeper(0.0), deps=("bad", "good")),  # type: ignore[arg-type]
    ]
    done = run_graph(nodes, EventSink("t"), cancel=threading.Event())
    assert done["bad"].status == "failed" and done["bad"].summary == "corrupt input"
    assert done["good"].ok and done["after"].ok


def test_cancel_returns_within_a_second_and_closes_the_running_lanes() -> None:
    cancel = threading.Event()
    sink = EventSink("t")
    threading.Timer(0.2, cancel.set).start()
    started = time.perf_counter()
    with pytest.raises(RunCancelled):
        run_graph([Node("long", "x", "long", sleeper(30.0))], sink, cancel=cancel)  # type: ignore[arg-type]
    assert time.perf_counter() - started < 1.2
    assert [e.kind for e in sink.events()] == ["started", "cancelled"]


def test_events_reach_the_callback_from_worker_threads_in_order() -> None:
    seen: list[tuple[AgentEvent, str]] = []

    def on_event(e: AgentEvent) -> None:
        seen.append((e, threading.current_thread().name))

    def working(ctx: AgentContext, deps: Mapping[str, Outcome]) -> AgentOutput:
        ctx.progress(0.5, "half way")
        return AgentOutput(None, "done")

    run_graph([*graph(), Node("w", "x", "w", working)], EventSink("t", on_event), cancel=threading.Event())
    assert [e.seq for e, _ in seen] == list(range(len(seen))) and len(seen) == 13
    assert [thread for e, thread in seen if e.kind == "progress"] == ["agent-w"]
