"""Non-secret vision preferences in the Setting table, and the label mappings the user made."""

from __future__ import annotations

from sqlmodel import Session, select

from data.db import Database
from data.models import LabelMapping, utcnow
from data.settings import get_setting, set_setting

__all__ = [
    "get_setting",
    "set_setting",
    "conf_threshold",
    "model_setting",
    "label_mappings",
    "remember_mapping",
]

CONF_KEY = "vision.conf_threshold"
MODEL_KEY = "vision.model"
DEFAULT_CONF = 0.25


def conf_threshold(db: Database) -> float:
    value = get_setting(db, CONF_KEY, DEFAULT_CONF)
    try:
        conf = float(value)
    except (TypeError, ValueError):
        return DEFAULT_CONF
    return conf if 0.0 <= conf <= 1.0 else DEFAULT_CONF


def model_setting(db: Database) -> str | None:
    value = get_setting(db, MODEL_KEY)
    return str(value) if value else None


def label_mappings(db: Database) -> dict[str, str]:
    with db.session() as s:
        return {m.label: m.ingredient_id for m in s.exec(select(LabelMapping)).all()}


def remember_mapping(session: Session, label: str, ingredient_id: str) -> None:
    row = session.get(LabelMapping, label)
    if row is None:
        session.add(LabelMapping(label=label, ingredient_id=ingredient_id))
    else:
        row.ingredient_id = ingredient_id
        row.created_at = utcnow()
        session.add(row)
