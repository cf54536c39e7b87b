"""EXIF capture dates: naive ones are local time (the machine's zone), offsets are honoured, and
`larder scan --save` stores every form (the database refuses naive datetimes, which once crashed it).

Expected instants are worked out by hand, not with the code under test: 2024-11-02 01:37:39 in
Europe/Berlin (CET, +01:00 in November) is 00:37:39 UTC; 2024-07-02 12:00:00 there (CEST, +02:00)
is 10:00:00 UTC; 08:00:00 at +02:00 is 06:00:00 UTC; 19:12:05 at -05:00 is 00:12:05 UTC the next day.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from agents.cli import main
from vision.photos import load_photo

_EXIF_IFD = 0x8769
_DATETIME = 306
_DATETIME_ORIGINAL = 36867
_OFFSET_TIME = 36880
_OFFSET_TIME_ORIGINAL = 36881


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's zone is Europe/Berlin for the test (and back to what it was afterwards)."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _exif(
    original: str | None = None,
    offset: str | None = None,
    *,
    ifd0: str | None = None,
    ifd0_offset: str | None = None,
) -> Image.Exif:
    exif = Image.Exif()
    if ifd0:
        exif[_DATETIME] = ifd0
    sub = exif.get_ifd(_EXIF_IFD)
    if original:
        sub[_DATETIME_ORIGINAL] = original
    if offset:
        sub[_OFFSET_TIME_ORIGINAL] = offset
    if ifd0_offset:
        sub[_OFFSET_TIME] = ifd0_offset
    return exif


def _photo(path: Path, exif: Image.Exif | None, colour: tuple[int, int, int] = (180, 60, 40)) -> Path:
    image = Image.new("RGB", (96, 64), colour)
    if path.suffix == ".heic":
        import pillow_heif

        pillow_heif.register_heif_opener()
    if exif is None:
        image.save(path)
    else:
        image.save(path, exif=exif)
    return path


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_naive_date_is_local_time_of_the_machine(tmp_path: Path, berlin: None) -> None:
    winter = load_photo(_photo(tmp_path / "w.jpg", _exif("2024:11:02 01:37:39"))).taken_at
    summer = load_photo(_photo(tmp_path / "s.jpg", _exif("2024:07:02 12:00:00"))).taken_at
    assert winter is not None and winter.utcoffset() is not None
    assert winter == _utc(2024, 11, 2, 0, 37, 39)
    assert summer == _utc(2024, 7, 2, 10, 0, 0)  # the zone's offset on that date (DST), not today's


def test_offset_wins_over_the_machine_zone(tmp_path: Path, berlin: None) -> None:
    taken = load_photo(_photo(tmp_path / "o.jpg", _exif("2025:06:01 08:00:00", "+02:00"))).taken_at
    assert taken == _utc(2025, 6, 1, 6, 0, 0)
    west = load_photo(_photo(tmp_path / "w.jpg", _exif("2025:03:09 19:12:05", "-05:00"))).taken_at
    assert west == _utc(2025, 3, 10, 0, 12, 5)


def test_datetime_in_ifd0_uses_its_own_offset_tag(tmp_path: Path, berlin: None) -> None:
    taken = load_photo(_photo(tmp_path / "d.jpg", _exif(ifd0="2025:01:15 10:30:00", ifd0_offset="+05:30")))
    assert taken.taken_at == _utc(2025, 1, 15, 5, 0, 0)


def test_missing_or_broken_dates(tmp_path: Path, berlin: None) -> None:
    assert load_photo(_photo(tmp_path / "none.jpg", None)).taken_at is None
    assert load_photo(_photo(tmp_path / "junk.jpg", _exif("not a date"))).taken_at is None
    # an unreadable offset falls back to the machine's zone instead of dropping the date
    fallback = load_photo(_photo(tmp_path / "odd.jpg", _exif("2024:11:02 01:37:39", "+99:99"))).taken_at
    assert fallback == _utc(2024, 11, 2, 0, 37, 39)


def test_scan_save_stores_naive_offset_and_missing_dates(
    tmp_path: Path, tiny_model: Path, berlin: None, capsys: pytest.CaptureFixture[str]
) -> None:
    photos = {
        "naive.jpg": (_exif("2024:11:02 01:37:39"), "2024-11-02 00:37:39"),
        "offset.jpg": (_exif("2025:06:01 08:00:00", "+02:00"), "2025-06-01 06:00:00"),
        "phone.heic": (_exif("2025:03:09 19:12:05", "-05:00"), "2025-03-10 00:12:05"),
        "none.png": (None, None),
    }
    home = tmp_path / "home"
    for i, (name, (exif, _expected)) in enumerate(photos.items()):
        path = _photo(tmp_path / name, exif, colour=(40 * i, 90, 200 - 40 * i))
        code = main(["--home", str(home), "scan", str(path), "--save", "--json", "--model", str(tiny_model)])
        out, err = capsys.readouterr()
        assert code == 0, err
        assert json.loads(out)["scan_id"] is not None
    with sqlite3.connect(home / "larder.db") as conn:
        stored = dict(conn.execute("SELECT path, taken_at FROM photos").fetchall())
    assert len(stored) == 4
    for path, value in stored.items():
        expected = photos[Path(path).name][1]
        # UTCDateTime keeps UTC instants; compare the wall-clock part of what SQLite holds.
        assert (value[:19] if value else None) == expected, (path, value)
