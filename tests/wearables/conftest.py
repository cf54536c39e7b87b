"""Helpers for the wearable import tests: fixture paths, a fresh database, small generated exports."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from data.db import Database

FIXTURES = Path(__file__).parent / "fixtures"

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
]>
<HealthData locale="en_US">
 <ExportDate value="2030-01-01 10:00:00 +0000"/>
"""


def apple_xml(*records: str) -> str:
    return HEADER + "".join(f" {r}\n" for r in records) + "</HealthData>\n"


def step(day: str, hhmm: str, value: float, source: str = "Watch", unit: str = "count") -> str:
    return (
        f'<Record type="HKQuantityTypeIdentifierStepCount" sourceName="{source}" unit="{unit}" '
        f'startDate="{day} {hhmm}:00 +0100" endDate="{day} {hhmm}:00 +0100" value="{value}"/>'
    )


def energy(
    kind: str, day: str, start: str, end: str, value: float, unit: str = "kcal", source: str = "Watch"
) -> str:
    return (
        f'<Record type="HKQuantityTypeIdentifier{kind}EnergyBurned" sourceName="{source}" unit="{unit}" '
        f'startDate="{day} {start}:00 +0100" endDate="{day} {end}:00 +0100" value="{value}"/>'
    )


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(tmp_path / "larder.db")
    yield database
    database.close()


@pytest.fixture
def fixture_copy(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Copy fixture folders (or files) into one temporary folder and return its path."""

    def make(*names: str) -> Path:
        dest = tmp_path / "export"
        dest.mkdir(exist_ok=True)
        for name in names:
            src = FIXTURES / name
            if src.is_dir():
                shutil.copytree(src, dest / name)
            else:
                shutil.copy(src, dest / src.name)
        return dest

    return make
