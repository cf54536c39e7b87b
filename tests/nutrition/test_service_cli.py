"""Database reader, service (save in one transaction) and the `larder profile` / `larder plan` commands."""

from __future__ import annotations

import json
import statistics
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from agents.cli import main
from agents.nutrition.service import plan_from_database
from data.db import Database
from data.models import InventoryItem, NutritionTarget, Plan, Profile, ReconciledDay
from data.models import Recommendation as RecommendationRow


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_fresh_home_gives_default_targets_and_says_which_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "plan", "--nutrition-only", "--json")
    assert code == 0
    j = json.loads(out)
    assert {"targets", "supply", "deficits", "recommendations", "defaults_used"} <= set(j)
    # By hand for the assumed person: Mifflin-St Jeor 10 x 75 + 6.25 x 175 - 5 x 35 + 5 = 1,673.75 kcal,
    # x PAL 1.2 = 2,008.5 kcal/day, 14,059.5 for the week; protein RDA 0.8 g/kg x 75 kg = 60 g/day, 420.
    assert j["targets"]["energy_kcal"]["per_day"] == pytest.approx(2008.5)
    assert j["targets"]["energy_kcal"]["value"] == pytest.approx(14059.5)
    protein = j["targets"]["protein_g"]
    assert (protein["per_day"], protein["value"]) == pytest.approx((60, 420))
    assert j["targets"]["protein_g"]["basis"] == "horizon_total"
    assert any("assumed male, 35 y, 175 cm, 75 kg" in d for d in j["defaults_used"])
    assert j["deficits"]["protein_g"]["value"] > 0 and j["deficits"]["protein_g"]["significant"]
    rec = j["recommendations"][0]
    assert {"ingredient", "name", "quantity", "unit", "reason", "covers"} <= set(rec)


