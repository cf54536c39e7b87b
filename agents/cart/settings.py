"""The cart's non-secret settings (currency, store, brand/organic preferences) in the settings table."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from agents.cart.optimise import Preferences
from data.db import Database
from data.models import Setting

CURRENCY = "currency"
BRANDS = "cart.brands"
ORGANIC = "cart.organic"
KROGER_LOCATION = "providers.kroger.location_id"
KROGER_MODALITY = "providers.kroger.modality"


def read_settings(db: Database) -> dict[str, Any]:
    with db.session() as s:
        return {row.key: row.value for row in s.exec(select(Setting)).all()}


def write_setting(db: Database, key: str, value: Any) -> None:
    with db.session() as s:
        row = s.get(Setting, key)
        if row is None:
            s.add(Setting(key=key, value=value))
        else:
            row.value = value
            s.add(row)


def preferences(settings: dict[str, Any]) -> Preferences:
    brands = settings.get(BRANDS) or []
    if isinstance(brands, str):
        brands = [b.strip() for b in brands.split(",") if b.strip()]
    return Preferences(brands=tuple(str(b) for b in brands), organic=bool(settings.get(ORGANIC, False)))


def currency(settings: dict[str, Any]) -> str:
    value = settings.get(CURRENCY)
    return str(value).upper() if isinstance(value, str) and len(value) == 3 else "USD"
