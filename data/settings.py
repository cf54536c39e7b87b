"""Non-secret preferences in the `settings` table (currency, model path, confidence, store).

Secrets never come here: they live in the system keyring (agents.secrets)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import select

from data.db import Database
from data.models import Setting


def all_settings(db: Database) -> dict[str, Any]:
    with db.session() as s:
        return {row.key: row.value for row in s.exec(select(Setting)).all()}


def get_setting(db: Database, key: str, default: Any = None) -> Any:
    with db.session() as s:
        row = s.get(Setting, key)
        return default if row is None or row.value is None else row.value


def set_setting(db: Database, key: str, value: Any) -> None:
    """Store `value` under `key`; None removes the setting."""
    set_settings(db, {key: value})


def set_settings(db: Database, values: Mapping[str, Any]) -> None:
    """Several settings in one transaction (None removes one): a half-saved pair is worse than none."""
    with db.session() as s:
        for key, value in values.items():
            row = s.get(Setting, key)
            if value is None:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(Setting(key=key, value=value))
            else:
                row.value = value
                s.add(row)
