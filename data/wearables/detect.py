"""Which format each file of an export is, judged from its first bytes (names are localized)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from data.wearables.apple import is_apple_xml
from data.wearables.archive import Member


@dataclass(frozen=True)
class Detected:
    member: Member
    format: str  # apple_health | fitbit | garmin | google_fit | samsung_health | withings | whoop
    kind: str  # what the file holds, e.g. "export_xml", "uds", "steps_csv"


_FITBIT_CSV = {
    "timestamp,steps": "steps_csv",
    "timestamp,calories": "calories_csv",
    "timestamp,distance": "distance_csv",
    "timestamp,light,moderate,very": "active_minutes_csv",
}
_FITBIT_JSON_NAME = re.compile(r"^(?P<type>[a-z_]+?)-(\d{4}-\d{2}-\d{2}|\d+)?\.json$")
_US_DATE = re.compile(rb'"dateTime"\s*:\s*"\d\d/\d\d/\d\d \d\d:\d\d:\d\d"')


_SAMSUNG_STAMP = re.compile(r"\.\d{14}$")  # com.samsung.shealth.sleep.20240102030405.csv
# Columns every Samsung table has, for files whose type line was lost (re-saved, renamed).
_SAMSUNG_COLUMNS = {"datauuid", "deviceuuid", "pkg_name"}


def is_samsung_metadata(cells: list[str]) -> bool:
    """Samsung's line 1, "<type>,<app version>,<schema version>": a header can start with com.samsung.
    too (`com.samsung.health.heart_rate.start_time`), but it has many columns, not a version number."""
    filled = [c.strip() for c in cells if c.strip()]
    return (
        bool(filled)
        and filled[0].startswith("com.samsung.")
        and len(filled) <= 3
        and (len(filled) < 2 or filled[1].isdigit())
    )


def samsung_kind(cells: list[str], basename: str) -> str | None:
    """The Samsung type of a file from its first line, or (headers only) from its name; None if not Samsung."""
    first = cells[0].strip() if cells else ""
    if is_samsung_metadata(cells):
        return first
    if first.startswith("com.samsung."):
        return first.rsplit(".", 1)[0]  # a prefixed header: com.samsung.health.sleep.start_time
    columns = {c.strip().rsplit(".", 1)[-1] for c in cells}
    if len(columns & _SAMSUNG_COLUMNS) >= 2 and ({"time_offset", "day_time"} & columns):
        stem = _SAMSUNG_STAMP.sub("", basename.lower().removesuffix(".csv"))
        return "com.samsung." + stem.strip().replace(" ", "_")
    return None


def _first_line(head: bytes) -> str:
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    return text.splitlines()[0].strip() if text.strip() else ""


def classify(member: Member, head: bytes) -> Detected | None:
    line = _first_line(head)
    lower = line.lower()
    name = member.basename.lower()
    if is_apple_xml(head[:4096]):
        return Detected(member, "apple_health", "export_xml")
    cells = [c.strip().strip('"') for c in line.split(",")]
    if name.endswith(".csv") or lower.startswith("com.samsung."):
        kind = samsung_kind(cells, member.basename)
        if kind is not None:
            return Detected(member, "samsung_health", kind)
    if head.lstrip().startswith((b"[", b"{")):
        return _classify_json(member, head, name)
    if lower in _FITBIT_CSV:
        return Detected(member, "fitbit", _FITBIT_CSV[lower])
    if lower.startswith("cycle start time,cycle end time,cycle timezone"):
        return Detected(member, "whoop", "cycles_csv")
    if (
        len(cells) >= 3
        and cells[0].lower() in ("date", "datum", "fecha", "data", "date (local)")
        and any("(kcal)" in c or "(ms)" in c for c in cells)
    ):
        return Detected(member, "google_fit", "daily_metrics_csv")
    if lower == "date,value" and name.startswith("aggregates_"):
        return Detected(member, "withings", name.removesuffix(".csv"))
    if len(cells) >= 2 and cells[1].endswith("(kg)") and name.startswith("weight"):
        return Detected(member, "withings", "weight")
    if len(cells) >= 2 and cells[1].endswith("(m)") and name.startswith("height"):
        return Detected(member, "withings", "height")
    return None


def _classify_json(member: Member, head: bytes, name: str) -> Detected | None:
    if b'"summarizedActivitiesExport"' in head:
        return Detected(member, "garmin", "activities")
    if (
        b'"calendarDate"' in head
        and (b'"totalKilocalories"' in head or b'"userProfilePK"' in head)
        and (b'"durationInMilliseconds"' in head or b'"totalSteps"' in head)
    ):
        return Detected(member, "garmin", "uds")
    if b'"sleepStartTimestampGMT"' in head:
        return Detected(member, "garmin", "sleep")
    if b'"userGoalType"' in head:
        return Detected(member, "garmin", "goals")
    if b'"metaData"' in head and b'"userProfilePK"' in head:
        return Detected(member, "garmin", "biometrics")
    if b'"height"' in head and b'"weight"' in head and b'"vo2Max"' in head:
        return Detected(member, "garmin", "bio_profile")
    if b'"gender"' in head and b'"birthDate"' in head:
        return Detected(member, "garmin", "user_profile")
    if _US_DATE.search(head) or b'"logId"' in head:
        m = _FITBIT_JSON_NAME.match(name)
        kind = m.group("type") if m else name.removesuffix(".json")
        return Detected(member, "fitbit", kind + "_json")
    return None
