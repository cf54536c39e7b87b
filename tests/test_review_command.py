"""`larder review` and `larder learn` print what the front door's result objects say (ReviewResult,
ReviewUndo, LearnReport): a correction file and flags are merged, a malformed file is one line, exit 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from stored_scan import saved_scan  # tests/stored_scan.py (tests/ is on the path, as for memory_keyring)

from agents.cli import main


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, dict[str, Any]]:
    code = main(argv)
    out = capsys.readouterr().out
    return code, json.loads(out) if code == 0 else {}


def _ids(capsys: pytest.CaptureFixture[str], home: Path, scan_id: int) -> dict[str, str]:
    code, view = _json(capsys, ["review", str(scan_id), "--json", "--home", str(home)])
    assert code == 0
    return {d["label"]: str(d["id"]) for d in view["photos"][0]["detections"]}


def test_a_correction_file_and_flags_are_applied_together_and_undone_as_one(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scan_id = saved_scan(home, tmp_path)
    ids = _ids(capsys, home, scan_id)
    corrections = tmp_path / "fix.json"
    corrections.write_text(json.dumps({"confirm": [ids["egg"]]}), encoding="utf-8")
    code, data = _json(
        capsys,
        ["review", str(scan_id), "--apply", str(corrections), "--reject", ids["tomato"],
         "--json", "--home", str(home)],
    )  # fmt: skip
    assert code == 0
    status = {d["label"]: d["status"] for d in data["photos"][0]["detections"]}
    assert status == {"egg": "confirmed", "tomato": "rejected"}
    assert "tomato" in str(data["summary"]) and str(data["summary"]).startswith("inventory: ")
    assert isinstance(data["review_id"], int) and set(data["learned"]) == {
        "photos",
        "taught",
        "notes",
        "claims_from",
    }

    assert main(["review", str(scan_id), "--undo", "--home", str(home)]) == 0
    assert capsys.readouterr().out.strip() == (
        f"undid review {data['review_id']} of scan {scan_id}: 1 item(s) put back"
    )
    assert set(_ids(capsys, home, scan_id)) == {"egg", "tomato"}
    code, view = _json(capsys, ["review", str(scan_id), "--json", "--home", str(home)])
    assert {d["status"] for d in view["photos"][0]["detections"]} == {"detected"}


def test_a_correction_file_of_the_wrong_shape_is_one_line_and_changes_nothing(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scan_id = saved_scan(home, tmp_path)
    ids = _ids(capsys, home, scan_id)
    corrections = tmp_path / "fix.json"
    corrections.write_text(json.dumps({"confirm": 5}), encoding="utf-8")
    code = main(
        ["review", str(scan_id), "--apply", str(corrections), "--confirm", ids["egg"], "--home", str(home)]
    )
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and "confirm" in err
    code, view = _json(capsys, ["review", str(scan_id), "--json", "--home", str(home)])
    assert view["reviews"] == 0


def test_learn_with_nothing_reviewed_reports_kept_with_its_reason(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, data = _json(capsys, ["learn", "--json", "--home", str(home)])
    assert code == 0 and data["status"] == "kept" and data["photos"] == 0 and data["reason"]
    assert main(["learn", "--home", str(home)]) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"kept: {data['reason']}") and "active model:" in text
