"""Import a wearable export: a file, folder or zip from Apple Health, Fitbit, Garmin, Google Fit,
Samsung Health (and Withings/WHOOP CSVs). The format is detected from the content.

A second import merges with the first: days already stored are updated, never duplicated."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from agents.context import CommandContext

if TYPE_CHECKING:
    from agents.app import ImportSummary


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="PATH", help="export.zip, export.xml, a Takeout folder or zip, a CSV")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def as_json(summary: ImportSummary) -> dict[str, Any]:
    p = summary.profile
    return {
        "format": summary.format,
        "import_id": summary.import_id,
        "sources": list(summary.sources),
        "first_day": summary.first_day,
        "last_day": summary.last_day,
        "days": summary.days,
        "records": summary.records,
        "profile": {
            "sex": p.sex,
            "birth_date": p.birth_date,
            "height_cm": _round(p.height_cm),
            "weight_kg": _round(p.weight_kg, 3),
        },
        "goals": [
            {"kind": g.kind, "value": g.value, "unit": g.unit, "valid_from": g.valid_from}
            for g in summary.goals
        ],
        "daily": [
            {
                "date": d.day,
                "active_kcal": _round(d.active_kcal, 2),
                "basal_kcal": _round(d.basal_kcal, 2),
                "total_kcal": _round(d.total_kcal, 2),
                "steps": None if d.steps is None else round(d.steps),
                "weight_kg": _round(d.weight_kg, 3),
                "exercise_min": _round(d.exercise_min),
                "distance_m": _round(d.distance_m),
                "sleep_min": _round(d.sleep_min),
                "resting_hr": _round(d.resting_hr),
                "workout_min": _round(d.workout_min),
                "workout_kcal": _round(d.workout_kcal, 2),
                "is_partial": d.is_partial,
                "sources": list(d.sources),
            }
            for d in summary.daily
        ],
    }


def as_text(summary: ImportSummary) -> str:
    from agents.app import WEARABLE_FORMATS as FORMAT_NAMES

    names = " + ".join(FORMAT_NAMES.get(f, f) for f in summary.format.split("+"))
    p = summary.profile
    lines = [
        f"Found {names} data from {', '.join(summary.sources) or 'an unnamed source'}.",
        f"Imported {summary.days} days ({summary.first_day} to {summary.last_day}), {summary.records} records.",
    ]
    found = [
        f"{label} {value}"
        for label, value in (
            ("sex", p.sex),
            ("born", p.birth_date),
            ("height", f"{p.height_cm:.1f} cm" if p.height_cm else None),
            ("weight", f"{p.weight_kg:.1f} kg" if p.weight_kg else None),
        )
        if value
    ]
    lines.append(f"Profile: {', '.join(found)}." if found else "Profile: nothing found in this export.")
    if summary.goals:
        latest = {g.kind: g for g in summary.goals}
        lines.append("Goals: " + ", ".join(f"{g.kind} {g.value:g} {g.unit}" for g in latest.values()) + ".")
    found_days = [
        f"{label} on {n} day(s)"
        for label, n in (
            ("workouts", sum(1 for d in summary.daily if d.workout_min)),
            ("sleep", sum(1 for d in summary.daily if d.sleep_min)),
            ("resting heart rate", sum(1 for d in summary.daily if d.resting_hr)),
        )
        if n
    ]
    if found_days:
        lines.append("Found " + ", ".join(found_days) + ".")
    if not summary.days:
        lines[1] = "No daily activity, energy, sleep or body data in it (only types Larder does not use)."
    partial = sum(1 for d in summary.daily if d.is_partial)
    if partial:
        lines.append(f"{partial} partial day(s) are marked as such.")
    return "\n".join(lines)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    bar = None if args.no_progress or ctx.as_json else ctx.progress("import")
    summary = ctx.larder.import_wearable(args.path, on_progress=bar)
    ctx.emit(as_json(summary), lambda: as_text(summary))
    return 0
