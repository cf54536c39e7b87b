"""Workouts, sleep and resting heart rate: exports that hold only those import days of data, a workout
never counts twice with the records of its own minutes, and both Apple parsers read workouts alike.

Expected numbers are worked out by hand from the fixtures (tests/wearables/fixtures/apple_workouts*,
samsung_sleep, samsung_named) and the shared samples; the unit factors are 4.184 kJ/kcal, 1,609.344 m/mi.
"""

from __future__ import annotations

import io
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES, HEADER
from sqlalchemy import text
from sqlmodel import select

from agents.cli import main
from data.db import Database, make_engine, migrate
from data.models import ReconciledDay
from data.wearables import apple_scan, import_export, parse_export
from data.wearables.apple import parse_apple_xml
from data.wearables.apple_agg import AppleAggregator
from data.wearables.apple_lxml import parse_with_lxml
from data.wearables.model import ImportSummary, ParsedExport, ReconciledValues
from data.wearables.store import reconciled_for
from data.wearables.xmlsafe import defang_prolog

MI = 1609.344
KJ = 4.184
WATCH = 'sourceName="Apple Watch" device="&lt;&lt;HKDevice: 0x1&gt;, name:Apple Watch&gt;"'


def by_day(summary: ImportSummary) -> dict[str, ReconciledValues]:
    return {d.day.isoformat(): d for d in summary.daily}


def lxml_only(doc: bytes) -> ParsedExport:
    agg = AppleAggregator()
    parse_with_lxml(agg, defang_prolog(io.BytesIO(doc), b"HealthData", "export.xml"), "export.xml")
    return agg.result()


def scanned(doc: bytes) -> ParsedExport:
    return parse_apple_xml(io.BytesIO(doc), "export.xml")


# --- Apple ---------------------------------------------------------------------------------------


def test_workouts_only_apple_export_imports_exercise_energy_and_distance(db: Database) -> None:
    s = import_export(db, FIXTURES / "apple_workouts" / "export.xml")
    days = by_day(s)
    assert s.days == 4 and list(days) == ["2024-05-06", "2024-05-07", "2024-05-08", "2024-05-09"]
    run = days["2024-05-06"]
    # duration 38.5 min (moving time, not the 40-min span); 1,673.6 kJ; 4.2 mi
    assert run.exercise_min == pytest.approx(38.5) and run.workout_min == pytest.approx(38.5)
    assert run.active_kcal == pytest.approx(400.0) and run.workout_kcal == pytest.approx(400.0)
    assert run.distance_m == pytest.approx(4.2 * MI)
    # The cycling workout's WorkoutActivity repeats its statistics: counted once, 2,092 kJ = 500 kcal.
    ride = days["2024-05-07"]
    assert ride.active_kcal == pytest.approx(500.0) and ride.distance_m == pytest.approx(15.5 * MI)
    # 23:30-00:30 strength session (1,046 kJ = 250 kcal) split at midnight; the 45-min yoga has no energy.
    assert days["2024-05-08"].exercise_min == pytest.approx(30) and days[
        "2024-05-08"
    ].active_kcal == pytest.approx(125)
    assert days["2024-05-09"].exercise_min == pytest.approx(30 + 45)
    assert days["2024-05-09"].active_kcal == pytest.approx(125)
    assert days["2024-05-09"].workout_kcal == pytest.approx(125)
    # Only the workouts measured energy: the days are not complete days of energy.
    assert all(d.is_partial for d in days.values())
    assert days["2024-05-06"].basal_kcal is None and days["2024-05-06"].total_kcal is None


def test_older_export_workout_totals_and_two_apps_logging_one_walk(db: Database) -> None:
    days = by_day(import_export(db, FIXTURES / "apple_workouts_legacy" / "export.xml"))
    assert list(days) == ["2016-11-14", "2016-11-15"]
    run = days["2016-11-14"]
    assert (run.exercise_min, run.active_kcal, run.distance_m) == pytest.approx((25.5, 312.4, 5100.0))
    # The watch (0.5 hr, 627.6 kJ = 150 kcal, 2.4 km) and Pedometer++ (30 min, 160 kcal, 2.5 km) logged
    # the same 18:00-18:30 walk: per 10-minute slot the larger wins, they are never added.
    walk = days["2016-11-15"]
    assert walk.exercise_min == pytest.approx(30) and walk.workout_min == pytest.approx(30)
    assert walk.active_kcal == pytest.approx(160) and walk.distance_m == pytest.approx(2500)


