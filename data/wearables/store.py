"""Writing what importers parsed: one transaction per import, upserts so nothing is ever duplicated."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from data.db import Database
from data.models import DailyMetric, HealthImport, Profile, ReconciledDay, utcnow
from data.wearables.model import METRICS, DailyValues, GoalFound, ParsedExport, ProfileFound, ReconciledValues
from data.wearables.reconcile import reconcile

_BATCH = 5000
_COLUMNS = ("source", "day", "import_id", "format", *METRICS, "coverage_h", "is_partial")
# A newer export overlapping an older one replaces its days, except that a complete day is never
# replaced by a partial one (the older export may have been taken after that day ended).
_UPSERT_METRIC = text(
    f"INSERT INTO daily_metrics ({', '.join(_COLUMNS)}) VALUES ({', '.join(':' + c for c in _COLUMNS)}) "
    "ON CONFLICT(source, day) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS[2:])
    + " WHERE NOT (daily_metrics.is_partial = 0 AND excluded.is_partial = 1)"
)
_RECONCILED_COLUMNS = ("day", *METRICS, "is_partial", "sources")
_UPSERT_RECONCILED = text(
    f"INSERT INTO reconciled_days ({', '.join(_RECONCILED_COLUMNS)}) "
    f"VALUES ({', '.join(':' + c for c in _RECONCILED_COLUMNS)}) "
    "ON CONFLICT(day) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in _RECONCILED_COLUMNS[1:])
)
_UPSERT_GOAL = text(
    "INSERT INTO health_goals (kind, value, unit, source, valid_from) VALUES (:kind, :value, :unit, :source, :valid_from) "
    "ON CONFLICT(kind, source, valid_from) DO UPDATE SET value = excluded.value, unit = excluded.unit"
)
_PROFILE_FIELDS = ("sex", "birth_date", "height_cm", "weight_kg")


def _metric_params(row: DailyValues, import_id: int) -> dict[str, Any]:
    params = {c: getattr(row, c) for c in _COLUMNS if c != "import_id"}
    params["day"] = row.day.isoformat()
    params["import_id"] = import_id
    params["is_partial"] = 1 if row.is_partial else 0
    return params


def _executemany(session: Session, statement: Any, rows: Sequence[dict[str, Any]]) -> None:
    for i in range(0, len(rows), _BATCH):
        session.execute(statement, list(rows[i : i + _BATCH]))


def write_import(
    db: Database, parsed: Sequence[ParsedExport], *, path: str, fingerprint: str
) -> tuple[int, list[ReconciledValues], ProfileFound]:
    """Store everything `parsed` holds in one transaction; returns the import id, the reconciled days it
    touched and the profile it found."""
    daily = [row for p in parsed for row in p.daily]
    merged_days = sorted({r.day for r in daily if r.merged})
    found = ProfileFound()
    for p in parsed:
        found = found.merged_with(p.profile)
    with db.session() as s:
        record = HealthImport(
            format="+".join(p.format for p in parsed),
            path=path,
            sha256=fingerprint,
            imported_at=utcnow(),
            sources=sorted({src for p in parsed for src in p.sources}),
            first_day=merged_days[0] if merged_days else None,
            last_day=merged_days[-1] if merged_days else None,
            days=len(merged_days),
            records=sum(p.records for p in parsed),
        )
        s.add(record)
        s.flush()
        assert record.id is not None
        _executemany(s, _UPSERT_METRIC, [_metric_params(r, record.id) for r in daily])
        reconciled = _recompute(s, merged_days)
        _write_goals(s, [g for p in parsed for g in p.goals])
        _write_profile(s, found)
    return record.id, reconciled, found


def _recompute(s: Session, days: list[date]) -> list[ReconciledValues]:
    out: list[ReconciledValues] = []
    for i in range(0, len(days), 500):
        chunk = days[i : i + 500]
        rows = s.exec(select(DailyMetric).where(col(DailyMetric.day).in_(chunk))).all()
        out.extend(reconcile(rows))
    params = []
    for r in out:
        p = asdict(r)
        p["day"] = r.day.isoformat()
        p["is_partial"] = 1 if r.is_partial else 0
        p["sources"] = _json(list(r.sources))
        params.append(p)
    _executemany(s, _UPSERT_RECONCILED, params)
    return out


def _json(value: Any) -> str:
    import json

    return json.dumps(value)


def _write_goals(s: Session, goals: list[GoalFound]) -> None:
    rows = [
        {
            "kind": g.kind,
            "value": g.value,
            "unit": g.unit,
            "source": g.source,
            "valid_from": g.valid_from.isoformat() if g.valid_from else None,
        }
        for g in goals
    ]
    if rows:
        _executemany(s, _UPSERT_GOAL, rows)


def _write_profile(s: Session, found: ProfileFound) -> None:
    if all(getattr(found, f) is None for f in _PROFILE_FIELDS):
        return
    profile = s.get(Profile, 1) or Profile(id=1)
    imported = dict(profile.imported or {})
    previous_weight_day = imported.get("weight_day")
    for field in _PROFILE_FIELDS:
        value = getattr(found, field)
        if value is None:
            continue
        if field == "weight_kg" and previous_weight_day and found.weight_day:
            # An older export imported after a newer one must not roll the weight back.
            if found.weight_day.isoformat() < previous_weight_day:
                continue
            imported["weight_day"] = found.weight_day.isoformat()
        elif field == "weight_kg" and found.weight_day:
            imported["weight_day"] = found.weight_day.isoformat()
        imported[field] = value.isoformat() if isinstance(value, date) else value
        if field not in (profile.user_set or []):
            setattr(profile, field, value)
    profile.imported = imported
    profile.updated_at = utcnow()
    s.add(profile)


def reconciled_for(db: Database, first: date, last: date) -> list[ReconciledDay]:
    with db.session() as s:
        return list(
            s.exec(
                select(ReconciledDay)
                .where(ReconciledDay.day >= first, ReconciledDay.day <= last)
                .order_by(col(ReconciledDay.day))
            ).all()
        )
