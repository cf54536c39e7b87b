"""Hostile and damaged exports: refused quickly, one clear error, nothing written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import apple_xml, energy, step
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import func, select

from data.db import Database
from data.errors import ImportFormatError, LarderDataError
from data.models import DailyMetric, HealthImport, ReconciledDay
from data.wearables import import_export


def _count(db: Database) -> tuple[int, int, int]:
    with db.session() as s:
        return tuple(  # type: ignore[return-value]
            s.exec(select(func.count()).select_from(t)).one()
            for t in (HealthImport, DailyMetric, ReconciledDay)
        )


def test_zip_bomb_is_refused_before_reading(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z,
        z.open("apple_health_export/export.xml", "w") as f,
    ):
        for _ in range(40):
            f.write(b"\0" * (1 << 20))
    with pytest.raises(ImportFormatError, match="zip bomb"):
        import_export(db, path)


@pytest.mark.parametrize("member", ["../../evil.xml", "/etc/evil.xml", "C:/evil.xml"])
def test_path_traversal_is_refused(db: Database, tmp_path: Path, member: str) -> None:
    path = tmp_path / "t.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(member, "<HealthData/>")
        z.writestr("apple_health_export/export.xml", apple_xml(step("2024-01-01", "10:00", 1)))
    with pytest.raises(ImportFormatError, match="outside the archive"):
        import_export(db, path)
    assert _count(db) == (0, 0, 0)


def test_symlink_member_is_refused(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "s.zip"
    with zipfile.ZipFile(path, "w") as z:
        info = zipfile.ZipInfo("apple_health_export/export.xml")
        info.external_attr = 0o120777 << 16
        z.writestr(info, "/etc/passwd")
    with pytest.raises(ImportFormatError, match="symbolic link"):
        import_export(db, path)


def _export_zip_bytes() -> bytes:
    import io

    records = [step(f"2024-01-0{d}", f"{h:02d}:00", 100 + h) for d in (1, 2) for h in range(8, 12)]
    records += [energy("Basal", "2024-01-01", "00:00", "12:00", 800.5, unit="kJ")]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("apple_health_export/export.xml", apple_xml(*records))
    return buf.getvalue()


_ZIP = _export_zip_bytes()
_XML = zipfile.ZipFile(__import__("io").BytesIO(_ZIP)).read("apple_health_export/export.xml")


def _import_or_refuse(db: Database, path: Path) -> None:
    before = _count(db)
    try:
        import_export(db, path)
    except LarderDataError as exc:
        assert str(exc) and "\n" not in str(exc)
        assert _count(db) == before  # a refused import leaves nothing behind
    else:
        assert _count(db)[0] == before[0] + 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.sampled_from(["zip", "xml"]), cut=st.integers(min_value=0, max_value=10_000))
def test_truncated_exports_never_crash_or_write_partially(
    db: Database, tmp_path: Path, data: str, cut: int
) -> None:
    blob = _ZIP if data == "zip" else _XML
    path = tmp_path / f"cut.{data}"
    path.write_bytes(blob[: cut % len(blob)])
    _import_or_refuse(db, path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.sampled_from(["zip", "xml"]),
    flips=st.lists(
        st.tuples(st.integers(min_value=0), st.integers(min_value=1, max_value=255)), min_size=1, max_size=4
    ),
)
def test_byte_flips_never_crash_or_write_partially(
    db: Database, tmp_path: Path, data: str, flips: list[tuple[int, int]]
) -> None:
    blob = bytearray(_ZIP if data == "zip" else _XML)
    for pos, xor in flips:
        blob[pos % len(blob)] ^= xor
    path = tmp_path / f"flip.{data}"
    path.write_bytes(bytes(blob))
    _import_or_refuse(db, path)


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_a_member_whose_compression_method_was_flipped_is_refused_clearly(
    db: Database, tmp_path: Path, method: int
) -> None:
    """Found by the byte-flip test: a flipped method field makes zipfile inflate deflate data with bz2 or
    lzma, which fail with OSError / LZMAError rather than zipfile's own errors."""
    blob = bytearray(_ZIP)
    for header in (b"PK\x03\x04", b"PK\x01\x02"):  # the local header and the central directory entry
        at = blob.find(header)
        offset = 8 if header == b"PK\x03\x04" else 10  # where each keeps the compression method
        blob[at + offset : at + offset + 2] = method.to_bytes(2, "little")
    path = tmp_path / "flipped.zip"
    path.write_bytes(bytes(blob))
    with pytest.raises(ImportFormatError, match="damaged"):
        import_export(db, path)
    assert _count(db) == (0, 0, 0)
