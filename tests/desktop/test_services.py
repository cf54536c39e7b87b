"""Qt-free pieces: adapters degrade when the core lacks an entry point; plan results parse into bars."""

from __future__ import annotations

import pytest

from desktop import services
from desktop.queries import latest_plan, plan_rows_from_public


def test_require_reports_a_missing_feature(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        services.FEATURES, "cart", ("Building a cart", (services.EntryPoint("agents.nope", "x"),))
    )
    assert not services.is_available("cart")
    with pytest.raises(services.FeatureUnavailable, match="Building a cart is not available in this build"):
        services.require("cart")


def test_call_with_supported_drops_keywords_the_core_does_not_take() -> None:
    def core(db, *, days=7):
        return (db, days)

    assert services.call_with_supported(core, "db", days=3, on_progress=print, cancel=None) == ("db", 3)

    def open_core(db, **kwargs):
        return sorted(kwargs)

    assert services.call_with_supported(open_core, "db", cancel=None, on_progress=None) == [
        "cancel",
        "on_progress",
    ]


def test_plan_result_in_the_agents_public_shape_becomes_bars() -> None:
    result = {
        "targets": {
            "protein_g": {"per_day": 120, "horizon_total": 840, "unit": "g", "kind": "target"},
            "sodium_mg": {"per_day": 2300, "horizon_total": 16100, "unit": "mg", "kind": "limit"},
        },
        "deficits": {
            "protein_g": {"value": 445, "unit": "g", "target": 840, "supply": 395, "status": "short"},
            "sodium_mg": {
                "value": -900,
                "unit": "mg",
                "target": 16100,
                "supply": 17000,
                "status": "over_limit",
            },
        },
        "recommendations": [
            {"ingredient": "egg", "name": "Eggs", "quantity": 12, "unit": "piece", "reason": "Protein"}
        ],
    }
    nutrients, recs = plan_rows_from_public(result)
    by_key = {n.nutrient: n for n in nutrients}
    assert by_key["protein_g"].deficit == pytest.approx(445)
    assert by_key["sodium_mg"].kind == "limit"
    assert by_key["sodium_mg"].deficit == 0 and by_key["sodium_mg"].over_limit == pytest.approx(900)
    assert recs[0].name == "Eggs" and recs[0].quantity == 12
    assert plan_rows_from_public("not a dict") == ([], [])


def test_real_plan_round_trips_through_the_database(demo_services) -> None:
    result = services.run_plan(demo_services, days=7)
    stored = latest_plan(demo_services.db)
    assert stored is not None
    live, _ = plan_rows_from_public(result)
    assert {n.nutrient for n in stored.nutrients} == {n.nutrient for n in live}
    assert stored.recommendations, "the demo fridge leaves deficits, so the agent recommends something"
