"""Apple Health: units, DST, midnight splits, watch-over-phone, nested records, zips and idempotence."""

from __future__ import annotations

import threading
import zipfile
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES, apple_xml, energy, step
from sqlmodel import func, select

from data.db import Database
from data.errors import ImportCancelled, ImportFormatError
from data.models import DailyMetric, HealthGoal, HealthImport, Profile, ReconciledDay
from data.wearables import import_export

LB = 0.45359237


def _by_day(summary) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {d.day.isoformat(): d for d in summary.daily}


def test_dst_day_overlap_units_and_profile(db: Database) -> None:
    s = import_export(db, FIXTURES / "apple" / "exportar.xml")
    days = _by_day(s)
    assert s.format == "apple_health" and s.days == 2
    d9, d10 = days["2024-03-09"], days["2024-03-10"]
    # Phone alone at 07:10 (300), then the watch's 1000 wins over the phone's 800 and an app's 950.
    assert d9.steps == pytest.approx(1300)
    # 418.4 kJ = 100 kcal from 23:30 to 00:30 is split by the midnight; the DST-night hour is one real hour.
    assert d9.basal_kcal == pytest.approx(50)
    assert d10.basal_kcal == pytest.approx(150)
    assert d10.active_kcal == pytest.approx(200)  # ActivitySummary says 0: the records win
    assert d10.steps is None  # the 99999 inside a Correlation is a duplicate of a top-level record
    assert d9.weight_kg == pytest.approx(152 * LB) and d10.weight_kg == pytest.approx(151 * LB)
    assert d10.exercise_min == 12
    assert d10.is_partial and d9.is_partial  # the watch logged basal energy for 1-2 h only
    assert s.profile.sex == "female" and s.profile.birth_date == date(1988, 4, 17)
    assert s.profile.height_cm == pytest.approx(167.64)
    assert s.profile.weight_kg == pytest.approx(151 * LB, abs=1e-3)
    with db.session() as ses:
        goal = ses.exec(select(HealthGoal).where(HealthGoal.kind == "active_energy")).one()
        assert goal.value == pytest.approx(500) and goal.unit == "kcal"
        profile = ses.get(Profile, 1)
        assert (
            profile is not None
            and profile.sex == "female"
            and profile.imported["height_cm"] == pytest.approx(167.64)
        )
        sources = set(ses.exec(select(DailyMetric.source)).all())
    assert "apple_health" in sources and "apple_health/Sam’s Apple Watch" in sources


def test_reimport_and_overlapping_newer_export_add_no_duplicates(db: Database, tmp_path: Path) -> None:
    first = tmp_path / "a.xml"
    first.write_text(apple_xml(step("2024-01-01", "10:00", 100), step("2024-01-02", "10:00", 200)))
    import_export(db, first)
    import_export(db, first)
    newer = tmp_path / "b.xml"
    newer.write_text(
        apple_xml(
            step("2024-01-02", "10:00", 200), step("2024-01-02", "11:00", 50), step("2024-01-03", "09:00", 7)
        )
    )
    s = import_export(db, newer)
    assert [d.day.isoformat() for d in s.daily] == ["2024-01-02", "2024-01-03"]
    with db.session() as ses:
        assert ses.exec(select(func.count()).select_from(HealthImport)).one() == 3
        rows = ses.exec(select(DailyMetric).where(DailyMetric.source == "apple_health")).all()
        assert sorted((r.day.isoformat(), r.steps) for r in rows) == [
            ("2024-01-01", 100),
            ("2024-01-02", 250),
            ("2024-01-03", 7),
        ]
        assert ses.exec(select(func.count()).select_from(ReconciledDay)).one() == 3


def test_zip_with_macos_junk_and_localized_name(db: Database, tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("__MACOSX/apple_health_export/._eksport.xml", b"\x00\x05\x16\x07junk")
        z.writestr("apple_health_export/.DS_Store", b"\x00\x00\x00\x01Bud1")
        z.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
        z.writestr("apple_health_export/eksport.xml", apple_xml(step("2024-05-05", "08:00", 321)))
    s = import_export(db, archive)
    assert [(d.day.isoformat(), d.steps) for d in s.daily] == [("2024-05-05", 321)]


def test_malformed_dtd_still_parses(db: Database, tmp_path: Path) -> None:
    # iOS 16 wrote a DOCTYPE with a stray '>' before the end of the internal subset.
    text = apple_xml(step("2024-05-05", "08:00", 5)).replace("<!ATTLIST HealthData", "<!ATTLIST HealthData >")
    path = tmp_path / "export.xml"
    path.write_text(text)
    assert import_export(db, path).daily[0].steps == 5


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE HealthData [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE HealthData [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>',
        '<!DOCTYPE HealthData [<!entity a "lower case">]>',
    ],
)
def test_entities_are_refused_and_nothing_written(db: Database, tmp_path: Path, doctype: str) -> None:
    path = tmp_path / "export.xml"
    path.write_text(
        f'<?xml version="1.0"?>\n{doctype}\n<HealthData locale="en_US">{step("2024-01-01", "10:00", 1)}</HealthData>'
    )
    with pytest.raises(ImportFormatError, match="entities"):
        import_export(db, path)
    with db.session() as ses:
        assert ses.exec(select(func.count()).select_from(HealthImport)).one() == 0


def test_undeclared_entity_is_a_clean_error_with_line(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_text(
        apple_xml(
            step("2024-01-01", "10:00", 1), '<Record type="x" sourceName="&x;" startDate="" endDate=""/>'
        )
    )
    with pytest.raises(ImportFormatError, match=r"line 11"):
        import_export(db, path)


def test_bad_value_names_file_and_line(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_text(
        apple_xml(
            step("2024-01-01", "10:00", 1), step("2024-01-01", "11:00", 2).replace('value="2"', 'value="2x"')
        )
    )
    with pytest.raises(ImportFormatError, match=r"export.xml: line 11: value='2x'"):
        import_export(db, path)


def test_cancel_writes_nothing(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_text(apple_xml(*(step("2024-01-01", f"{h:02d}:00", h) for h in range(24))))
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ImportCancelled):
        import_export(db, path, cancel=cancel)
    with db.session() as ses:
        assert ses.exec(select(func.count()).select_from(DailyMetric)).one() == 0


def test_progress_is_reported_and_ends_at_one(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_text(apple_xml(energy("Basal", "2024-01-01", "00:00", "23:59", 1500)))
    seen: list[float] = []
    import_export(db, path, on_progress=lambda f, _msg: seen.append(f))
    assert seen and seen[-1] == 1.0 and all(0.0 <= f <= 1.0 for f in seen) and seen == sorted(seen)


def test_user_set_profile_fields_win(db: Database) -> None:
    with db.session() as ses:
        ses.add(Profile(id=1, height_cm=170.0, user_set=["height_cm"]))
    import_export(db, FIXTURES / "apple" / "exportar.xml")
    with db.session() as ses:
        p = ses.get(Profile, 1)
        assert p is not None and p.height_cm == 170.0 and p.sex == "female"
        assert p.imported["height_cm"] == pytest.approx(167.64)
