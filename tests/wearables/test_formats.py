"""Fitbit, Garmin, Google Fit, Samsung, Withings: unit and time quirks, and reconciliation across formats."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import FIXTURES
from sqlmodel import select

from data.db import Database
from data.models import HealthGoal, ReconciledDay
from data.wearables import fitbit, import_export

LB = 0.45359237


def _days(summary) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {d.day.isoformat(): d for d in summary.daily}


def test_fitbit_legacy_pounds_and_csv_twins_in_local_time(db: Database, fixture_copy, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(fitbit, "_local_zone", lambda: ZoneInfo("America/New_York"))
    s = import_export(db, fixture_copy("fitbit_legacy", "fitbit_csv"))
    assert s.format == "fitbit"
    days = _days(s)
    # The CSV twin (UTC, converted to New York) replaces the legacy JSON minutes of the same day.
    assert days["2024-01-01"].steps == 10 and days["2024-01-02"].steps == 50
    assert days["2024-01-01"].total_kcal == pytest.approx(1.5)
    assert days["2024-01-01"].is_partial  # 1 minute of calories is not a day
    assert days["2024-01-01"].weight_kg == pytest.approx(198.1 * LB)  # bmi 30.04 says the file is in pounds
    assert s.profile.weight_kg == pytest.approx(197.0 * LB, abs=1e-3)


def test_garmin_daily_summary_partial_days_goals_and_grams(db: Database) -> None:
    s = import_export(db, FIXTURES / "garmin")
    days = _days(s)
    d1 = days["2024-01-01"]
    assert (d1.total_kcal, d1.active_kcal, d1.basal_kcal, d1.steps) == (2174, 403, 1771, 5881)
    assert d1.exercise_min == 31 and not d1.is_partial
    assert d1.weight_kg == pytest.approx(80.5)  # grams; the USER_SETTING 99 kg is not a weigh-in
    assert days["2024-01-02"].is_partial  # 30,300,000 ms of a day
    assert "2024-01-03" not in days  # a food-log-only day
    assert s.profile.height_cm == 180.0 and s.profile.weight_kg == pytest.approx(80.5)
    with db.session() as ses:
        goals = sorted((g.kind, g.valid_from, g.value) for g in ses.exec(select(HealthGoal)).all())
    assert goals == [
        ("net_calories", date(2024, 1, 1), 1800),
        ("steps", date(2024, 1, 1), 5000),
        ("steps", date(2024, 1, 2), 7000),
    ]


def test_google_fit_localized_file_and_partial_start(db: Database) -> None:
    s = import_export(db, FIXTURES / "google_fit")
    days = _days(s)
    assert days["2024-01-01"].is_partial and days["2024-01-01"].total_kcal == pytest.approx(350.5)
    d2 = days["2024-01-02"]
    assert (d2.total_kcal, d2.steps, d2.distance_m, d2.weight_kg, d2.exercise_min) == (
        2100.25,
        9000,
        5000.5,
        70.5,
        25,
    )
    assert not d2.is_partial


def test_samsung_bom_prefixes_offsets_and_complete_rows(db: Database) -> None:
    s = import_export(db, FIXTURES / "samsung")
    days = _days(s)
    d1 = days["2024-01-01"]
    # Of two rows for the day, the one written after the local day ended is the complete one.
    assert (d1.basal_kcal, d1.active_kcal, d1.total_kcal) == (1800.0, 250.0, 2050.0) and not d1.is_partial
    # 20:00 UTC at +05:30 and 07:00 UTC at -05:00 are both 2 January locally; the later one wins.
    assert days["2024-01-02"].weight_kg == 79.0
    assert s.profile.height_cm == 170.0 and s.profile.weight_kg == 79.0


def test_withings_german_headers(db: Database) -> None:
    s = import_export(db, FIXTURES / "withings")
    d = _days(s)["2024-01-01"]
    assert (d.basal_kcal, d.active_kcal, d.total_kcal, d.weight_kg) == (2000.5, 300.25, 2300.75, 81.0)


def test_two_formats_on_one_day_are_not_added(db: Database) -> None:
    import_export(db, FIXTURES / "withings")
    import_export(db, FIXTURES / "garmin")
    with db.session() as ses:
        day = ses.get(ReconciledDay, date(2024, 1, 1))
    assert day is not None
    assert (day.total_kcal, day.active_kcal, day.basal_kcal) == (2174, 403, 1771)
    assert day.weight_kg == pytest.approx(80.5)
    assert set(day.sources) == {"garmin"}


def test_unknown_content_is_a_clear_error(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_text("name,age\nbob,3\n")
    from data.errors import ImportFormatError

    with pytest.raises(ImportFormatError, match="no Apple Health, Fitbit"):
        import_export(db, path)
    with pytest.raises(ImportFormatError, match="no such file"):
        import_export(db, tmp_path / "missing.zip")


def test_malformed_json_names_the_line(db: Database, tmp_path: Path) -> None:
    from data.errors import ImportFormatError

    path = tmp_path / "UDSFile_x.json"
    path.write_text(
        '[{"userProfilePK":1,"calendarDate":"2024-01-01","durationInMilliseconds":86400000,\n"totalSteps":5,}\n'
    )
    with pytest.raises(ImportFormatError, match=r"UDSFile_x.json: line 2: malformed JSON"):
        import_export(db, path)
