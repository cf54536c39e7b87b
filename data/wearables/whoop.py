"""WHOOP app export physiological_cycles.csv: energy per cycle (sleep onset to sleep onset) and sleep.

A cycle is credited to the local day you woke up on; its "Energy burned (cal)" is kcal, resting included,
and its resting heart rate is the one WHOOP measured in that sleep.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from data.errors import ImportFormatError
from data.wearables.archive import Member, ProgressReader
from data.wearables.detect import Detected
from data.wearables.model import DailyValues, DayBuilder, ParsedExport
from data.wearables.textfiles import csv_rows, number, read_text

FORMAT = "whoop"


def _time(raw: str, name: str, line: int) -> datetime | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return datetime.strptime(raw[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        raise ImportFormatError(f"{name}: line {line}: bad time {raw!r}") from None


def parse(files: list[Detected], opener: Callable[[Member], ProgressReader]) -> ParsedExport:
    days: dict[date, DayBuilder] = {}
    records = 0
    for d in files:
        name = d.member.name
        with opener(d.member) as stream:
            rows = csv_rows(read_text(stream, name), name)
            header_row = next(rows, None)
        if header_row is None:
            continue
        header = [h.strip().lower() for h in header_row[1]]
        for line, row in rows:
            records += 1
            cells = dict(zip(header, row, strict=False))
            start = _time(cells.get("cycle start time", ""), name, line)
            end = _time(cells.get("cycle end time", ""), name, line)
            wake = _time(cells.get("wake onset", ""), name, line)
            if start is None:
                continue
            day = (wake or start).date()
            b = days.setdefault(day, DayBuilder())
            energy = number(cells.get("energy burned (cal)"), name, line, "energy burned")
            if energy is not None:
                b.total_kcal = energy
                length_h = (end - start).total_seconds() / 3600 if end else None
                b.coverage_h = length_h
                # The current cycle is still open; very short or long cycles are not one day's energy.
                b.is_partial = length_h is None or not 20 <= length_h <= 28 or energy < 800
            asleep = number(cells.get("asleep duration (min)"), name, line, "asleep duration")
            if asleep is not None:
                b.sleep_min = asleep
            # Measured during the sleep that ends the cycle's start, so it belongs to the wake-up day.
            resting = number(cells.get("resting heart rate (bpm)"), name, line, "resting heart rate")
            if resting:
                b.resting_hr = resting
    if days:
        # The oldest cycle starts when the band was first worn, not at a sleep onset.
        days[min(days)].is_partial = True
    daily = tuple(
        DailyValues.from_builder(FORMAT, day, FORMAT, b) for day, b in sorted(days.items()) if b.has_data()
    )
    return ParsedExport(FORMAT, ("WHOOP",), daily, records=records)