def _overlap_doc(extra: str = "") -> bytes:
    records = []
    for k in range(6):  # the watch measured 18:00-19:00: 80 kcal and one exercise minute a minute per slot
        t0, t1 = f"2024-02-01 18:{k * 10:02d}:00 +0100", f"2024-02-01 18:{k * 10 + 9:02d}:59 +0100"
        records.append(
            f'<Record type="HKQuantityTypeIdentifierActiveEnergyBurned" {WATCH} unit="kcal" '
            f'startDate="{t0}" endDate="{t1}" value="80"/>'
        )
        records.append(
            f'<Record type="HKQuantityTypeIdentifierAppleExerciseTime" {WATCH} unit="min" '
            f'startDate="{t0}" endDate="{t1}" value="10"/>'
        )
    workout = (
        '<Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="{d}" durationUnit="min" '
        '{src} startDate="2024-02-01 {a} +0100" endDate="2024-02-01 {b} +0100">\n'
        '  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" '
        'startDate="2024-02-01 {a} +0100" endDate="2024-02-01 {b} +0100" sum="{kj}" unit="kJ"/>\n </Workout>'
    )
    # 18:00-19:00, all inside the watch's records; 18:30-19:30, half of it inside; 20:00-20:30, none.
    records.append(workout.format(d=60, src=WATCH, a="18:00:00", b="19:00:00", kj=500 * KJ))
    records.append(workout.format(d=60, src='sourceName="Strava"', a="18:30:00", b="19:30:00", kj=300 * KJ))
    records.append(workout.format(d=30, src=WATCH, a="20:00:00", b="20:30:00", kj=200 * KJ))
    body = "".join(f" {r}\n" for r in records) + extra
    return (HEADER + body + "</HealthData>\n").encode()


@pytest.mark.parametrize("parse", [scanned, lxml_only], ids=["scanner", "lxml"])
def test_workouts_overlapping_watch_records_are_not_counted_twice(parse) -> None:  # type: ignore[no-untyped-def]
    (day,) = [d for d in parse(_overlap_doc()).daily if d.merged]
    # Records: 6 x 80 kcal and 60 min. Workouts add only their unmeasured slots: the second half of
    # the 18:30 run (150 kcal, 30 min) and all of the 20:00 one (200 kcal, 30 min).
    assert day.active_kcal == pytest.approx(480 + 150 + 200)
    assert day.exercise_min == pytest.approx(60 + 30 + 30)
    # The workouts on their own: 18:00-19:00 (500) and the 18:30 run overlap for 30 minutes, where the
    # larger per slot counts; 19:00-19:30 adds the run's other 150, 20:00 adds 200.
    assert day.workout_kcal == pytest.approx(500 + 150 + 200)
    assert day.workout_min == pytest.approx(60 + 30 + 30)
    assert not day.is_partial  # the watch measured the day's active energy


def test_a_workout_adds_no_exercise_minutes_where_the_watch_was_on_and_wrote_none() -> None:
    # The watch writes exercise minutes only for brisk minutes: 18:20-19:00 it measured energy, so the
    # 18:00 workout's slots without exercise records were not exercise; 20:00-20:30 it was off.
    lines = _overlap_doc().decode().splitlines(keepends=True)
    late = ("18:20", "18:30", "18:40", "18:50")
    doc = "".join(
        line for line in lines if not ("AppleExerciseTime" in line and any(f" {t}:00 " in line for t in late))
    )
    assert doc.count("AppleExerciseTime") == 2
    for parse in (scanned, lxml_only):
        (day,) = [d for d in parse(doc.encode()).daily if d.merged]
        # 18:00-18:20 records (20) + 19:00-19:30 where only the Strava run was (30) + 20:00-20:30 (30)
        assert day.exercise_min == pytest.approx(20 + 30 + 30)
        assert day.workout_min == pytest.approx(60 + 30 + 30)


