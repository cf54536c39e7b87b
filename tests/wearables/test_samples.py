"""The real export excerpts in ../shared/wearables: each imports, and spot values match the files."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from data.db import Database
from data.wearables import fitbit, import_export


def _days(summary) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {d.day.isoformat(): d for d in summary.daily}


@pytest.mark.parametrize(
    "rel, fmt",
    [
        ("apple/healthkit-to-sqlite/export.xml", "apple_health"),
        ("apple/healthkit-to-sqlite/export.zip", "apple_health"),
        ("apple/apple-health-parser/export.zip", "apple_health"),
        ("apple/apple-health-parser/export.xml", "apple_health"),
        ("apple/grll-apple-health-mcp/export.xml", "apple_health"),
        ("fitbit/fitbit-to-sqlite", "fitbit"),
        ("fitbit/FitOut", "fitbit"),
        ("fitbit/google-data-csv", "fitbit"),
        ("garmin/garmin-analysis", "garmin"),
        ("google_fit/google-fit-data-analysis", "google_fit"),
        ("samsung/Samsung-health-analytics", "samsung_health"),
        ("whoop/aipi510_dataset", "whoop"),
        ("withings/WithingsData", "withings"),
    ],
)
def test_every_sample_imports(shared_dir: Path, db: Database, rel: str, fmt: str) -> None:
    assert import_export(db, shared_dir / "wearables" / rel).format == fmt


def test_apple_samples_spot_checks(shared_dir: Path, db: Database) -> None:
    grll = import_export(db, shared_dir / "wearables/apple/grll-apple-health-mcp/export.xml")
    days = _days(grll)
    assert days["2020-05-27"].active_kcal == pytest.approx(547.163)  # ActivitySummary, unit "Cal"
    assert days["2023-12-04"].weight_kg == 72  # the later of two Zepp Life weigh-ins
    assert grll.profile.height_cm is not None and grll.profile.birth_date.isoformat() == "1995-01-15"  # type: ignore[union-attr]
    parser = import_export(db, shared_dir / "wearables/apple/apple-health-parser/export.zip")
    assert _days(parser)["2024-01-01"].sleep_min == pytest.approx(12.5)  # 03:27:53-03:40:23 AsleepCore


def test_garmin_sample_matches_its_daily_summary(shared_dir: Path, db: Database) -> None:
    s = import_export(db, shared_dir / "wearables/garmin/garmin-analysis")
    d = _days(s)["2025-11-26"]
    assert (d.total_kcal, d.active_kcal, d.basal_kcal, d.steps) == (2174, 403, 1771, 5881)
    assert s.profile.height_cm == pytest.approx(167.6, abs=0.1)
    assert s.profile.weight_kg == pytest.approx(59.874)  # latest MANUAL weigh-in, in grams in the file


def test_fitbit_google_csv_sample_daily_totals(shared_dir: Path, db: Database, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(fitbit, "_local_zone", lambda: ZoneInfo("UTC"))
    d = _days(import_export(db, shared_dir / "wearables/fitbit/google-data-csv"))["2023-07-01"]
    assert d.steps is not None and 15_000 <= d.steps <= 26_000  # format notes: 15-26 k steps a day
    assert d.total_kcal is not None and 3_000 <= d.total_kcal <= 3_600 and not d.is_partial


def test_samsung_withings_google_fit_spot_checks(shared_dir: Path, db: Database) -> None:
    w = _days(import_export(db, shared_dir / "wearables/withings/WithingsData"))
    assert w["2020-03-22"].basal_kcal == pytest.approx(1935.563) and w["2020-03-22"].steps == 611
    s = _days(import_export(db, shared_dir / "wearables/samsung/Samsung-health-analytics"))
    assert s["2023-04-09"].basal_kcal == pytest.approx(2171.0269)
    g = import_export(db, shared_dir / "wearables/google_fit/google-fit-data-analysis")
    assert g.days == 1053 and _days(g)["2018-03-27"].is_partial
