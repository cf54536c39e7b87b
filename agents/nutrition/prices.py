"""How prices reach the nutrition agent: an interface it owns, which the cart's catalog and the
providers implement. The nutrition agent never imports the cart (the cart depends on it, not back).

A source is passed to `plan_from_database(price_source=...)`; without one, the source registered as
the default (the cart registers its offline catalog when it is imported) is used, else none: foods
are then ranked by energy alone, and the plan says so (`ranked_by`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, runtime_checkable

from agents.nutrition.inputs import PriceQuote


@runtime_checkable
class PriceSource(Protocol):
    def quotes(self) -> Mapping[str, PriceQuote]:
        """ingredient id -> a known price; an empty mapping when prices cannot be had."""
        ...


_default: list[PriceSource] = []


def register_default_price_source(source: PriceSource) -> None:
    """Make `source` the one used when a caller passes none (the latest registration wins)."""
    _default[:] = [source]


def default_price_source() -> PriceSource | None:
    return _default[0] if _default else None