def test_activity_summary_wins_over_workouts_but_records_still_win_over_the_summary() -> None:
    summary = (
        ' <ActivitySummary dateComponents="2024-02-01" activeEnergyBurned="900" activeEnergyBurnedUnit="kcal" '
        'appleExerciseTime="75"/>\n'
    )
    (day,) = [d for d in scanned(_overlap_doc(summary)).daily if d.merged]
    assert day.active_kcal == pytest.approx(900)  # Apple's own ring total for the day
    assert day.exercise_min == pytest.approx(120)  # exercise records exist: they, plus gaps, stand
    workouts_only = HEADER + (
        ' <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="50" sourceName="Watch" '
        'startDate="2024-02-01 07:00:00 +0100" endDate="2024-02-01 07:50:00 +0100"/>\n'
        + summary
        + "</HealthData>\n"
    )
    (day,) = [d for d in scanned(workouts_only.encode()).daily if d.merged]
    assert (day.exercise_min, day.active_kcal, day.workout_min) == pytest.approx((75, 900, 50))
    assert not day.is_partial


@pytest.mark.parametrize("name", ["apple_workouts", "apple_workouts_legacy"])
@pytest.mark.parametrize("chunk", [97, 4096, 4 << 20])
def test_both_apple_parsers_read_workout_documents_alike(
    monkeypatch: pytest.MonkeyPatch, name: str, chunk: int
) -> None:
    doc = (FIXTURES / name / "export.xml").read_bytes()
    monkeypatch.setattr(apple_scan, "CHUNK", chunk)
    monkeypatch.setattr(apple_scan, "LOOKAHEAD", min(chunk // 2, apple_scan.LOOKAHEAD))
    assert scanned(doc) == lxml_only(doc)


@pytest.mark.parametrize(
    "odd",
    [
        b"<!-- handed over here -->",
        b"<Extra a='single quotes'/>",
        b'<WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" startDate="x" '
        b"endDate='y' sum='1' unit='km'/>",
    ],
)
def test_a_hand_over_inside_a_workout_keeps_the_statistics_already_read(odd: bytes) -> None:
    doc = (FIXTURES / "apple_workouts" / "export.xml").read_bytes()
    # After the run's energy and distance statistics: the scanner has read those, lxml reads the rest.
    at = doc.index(b'  <WorkoutStatistics type="HKQuantityTypeIdentifierStepCount"')
    doc = doc[:at] + b"  " + odd + b"\n" + doc[at:]
    fast, slow = scanned(doc), lxml_only(doc)
    assert fast == slow
    run = {d.day.isoformat(): d for d in fast.daily if d.merged}["2024-05-06"]
    assert run.active_kcal == pytest.approx(400.0)
    assert run.distance_m == pytest.approx(4.2 * MI)  # a second statistic of one type does not add


def test_a_negative_workout_value_is_refused_with_its_line_by_both_parsers() -> None:
    doc = (FIXTURES / "apple_workouts" / "export.xml").read_bytes().replace(b'sum="1046"', b'sum="-1046"')
    line = doc[: doc.index(b"TraditionalStrengthTraining")].count(b"\n") + 1
    for parse in (scanned, lxml_only):
        with pytest.raises(Exception, match=rf"line {line}: the workout's energy is negative"):
            parse(doc)


def test_apple_resting_heart_rate_per_day_watch_first(tmp_path: Path, db: Database) -> None:
    def rhr(src: str, day: str, value: int) -> str:
        return (
            f'<Record type="HKQuantityTypeIdentifierRestingHeartRate" {src} unit="count/min" '
            f'startDate="{day} 00:04:00 +0100" endDate="{day} 23:58:00 +0100" value="{value}"/>'
        )

    doc = HEADER + "".join(
        f" {r}\n"
        for r in (
            rhr(WATCH, "2024-02-01", 54),
            rhr('sourceName="Oura"', "2024-02-01", 49),  # another app: the watch is preferred
            rhr(WATCH, "2024-02-02", 56),
            rhr(WATCH, "2024-02-02", 58),  # two readings: their mean
            rhr('sourceName="Oura"', "2024-02-03", 51),
        )
    )
    path = tmp_path / "export.xml"
    path.write_text(doc + "</HealthData>\n")
    s = import_export(db, path)
    assert {d.day.isoformat(): d.resting_hr for d in s.daily} == {
        "2024-02-01": 54,
        "2024-02-02": 57,
        "2024-02-03": 51,
    }
    stored = reconciled_for(db, date(2024, 2, 1), date(2024, 2, 3))
    assert [r.resting_hr for r in stored] == [54, 57, 51]


# --- Samsung -------------------------------------------------------------------------------------


def test_sleep_only_samsung_export_with_plain_file_names(db: Database) -> None:
    s = import_export(db, FIXTURES / "samsung_sleep")
    days = by_day(s)
    assert s.format == "samsung_health" and s.days == 4
    # Nights belong to the local wake-up day; the phone's copy of night 1 is not added; night 3 is
    # two sessions and a nap; the Tokyo night ends on the 5th in UTC but the 6th locally.
    assert {k: d.sleep_min for k, d in days.items()} == {
        "2024-03-02": 410,
        "2024-03-03": 430,  # no sleep_duration: the session's span
        "2024-03-04": 205 + 230 + 35,
        "2024-03-06": 480,
    }
    # The day's lowest heart-rate reading; 23:30 UTC is already the 3rd locally; 0 is not a reading.
    assert days["2024-03-02"].resting_hr == 58 and days["2024-03-03"].resting_hr == 49
    assert days["2024-03-04"].resting_hr is None
    # floors and water intake are recognised as Samsung files and left alone
    assert all(d.active_kcal is None and d.steps is None for d in days.values())


def test_samsung_files_without_their_type_line_still_import(tmp_path: Path, db: Database) -> None:
    folder = tmp_path / "resaved"
    shutil.copytree(FIXTURES / "samsung_sleep", folder)
    for f in folder.iterdir():
        f.write_text(
            "".join(f.read_text(encoding="utf-8-sig").splitlines(keepends=True)[1:]), encoding="utf-8"
        )
    assert {k: d.sleep_min for k, d in by_day(import_export(db, folder)).items()}["2024-03-04"] == 470


def test_samsung_exercise_counts_once_and_energy_only_where_samsung_has_no_daily_row(db: Database) -> None:
    days = by_day(import_export(db, FIXTURES / "samsung_named"))
    run = days["2024-03-02"]
    # Samsung's daily energy row already holds the run: its 420.5 kcal is not added to 655.25.
    assert run.active_kcal == pytest.approx(655.25) and run.basal_kcal == pytest.approx(1710.5)
    assert run.exercise_min == pytest.approx(40) and run.workout_kcal == pytest.approx(420.5)
    assert run.sleep_min == 410 and not run.is_partial
    # 22:50 UTC is 23:50 local on the 3rd; the phone's copy of the walk is dropped.
    walk = days["2024-03-03"]
    assert (walk.exercise_min, walk.workout_min, walk.active_kcal, walk.distance_m) == pytest.approx(
        (30, 30, 150, 2500)
    )
    assert walk.is_partial  # only the walk measured energy that day


# --- Garmin, Fitbit, WHOOP samples ----------------------------------------------------------------


def test_garmin_activities_and_resting_heart_rate(shared_dir: Path) -> None:
    (p,) = parse_export(shared_dir / "wearables/garmin/garmin-analysis")
    days = {d.day.isoformat(): d for d in p.daily}
    assert days["2025-11-26"].resting_hr == 52  # UDS restingHeartRate
    assert days["2025-11-26"].exercise_min == 31  # intensity minutes, untouched by activities
    # Cardio 2026-03-05 (local): 1,503,355 ms; calories 1,013.98 and bmrCalories 121.51, both kJ.
    cardio = days["2026-03-05"]
    assert cardio.workout_min == pytest.approx(1503354.98 / 60000)
    assert cardio.active_kcal == pytest.approx((1013.98484 - 121.51058) / KJ)
    assert cardio.is_partial  # no daily summary that day


def test_fitbit_exercise_and_resting_heart_rate(shared_dir: Path) -> None:
    (p,) = parse_export(shared_dir / "wearables/fitbit/fitbit-to-sqlite")
    days = {d.day.isoformat(): d for d in p.daily}
    assert days["2018-12-30"].resting_hr == pytest.approx(59.420772552490234)
    first = days["2018-01-01"]
    assert first.workout_min == pytest.approx(1229000 / 60000) and first.workout_kcal == 180
    # the active-minutes files (fairly + very) already hold the walk: they stay the day's exercise
    assert first.exercise_min == 55
    (fitout,) = parse_export(shared_dir / "wearables/fitbit/FitOut")
    # dated by the content's "date", not the file name
    assert {d.day.isoformat(): round(d.resting_hr or 0, 2) for d in fitout.daily}["2024-02-28"] == 52.27


def test_whoop_resting_heart_rate_lands_on_the_wake_up_day(shared_dir: Path) -> None:
    (p,) = parse_export(shared_dir / "wearables/whoop/aipi510_dataset")
    days = {d.day.isoformat(): d for d in p.daily}
    assert days["2024-11-21"].resting_hr == 56 and days["2024-11-20"].resting_hr == 55


# --- what the user sees, and the store -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "days"),
    [("apple_workouts/export.xml", 4), ("apple_workouts_legacy/export.xml", 2), ("samsung_sleep", 4)],
)
def test_larder_import_never_calls_a_workout_or_sleep_export_empty(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, days: int
) -> None:
    assert main(["import", str(FIXTURES / name), "--home", str(tmp_path), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "No daily activity" not in out and f"Imported {days} days" in out
    db = Database(tmp_path / "larder.db")
    try:
        with db.session() as s:
            stored = s.exec(select(ReconciledDay)).all()
    finally:
        db.close()
    assert len(stored) == days


def test_an_export_with_nothing_usable_still_says_so_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    export = tmp_path / "export.xml"
    export.write_text(
        HEADER + ' <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" unit="count/min" '
        'startDate="2024-01-01 10:00:00 +0000" endDate="2024-01-01 10:00:00 +0000" value="70"/>\n</HealthData>\n'
    )
    assert main(["import", str(export), "--home", str(tmp_path / "home"), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert sum("No daily activity" in line for line in out.splitlines()) == 1


def test_a_database_from_revision_0002_keeps_its_days_and_gains_the_new_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(path)
    migrate(engine, "0002_label_mappings_settings")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO daily_metrics (source, day, format, active_kcal, sleep_min, is_partial) "
                "VALUES ('garmin', '2024-01-02', 'garmin', 412.5, 431, 0)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO reconciled_days (day, active_kcal, sleep_min, is_partial, sources) "
                "VALUES ('2024-01-02', 412.5, 431, 0, '[\"garmin\"]')"
            )
        )
    engine.dispose()
    db = Database(path)
    try:
        (row,) = reconciled_for(db, date(2024, 1, 2), date(2024, 1, 2))
        assert (row.active_kcal, row.sleep_min, row.sources) == (412.5, 431, ["garmin"])
        assert (row.resting_hr, row.workout_min, row.workout_kcal) == (None, None, None)
        # and a new import writes them
        import_export(db, FIXTURES / "samsung_sleep")
        assert [r.resting_hr for r in reconciled_for(db, date(2024, 3, 2), date(2024, 3, 3))] == [58, 49]
    finally:
        db.close()


def test_larder_import_reports_workouts_sleep_and_resting_heart_rate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["import", str(FIXTURES / "samsung_sleep"), "--home", str(tmp_path), "--no-progress"]) == 0
    assert "Found sleep on 4 day(s), resting heart rate on 2 day(s)." in capsys.readouterr().out
    home = tmp_path / "json"
    assert (
        main(["import", str(FIXTURES / "apple_workouts" / "export.xml"), "--json", "--home", str(home)]) == 0
    )
    daily = {d["date"]: d for d in json.loads(capsys.readouterr().out)["daily"]}
    assert daily["2024-05-06"]["workout_min"] == 38.5 and daily["2024-05-06"]["workout_kcal"] == 400.0
    assert daily["2024-05-06"]["resting_hr"] is None
