"""`larder import`: JSON keys, human text, merging a second import, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES

from agents.cli import main


def test_json_output_has_the_contract_keys(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["import", str(FIXTURES / "apple" / "exportar.xml"), "--json", "--home", str(tmp_path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"format", "sources", "first_day", "last_day", "days", "profile", "daily"} <= set(out)
    assert out["format"] == "apple_health" and out["days"] == 2 == len(out["daily"])
    assert set(out["profile"]) == {"sex", "birth_date", "height_cm", "weight_kg"}
    assert {"date", "active_kcal", "basal_kcal", "total_kcal", "steps", "weight_kg"} <= set(out["daily"][0])
    assert out["daily"][0]["steps"] == 1300


def test_second_import_merges_and_text_says_what_was_found(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["import", str(FIXTURES / "garmin"), "--home", str(tmp_path)]) == 0
    assert main(["import", str(FIXTURES / "withings"), "--home", str(tmp_path), "--no-progress"]) == 0
    text = capsys.readouterr().out
    assert "Garmin Connect" in text and "Withings" in text


def test_bad_input_is_one_line_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "export.xml"
    bad.write_text('<?xml version="1.0"?>\n<HealthData>\n<Record type="a"\n')
    assert main(["import", str(bad), "--home", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("larder: ") and "line" in err and len(err.strip().splitlines()) == 1
