"""Photo loading: every format, EXIF orientation, 50 megapixels, and every kind of bad file refused."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image

from vision.errors import PhotoError, VisionError
from vision.photos import load_photo, photo_sha256

REPO = Path(__file__).resolve().parents[2]


def _png_header_bomb(path: Path, width: int, height: int) -> None:
    """A valid 1-bit PNG of width x height whose compressed data is tiny (the classic bomb)."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(64)) + compressor.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", data) + chunk(b"IEND", b""))


@pytest.mark.parametrize(
    "fmt,suffix", [("JPEG", ".jpg"), ("PNG", ".png"), ("WEBP", ".webp"), ("BMP", ".bmp"), ("TIFF", ".tiff")]
)
def test_common_formats_load_as_rgb(tmp_path: Path, fmt: str, suffix: str) -> None:
    path = tmp_path / f"photo{suffix}"
    Image.new("RGB", (64, 48), (10, 200, 30)).save(path, format=fmt)
    photo = load_photo(path)
    assert (photo.width, photo.height) == (64, 48)
    assert photo.image.mode == "RGB"
    assert photo.format in (fmt, "MPO")
    assert photo.image.getpixel((32, 24))[1] > 150


def test_heic_loads(tmp_path: Path) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    path = tmp_path / "iphone.heic"
    pillow_heif.from_pillow(Image.new("RGB", (80, 60), (200, 20, 20))).save(path)
    photo = load_photo(path)
    assert (photo.width, photo.height) == (80, 60)
    assert photo.format == "HEIF"
    assert photo.image.getpixel((40, 30))[0] > 150


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    image = Image.new("RGB", (40, 20), (0, 0, 0))
    image.paste((255, 255, 255), (0, 0, 10, 20))  # white band on the left edge
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: display rotated 90 degrees clockwise
    exif[306] = "2024:05:01 12:30:00"
    path = tmp_path / "rotated.jpg"
    image.save(path, exif=exif, quality=95)
    photo = load_photo(path)
    assert (photo.width, photo.height) == (20, 40)
    assert photo.image.getpixel((10, 2))[0] > 200  # the left band is now on top
    assert photo.image.getpixel((10, 37))[0] < 50
    assert photo.taken_at is not None and photo.taken_at.year == 2024


def test_fifty_megapixels_are_handled(tmp_path: Path) -> None:
    path = tmp_path / "big.jpg"
    Image.new("RGB", (8660, 5774), (120, 130, 140)).save(path, quality=50)
    photo = load_photo(path)
    assert photo.megapixels == pytest.approx(50.0, abs=0.01)


def test_decompression_bomb_is_refused_without_decoding(tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    _png_header_bomb(path, 30000, 30000)
    with pytest.raises(PhotoError, match="bomb.png.*decompression bomb"):
        load_photo(path)


def test_pixel_limit_is_a_parameter(tmp_path: Path) -> None:
    path = tmp_path / "small.png"
    Image.new("RGB", (100, 100)).save(path)
    with pytest.raises(PhotoError, match="decompression bomb"):
        load_photo(path, max_pixels=5000)


def _write_truncated(path: Path) -> None:
    buf = io.BytesIO()
    Image.effect_noise((256, 256), 60).convert("RGB").save(buf, format="JPEG")
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 3])


BAD_FILES = {
    "truncated.jpg": (_write_truncated, "corrupt or truncated"),
    "empty.jpg": (lambda p: p.write_bytes(b""), "empty"),
    "text.jpg": (lambda p: p.write_text("this is not an image\n" * 20), "not an image"),
    "random.png": (lambda p: p.write_bytes(os.urandom(5000)), "not an image"),
    "folder.jpg": (lambda p: p.mkdir(), "folder"),
    "missing.jpg": (lambda p: None, "no such file"),
    "anim.gif": (lambda p: Image.new("RGB", (8, 8)).save(p), "not supported"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_are_refused_with_one_clear_line(tmp_path: Path, name: str) -> None:
    make, message = BAD_FILES[name]
    path = tmp_path / name
    make(path)
    with pytest.raises(PhotoError) as info:
        load_photo(path)
    text = str(info.value)
    assert name in text and message in text
    assert "\n" not in text
    assert isinstance(info.value, VisionError)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "locked.jpg"
    Image.new("RGB", (8, 8)).save(path)
    path.chmod(0)
    try:
        with pytest.raises(PhotoError, match="locked.jpg.*permission"):
            load_photo(path)
    finally:
        path.chmod(0o600)


def test_same_content_same_hash_whatever_the_name(tmp_path: Path) -> None:
    Image.new("RGB", (32, 32), (1, 2, 3)).save(tmp_path / "a.png")
    (tmp_path / "b.png").write_bytes((tmp_path / "a.png").read_bytes())
    Image.new("RGB", (32, 32), (1, 2, 4)).save(tmp_path / "c.png")
    assert load_photo(tmp_path / "a.png").sha256 == load_photo(tmp_path / "b.png").sha256
    assert photo_sha256(tmp_path / "a.png") != photo_sha256(tmp_path / "c.png")


def test_loader_does_not_import_torch() -> None:
    code = "import sys, vision.photos, vision.labels, vision.model_choice, vision.counting; print('torch' in sys.modules, 'ultralytics' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False False", out.stderr
