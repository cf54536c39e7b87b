"""Wearable health exports: detect, parse (streaming), normalise to per-day metrics, store, reconcile.

from data.wearables import import_export
summary = import_export(db, "export.zip", on_progress=..., cancel=threading.Event())
"""

from __future__ import annotations

from data.wearables.importer import FORMAT_NAMES, import_export, parse_export
from data.wearables.model import (
    DailyValues,
    GoalFound,
    ImportSummary,
    ParsedExport,
    ProfileFound,
    ReconciledValues,
)

__all__ = [
    "FORMAT_NAMES",
    "DailyValues",
    "GoalFound",
    "ImportSummary",
    "ParsedExport",
    "ProfileFound",
    "ReconciledValues",
    "import_export",
    "parse_export",
]
