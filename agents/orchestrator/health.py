"""The health subagent: one per wearable export, parsed and summarised; the import itself is written
with everything else when the run completes.

The parsers do Python work for every record, so they hold the GIL (measured: two 1-year Apple exports
parsed on two threads take 2.0x the time of one). An export of PROCESS_MIN_BYTES or more is therefore
parsed in a child process, where it truly runs alongside detection; a small one is parsed on the
agent's thread, since starting a process (about 0.3 s) costs more than the overlap saves (measured:
a 1-year 2.6 MB export beside 4 photos was slower through a process; bench/orchestrator.md).
"""

from __future__ import annotations

import os
import queue
import statistics
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agents.orchestrator.graph import AgentCancelled, AgentContext, AgentFn, AgentOutput, Outcome
from agents.orchestrator.parse_worker import receive
from data.wearables.importer import FORMAT_NAMES, fingerprint, parse_export
from data.wearables.model import ParsedExport

PROCESS_MIN_BYTES = 8 << 20  # a parse of several seconds: the process's ~0.3 s start is worth it


@dataclass(frozen=True)
class ParsedHealth:
    path: str
    fingerprint: str
    parsed: tuple[ParsedExport, ...]


def health_agent(path: str, *, process_min_bytes: int | None = None) -> AgentFn:
    threshold = PROCESS_MIN_BYTES if process_min_bytes is None else process_min_bytes

    def run(ctx: AgentContext, _deps: Mapping[str, Outcome]) -> AgentOutput:
        source = Path(path).expanduser()
        if not source.exists():
            raise FileNotFoundError(f"{path}: no such file or folder")
        size = source.stat().st_size if source.is_file() else threshold
        if size >= threshold:
            parsed = parse_in_process(source, ctx)
            where = "in its own process"
        else:

            def progress(fraction: float, message: str = "") -> None:
                ctx.progress(min(fraction, 0.99), message)

            parsed = parse_export(source, on_progress=progress, cancel=ctx.cancel)
            where = "on a thread"
        value = ParsedHealth(str(source.resolve()), fingerprint(source), tuple(parsed))
        return AgentOutput(value, describe(os.path.basename(path), parsed), detail={"parsed": where})

    return run


def parse_in_process(source: Path, ctx: AgentContext) -> list[ParsedExport]:
    """parse_export in a child Python (agents.orchestrator.parse_worker); the agent's cancel or
    timeout kills it."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "agents.orchestrator.parse_worker", str(source)],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    messages: queue.Queue[Any] = queue.Queue()

    def pump() -> None:  # a blocking pipe read, off the agent's thread so a cancel is seen at once
        assert proc.stdout is not None
        while (message := receive(proc.stdout)) is not None:
            messages.put(message)
        messages.put(None)

    threading.Thread(target=pump, daemon=True).start()
    try:
        while True:
            if ctx.cancel.is_set():
                raise AgentCancelled(f"{ctx.lane}: stopped")
            try:
                message = messages.get(timeout=0.05)
            except queue.Empty:
                continue
            if message is None:
                err = proc.stderr.read().decode(errors="replace").strip() if proc.stderr else ""
                last = err.splitlines()[-1] if err else f"exit code {proc.wait()}"
                raise RuntimeError(f"the export parser stopped unexpectedly ({last})")
            kind, payload = message
            if kind == "progress":
                ctx.progress(min(float(payload[0]), 0.99), str(payload[1]))
            elif kind == "error":
                raise payload
            else:
                return list(payload)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=5)


def describe(name: str, parsed: list[ParsedExport]) -> str:
    merged = sorted((r for p in parsed for r in p.daily if r.merged), key=lambda r: r.day)
    formats = "+".join(FORMAT_NAMES.get(p.format, p.format) for p in parsed)
    records = sum(p.records for p in parsed)
    if not merged:
        return f"{name}: {formats}, {records} records but no day with data"
    text = f"{name}: {formats}, {len(merged)} days {merged[0].day}..{merged[-1].day}, {records} records"
    recent = [r for r in merged[-28:] if r.active_kcal is not None and not r.is_partial]
    if recent:
        active = statistics.median(float(r.active_kcal or 0.0) for r in recent)
        text += f"; median active energy {active:.0f} kcal/day over the last {len(recent)} days"
    return text
