"""The cart's non-secret settings (currency, store, brand/organic preferences) in the settings table."""

from __future__ import annotations

from typing import Any

from agents.cart.optimise import Preferences
from data.settings import all_settings as read_settings
from data.settings import set_setting as write_setting

__all__ = ["read_settings", "write_setting", "preferences", "currency"]

CURRENCY = "currency"
BRANDS = "cart.brands"
ORGANIC = "cart.organic"
KROGER_LOCATION = "providers.kroger.location_id"
KROGER_MODALITY = "providers.kroger.modality"
KROGER_LOCATION_NAME = "providers.kroger.location_name"  # shown in the window; the id is what prices


def preferences(settings: dict[str, Any]) -> Preferences:
    brands = settings.get(BRANDS) or []
    if isinstance(brands, str):
        brands = [b.strip() for b in brands.split(",") if b.strip()]
    return Preferences(brands=tuple(str(b) for b in brands), organic=_flag(settings.get(ORGANIC, False)))


def _flag(value: object) -> bool:
    """A stored yes/no: JSON booleans, or text such as "false"/"0"/"no" typed into a settings file."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def currency(settings: dict[str, Any]) -> str:
    value = settings.get(CURRENCY)
    return str(value).upper() if isinstance(value, str) and len(value) == 3 else "USD"