def test_plain_plan_runs_the_nutrition_agent_and_points_at_the_cart(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run_cli(capsys, "plan", "--days", "3", "--json")
    j = json.loads(out)
    assert code == 0 and j["days"] == 3 and "larder cart" in j["next_step"]
    # the 3 days reach the targets (2,008.5 kcal and 60 g protein a day for the assumed person, by hand)
    assert j["targets"]["energy_kcal"]["value"] == pytest.approx(3 * 2008.5)
    assert j["targets"]["protein_g"]["value"] == pytest.approx(180)
    assert j["recommendations"] and j["deficits"]["protein_g"]["value"] == pytest.approx(180)  # empty fridge


def test_profile_sets_fields_marks_them_user_set_and_refuses_unknown_allergies(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run_cli(
        capsys,
        "profile",
        "--diet",
        "vegan",
        "--allergy",
        "Peanut",
        "--allergy",
        "soya",
        "--weight-kg",
        "70",
        "--json",
    )
    profile = json.loads(out)["profile"]
    assert code == 0 and profile["diet"] == "vegan" and profile["allergies"] == ["peanuts", "soy"]
    assert {"diet", "allergies", "weight_kg"} <= set(profile["user_set"])
    code, _, err = run_cli(capsys, "profile", "--allergy", "kryptonite")
    assert code == 2 and "unknown allergy 'kryptonite'" in err and "peanut" in err and "Traceback" not in err
    code, _, err = run_cli(capsys, "profile", "--birth-date", "31-12-1990")
    assert code == 2 and "YYYY-MM-DD" in err
    # nothing of the refused calls was written
    code, out, _ = run_cli(capsys, "profile", "--json")
    assert json.loads(out)["profile"]["allergies"] == ["peanuts", "soy"]


def test_target_override_is_stored_and_wins(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "profile", "--target", "protein_g=150", "--json")[0] == 0
    j = json.loads(run_cli(capsys, "plan", "--nutrition-only", "--json")[1])
    assert j["targets"]["protein_g"]["per_day"] == 150 and j["targets"]["protein_g"]["is_override"]
    code, out, err = run_cli(capsys, "profile", "--target", "protein=abc")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_plan_flags_apply_to_one_run_only(capsys: pytest.CaptureFixture[str]) -> None:
    j = json.loads(
        run_cli(capsys, "plan", "--nutrition-only", "--diet", "vegan", "--allergy", "soy", "--json")[1]
    )
    from data.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    # not vacuous: there are recommendations, and every one is vegan and free of soy by the reference data
    assert len(j["recommendations"]) >= 3
    for r in j["recommendations"]:
        ingredient = taxonomy.get(r["ingredient"])
        assert "vegan" in ingredient.diets and "soy" not in ingredient.allergens, r["ingredient"]
    # ... while the same home without the flags is recommended animal foods (the flags did the filtering)
    unfiltered = json.loads(run_cli(capsys, "plan", "--nutrition-only", "--json")[1])["recommendations"]
    assert any("vegan" not in taxonomy.get(r["ingredient"]).diets for r in unfiltered)
    profile = json.loads(run_cli(capsys, "profile", "--json")[1])["profile"]
    assert profile["diet"] is None and profile["allergies"] == []


def test_service_reads_wearable_days_and_inventory_and_saves_in_one_plan(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = Database(tmp_path / "larder.db")
    today = date(2024, 3, 1)
    totals = []
    with db.session() as s:
        s.add(Profile(id=1, sex="male", birth_date=date(1988, 4, 17), height_cm=181, weight_kg=84))
        for i in range(1, 29):
            active, basal = 600 + 10 * i, 1800 + i
            totals.append(active + basal)
            s.add(
                ReconciledDay(
                    day=today - timedelta(days=i), active_kcal=active, basal_kcal=basal, steps=14000
                )
            )
        s.add(
            InventoryItem(
                ingredient_id="egg", quantity=12, unit="piece", added_at=datetime(2024, 2, 28, tzinfo=UTC)
            )
        )
        s.add(InventoryItem(ingredient_id="egg", quantity=12, unit="piece", not_for_eating=True))
        s.add(InventoryItem(ingredient_id="milk_whole", quantity=1, status="used_up"))
    result = plan_from_database(db, today=today, save=True)
    assert result.targets["energy_kcal"].per_day == pytest.approx(statistics.median(totals))
    assert [line.ingredient for line in result.supply_lines] == ["egg"]
    assert result.supply["protein_g"] == pytest.approx(12 * 50 * 12.56 / 100)
    with db.session() as s:
        plan = s.get(Plan, result.plan_id)
        assert plan is not None and plan.days == 7
        rows = len(s.exec(select(NutritionTarget).where(NutritionTarget.plan_id == plan.id)).all())
        recs = len(s.exec(select(RecommendationRow).where(RecommendationRow.plan_id == plan.id)).all())
    assert rows == len(result.targets) and recs == len(result.recommendations) > 0


def test_unknown_diet_and_allergy_in_the_service_are_user_errors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from agents.errors import UserError

    db = Database(tmp_path / "larder.db")
    with pytest.raises(UserError):
        plan_from_database(db, allergies=["moonrock"])
    with pytest.raises(UserError):
        plan_from_database(db, dislikes=["zzzqqq"])


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="needs time.tzset to change the local zone")
def test_inventory_dates_are_local_days_not_utc_days(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Best before 03:00 UTC on 1 March is the evening of 29 February in New York: gone by 1 March.
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        db = Database(tmp_path / "larder.db")
        with db.session() as s:
            s.add(InventoryItem(ingredient_id="egg", quantity=12, unit="piece",
                                expires_at=datetime(2024, 3, 1, 3, tzinfo=UTC)))  # fmt: skip
        result = plan_from_database(db, today=date(2024, 3, 1))
        db.close()
    finally:
        monkeypatch.undo()
        time.tzset()
    [line] = result.supply_lines
    assert line.counted_grams == 0 and "went off on 2024-02-29" in line.note
