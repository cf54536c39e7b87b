"""Prices reach the nutrition agent through its own PriceSource: it never imports the cart."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

from agents.nutrition.core import plan_nutrition
from agents.nutrition.inputs import NutritionInputs, PriceQuote
from agents.nutrition.prices import PriceSource
from agents.nutrition.reader import prices_from
from tests.nutrition.helpers import TODAY, active_man, watch_days

NUTRITION = Path(__file__).resolve().parents[2] / "agents" / "nutrition"


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_nutrition_never_imports_the_cart_or_providers() -> None:
    files = sorted(NUTRITION.glob("*.py"))
    assert len(files) > 10
    for path in files:
        bad = {
            m
            for m in imported_modules(path)
            if m.split(".")[:2] in (["agents", "cart"], ["agents", "providers"])
        }
        assert not bad, f"{path.name} imports {bad}"


def test_the_cart_catalog_is_a_price_source_and_ranks_by_price() -> None:
    from agents.cart.catalog import CatalogPrices

    source = CatalogPrices()
    assert isinstance(source, PriceSource)
    quotes = prices_from(source)
    assert quotes["egg"].per_100g() is not None and quotes["egg"].per_100g() > 0  # type: ignore[operator]
    inputs = NutritionInputs(profile=active_man(), health_days=watch_days(14), today=TODAY, prices=quotes)
    assert plan_nutrition(inputs).ranked_by == "price"


class Fixed:
    def quotes(self) -> Mapping[str, PriceQuote]:
        return {"egg": PriceQuote(per_kg=1.0)}


def test_any_object_with_quotes_is_a_source() -> None:
    assert isinstance(Fixed(), PriceSource) and prices_from(Fixed())["egg"].per_kg == 1.0
    assert prices_from(None) == {}
