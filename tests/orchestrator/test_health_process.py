"""A large export is parsed in a child process (the parsers hold the GIL): same result, its errors
and a cancel handled like the in-thread parse."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from agents.orchestrator.events import EventSink
from agents.orchestrator.graph import AgentCancelled, AgentContext
from agents.orchestrator.health import ParsedHealth, health_agent


def _ctx(cancel: threading.Event | None = None) -> AgentContext:
    return AgentContext(EventSink("t"), "health", "health", cancel or threading.Event())


def test_the_child_process_parses_exactly_what_the_thread_parses(apple_export: Path) -> None:
    in_process = health_agent(str(apple_export), process_min_bytes=0)(_ctx(), {})
    on_thread = health_agent(str(apple_export), process_min_bytes=1 << 40)(_ctx(), {})
    assert in_process.detail == {"parsed": "in its own process"} and on_thread.detail == {
        "parsed": "on a thread"
    }
    a, b = in_process.value, on_thread.value
    assert isinstance(a, ParsedHealth) and isinstance(b, ParsedHealth)
    assert a.parsed == b.parsed and len(a.parsed[0].daily) >= 60 and a.fingerprint == b.fingerprint


def test_a_bad_export_fails_with_the_parsers_message(tmp_path: Path) -> None:
    bad = tmp_path / "export.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(Exception, match="export.zip") as caught:
        health_agent(str(bad), process_min_bytes=0)(_ctx(), {})
    assert "stopped unexpectedly" not in str(caught.value)


def test_a_cancel_stops_the_child_at_once(apple_export: Path) -> None:
    cancel = threading.Event()
    threading.Timer(0.1, cancel.set).start()
    started = time.perf_counter()
    with pytest.raises(AgentCancelled):
        health_agent(str(apple_export), process_min_bytes=0)(_ctx(cancel), {})
    assert time.perf_counter() - started < 1.5
