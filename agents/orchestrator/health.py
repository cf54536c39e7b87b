"""The health subagent: one per wearable export, parsed (lxml releases the GIL) and summarised; the
import itself is written with everything else when the run completes."""

from __future__ import annotations

import os
import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from agents.orchestrator.graph import AgentContext, AgentFn, AgentOutput, Outcome
from data.wearables.importer import FORMAT_NAMES, fingerprint, parse_export
from data.wearables.model import ParsedExport


@dataclass(frozen=True)
class ParsedHealth:
    path: str
    fingerprint: str
    parsed: tuple[ParsedExport, ...]


def health_agent(path: str) -> AgentFn:
    def run(ctx: AgentContext, _deps: Mapping[str, Outcome]) -> AgentOutput:
        source = Path(path).expanduser()
        if not source.exists():
            raise FileNotFoundError(f"{path}: no such file or folder")

        def progress(fraction: float, message: str = "") -> None:
            ctx.progress(min(fraction, 0.99), message)

        parsed = parse_export(source, on_progress=progress, cancel=ctx.cancel)
        value = ParsedHealth(str(source.resolve()), fingerprint(source), tuple(parsed))
        return AgentOutput(value, describe(os.path.basename(path), parsed))

    return run


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
