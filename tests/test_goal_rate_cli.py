"""`larder profile --goal-rate`: kg a week (lb a week for US units), shown by `larder profile` and in
--json; an unsafe pace is a user error (exit 2, one line, nothing written); the next plan uses it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from agents.app import Larder, lb_to_kg
from agents.cli import main
from agents.nutrition.goal_rate import KCAL_PER_KG

REPO = Path(__file__).resolve().parents[1]


def profile_json(home: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(["profile", "--home", str(home), "--json", *args]) == 0
    out = json.loads(capsys.readouterr().out)
    assert isinstance(out, dict)
    return out


def test_goal_rate_in_kg_is_stored_shown_and_used_by_the_next_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    out = profile_json(home, "--goal", "gain", "--weight-kg", "70", "--goal-rate", "0.25", capsys=capsys)
    assert out["profile"]["goal_rate_kg_per_week"] == 0.25  # type: ignore[index]
    assert out["units"] == "metric"
    assert main(["profile", "--home", str(home)]) == 0
    text = capsys.readouterr().out
    assert any(
        line.split() == ["goal", "rate", "0.25", "kg/week", "(set", "by", "you)"]
        for line in text.splitlines()
    )

    with Larder.open(home) as larder:
        plan = Larder.plan_view(larder.plan_nutrition(days=7, save=False))
    energy = next(r for r in plan.nutrients if r.nutrient == "energy_kcal")
    kcal = round(0.25 * KCAL_PER_KG / 7)
    assert f"goal gain at 0.25 kg/week: +{kcal:,} kcal/day" in energy.rule

    out = profile_json(home, "--goal-rate", "default", capsys=capsys)
    assert out["profile"]["goal_rate_kg_per_week"] is None  # type: ignore[index]
    assert main(["profile", "--home", str(home)]) == 0
    assert "goal rate       default (about 0.27 kg/week)" in capsys.readouterr().out


def test_goal_rate_in_lb_when_the_units_are_us(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    with Larder.open(home) as larder:
        larder.set_units("us")
    out = profile_json(home, "--goal", "lose", "--weight-kg", "90", "--goal-rate", "1.5", capsys=capsys)
    assert out["units"] == "us"
    assert out["profile"]["goal_rate_kg_per_week"] == pytest.approx(lb_to_kg(1.5))  # type: ignore[index]
    assert main(["profile", "--home", str(home)]) == 0
    assert "goal rate       1.5 lb/week (set by you)" in capsys.readouterr().out
    # 2.2 lb = 0.998 kg is over 1 % of 90 kg (0.9 kg): refused, in both units
    assert main(["profile", "--home", str(home), "--goal-rate", "2.2"]) == 2
    err = capsys.readouterr().err
    assert "at most 0.9 kg/week (1.98 lb)" in err and len(err.strip().splitlines()) == 1


def test_an_unsafe_rate_exits_2_with_one_line_and_writes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with Larder.open(home) as larder:
        larder.update_profile(larder_changes(goal="gain", weight_kg=80.0))
    p = subprocess.run(
        [sys.executable, "-m", "agents.cli", "profile", "--home", str(home), "--json", "--goal-rate", "0.8",
         "--diet", "vegan"],
        cwd=REPO, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert p.returncode == 2 and p.stdout == "" and "Traceback" not in p.stderr
    (line,) = p.stderr.strip().splitlines()
    assert line.startswith("larder: goal rate 0.8 kg/week") and "safe to gain: at most 0.5 kg/week" in line
    with Larder.open(home) as larder:
        after = larder.profile()
    assert (after.goal_rate_kg_per_week, after.diet) == (None, None)  # the diet in the same call too


@pytest.mark.parametrize("bad", ["fast", "-0.5", "0", "inf"])
def test_a_rate_that_is_not_a_positive_number_is_a_user_error(
    tmp_path: Path, bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["profile", "--home", str(tmp_path / "home"), "--goal", "lose", f"--goal-rate={bad}"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("larder: --goal-rate:") and len(err.strip().splitlines()) == 1


def larder_changes(**fields: object):  # type: ignore[no-untyped-def]
    from agents.app import ProfileChanges

    return ProfileChanges(**fields)  # type: ignore[arg-type]
