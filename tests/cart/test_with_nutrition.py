"""The cart fed by the real nutrition agent: an empty database still gives a priced cart, and a vegan
with peanut and soy allergies is sold only what that diet allows (checked against the taxonomy)."""

from __future__ import annotations

import json

import pytest

from agents.cli import main
from data.taxonomy import load_taxonomy


def cart(capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["cart", "--budget", "80", "--json"]) == 0
    return json.loads(capsys.readouterr().out)["cart"]


def test_empty_database_still_builds_a_priced_cart(capsys: pytest.CaptureFixture[str]) -> None:
    result = cart(capsys)
    assert result["lines"] and 0 < result["total"] <= 80
    assert all(line["reason"] and line["ingredient"] for line in result["lines"])
    assert not any("not available" in note for note in result["notices"])


def test_vegan_with_allergies_gets_only_allowed_foods(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profile", "--diet", "vegan", "--allergy", "peanut", "--allergy", "soy", "--json"]) == 0
    capsys.readouterr()
    result = cart(capsys)
    taxonomy = load_taxonomy()
    assert result["lines"]
    for line in result["lines"]:
        ing = taxonomy.get(line["ingredient"])
        assert "vegan" in ing.diets and not ing.allergens & {"peanuts", "soy"}, line["product"]


def test_a_cart_records_the_plan_it_was_built_from(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sqlmodel import select

    from agents.cart.service import build_draft
    from data.db import Database
    from data.models import Order, Plan

    db = Database(tmp_path / "larder.db")
    build_draft(db)
    with db.session() as s:
        order = s.exec(select(Order)).one()
        plan = s.get(Plan, order.plan_id)
        assert plan is not None
        assert plan.result["recommendations"]
